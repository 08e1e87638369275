"""Filtering the activity list: one FilterSet for the web pages and the API."""

import django_filters
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jalon.core.vocabulary import fold
from jalon.programmes.choices import Priority, Section, TaskType
from jalon.programmes.models import Activity
from jalon.reporting.choices import ExecutionLevel, Keyword

MISSING = "none"


class SortFilter(django_filters.OrderingFilter):
    """`ordering=priority,-due` sorts on every key in turn, then by section and number (a
    stable order for paging); a missing value sorts last either way, on every database."""

    def filter(self, qs, value):
        if not value:
            return qs
        keys = []
        for param in value:
            field = F(self.param_map[param.lstrip("-")])
            keys.append(field.desc(nulls_last=True) if param.startswith("-")
                        else field.asc(nulls_last=True))  # fmt: skip
        return qs.order_by(*keys, "-section", "number")


class ActivityFilter(django_filters.FilterSet):
    """Filters on a queryset annotated by `reporting.models.with_status()`."""

    section = django_filters.ChoiceFilter(
        choices=Section.choices, label=_("Section"), empty_label=_("All")
    )
    priority = django_filters.ChoiceFilter(
        choices=[*Priority.choices, (MISSING, _("Missing"))], method="filter_priority",
        label=_("Priority"), empty_label=_("All"),
    )  # fmt: skip
    execution_level = django_filters.ChoiceFilter(
        choices=[*ExecutionLevel.choices, (MISSING, _("Not set"))], method="filter_level",
        label=_("Execution level"), empty_label=_("All"),
    )  # fmt: skip
    strategic_code = django_filters.CharFilter(
        method="filter_code", label=_("Strategic Plan code"), max_length=10
    )
    body = django_filters.CharFilter(method="filter_body", label=_("Body"), max_length=40)
    task_type = django_filters.ChoiceFilter(
        choices=TaskType.choices, label=_("Task type"), empty_label=_("All")
    )
    overdue = django_filters.ChoiceFilter(
        choices=[("true", _("Overdue only")), ("false", _("Not overdue"))],
        method="filter_overdue", label=_("Overdue"), empty_label=_("All"),
    )  # fmt: skip
    q = django_filters.CharFilter(method="search", label=_("Search"), max_length=200)
    ordering = SortFilter(
        fields=(
            ("number", "number"),
            ("priority", "priority"),
            ("due", "due"),
            ("title_fr", "title"),
        ),  # fmt: skip
        field_labels={
            "number": _("Number"),
            "-number": _("Number, descending"),
            "priority": _("Priority"),
            "-priority": _("Priority, descending"),
            "due": _("Due date"),
            "-due": _("Due date, latest first"),
            "title_fr": _("Title"),
            "-title_fr": _("Title, Z to A"),
        },  # fmt: skip
        label=_("Sort by"),
        empty_label=_("Section and number"),
    )

    class Meta:
        model = Activity
        fields = ["section", "task_type"]

    def __init__(self, data=None, *args, **kwargs):
        # `ordering=priority&ordering=-due` means `ordering=priority,-due`, not the last key.
        if hasattr(data, "getlist") and len(data.getlist("ordering")) > 1:
            data = data.copy()
            data["ordering"] = ",".join(data.getlist("ordering"))
        super().__init__(data, *args, **kwargs)

    def filter_priority(self, queryset, name, value):
        if value == MISSING:
            return queryset.filter(priority__isnull=True)
        return queryset.filter(priority=value)

    def filter_level(self, queryset, name, value):
        if value == MISSING:
            return queryset.filter(status_level__isnull=True)
        return queryset.filter(status_level=value)

    def filter_code(self, queryset, name, value):
        # The codes are a JSON list: match the quoted code, e.g. "PS1", not "PS10".
        return queryset.filter(strategic_codes__icontains=f'"{value.strip().upper()}"')

    def filter_body(self, queryset, name, value):
        return queryset.filter(responsibilities__body__code=value.strip()).distinct()

    def filter_overdue(self, queryset, name, value):
        """Section I, due before the session met, not completed (the `overdue` rule)."""
        late = Q(section=Section.TIME_BOUND, due__lt=F("status_day"))
        # Without a status, status_progress is NULL and NOT (NULL = 'completed') is unknown.
        overdue = late & (~Q(status_progress=Keyword.COMPLETED) | Q(status_progress__isnull=True))
        return queryset.filter(overdue) if value == "true" else queryset.exclude(overdue)

    def search(self, queryset, name, value):
        """Accent- and case-insensitive in both languages ("acheve" finds "Achevé"), the
        same on SQLite and PostgreSQL: the texts are folded as the rules fold them."""
        wanted = fold(value)
        fields = ("title_fr", "title_en", "kpi_fr", "kpi_en", "deadline_fr", "deadline_en",
                  "responsible_raw", "status_text_fr", "status_text_en")  # fmt: skip
        matching = [row[0] for row in queryset.values_list("pk", *fields)
                    if any(wanted in fold(text or "") for text in row[1:])]  # fmt: skip
        return queryset.filter(pk__in=matching)
