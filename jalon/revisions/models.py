"""Revisions of a work programme and the changes they hold.

A revision is a draft while the Secretariat edits the programme; once presented at a
session its changes are a record (no change may be added, altered or removed), and once
adopted by the Council the revision itself never changes again — enforced on every ORM
write path, like a frozen session's statuses.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from jalon.programmes.models import Activity, Programme
from jalon.reporting.models import Session


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PRESENTED = "presented", _("Presented")
    ENDORSED = "endorsed", _("Endorsed by the committee")
    ADOPTED = "adopted", _("Adopted by the Council")


ORDER = [State.DRAFT, State.PRESENTED, State.ENDORSED, State.ADOPTED]


class Kind(models.TextChoices):
    ADDED = "added", pgettext_lazy("revision change", "Added")
    AMENDED = "amended", pgettext_lazy("revision change", "Amended")
    WITHDRAWN = "withdrawn", pgettext_lazy("revision change", "Withdrawn")
    MERGED = "merged", pgettext_lazy("revision change", "Merged")
    SPLIT = "split", pgettext_lazy("revision change", "Split")
    RENUMBERED = "renumbered", pgettext_lazy("revision change", "Renumbered")


class RecordError(ValidationError):
    """A write to a revision that is no longer a draft (or, once adopted, at all)."""

    def __init__(self, revision):
        super().__init__(
            _("Revision %(number)s of %(programme)s is %(state)s: it is a record."),
            code="record",
            params={
                "number": revision.number,
                "programme": revision.programme,
                "state": revision.get_state_display(),
            },
        )


class Revision(models.Model):
    """One revision of a programme, presented at a session, endorsed, then adopted."""

    programme = models.ForeignKey(
        Programme, models.CASCADE, related_name="revisions", verbose_name=_("programme")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    session = models.ForeignKey(
        Session,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("presented at"),
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default="draft")
    presented_on = models.DateField(_("presented on"), null=True, blank=True)
    endorsed_on = models.DateField(_("endorsed on"), null=True, blank=True)
    endorsement_reference = models.CharField(_("endorsement decision"), max_length=200, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adoption_reference = models.CharField(_("adoption decision"), max_length=200, blank=True)
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Counts the edits: a stale API edit is refused.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="revision_unique_number"),
            models.UniqueConstraint(
                fields=["programme"],
                condition=models.Q(state="draft"),
                name="revision_one_draft_per_programme",
            ),
        ]

    def __str__(self):
        return f"{self.programme} — {_('revision')} {self.number}"

    @property
    def is_draft(self) -> bool:
        return self.state == State.DRAFT


class Change(models.Model):
    """One change a revision makes to the programme."""

    revision = models.ForeignKey(
        Revision, models.CASCADE, related_name="changes", verbose_name=_("revision")
    )
    position = models.PositiveIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    activity = models.ForeignKey(
        Activity, models.PROTECT, related_name="revision_changes", verbose_name=_("activity")
    )
    before = models.CharField(_("number before"), max_length=20, blank=True)
    after = models.CharField(_("number after"), max_length=20, blank=True)
    fields = models.JSONField(
        _("fields"), default=dict, blank=True, help_text=_("Amended fields: name → [old, new].")
    )
    reason = models.TextField(_("reason"), blank=True)
    related = models.ForeignKey(
        Activity,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("related activity"),
        help_text=_("Merged into, split from, or a duplicate of."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["revision", "position"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.after or self.before}"


@receiver(pre_save, sender=Change)
@receiver(pre_delete, sender=Change)
def refuse_change_to_a_record(sender, instance, **kwargs):
    revision = Revision.objects.filter(pk=instance.revision_id).first()
    if revision is not None and not revision.is_draft:
        raise RecordError(revision)


@receiver(pre_save, sender=Revision)
def refuse_revision_change_once_adopted(sender, instance, **kwargs):
    stored = Revision.objects.filter(pk=instance.pk).first() if instance.pk else None
    if stored is None:
        return
    if stored.state == State.ADOPTED or ORDER.index(instance.state) < ORDER.index(stored.state):
        raise RecordError(stored)


@receiver(pre_delete, sender=Revision)
def refuse_deleting_a_record(sender, instance, **kwargs):
    stored = Revision.objects.filter(pk=instance.pk).first()
    if stored is not None and not stored.is_draft:
        raise RecordError(stored)
