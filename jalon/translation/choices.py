from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class TranslationState(TextChoices):
    """The state of a translation (jalon.core.translation), as the pages name it."""

    MISSING = "missing", _("Missing")
    OUTDATED = "outdated", _("Outdated")
    CURRENT = "current", _("Up to date")
