"""The activity list's filters for the API: `reporting.filters.ActivityFilter`, made
ready for a request at less cost."""

import copy

from django_filters.filters import FilterMethod

from jalon.reporting import filters


class _CopiedShallowly(dict):
    """Fields or filters that `copy.deepcopy()` — as a form does with its fields and a
    filter set with its filters, for every request — copies one level deep, instead of
    down to every lazily translated label of every choice. They hold no state of a
    request: validating reads a field, filtering reads a filter; its parent filter set is
    set on the copy."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, original in self.items():
            copies[name] = copied = copy.copy(original)
            if isinstance(original.__dict__.get("filter"), FilterMethod):
                copied.filter = FilterMethod(copied)  # calls the copy's parent's method
        return copies


class ActivityFilter(filters.ActivityFilter):
    """The web's filters: the same fields, the same validation, the same filtering. For
    every request django-filter deep-copies each filter and builds a new form class, whose
    form deep-copies each field: here the form class is built once, and the copies are
    shallow (above)."""

    _form_class = None

    def get_form_class(self):
        cls = type(self)
        if cls.__dict__.get("_form_class") is None:
            form = super().get_form_class()
            form.base_fields = _CopiedShallowly(form.base_fields)
            cls._form_class = form
        return cls._form_class


ActivityFilter.base_filters = _CopiedShallowly(ActivityFilter.base_filters)
