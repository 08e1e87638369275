"""The private address of a calendar feed: a token a calendar client subscribes with."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jalon.programmes.models import Body


def new_key() -> str:
    return secrets.token_urlsafe(32)


class CalendarTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked__isnull=True)


class CalendarToken(models.Model):
    """A user's feed: their own activities (body empty) or one body's agenda. Anyone
    holding the address reads the feed, so it is revocable; a revoked one answers 404."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="calendar_tokens",
        verbose_name=_("user"),
    )  # fmt: skip
    body = models.ForeignKey(
        Body, models.CASCADE, null=True, blank=True, related_name="calendar_tokens",
        verbose_name=_("body"), help_text=_("Empty: the user's own activities."),
    )  # fmt: skip
    key = models.CharField(_("key"), max_length=64, unique=True, default=new_key)
    lang = models.CharField(_("language"), max_length=2, default="fr")
    created = models.DateTimeField(_("created"), default=timezone.now)
    revoked = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = CalendarTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.user} · {self.body or '—'}"
