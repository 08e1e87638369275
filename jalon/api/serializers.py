from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from jalon.core.rules import ERROR, INFO, RULES, WARNING
from jalon.programmes.choices import Priority, Section, TaskType
from jalon.programmes.models import Activity, Programme
from jalon.reporting.choices import ExecutionLevel, Keyword
from jalon.reporting.models import Session, StatusReport
from jalon.revisions.models import Change, Kind, Revision, State

# Components of the schema hook (jalon/api/schema.py): text as read, and as written.
TEXT = {"$ref": "#/components/schemas/Text"}
TEXT_EDIT = {"$ref": "#/components/schemas/TextEdit"}
LANGUAGES = ("fr", "en")
MAX_TEXT = 20000


@extend_schema_field({
    "oneOf": [TEXT_EDIT, {
        "type": "string", "maxLength": MAX_TEXT, "deprecated": True,
        "description": "Deprecated: the text in the language `lang` (default fr). Answered "
                       "with a `Deprecation` header; write {\"fr\", \"en\"} instead.",
    }],
})  # fmt: skip
class BilingualTextField(serializers.Field):
    """Text written in the shape it is read: {"fr": …, "en": …}. A missing key leaves that
    language as it is; null (or "") clears it. A plain string is the deprecated form, in
    the language `lang`; `legacy` says which one was used."""

    default_error_messages = {
        "invalid": 'Write the text as {{"fr": "…", "en": "…"}}.',
        "key": "Unknown language {lang!r}: fr or en.",
        "value": "The {lang} text must be a string, or null to clear it.",
        "long": "The {lang} text has more than {max} characters.",
    }

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = {None: data}  # the language comes from `lang`
        elif not isinstance(data, dict):
            self.fail("invalid")
        texts = {}
        for key, value in data.items():
            if key is not None and key not in LANGUAGES:
                self.fail("key", lang=key)
            if value is not None and not isinstance(value, str):
                self.fail("value", lang=key or "")
            if value is not None and len(value) > MAX_TEXT:
                self.fail("long", lang=key or "", max=MAX_TEXT)
            texts[key] = value or ""
        return texts

    def to_representation(self, value):
        return {lang: value[lang] for lang in LANGUAGES if value.get(lang)}


class ProgrammeSerializer(serializers.ModelSerializer):
    id = serializers.SerializerMethodField(help_text="BODY-START-END, e.g. CTP-2022-2025")
    body = serializers.CharField(source="body.code")
    title = serializers.SerializerMethodField()
    period = serializers.SerializerMethodField()

    class Meta:
        model = Programme
        fields = ["id", "body", "title", "period"]

    def get_id(self, programme) -> str:
        return f"{programme.body.code}-{programme.period_start}-{programme.period_end}"

    @extend_schema_field(TEXT)
    def get_title(self, programme):
        return programme.title

    def get_period(self, programme) -> list[int]:
        return [programme.period_start, programme.period_end]


class SessionSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="code", read_only=True)
    body = serializers.CharField(source="body.code", read_only=True)

    class Meta:
        model = Session
        fields = ["id", "body", "numbers", "start", "end", "frozen"]
        read_only_fields = fields


class OpenSessionSerializer(serializers.Serializer):
    id = serializers.CharField(
        help_text="<BODY>-<n> or <BODY>-<n>-<n+1>, as the body numbers its meetings"
    )
    start = serializers.DateField(
        required=False, help_text="default: the meeting's on the body's calendar"
    )
    end = serializers.DateField(required=False)


class UnfreezeSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="why the presented report is reopened; recorded")


class StatusReportSerializer(serializers.ModelSerializer):
    activity = serializers.CharField(source="activity.ref", read_only=True)
    session = serializers.CharField(source="session.code", read_only=True)
    text = serializers.SerializerMethodField()

    class Meta:
        model = StatusReport
        fields = ["id", "activity", "session", "keyword", "progress", "execution_level", "text",
                  "version", "carried_forward"]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(TEXT)
    def get_text(self, report):
        return report.text


