"""Where a translation came from: one record per (object, field, target language).

The record keeps the *source text* the translation was made from (not only its hash),
so that when the source changes the translator sees what changed (the diff) beside the
previous translation. The translated text itself stays in the object's own field
(`Activity.title_en`, `StatusReport.text_en` …): every reader of the programme sees it
with no join, and an edit in one language never touches the other.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from jalon.programmes.models import Activity
from jalon.reporting.models import FrozenSessionError, StatusReport


class Database(models.Model):
    """This database's identity, written into every XLIFF file it exports: a file
    exported from another database is refused on import."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("database identity")

    def __str__(self):
        return str(self.uuid)

    @classmethod
    def identity(cls) -> str:
        return str(cls.objects.get_or_create(pk=1)[0].uuid)


class Translation(models.Model):
    """The translation of one text into `lang` was made from the source text `made_from`."""

    activity = models.ForeignKey(Activity, models.CASCADE, null=True, blank=True,
                                 related_name="translations")  # fmt: skip
    status_report = models.ForeignKey(StatusReport, models.CASCADE, null=True, blank=True,
                                      related_name="translations")  # fmt: skip
    field = models.CharField(_("field"), max_length=20)
    lang = models.CharField(_("language"), max_length=2)
    made_from = models.TextField(_("source of the translation"))
    made_at = models.DateTimeField(_("translated on"), auto_now=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                blank=True, related_name="+")  # fmt: skip
    via = models.CharField(_("through"), max_length=10)  # "xliff" or "screen"

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(fields=["activity", "field", "lang"],
                                    condition=models.Q(activity__isnull=False),
                                    name="translation_one_per_activity_text"),
            models.UniqueConstraint(fields=["status_report", "field", "lang"],
                                    condition=models.Q(status_report__isnull=False),
                                    name="translation_one_per_status_text"),
            models.CheckConstraint(condition=models.Q(activity__isnull=True)
                                   ^ models.Q(status_report__isnull=True),
                                   name="translation_of_one_object"),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.field} → {self.lang}"


@receiver(pre_save, sender=Translation)
@receiver(pre_delete, sender=Translation)
def refuse_frozen_translation_change(sender, instance, **kwargs):
    """A frozen session's statuses are a record: so is what their translations came from."""
    if instance.status_report_id is None:
        return
    code = (
        StatusReport.objects.filter(pk=instance.status_report_id, session__frozen=True)
        .values_list("session__code", flat=True)
        .first()
    )
    if code is not None:
        raise FrozenSessionError(code)
