from django.contrib import admin

from jalon.programmes.admin import BodyScopedAdmin, RefusalsAsMessages
from jalon.reporting.models import Session, StatusReport


class RecordAdmin(RefusalsAsMessages, BodyScopedAdmin):
    """Frozen sessions and their statuses are records: shown, never editable here."""

    def is_record(self, obj) -> bool:
        raise NotImplementedError

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and self.is_record(obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and self.is_record(obj))


@admin.register(Session)
class SessionAdmin(RecordAdmin):
    list_display = ["code", "body", "start", "end", "frozen"]
    list_filter = ["body", "frozen"]

    def is_record(self, session):
        return session.frozen


@admin.register(StatusReport)
class StatusReportAdmin(RecordAdmin):
    list_display = ["activity", "session", "keyword", "execution_level", "version"]
    list_filter = ["session", "keyword", "execution_level", "carried_forward"]
    list_select_related = ["activity", "session"]
    search_fields = ["text_fr", "text_en"]
    readonly_fields = ["version"]

    def is_record(self, report):
        return report.session.frozen
