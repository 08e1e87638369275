"""The reporting cycle: committee sessions and the status of each activity at each.

A frozen session's report was presented: it is a record. Every ORM write path refuses to
change it — instance save and delete, QuerySet update, delete, bulk_create and
bulk_update, and deletions cascading from an activity — with FrozenSessionError. Only
`Session.unfreeze()`, by an administrator with a reason, reopens it.
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import OuterRef, Prefetch, Subquery, Value
from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jalon.core.calendar import SEED
from jalon.core.programme import SessionData, StatusReportData
from jalon.core.programme import text as _text
from jalon.core.status import stated_keyword
from jalon.core.validation import check_date, check_session_id
from jalon.programmes import registry as body_registry
from jalon.programmes.models import Activity, Body, gate
from jalon.reporting.choices import ExecutionLevel, Keyword, Review

events = logging.getLogger("jalon.events")


class FrozenSessionError(ValidationError):
    """A write to a session whose report was presented: it is a record."""

    def __init__(self, session_code: str):
        super().__init__(
            _("Session %(session)s is frozen: its report was presented and is a record."),
            code="frozen",
            params={"session": session_code},
        )
        self.session_code = session_code


class StaleVersionError(ValidationError):
    """An edit based on a version of a status that someone else has changed since."""

    def __init__(self, report, expected: int):
        super().__init__(
            _(
                "The status of %(activity)s for %(session)s was changed by someone else "
                "(version %(current)s, your edit was based on version %(expected)s). "
                "Reload it and apply your change again."
            ),
            code="conflict",
            params={
                "activity": report.activity.ref,
                "session": report.session.code,
                "current": report.version,
                "expected": expected,
            },
        )
        self.current_version = report.version


class SessionQuerySet(models.QuerySet):
    def frozen(self):
        return self.filter(frozen=True)

    def update(self, **kwargs):
        # Freezing is the one change a frozen session accepts (it is a no-op there).
        if kwargs != {"frozen": True}:
            _refuse_frozen_sessions(self.filter(frozen=True))
        return super().update(**kwargs)

    def delete(self):
        _refuse_frozen_sessions(self.filter(frozen=True))
        return super().delete()


class Session(models.Model):
    """A reporting round at a meeting of a body, e.g. the 243rd/244th sessions of a body
    whose meetings carry two numbers (id BODY-243-244). Its dates are the meeting's on the
    body's calendar (`programmes.Meeting`, matched by body and numbers) when opened."""

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
    documents_due = models.DateField(
        _("documents due"),
        null=True,
        blank=True,
        help_text=_("When the session's documents must be ready; reminders count down to it."),
    )

    objects = SessionQuerySet.as_manager()
    history = HistoricalRecords()

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

    def clean(self):
        registry = body_registry.load()
        gate(self, checks={"code": lambda code: check_session_id(code, self.body.code
                           if self.body_id else None, registry),
                           "start": check_date, "end": check_date})  # fmt: skip
        if self.numbers != check_session_id(self.code, registry=registry):
            raise ValidationError({"numbers": _("The numbers must be those of the id.")})

    def chronological_key(self) -> tuple:
        return SEED.chronological_key(self.body.info(), self.numbers, self.start, self.code)

    def meeting_day(self):
        return SEED.meeting_day(self.body.info(), self.numbers, self.start)

    @classmethod
    def latest(cls, body):
        """The body's most recent session (the default one of every page and report)."""
        sessions = cls.objects.filter(body=body).select_related("body")
        return max(sessions, key=cls.chronological_key, default=None)

    def delete(self, *args, **kwargs):
        _refuse_frozen_sessions(Session.objects.filter(pk=self.pk, frozen=True))
        return super().delete(*args, **kwargs)

    def unfreeze(self, user, reason: str) -> None:
        """Reopen a presented report: administrators only, and the reason is recorded."""
        if not getattr(user, "is_superuser", False):
            raise PermissionDenied(_("Only an administrator can unfreeze a session."))
        if not reason.strip():
            raise ValidationError(_("Unfreezing a session needs a reason."), code="reason")
        self.frozen = False
        self._history_user = user
        self._change_reason = f"unfrozen: {reason.strip()}"
        self._unfreezing = True
        self.save(update_fields=["frozen"])
        events.info("session unfrozen", extra={"event": "unfreeze", "session": self.code,
                                               "user": user.get_username(),
                                               "reason": reason.strip()})  # fmt: skip

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

    def update(self, **kwargs):
        _refuse_frozen_sessions(Session.objects.filter(status_reports__in=self, frozen=True))
        return super().update(**kwargs)

    def delete(self):
        _refuse_frozen_sessions(Session.objects.filter(status_reports__in=self, frozen=True))
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        sessions = {obj.session_id for obj in objs}
        _refuse_frozen_sessions(Session.objects.filter(pk__in=sessions, frozen=True))
        return super().bulk_create(objs, *args, **kwargs)


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
    progress = models.CharField(
        _("progress"),
        max_length=20,
        choices=Keyword.choices,
        null=True,
        blank=True,
        db_index=True,
        help_text=_("The keyword recorded, or else the one the text states."),
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised by every edit; a stale edit is refused.")
    )
    carried_forward = models.BooleanField(
        _("carried forward"),
        default=False,
        help_text=_("Copied from the previous session when the round opened, not yet updated."),
    )
    review = models.CharField(
        _("review"),
        max_length=10,
        choices=Review.choices,
        default=Review.DRAFT,
        db_index=True,
        help_text=_("Draft, submitted by its officer, approved by a coordinator, or sent back."),
    )

    objects = StatusReportQuerySet.as_manager()
    history = HistoricalRecords()

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

    def clean(self):
        gate(self, ["text_fr", "text_en"])

    @property
    def text(self):
        return _text(self.text_fr, self.text_en)

    def to_data(self) -> StatusReportData:
        return StatusReportData(
            session=self.session.code,
            keyword=self.keyword,
            text=self.text,
            execution_level=self.execution_level,
        )

    def refresh_progress(self) -> None:
        self.progress = progress_of(self.keyword, self.text)

    @staticmethod
    def columns_from(data: StatusReportData) -> dict:
        return {
            "keyword": data.keyword or None,
            "text_fr": data.text.get("fr", ""),
            "text_en": data.text.get("en", ""),
            "execution_level": data.execution_level or None,
            "progress": progress_of(data.keyword or None, data.text),
        }


