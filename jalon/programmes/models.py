"""Work programmes: the bodies that run them, the strategic plan, the activities."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jalon.core.bodies import BodyInfo, MeetingRule
from jalon.core.calendar import MeetingRecord
from jalon.core.deadlines import parse_deadline
from jalon.core.programme import ActivityData, ProgrammeData, Text
from jalon.core.programme import text as _text
from jalon.core.validation import (
    MAX_BODY_CODE,
    MAX_PROGRAMME_TITLE,
    MAX_TASK_TYPE_RAW,
    MAX_TEXT,
    InvalidValue,
    check_number,
    check_year,
    clean_text,
)
from jalon.programmes.choices import Priority, Section, StrategicCodeKind, TaskType


def gate(instance, texts=(), limits=None, checks=None) -> None:
    """The core's validation gate for a model edited in a form (the admin): texts cleaned
    in place, values checked; every refusal a field error, never a database error."""
    errors = {}
    for name in texts:
        try:
            setattr(instance, name, clean_text(getattr(instance, name), (limits or {}).get(name,
                    MAX_TEXT)))  # fmt: skip
        except InvalidValue as exc:
            errors[name] = str(exc)
    for name, check in (checks or {}).items():
        try:
            check(getattr(instance, name))
        except InvalidValue as exc:
            errors[name] = str(exc)
    if errors:
        raise ValidationError(errors)


def _default_languages():
    return ["fr", "en"]


def _valid_slots(slots) -> bool:
    try:
        pairs = [(int(a), int(b)) for a, b in slots]
    except (TypeError, ValueError):
        return False
    return all(1 <= a <= b <= 12 for a, b in pairs) and all(
        pairs[i][1] < pairs[i + 1][0] for i in range(len(pairs) - 1)
    )


def body_label(code: str, acronym: str = "", name: str = "") -> str:
    """A body's label in a page: its acronym in the page's language, else its name, else
    its stored code (the code stays the value of filters and links)."""
    return acronym or name or code


class Body(models.Model):
    """A WCO body (committee, working group, Council …) under its canonical code."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    acronym_fr = models.CharField(_("French acronym"), max_length=60, blank=True)
    acronym_en = models.CharField(_("English acronym"), max_length=60, blank=True)
    name_fr = models.CharField(_("French name"), max_length=200, blank=True)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    aliases = models.JSONField(
        _("aliases"), default=list, blank=True, help_text=_("Other ways documents write it.")
    )
    registered = models.BooleanField(
        _("in the registry"),
        default=True,
        help_text=_("False for a body an import named that the registry does not know."),
    )
    numbers_per_meeting = models.PositiveSmallIntegerField(
        _("session numbers per meeting"),
        default=1,
        choices=[
            (1, _("one (e.g. the 44th session)")),
            (2, _("two (e.g. the 13th/14th sessions)")),
        ],
        help_text=_("Its session ids follow it: BODY-44, or BODY-13-14."),
    )
    languages = models.JSONField(
        _("languages"), default=_default_languages, blank=True,
        help_text=_("The languages of its documents, e.g. [\"fr\", \"en\"]."),
    )  # fmt: skip
    rule_base_year = models.PositiveSmallIntegerField(
        _("numbering: base year"), null=True, blank=True,
        help_text=_("The year whose first meeting has the base number (empty: no rule)."),
    )  # fmt: skip
    rule_base_number = models.PositiveIntegerField(
        _("numbering: base number"), null=True, blank=True,
        help_text=_("The first session number of that year's first meeting."),
    )  # fmt: skip
    rule_slots = models.JSONField(
        _("numbering: meetings of a year"), default=list, blank=True,
        help_text=_("The months of each yearly meeting, in order: [[3, 5], [9, 11]] for a "
                    "spring and an autumn meeting, [[6, 6]] for one in June."),
    )  # fmt: skip

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["code"]

    def __str__(self):
        return self.code

    def label(self, lang: str) -> str:
        """The body as a page in `lang` names it: its acronym in that language (Conseil /
        Council), else its name, else its stored code."""
        return body_label(self.code, getattr(self, f"acronym_{lang}", ""),
                          getattr(self, f"name_{lang}", ""))  # fmt: skip

    def clean(self):
        gate(self, ["acronym_fr", "acronym_en", "name_fr", "name_en"], checks={"code": _code})
        errors = {}
        if not isinstance(self.aliases, list) or not all(isinstance(a, str) for a in self.aliases):
            errors["aliases"] = _('A list of names, e.g. ["Other name"].')
        if not isinstance(self.languages, list) or not set(self.languages) <= {"fr", "en"}:
            errors["languages"] = _('A list of languages among "fr" and "en".')
        rule = (self.rule_base_year, self.rule_base_number, self.rule_slots)
        if any(rule) and not all(rule):
            errors["rule_slots"] = _(
                "A numbering rule needs a base year, a base number and the months of its "
                "meetings; leave all three empty for none."
            )
        elif self.rule_slots and not _valid_slots(self.rule_slots):
            errors["rule_slots"] = _("Pairs of months from 1 to 12, first ≤ last, in the order "
                                     "of the year, e.g. [[3, 5], [9, 11]].")  # fmt: skip
        if errors:
            raise ValidationError(errors)

    def info(self) -> BodyInfo:
        """The body as the core reads it."""
        rule = None
        if self.rule_base_year and self.rule_base_number and self.rule_slots:
            slots = tuple((int(first), int(last)) for first, last in self.rule_slots)
            rule = MeetingRule(self.rule_base_year, self.rule_base_number, slots)
        return BodyInfo(self.code, self.acronym_fr, self.acronym_en, self.name_fr, self.name_en,
                        tuple(self.aliases or ()), self.numbers_per_meeting or 1,
                        tuple(self.languages or ()), rule)  # fmt: skip


