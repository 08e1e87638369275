"""The rule checker's rules and severities as the pages name them, in both languages."""

from django.utils.translation import gettext_lazy as _

RULE_LABELS = {
    "strategic-link": _("link to the Strategic Plan"),
    "priority": _("priority"),
    "strategic-code": _("Strategic Plan codes"),
    "task-type": _("task type"),
    "responsible-body": _("responsible bodies"),
    "status-keyword": _("no progress keyword"),
    "status-milestones": _("no dated milestones"),
    "status-next-steps": _("no next steps"),
    "execution-level": _("level missing or wrong"),
    "permanent-deadline": _("deadline of a permanent activity"),
    "overdue": _("overdue"),
    "duplicate-title": _("duplicate title"),
    "numbering": _("numbering"),
    "deadline-format": _("deadline not understood"),
    # From jalon.translation (the database's translation records), not the core checker.
    "translation": _("translation missing or outdated"),
}

SEVERITY_LABELS = {"error": _("error"), "warning": _("warning"), "info": _("information")}
