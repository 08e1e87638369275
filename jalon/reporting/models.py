"""The reporting cycle: committee sessions and the status of each activity at each."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from jalon.core.programme import SessionData, StatusReportData
from jalon.core.programme import text as _text
from jalon.programmes.models import Activity, Body
from jalon.reporting.choices import ExecutionLevel, Keyword


class FrozenSessionError(ValidationError):
    """A write to a session whose report was presented: it is a record."""


class Session(models.Model):
    """A meeting of a body, e.g. the PTC's 243rd/244th sessions (id CTP-243-244)."""

    code = models.CharField(_("id"), max_length=40, unique=True, help_text=_("e.g. CTP-243-244"))
    body = models.ForeignKey(Body, models.PROTECT, related_name="sessions", verbose_name=_("body"))
    numbers = models.JSONField(_("session numbers"), default=list)
    start = models.DateField(_("first day"), null=True, blank=True)
    end = models.DateField(_("last day"), null=True, blank=True)
    frozen = models.BooleanField(
        _("frozen"),
        default=False,
        help_text=_("The report was presented: its statuses can no longer change."),
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["start", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True)
                | models.Q(start__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="session_dates_ordered",
            )
        ]

    def __str__(self):
        return self.code

    def chronological_key(self) -> tuple:
        """Session numbers grow with time, whether or not the dates are known."""
        return (self.numbers[0] if self.numbers else float("inf"), self.code)

    def to_data(self) -> SessionData:
        return SessionData(
            id=self.code,
            body=self.body.code,
            numbers=list(self.numbers),
            start=self.start,
            end=self.end,
            frozen=self.frozen,
        )


class StatusReportQuerySet(models.QuerySet):
    def for_session(self, session):
        return self.filter(session=session)


class StatusReport(models.Model):
    """What the Secretariat reported on one activity at one session (footnotes 6 and 7)."""

    activity = models.ForeignKey(
        Activity, models.CASCADE, related_name="status_reports", verbose_name=_("activity")
    )
    session = models.ForeignKey(
        Session, models.PROTECT, related_name="status_reports", verbose_name=_("session")
    )
    keyword = models.CharField(
        _("progress keyword"), max_length=20, choices=Keyword.choices, null=True, blank=True
    )
    text_fr = models.TextField(_("status (French)"), blank=True)
    text_en = models.TextField(_("status (English)"), blank=True)
    execution_level = models.CharField(
        _("execution level"), max_length=10, choices=ExecutionLevel.choices, null=True, blank=True
    )

    objects = StatusReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        ordering = ["activity", "session__start"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "session"], name="status_report_unique_per_session"
            )
        ]

    def __str__(self):
        return f"{self.activity.ref} @ {self.session.code}"

    def save(self, *args, **kwargs):
        self._refuse_if_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_frozen()
        return super().delete(*args, **kwargs)

    def _refuse_if_frozen(self):
        if Session.objects.filter(pk=self.session_id, frozen=True).exists():
            raise FrozenSessionError(
                _("Session %(session)s is frozen: its report was presented and is a record."),
                params={"session": self.session.code},
            )

    def to_data(self) -> StatusReportData:
        return StatusReportData(
            session=self.session.code,
            keyword=self.keyword,
            text=_text(self.text_fr, self.text_en),
            execution_level=self.execution_level,
        )

    @staticmethod
    def columns_from(data: StatusReportData) -> dict:
        return {
            "keyword": data.keyword,
            "text_fr": data.text.get("fr", ""),
            "text_en": data.text.get("en", ""),
            "execution_level": data.execution_level,
        }
