"""The reporting round: its to-do list, what changed, opening and freezing, officers."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jalon.core.diff import diff
from jalon.interchange.store import load
from jalon.reporting.models import FrozenSessionError, Session, StatusReport
from jalon.reporting.services import (
    ReportingError,
    ReviewError,
    assign,
    open_session,
    programme_of,
    review,
)
from jalon.reporting.services import freeze_round as freeze_round_service
from jalon.reporting.todo import RoundRows
from jalon.web.access import (
    admin_required,
    body_flags,
    editor_required,
    reader_required,
    require_read,
    safe_next,
    session_editor_required,
)
from jalon.web.forms import (
    AssignForm,
    DocumentsDueForm,
    FreezeForm,
    OpenRoundForm,
    TodoFilterForm,
    UnfreezeForm,
)
from jalon.web.translation import annotate_rows
from jalon.web.views import language

ROWS_SHOWN = 100  # a page of the to-do list; filters narrow it, save and next runs on


def _session(code) -> Session:
    return get_object_or_404(Session.objects.select_related("body"), code=code)


def _previous(session: Session) -> Session | None:
    earlier = [s for s in Session.objects.filter(body=session.body).select_related("body")
               if s.chronological_key() < session.chronological_key()]  # fmt: skip
    return max(earlier, key=Session.chronological_key, default=None)


@reader_required
def round_detail(request, code):
    """The round's to-do list: every activity, where its status stands, who prepares it."""
    session = _session(code)
    require_read(request, session)
    flags = body_flags(request.user, session)
    programme = programme_of(session)
    todo = RoundRows(session, programme)
    annotate_rows(todo)
    filters = TodoFilterForm(request.GET or None, rows=todo.all())
    rows = todo.filtered(filters.cleaned_data if filters.is_valid() else {}, request.user)
    page = Paginator(rows, ROWS_SHOWN).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "session": session,
        "programme": programme,
        "rows": page.object_list,
        "page": page,
        "count": len(rows),
        "list_query": query.urlencode(),
        "progress": todo.progress(),
        "filters": filters,
        "query": request.GET.urlencode(),
        "assign_form": AssignForm() if flags["can_edit"] else None,
        "open_form": OpenRoundForm() if flags["can_edit"] else None,
        "due_form": DocumentsDueForm(instance=session) if flags["can_edit"] else None,
        "lang": language(),
        **flags,
    }
    return render(request, "web/round.html", context)


@reader_required
def round_changes(request, code):
    """What changed since the previous session, status by status."""
    session = _session(code)
    require_read(request, session)
    programme = programme_of(session)
    previous = _previous(session)
    changes = None
    if previous:
        pair = [previous.code, session.code]
        document = load(programme, pair)
        changes = diff(document, *pair)
        refs = {(a.section, a.number): a for a in document.activities}
        for name in ("changes", "completed", "newly_overdue", "added", "removed"):
            changes[f"{name}_activities"] = [
                refs[
                    (item.get("activity") or item)["section"],
                    (item.get("activity") or item)["number"],
                ]
                for item in changes[name]
            ]
    context = {"session": session, "previous": previous, "changes": changes}
    return render(request, "web/round_changes.html", context)


@session_editor_required
@require_POST
def assign_officers(request, code):
    """Assign an officer (and deputy) to the activities checked in the to-do list."""
    session = _session(code)
    form = AssignForm(request.POST)
    back = reverse("web:round", args=[session.code]) + "?" + request.POST.get("query", "")
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(back)
    programme = programme_of(session)
    chosen = form.cleaned_data["activities"]
    action = request.POST.get("action", "assign")
    if action in ("submit", "approve"):
        reports = StatusReport.objects.filter(session=session, activity__programme=programme,
                                              activity__in=chosen)  # fmt: skip
        try:
            n = review(reports, action, request.user)
        except (ReviewError, FrozenSessionError) as exc:
            messages.error(request, str(exc.args[0]) if isinstance(exc, ReviewError)
                           else exc.messages[0])  # fmt: skip
            return redirect(back)
        done = (ngettext("%(n)s status submitted.", "%(n)s statuses submitted.", n)
                if action == "submit" else
                ngettext("%(n)s status approved.", "%(n)s statuses approved.", n))  # fmt: skip
        messages.success(request, done % {"n": n})
        return redirect(back)
    n = assign(programme.activities.filter(pk__in=chosen), form.cleaned_data["officer"],
               form.cleaned_data["deputy"])  # fmt: skip
    messages.success(request, ngettext("%(n)s activity assigned.", "%(n)s activities assigned.",
                                       n) % {"n": n})  # fmt: skip
    return redirect(back)


@editor_required
def open_round(request):
    """Opening the next round: its own page (linked from the round page), so that a
    refused form comes back with its errors beside the fields and what was typed kept."""
    back = safe_next(request, reverse("web:dashboard"))
    form = OpenRoundForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            opened = open_session(form.cleaned_data["id"], form.cleaned_data["start"],
                                  form.cleaned_data["end"], user=request.user)  # fmt: skip
        except ReportingError as exc:
            form.add_error(None, str(exc))
        else:
            message = _("Round %(session)s opened: %(n)s statuses carried forward as drafts.")
            messages.success(request, message % {"session": opened.session.code,
                                                 "n": opened.carried})  # fmt: skip
            return redirect("web:round", code=opened.session.code)
    return render(request, "web/round_open.html", {"form": form, "back": back})


@session_editor_required
def freeze_round(request, code):
    """Freezing is a page of its own, naming what is left to do: never one click. Before
    every status is approved, only a coordinator can freeze, giving the reason."""
    session = _session(code)
    if session.frozen:
        return redirect("web:round", code=session.code)
    form = FreezeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            count = freeze_round_service(session, request.user, form.cleaned_data["reason"])
        except ReviewError as exc:
            form.add_error("reason", str(exc.args[0]))
        else:
            frozen = _("%(session)s is frozen: its %(n)s statuses are now a record.")
            messages.success(request, frozen % {"session": session.code, "n": count})
            return redirect("web:round", code=session.code)
    todo = RoundRows(session, programme_of(session))
    progress = todo.progress()
    context = {
        **body_flags(request.user, session),
        "session": session,
        "form": form,
        "total": progress.total,
        "carried": progress.carried,
        "pending": progress.total - progress.approved,
        "errors": sum(row.errors for row in todo.all()),
    }
    return render(request, "web/freeze_confirm.html", context)


@admin_required
def unfreeze_round(request, code):
    """Administrators reopen a presented round from the web, giving the reason (as on the
    command line); the reason is kept in the session's history."""
    session = _session(code)
    form = UnfreezeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        session.unfreeze(request.user, form.cleaned_data["reason"])
        messages.success(request, _("%(session)s is open again.") % {"session": session.code})
        return redirect("web:round", code=session.code)
    return render(request, "web/unfreeze.html", {"session": session, "form": form})


@session_editor_required
@require_POST
def documents_due(request, code):
    """When the round's documents are due (reminders count down to it)."""
    session = _session(code)
    form = DocumentsDueForm(request.POST, instance=session)
    if form.is_valid():
        form.save()
        messages.success(request, _("Due date saved."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("web:round", code=session.code)