def with_status(activities, session):
    """Annotate each activity of the queryset with its status at `session` (status_level,
    status_progress, status_text_fr/en, status_day) and prefetch that report as
    `session_reports`."""
    # .order_by(): StatusReport's Meta.ordering would join activity and session into
    # every subquery (one row per activity and session: nothing to order).
    reports = StatusReport.objects.filter(session=session, activity=OuterRef("pk")).order_by()
    queryset = activities.annotate(
        **{
            f"status_{name}": Subquery(reports.values(column)[:1])
            for name, column in (
                ("level", "execution_level"),
                ("progress", "progress"),
                ("text_fr", "text_fr"),
                ("text_en", "text_en"),
            )
        }  # fmt: skip
    ).prefetch_related(
        "responsibilities__body",
        Prefetch(
            "status_reports",
            queryset=StatusReport.objects.filter(session=session)
            .select_related("session")
            .order_by(),
            to_attr="session_reports",
        ),
    )
    day = session.meeting_day() if session else None
    return queryset.annotate(status_day=Value(day, output_field=models.DateField()))


def progress_of(keyword: str | None, text: dict) -> str | None:
    if keyword:
        return keyword
    stated = stated_keyword(text.get("fr") or text.get("en", ""))
    return stated.value if stated else None


def _refuse_frozen_sessions(frozen_sessions) -> None:
    code = frozen_sessions.values_list("code", flat=True).first()
    if code is not None:
        raise FrozenSessionError(code)


@receiver(pre_save, sender=StatusReport)
@receiver(pre_delete, sender=StatusReport)
def refuse_frozen_status_change(sender, instance, **kwargs):
    """Covers save, delete and deletions cascading from an activity."""
    _refuse_frozen_sessions(Session.objects.filter(pk=instance.session_id, frozen=True))


@receiver(pre_save, sender=Session)
def refuse_frozen_session_change(sender, instance, **kwargs):
    if instance.pk is None or getattr(instance, "_unfreezing", False):
        return
    stored = Session.objects.filter(pk=instance.pk, frozen=True).first()
    if stored and (
        (stored.code, stored.body_id, stored.numbers, stored.start, stored.end)
        != (instance.code, instance.body_id, instance.numbers, instance.start, instance.end)
        or not instance.frozen
    ):
        raise FrozenSessionError(stored.code)


class Assignment(models.Model):
    """Who prepares an activity's status each round: its officer, and optionally a deputy.
    Kept apart from the activity so that imports, which rewrite activities, keep it."""

    activity = models.OneToOneField(
        Activity, models.CASCADE, related_name="assignment", verbose_name=_("activity")
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
        related_name="activities_in_charge", verbose_name=_("officer"),
    )  # fmt: skip
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
        related_name="activities_deputised", verbose_name=_("deputy"),
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self):
        return f"{self.activity.ref}: {self.officer or '—'}"


class Comment(models.Model):
    """A remark on a status of a round — with the review step it came with, if any."""

    report = models.ForeignKey(
        StatusReport, models.CASCADE, related_name="comments", verbose_name=_("status report")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, verbose_name=_("author")
    )
    text = models.TextField(_("comment"))
    review = models.CharField(
        _("review"), max_length=10, choices=Review.choices, blank=True,
        help_text=_("The review state the status moved to with this comment, if any."),
    )  # fmt: skip
    created = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created", "pk"]

    def __str__(self):
        return f"{self.report}: {self.text[:40]}"


class ReminderSettings(models.Model):
    """A user's choice about reminder e-mails (on unless turned off)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="reminder_settings",
        verbose_name=_("user"),
    )  # fmt: skip
    enabled = models.BooleanField(_("send me reminders"), default=True)

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")

    def __str__(self):
        return f"{self.user}: {'on' if self.enabled else 'off'}"


class ReminderSent(models.Model):
    """One reminder e-mail sent: at most one a day per user and session."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, verbose_name=_("user"))
    session = models.ForeignKey(Session, models.CASCADE, verbose_name=_("session"))
    day = models.DateField(_("day"))
    digest = models.BooleanField(_("coordinator's digest"), default=False)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "session", "day", "digest"], name="reminder_once_a_day"
            )
        ]

    def __str__(self):
        return f"{self.user} @ {self.session}, {self.day}"
