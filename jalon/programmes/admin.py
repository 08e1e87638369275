from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from jalon.programmes.models import (
    Activity,
    Body,
    CodeMapping,
    Meeting,
    Programme,
    Responsibility,
    StrategicCode,
)


class RefusalsAsMessages:
    """An admin whose write the models refuse (a history revert or a deletion that would
    touch a frozen session's record: FrozenSessionError, a ValidationError) shows the
    refusal as a message, not a server error."""

    def _refused(self, request, view, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(request.get_full_path())

    def changeform_view(self, request, *args, **kwargs):
        return self._refused(request, super().changeform_view, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        return self._refused(request, super().delete_view, *args, **kwargs)

    def history_form_view(self, request, *args, **kwargs):
        return self._refused(request, super().history_form_view, *args, **kwargs)


class BodyScopedAdmin(ObjectPermissionsModelAdminMixin, SimpleHistoryAdmin):
    """Asks django-rules, object by object, whether the user may view or change it: the
    Secretariat (staff) changes only the bodies it works for (jalon.accounts.permissions);
    administrators everything."""


class MeetingInline(admin.TabularInline):
    model = Meeting
    extra = 0
    fields = ["numbers", "start", "end"]


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["code", "acronym_fr", "acronym_en", "name_fr", "name_en",
                    "numbers_per_meeting", "registered"]  # fmt: skip
    list_filter = ["registered", "numbers_per_meeting"]
    search_fields = ["code", "acronym_fr", "acronym_en", "name_fr", "name_en"]
    fieldsets = [
        (None, {"fields": ["code", "acronym_fr", "acronym_en", "name_fr", "name_en",
                           "aliases", "languages", "registered"]}),
        (_("Meetings and their numbering"), {"fields": [
            "numbers_per_meeting", "rule_base_year", "rule_base_number", "rule_slots"]}),
    ]  # fmt: skip
    inlines = [MeetingInline]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["body", "numbers", "start", "end"]
    list_filter = ["body"]
    list_select_related = ["body"]
    date_hierarchy = "start"


@admin.register(StrategicCode)
class StrategicCodeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "plan", "kind", "label_fr", "label_en"]
    list_filter = ["plan", "kind"]


@admin.register(CodeMapping)
class CodeMappingAdmin(SimpleHistoryAdmin):
    list_display = ["source", "target"]
    list_filter = ["source__plan", "target__plan"]
    list_select_related = ["source", "target"]


@admin.register(Programme)
class ProgrammeAdmin(BodyScopedAdmin):
    list_display = ["__str__", "body", "period_start", "period_end", "plan"]
    list_select_related = ["body"]


class ResponsibilityInline(admin.TabularInline):
    model = Responsibility
    extra = 0
    autocomplete_fields = ["body"]


@admin.register(Activity)
class ActivityAdmin(RefusalsAsMessages, BodyScopedAdmin):
    list_display = ["ref", "short_title", "priority", "strategic_link", "task_type", "deadline_fr"]
    list_filter = ["programme", "section", "priority", "strategic_link", "task_type"]
    search_fields = ["title_fr", "title_en", "responsible_raw", "deadline_fr", "=uid"]
    ordering = ["programme", "-section", "number"]
    readonly_fields = ["uid"]
    raw_id_fields = ["predecessor"]
    inlines = [ResponsibilityInline]

    @admin.display(description=_("no."), ordering="number")
    def ref(self, activity):
        return activity.ref

    @admin.display(description=_("title"))
    def short_title(self, activity):
        title = activity.title_fr or activity.title_en
        return title if len(title) < 90 else title[:88] + "…"


@admin.register(Responsibility)
class ResponsibilityAdmin(RefusalsAsMessages, BodyScopedAdmin):
    list_display = ["activity", "body", "position"]
    list_select_related = ["activity", "body"]
    list_filter = ["body"]
