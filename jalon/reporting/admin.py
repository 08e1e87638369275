from django.contrib import admin, messages
from django.shortcuts import redirect
from simple_history.admin import SimpleHistoryAdmin

from jalon.reporting.models import FrozenSessionError, Session, StatusReport


class RefusalsAsMessages:
    """An admin whose write a frozen session refuses (a history revert, a deletion that
    cascades to a record) shows the refusal as a message, not a server error."""

    def _refused(self, request, view, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except FrozenSessionError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(request.get_full_path())

    def changeform_view(self, request, *args, **kwargs):
        return self._refused(request, super().changeform_view, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        return self._refused(request, super().delete_view, *args, **kwargs)

    def history_form_view(self, request, *args, **kwargs):
        return self._refused(request, super().history_form_view, *args, **kwargs)


class RecordAdmin(RefusalsAsMessages, SimpleHistoryAdmin):
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
