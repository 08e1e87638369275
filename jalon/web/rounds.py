"""The reporting round: the session page, opening and freezing, editing a status."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jalon.accounts.roles import can_edit
from jalon.core.diff import diff
from jalon.interchange.store import load
from jalon.reporting.models import FrozenSessionError, Session, StaleVersionError, StatusReport
from jalon.reporting.services import (
    ReportingError,
    find_activity,
    freeze_session,
    open_session,
    programme_of,
)
from jalon.web.access import editor_required, reader_required
from jalon.web.forms import OpenRoundForm, StatusForm


def _session(code) -> Session:
    return get_object_or_404(Session.objects.select_related("body"), code=code)


def _previous(session: Session) -> Session | None:
    earlier = [s for s in Session.objects.filter(body=session.body).select_related("body")
               if s.chronological_key() < session.chronological_key()]  # fmt: skip
    return max(earlier, key=Session.chronological_key, default=None)


@reader_required
def round_detail(request, code):
    session = _session(code)
    programme = programme_of(session)
    reports = StatusReport.objects.filter(session=session, activity__programme=programme)
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
    context = {
        "session": session,
        "programme": programme,
        "previous": previous,
        "total": reports.count(),
        "updated": reports.filter(carried_forward=False).count(),
        "carried": reports.filter(carried_forward=True).count(),
        "changes": changes,
        "open_form": OpenRoundForm() if can_edit(request.user) else None,
    }
    return render(request, "web/round.html", context)


@editor_required
@require_POST
def open_round(request):
    form = OpenRoundForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(request.POST.get("next") or "web:dashboard")
    try:
        opened = open_session(form.cleaned_data["id"], form.cleaned_data["start"],
                              form.cleaned_data["end"], user=request.user)  # fmt: skip
    except ReportingError as exc:
        messages.error(request, str(exc))
        return redirect(request.POST.get("next") or "web:dashboard")
    message = _("Round %(session)s opened: %(n)s statuses carried forward as drafts.")
    messages.success(request, message % {"session": opened.session.code, "n": opened.carried})
    return redirect("web:round", code=opened.session.code)


@editor_required
@require_POST
def freeze_round(request, code):
    session = _session(code)
    count = freeze_session(session, user=request.user)
    messages.success(request, _("%(session)s is frozen: its %(n)s statuses are now a record.")
                     % {"session": session.code, "n": count})  # fmt: skip
    return redirect("web:round", code=session.code)


@editor_required
def edit_status(request, code, ref):
    session = _session(code)
    activity = get_object_or_404_activity(ref, session)
    detail = reverse("web:activity", args=[activity.ref]) + f"?session={session.code}"
    if session.frozen:
        messages.error(request, _("%(session)s is frozen: its report was presented and is a "
                                  "record.") % {"session": session.code})  # fmt: skip
        return redirect(detail)
    report = StatusReport.objects.filter(activity=activity, session=session).first()
    form, conflict = StatusForm.for_report(activity, report), None
    if request.method == "POST":
        form = StatusForm(request.POST)
        if form.is_valid():
            try:
                form.save(activity, session, request.user)
            except StaleVersionError:
                # Nothing is lost: the form keeps what was typed; the page shows what the
                # other person saved, to merge by hand.
                conflict = StatusReport.objects.get(activity=activity, session=session)
                form = StatusForm({**request.POST.dict(), "version": conflict.version})
                form.is_valid()
            except (FrozenSessionError, ValidationError) as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect(detail)
            else:
                messages.success(request, _("Status of %(activity)s for %(session)s saved.")
                                 % {"activity": activity.ref, "session": session.code})  # fmt: skip
                return redirect(detail)
    context = {"form": form, "activity": activity, "session": session, "report": report,
               "conflict": conflict, "detail": detail}  # fmt: skip
    return render(request, "web/status_form.html", context)


def get_object_or_404_activity(ref, session):
    try:
        return find_activity(ref, programme_of(session))
    except ReportingError as exc:
        raise Http404(str(exc)) from None