class Meeting(models.Model):
    """A meeting on a body's calendar: its session numbers (where known) and dates.

    The calendar, not the reporting round: a reporting `Session` is opened at a meeting
    (the same body and numbers) and takes its dates from here; a Council meeting that no
    programme reports to is a meeting all the same, which deadlines ("Juin 2025
    (Conseil)") and agendas are read against."""

    body = models.ForeignKey(Body, models.CASCADE, related_name="meetings", verbose_name=_("body"))
    numbers = models.JSONField(
        _("session numbers"), default=list, blank=True,
        help_text=_("e.g. [243, 244]; empty when not known."),
    )  # fmt: skip
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["start", "body__code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="meeting_dates_ordered",
            )
        ]

    def __str__(self):
        return " ".join(filter(None, [self.body.code, "/".join(map(str, self.numbers)),
                                      str(self.start)]))  # fmt: skip

    def clean(self):
        try:
            numbers = [int(n) for n in self.numbers]
        except (TypeError, ValueError):
            numbers = None
        if numbers is None or (
            numbers and numbers != list(range(numbers[0], numbers[0] + len(numbers)))
        ):
            raise ValidationError({"numbers": _("Consecutive numbers, e.g. [243, 244].")})
        if self.body_id and numbers and len(numbers) != self.body.numbers_per_meeting:
            raise ValidationError(
                {"numbers": _("This body's meetings carry %(count)d number(s).")
                 % {"count": self.body.numbers_per_meeting}}
            )  # fmt: skip
        self.numbers = numbers

    def record(self, code: str) -> MeetingRecord:
        return MeetingRecord(code, tuple(self.numbers), self.start, self.end)