class StatusWriteSerializer(serializers.Serializer):
    """Record a status. `version` (or an If-Match header) is the version the edit is based
    on: a stale one is refused with 409 (someone else changed the status in between); it
    is required once the status exists (428 without it), so no edit overwrites silently."""

    activity = serializers.RegexField(r"^I{1,2}\.\d+$", help_text="I.8 or II.20")
    session = serializers.CharField(help_text="e.g. CTP-245-246")
    keyword = serializers.ChoiceField(Keyword.choices, required=False, allow_null=True)
    execution_level = serializers.ChoiceField(
        ExecutionLevel.choices, required=False, allow_null=True
    )
    text = BilingualTextField(required=False)
    lang = serializers.ChoiceField(
        LANGUAGES, required=False,
        help_text="Deprecated: the language of `text` written as a string (default fr).",
    )  # fmt: skip
    version = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)

    def validate(self, data):
        texts = data.get("text", {})
        if None in texts:  # the deprecated form: one string, in `lang`
            texts[data.get("lang", "fr")] = texts.pop(None)
            data["deprecated_text"] = True
        elif "lang" in data:
            raise serializers.ValidationError(
                {"lang": 'Only with the deprecated string `text`; write {"fr", "en"} instead.'}
            )
        return data


class StatusUpdateSerializer(StatusWriteSerializer):
    activity = None
    session = None


class ActivitySerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(
        source="uid", read_only=True, help_text="Permanent: unchanged when it is renumbered."
    )
    ref = serializers.CharField(help_text="I.8 (section I, number 8) or II.20")
    title = serializers.SerializerMethodField()
    resources = serializers.SerializerMethodField()
    kpi = serializers.SerializerMethodField()
    deadline = serializers.SerializerMethodField()
    responsible_bodies = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField(
        help_text="The status at the session asked for (?session=), by default the latest."
    )

    class Meta:
        model = Activity
        fields = ["id", "ref", "section", "number", "priority", "strategic_link", "title",
                  "strategic_codes", "task_type", "task_type_raw", "responsible_bodies",
                  "responsible_raw", "resources", "kpi", "deadline", "due", "status"]  # fmt: skip

    def _text(self, activity, name):
        return {
            lang: value for lang in ("fr", "en") if (value := getattr(activity, f"{name}_{lang}"))
        }

    @extend_schema_field(TEXT)
    def get_title(self, activity):
        return self._text(activity, "title")

    @extend_schema_field(TEXT)
    def get_resources(self, activity):
        return self._text(activity, "resources")

    @extend_schema_field(TEXT)
    def get_kpi(self, activity):
        return self._text(activity, "kpi")

    @extend_schema_field(TEXT)
    def get_deadline(self, activity):
        return self._text(activity, "deadline")

    def get_responsible_bodies(self, activity) -> list[str]:
        return activity.responsible_codes()

    @extend_schema_field(StatusReportSerializer(allow_null=True))
    def get_status(self, activity):
        reports = getattr(activity, "session_reports", None)
        return StatusReportSerializer(reports[0]).data if reports else None


# The rule checker's answer (jalon.core.rules.CheckResult.to_dict), described for the schema.
class FindingActivitySerializer(serializers.Serializer):
    section = serializers.ChoiceField(Section.choices)
    number = serializers.IntegerField(min_value=1)


class LevelSuggestionSerializer(serializers.Serializer):
    execution_level = serializers.ChoiceField(ExecutionLevel.choices)
    basis = serializers.ChoiceField(
        ["keyword", "text"], help_text="what the suggestion is read from"
    )


class MessageSerializer(serializers.Serializer):
    fr = serializers.CharField()
    en = serializers.CharField()


