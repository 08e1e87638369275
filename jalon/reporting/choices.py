from django.db import models
from django.utils.translation import gettext_lazy as _

from jalon.core import vocabulary as v


class Keyword(models.TextChoices):
    """The progress keyword a status must state (footnote 6)."""

    COMPLETED = v.Keyword.COMPLETED, _("Completed")
    IN_PROGRESS = v.Keyword.IN_PROGRESS, _("In progress")
    POSTPONED = v.Keyword.POSTPONED, _("Postponed")
    NOT_STARTED = v.Keyword.NOT_STARTED, _("Not started")


class ExecutionLevel(models.TextChoices):
    """Footnote 7's colour code; always shown with its word, never by colour alone."""

    GREEN = v.ExecutionLevel.GREEN, _("Green (completed)")
    BLUE = v.ExecutionLevel.BLUE, _("Blue (in progress)")
    RED = v.ExecutionLevel.RED, _("Red (postponed or not started)")

    @property
    def colour(self) -> str:
        return {"green": "#2e7d32", "blue": "#1565c0", "red": "#c62828"}[self.value]


class Review(models.TextChoices):
    """Where a status of the round stands in its review (the round workflow)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Sent back")