class StrategicCode(models.Model):
    """A code of the WCO Strategic Plan (PS1, FA2, ORG1, OS3 …) in one plan edition."""

    code = models.CharField(_("code"), max_length=10)
    plan = models.CharField(_("plan edition"), max_length=20, default="2022-2025")
    kind = models.CharField(_("kind"), max_length=20, choices=StrategicCodeKind.choices)
    label_fr = models.CharField(_("French label"), max_length=200)
    label_en = models.CharField(_("English label"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("strategic-plan code")
        verbose_name_plural = _("strategic-plan codes")
        ordering = ["plan", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="strategic_code_unique_in_plan")
        ]

    def __str__(self):
        return f"{self.code} ({self.plan})"


class CodeMapping(models.Model):
    """A code of one Strategic Plan edition and the code(s) of a later edition it becomes:
    how a programme's activities carry over into the next (data, edited by people)."""

    source = models.ForeignKey(
        StrategicCode, models.CASCADE, related_name="mapped_to", verbose_name=_("code")
    )
    target = models.ForeignKey(
        StrategicCode, models.CASCADE, related_name="mapped_from", verbose_name=_("becomes")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("code mapping")
        verbose_name_plural = _("code mappings")
        ordering = ["source__plan", "source__code", "target__code"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="code_mapping_unique")
        ]

    def __str__(self):
        return f"{self.source} → {self.target}"


class ProgrammeQuerySet(models.QuerySet):
    def latest_first(self):
        return self.select_related("body").order_by("-period_start", "-pk")

    def find(self, spec: str | None):
        """The programme named BODY-START-END (e.g. CTP-2022-2025), or by default the most
        recent; None if there is none. A malformed name raises ValueError."""
        programmes = self.latest_first()
        if spec:
            body, start, end = spec.rsplit("-", 2)  # ValueError when malformed
            programmes = programmes.filter(
                body__code=body, period_start=int(start), period_end=int(end)
            )
        return programmes.first()


class Programme(models.Model):
    """A body's multi-year work programme (e.g. the PTC's 2022-2025 programme)."""

    body = models.ForeignKey(
        Body, models.PROTECT, related_name="programmes", verbose_name=_("body")
    )
    period_start = models.PositiveSmallIntegerField(_("first year"))
    period_end = models.PositiveSmallIntegerField(_("last year"))
    title_fr = models.CharField(_("French title"), max_length=300, blank=True)
    title_en = models.CharField(_("English title"), max_length=300, blank=True)
    plan = models.CharField(
        _("Strategic Plan edition"),
        max_length=20,
        default="2022-2025",
        help_text=_("The edition whose codes its activities use."),
    )

    objects = ProgrammeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["body__code", "-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "period_start", "period_end"], name="programme_unique_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="programme_period_ordered",
            ),
        ]

    def __str__(self):
        return (
            self.title_fr or self.title_en or f"{self.body} {self.period_start}-{self.period_end}"
        )

    def clean(self):
        gate(self, ["title_fr", "title_en"],
             {"title_fr": MAX_PROGRAMME_TITLE, "title_en": MAX_PROGRAMME_TITLE},
             {"period_start": check_year, "period_end": check_year})  # fmt: skip

    @property
    def title(self) -> Text:
        return _text(self.title_fr, self.title_en)

    def to_data(self) -> ProgrammeData:
        return ProgrammeData(self.body.code, self.title, (self.period_start, self.period_end))


class ActivityQuerySet(models.QuerySet):
    def time_bound(self):
        return self.filter(section=Section.TIME_BOUND)

    def permanent(self):
        return self.filter(section=Section.PERMANENT)

    def with_bodies(self):
        return self.prefetch_related("responsibilities__body")

    def current(self):
        """The activities of the programme as it stands: withdrawn ones are history."""
        return self.filter(withdrawn=False)