class FindingSerializer(serializers.Serializer):
    rule = serializers.ChoiceField(RULES, help_text="the rule's id (README: the rules)")
    severity = serializers.ChoiceField([ERROR, WARNING, INFO])
    activity = FindingActivitySerializer(allow_null=True, help_text="null: the whole programme")
    message = MessageSerializer()
    suggestion = LevelSuggestionSerializer(
        allow_null=True, help_text="execution-level: the level the status suggests"
    )


class FindingsSummarySerializer(serializers.Serializer):
    activities = serializers.IntegerField(min_value=0)
    linked = serializers.IntegerField(min_value=0, help_text="linked to the Strategic Plan")
    linked_share = serializers.FloatField(allow_null=True, min_value=0, max_value=1)
    by_rule = serializers.DictField(child=serializers.IntegerField(min_value=1))
    by_severity = serializers.DictField(child=serializers.IntegerField(min_value=1))


class FindingsSerializer(serializers.Serializer):
    session = serializers.CharField(allow_null=True)
    as_of = serializers.DateField(allow_null=True)
    findings = FindingSerializer(many=True)
    summary = FindingsSummarySerializer()


# Revisions: the programme edited inside a draft, and the draft moved through its states.

REF_PATTERN = r"^I{1,2}\.\d+$"
# Bilingual columns of an activity, as the API names them (title → title_fr, title_en).
ACTIVITY_TEXTS = ("title", "resources", "kpi", "deadline")


class ChangeSerializer(serializers.ModelSerializer):
    activity = serializers.UUIDField(source="activity.uid", read_only=True,
                                     help_text="The activity's permanent id.")  # fmt: skip
    ref = serializers.CharField(source="activity.ref", read_only=True,
                                help_text="The activity's number now (I.3).")  # fmt: skip
    related = serializers.SerializerMethodField(
        help_text="Merged into, split from, or a duplicate of (its permanent id)."
    )
    fields = serializers.SerializerMethodField(
        method_name="amended_fields", help_text="Amended: column name (title_fr …) → [old, new]."
    )

    class Meta:
        model = Change
        fields = ["position", "kind", "activity", "ref", "before", "after", "fields",
                  "reason", "related"]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field({
        "type": "object",
        "additionalProperties": {
            "type": "array", "minItems": 2, "maxItems": 2,
            "items": {"description": "the column's value: text, a letter, a list, or null"},
        },
    })  # fmt: skip
    def amended_fields(self, change):
        return change.fields

    def get_related(self, change) -> str | None:
        return str(change.related.uid) if change.related_id else None


class RevisionSerializer(serializers.ModelSerializer):
    programme = serializers.SerializerMethodField(help_text="BODY-START-END")
    session = serializers.CharField(source="session.code", read_only=True, allow_null=True,
                                    help_text="The session it is presented at.")  # fmt: skip
    changes = ChangeSerializer(many=True, read_only=True)
    unlinked = serializers.SerializerMethodField(
        help_text="Before endorsement: the current activities not linked to the Strategic "
        "Plan (footnote 1 wants every one linked); empty once endorsed."
    )

    class Meta:
        model = Revision
        fields = ["programme", "number", "state", "session", "presented_on", "endorsed_on",
                  "endorsement_reference", "adopted_on", "adoption_reference", "version",
                  "unlinked", "changes"]  # fmt: skip
        read_only_fields = fields

    def get_unlinked(self, revision) -> list[str]:
        from jalon.revisions.services import unlinked

        if revision.state not in (State.DRAFT, State.PRESENTED):
            return []
        return unlinked(revision.programme)

    def get_programme(self, revision) -> str:
        p = revision.programme
        return f"{p.body.code}-{p.period_start}-{p.period_end}"


