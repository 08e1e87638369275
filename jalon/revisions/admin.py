from django.contrib import admin

from jalon.reporting.admin import RecordAdmin
from jalon.revisions.models import Change, Revision


class ChangeInline(admin.TabularInline):
    model = Change
    extra = 0
    fields = ["position", "kind", "activity", "before", "after", "fields", "reason", "related"]
    raw_id_fields = ["activity", "related"]

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.is_draft

    has_add_permission = has_delete_permission = has_change_permission


@admin.register(Revision)
class RevisionAdmin(RecordAdmin):
    """A presented revision's changes, and an adopted revision, are records: read-only."""

    list_display = ["__str__", "state", "session", "endorsed_on", "adopted_on"]
    list_filter = ["programme", "state"]
    list_select_related = ["programme__body", "session"]
    inlines = [ChangeInline]

    def is_record(self, revision):
        return not revision.is_draft


@admin.register(Change)
class ChangeAdmin(RecordAdmin):
    list_display = ["revision", "position", "kind", "before", "after"]
    list_filter = ["kind", "revision__programme"]
    list_select_related = ["revision__programme__body"]
    raw_id_fields = ["activity", "related"]

    def is_record(self, change):
        return not change.revision.is_draft