class Activity(models.Model):
    """One row of the programme table: an activity of section I or II."""

    uid = models.UUIDField(
        _("identifier"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Permanent: it stays the same when the activity is renumbered."),
    )
    programme = models.ForeignKey(
        Programme, models.CASCADE, related_name="activities", verbose_name=_("programme")
    )
    predecessor = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("carried over from"),
        help_text=_("The same activity in an earlier programme."),
    )
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    number = models.PositiveIntegerField(_("number"), help_text=_("Number within the section."))
    priority = models.CharField(
        _("priority"), max_length=1, choices=Priority.choices, null=True, blank=True
    )
    strategic_link = models.BooleanField(_("linked to the Strategic Plan"), null=True, blank=True)
    title_fr = models.TextField(_("French title"), blank=True)
    title_en = models.TextField(_("English title"), blank=True)
    strategic_codes = models.JSONField(
        _("strategic-plan codes"),
        default=list,
        blank=True,
        help_text=_("Normalised codes (PS1, FA2 …); codes outside the plan kept as written."),
    )
    task_type = models.CharField(
        _("task type"), max_length=20, choices=TaskType.choices, null=True, blank=True
    )
    task_type_raw = models.CharField(_("task type as written"), max_length=100, blank=True)
    responsible_raw = models.TextField(_("responsible bodies as written"), blank=True)
    resources_fr = models.TextField(_("resources (French)"), blank=True)
    resources_en = models.TextField(_("resources (English)"), blank=True)
    kpi_fr = models.TextField(_("key performance indicators (French)"), blank=True)
    kpi_en = models.TextField(_("key performance indicators (English)"), blank=True)
    deadline_fr = models.TextField(_("deadline (French)"), blank=True)
    deadline_en = models.TextField(_("deadline (English)"), blank=True)
    due = models.DateField(
        _("due"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Read from the deadline: when the last milestone ends."),
    )
    withdrawn = models.BooleanField(
        _("withdrawn"),
        default=False,
        help_text=_(
            "Withdrawn by a revision: kept with its statuses and in earlier sessions' "
            "documents, no longer in the current programme."
        ),
    )
    bodies = models.ManyToManyField(
        Body, through="Responsibility", related_name="activities", verbose_name=_("bodies")
    )

    objects = ActivityQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["programme", "-section", "number"]  # time_bound sorts after permanent
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "section", "number"],
                condition=models.Q(withdrawn=False),
                name="activity_unique_number",
            ),
        ]
        # One per ordering the list offers (web and API), so that a page is read from
        # the index instead of sorting the whole programme; read backwards for "-field".
        indexes = [
            models.Index(fields=["programme", "-section", "number"], name="activity_by_section"),
            models.Index(fields=["programme", "number"], name="activity_by_number"),
            models.Index(fields=["programme", "priority"], name="activity_by_priority"),
            models.Index(fields=["programme", "due"], name="activity_by_due"),
            models.Index(fields=["programme", "title_fr"], name="activity_by_title"),
            # Counting a programme's current activities (every page of the list) reads
            # this index alone, not every row. Partial: an index on (programme,
            # withdrawn) would be read, row by row, for find_activity's order instead.
            models.Index(
                fields=["programme"], condition=models.Q(withdrawn=False), name="activity_current"
            ),
        ]

    def __str__(self):
        return f"{self.ref} {self.title_fr or self.title_en}"[:120]

    @property
    def ref(self) -> str:
        return f"{'I' if self.section == Section.TIME_BOUND else 'II'}.{self.number}"

    def clean(self):
        gate(self, ["title_fr", "title_en", "task_type_raw", "responsible_raw", "resources_fr",
                    "resources_en", "kpi_fr", "kpi_en", "deadline_fr", "deadline_en"],
             {"task_type_raw": MAX_TASK_TYPE_RAW}, {"number": check_number})  # fmt: skip

    def responsible_codes(self) -> list[str]:
        """Canonical codes in order, lead first (uses prefetched responsibilities)."""
        return [r.body.code for r in sorted(self.responsibilities.all(), key=lambda r: r.position)]

    def to_data(self, status_reports=()) -> ActivityData:
        return ActivityData(
            section=self.section,
            number=self.number,
            priority=self.priority,
            strategic_link=self.strategic_link,
            title=_text(self.title_fr, self.title_en),
            strategic_codes=list(self.strategic_codes),
            task_type=self.task_type,
            task_type_raw=self.task_type_raw,
            responsible_bodies=self.responsible_codes(),
            responsible_raw=self.responsible_raw,
            resources=_text(self.resources_fr, self.resources_en),
            kpi=_text(self.kpi_fr, self.kpi_en),
            deadline=_text(self.deadline_fr, self.deadline_en),
            status_reports=list(status_reports),
            withdrawn=self.withdrawn,
            uid=str(self.uid),
            predecessor=str(self.predecessor.uid) if self.predecessor_id else "",
        )

    @staticmethod
    def columns_from(data: ActivityData) -> dict:
        """The model's own columns for an activity's data (bodies and statuses apart)."""
        return {
            "priority": data.priority,
            "strategic_link": data.strategic_link,
            "title_fr": data.title.get("fr", ""),
            "title_en": data.title.get("en", ""),
            "strategic_codes": list(data.strategic_codes),
            "task_type": data.task_type,
            "task_type_raw": data.task_type_raw,
            "responsible_raw": data.responsible_raw,
            "resources_fr": data.resources.get("fr", ""),
            "resources_en": data.resources.get("en", ""),
            "kpi_fr": data.kpi.get("fr", ""),
            "kpi_en": data.kpi.get("en", ""),
            "deadline_fr": data.deadline.get("fr", ""),
            "deadline_en": data.deadline.get("en", ""),
            "due": due_date(data.deadline),
            "withdrawn": data.withdrawn,
        }


def _code(code: str) -> None:
    # A body an import named that the registry does not know keeps the document's spelling.
    if len(code) > MAX_BODY_CODE or not code.strip():
        raise InvalidValue(f"a code of 1 to {MAX_BODY_CODE} characters")


def due_date(deadline: Text):
    parsed = parse_deadline(deadline.get("fr") or deadline.get("en", ""))
    return parsed.due if parsed else None


class Responsibility(models.Model):
    """A body's place among an activity's responsible bodies (position 0 is the lead)."""

    activity = models.ForeignKey(
        Activity, models.CASCADE, related_name="responsibilities", verbose_name=_("activity")
    )
    body = models.ForeignKey(
        Body, models.PROTECT, related_name="responsibilities", verbose_name=_("body")
    )
    position = models.PositiveSmallIntegerField(_("position"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        ordering = ["activity", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "position"], name="responsibility_unique_position"
            ),
            models.UniqueConstraint(fields=["activity", "body"], name="responsibility_unique_body"),
        ]

    def __str__(self):
        return f"{self.activity.ref}: {self.body.code}"
