from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from jalon.programmes.models import Activity, Programme
from jalon.reporting.choices import ExecutionLevel, Keyword
from jalon.reporting.models import Session, StatusReport

TEXT = {"type": "object", "properties": {"fr": {"type": "string"}, "en": {"type": "string"}},
        "description": "Text by language; a missing translation is absent."}  # fmt: skip


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
    id = serializers.CharField(help_text="<BODY>-<n>-<n+1>, e.g. CTP-245-246")
    start = serializers.DateField(required=False, help_text="default: the PTC calendar's")
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
    """Record a status. `version` is the version the edit is based on: a stale one is
    refused with 409 (someone else changed the status in between)."""

    activity = serializers.RegexField(r"^I{1,2}\.\d+$", help_text="I.8 or II.20")
    session = serializers.CharField(help_text="e.g. CTP-245-246")
    keyword = serializers.ChoiceField(Keyword.choices, required=False, allow_null=True)
    execution_level = serializers.ChoiceField(
        ExecutionLevel.choices, required=False, allow_null=True
    )
    text = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    lang = serializers.ChoiceField(["fr", "en"], default="fr")
    version = serializers.IntegerField(required=False, min_value=1)


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
