"""The bodies each user works for: the Secretariat and coordinators edit only those; a
Member reads only those when `JALON_MEMBERS_READ=assigned` (jalon.accounts.permissions)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BodyAssignment(models.Model):
    """A user works for a body (a string reference: accounts sits below programmes)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="body_assignments",
        verbose_name=_("user"),
    )
    body = models.ForeignKey(
        "programmes.Body", models.CASCADE, related_name="+", verbose_name=_("body")
    )

    class Meta:
        verbose_name = _("body of a user")
        verbose_name_plural = _("bodies of the user")
        ordering = ["user", "body__code"]
        constraints = [
            models.UniqueConstraint(fields=["user", "body"], name="body_assignment_unique")
        ]

    def __str__(self):
        return f"{self.user} · {self.body}"