class ActivityColumnsSerializer(serializers.Serializer):
    """An activity's columns as written; what is left out is not changed (or, for a new
    activity or a part, taken from the activity split)."""

    title = BilingualTextField(required=False)
    resources = BilingualTextField(required=False)
    kpi = BilingualTextField(required=False)
    deadline = BilingualTextField(required=False)
    priority = serializers.ChoiceField(Priority.choices, required=False, allow_null=True)
    strategic_link = serializers.BooleanField(required=False, allow_null=True)
    strategic_codes = serializers.ListField(child=serializers.CharField(max_length=10),
                                            required=False, max_length=20)  # fmt: skip
    task_type = serializers.ChoiceField(TaskType.choices, required=False, allow_null=True)
    responsible = serializers.CharField(required=False, allow_blank=True, max_length=500,
                                        help_text="The responsible bodies as written.")  # fmt: skip

    def validate(self, data):
        for name in ACTIVITY_TEXTS:
            if None in data.get(name, {}):
                raise serializers.ValidationError({name: 'Write {"fr": …, "en": …}.'})
        return data

    def columns(self, data=None) -> dict:
        """The model's columns (title_fr …) from the validated data."""
        data = self.validated_data if data is None else data
        columns = {}
        for name, value in data.items():
            if name in ACTIVITY_TEXTS:
                columns.update({f"{name}_{lang}": text for lang, text in value.items()})
            elif name == "responsible":
                columns["responsible_raw"] = value
            else:
                columns[name] = value
        return columns


class SplitPartSerializer(ActivityColumnsSerializer):
    title = BilingualTextField()
    number = serializers.IntegerField(
        min_value=1, max_value=9999, required=False, help_text="default: the next"
    )


class ChangeWriteSerializer(ActivityColumnsSerializer):
    """One change of the draft. `kind` says which, and which fields it reads:
    added (section, number?, the columns: title required), amended (activity, the columns
    to change), withdrawn (activity, reason, related?), merged (activity, related, reason),
    split (activity, reason, parts: two or more, each with its columns), renumbered
    (section: numbered 1, 2, 3 … in order). `version` is the revision's version you read."""

    kind = serializers.ChoiceField(Kind.choices)
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False,
                                       help_text="The revision's version you read.")  # fmt: skip
    activity = serializers.RegexField(REF_PATTERN, required=False, help_text="I.3 or II.20")
    section = serializers.ChoiceField(Section.choices, required=False)
    number = serializers.IntegerField(
        min_value=1,
        max_value=9999,
        required=False,
        help_text="added: the number (default: the next)",
    )
    reason = serializers.CharField(required=False, max_length=500)
    related = serializers.RegexField(REF_PATTERN, required=False,
                                     help_text="merged into, or a duplicate of (I.12)")  # fmt: skip
    parts = SplitPartSerializer(many=True, required=False, min_length=2, max_length=20)

    NEEDS = {
        "added": ("section", "title"),
        "amended": ("activity",),
        "withdrawn": ("activity", "reason"),
        "merged": ("activity", "related", "reason"),
        "split": ("activity", "reason", "parts"),
        "renumbered": ("section",),
    }

    def validate(self, data):
        data = super().validate(data)
        missing = [name for name in self.NEEDS[data["kind"]] if not data.get(name)]
        if missing:
            raise serializers.ValidationError(
                {name: f"required for a change of kind {data['kind']}" for name in missing}
            )
        return data


class AdvanceSerializer(serializers.Serializer):
    """The revision's next state, one step at a time: presented (at `session`), endorsed
    by the committee, adopted by the Council (each with `reference`, the decision)."""

    state = serializers.ChoiceField([s for s in State.choices if s[0] != State.DRAFT])
    on = serializers.DateField(required=False, help_text="default: today")
    session = serializers.RegexField(
        r"^[A-Z][A-Z/-]*-\d+-\d+$",
        required=False,
        help_text="presented: the session, e.g. CTP-245-246",
    )
    reference = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="endorsed, adopted: the decision's reference",
    )
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False,
                                       help_text="The revision's version you read.")  # fmt: skip
