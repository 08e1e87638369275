"""The programme's closed vocabularies as Django choices, with their labels.

Values come from the pure core (`jalon.core.vocabulary`) so that readers, writers and
models agree on one spelling.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from jalon.core import vocabulary as v


class Section(models.TextChoices):
    TIME_BOUND = v.Section.TIME_BOUND, _("I. Time-bound activities")
    PERMANENT = v.Section.PERMANENT, _("II. Permanent activities")


class Priority(models.TextChoices):
    HIGH = v.Priority.HIGH, _("A (high)")
    MEDIUM = v.Priority.MEDIUM, _("B (medium)")
    LOW = v.Priority.LOW, _("C (low)")


class TaskType(models.TextChoices):
    FINE_TUNING = v.TaskType.FINE_TUNING, _("Fine-tuning")
    UPDATE = v.TaskType.UPDATE, _("Update")
    DEVELOPMENT = v.TaskType.DEVELOPMENT, _("Development")
    MAINTENANCE = v.TaskType.MAINTENANCE, _("Maintenance (follow-up)")


class StrategicCodeKind(models.TextChoices):
    PROCESS = "process", _("Strategic process (PS)")
    FOCUS_AREA = "focus_area", _("Focus area (FA)")
    ORGANISATIONAL = "organisational", _("Organisational capacity (ORG)")
    OBJECTIVE = "objective", _("Strategic objective (OS)")
