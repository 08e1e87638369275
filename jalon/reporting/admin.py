from django.contrib import admin

from jalon.reporting.models import Session, StatusReport


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["code", "body", "start", "end", "frozen"]
    list_filter = ["body", "frozen"]


@admin.register(StatusReport)
class StatusReportAdmin(admin.ModelAdmin):
    list_display = ["activity", "session", "keyword", "execution_level"]
    list_filter = ["session", "keyword", "execution_level"]
    list_select_related = ["activity", "session"]
    search_fields = ["text_fr", "text_en"]

    def has_change_permission(self, request, obj=None):
        # A frozen session's statuses are a record: shown, never editable.
        return super().has_change_permission(request, obj) and not (obj and obj.session.frozen)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.session.frozen)
