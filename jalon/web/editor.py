"""The status editor, built for speed: the activity's context beside the fields, live
rule hints, save and next through the to-do list, and the review of each status."""

import difflib

from django.contrib import messages
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jalon.core.deadlines import parse_deadline
from jalon.core.programme import StatusReportData
from jalon.core.programme import text as bilingual
from jalon.core.rules import status_findings
from jalon.programmes.models import Body
from jalon.reporting.models import FrozenSessionError, Session, StaleVersionError, StatusReport
from jalon.reporting.services import (
    ReportingError,
    ReviewError,
    find_activity,
    programme_of,
    review,
    save_grid,
)
from jalon.reporting.todo import RoundRows
from jalon.web.access import body_flags, session_editor_required
from jalon.web.forms import GridFormSet, ReviewForm, StatusForm
from jalon.web.views import language


def _round(code, ref):
    session = get_object_or_404(Session.objects.select_related("body"), code=code)
    try:
        activity = find_activity(ref, programme_of(session))
    except ReportingError as exc:
        raise Http404(str(exc)) from None
    return session, activity


def _todo_url(session, query: str) -> str:
    return reverse("web:round", args=[session.code]) + (f"?{query}" if query else "")


def _previous_report(activity, session):
    earlier = [r for r in activity.status_reports.select_related("session__body")
               if r.session.chronological_key() < session.chronological_key()]  # fmt: skip
    return max(earlier, key=lambda r: r.session.chronological_key(), default=None)


def _diff(before: str, after: str) -> list[tuple[str, str]]:
    """Word by word: ("=", "text"), ("-", "removed"), ("+", "added"); empty when the
    text is still the one carried forward."""
    a, b = before.split(), after.split()
    pieces = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(("+", " ".join(b[j1:j2])))
    return pieces if any(op != "=" for op, _words in pieces) else []


@session_editor_required
def edit_status(request, code, ref):
    session, activity = _round(code, ref)
    query = request.GET.urlencode()
    if session.frozen:
        messages.error(request, _("%(session)s is frozen: its report was presented and is a "
                                  "record.") % {"session": session.code})  # fmt: skip
        return redirect(reverse("web:activity", args=[activity.ref]) + f"?session={code}")
    report = StatusReport.objects.filter(activity=activity, session=session).first()
    form, conflict = StatusForm.for_report(activity, report), None
    if request.method == "POST":
        form = StatusForm(request.POST, activity=activity)
        if form.is_valid():
            try:
                form.save(activity, session, request.user)
            except StaleVersionError:
                # Nothing is lost: the form keeps what was typed; the page shows what the
                # other person saved, to merge by hand.
                conflict = StatusReport.objects.get(activity=activity, session=session)
                form = StatusForm({**request.POST.dict(), "version": conflict.version},
                                  activity=activity)  # fmt: skip
                form.is_valid()
            except (FrozenSessionError, ValidationError) as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect(_todo_url(session, query))
            else:
                return _after_save(request, session, activity, query)
    previous = _previous_report(activity, session)
    comments = list(report.comments.select_related("author")) if report else []
    deadline = parse_deadline(activity.deadline_fr or activity.deadline_en)
    shown = form.data if form.is_bound else form.initial
    context = {
        "form": form, "activity": activity, "session": session, "report": report,
        "conflict": conflict, "query": query, "previous": previous,
        "diff": _diff(previous.text_fr if previous else "", report.text_fr if report else ""),
        "diff_en": _diff(previous.text_en if previous else "", report.text_en if report else ""),
        "deadline": deadline,
        "milestones": _milestones(deadline),
        # "Ongoing work" under a deadline that says so in the page's language repeats it.
        "deadline_restated": bool(getattr(activity, f"deadline_{language()}")),
        "comments": comments,
        # A status sent back opens on the coordinator's word, not at the page's foot.
        "sent_back": next((c for c in reversed(comments) if c.review == "returned"), None)
        if report and report.review == "returned" else None,
        "review_form": ReviewForm(), "lang": language(), **body_flags(request.user, session),
        # The hints of what the form shows (a pre-filled level, what was typed), as the
        # page asks for them while the officer types.
        "hints": _hints(activity, session, shown.get("keyword"), shown.get("text_fr", ""),
                        shown.get("text_en", ""), shown.get("execution_level")),
    }  # fmt: skip
    return render(request, "web/status_form.html", context)


def _milestones(deadline) -> list[str]:
    """The deadline's milestones in the page's language: the month in full (abbreviated,
    juin and juillet are both "jui"), the bodies by their acronym (Conseil / Council), not
    their stored code."""
    if not deadline or not deadline.milestones:
        return []
    lang = language()
    codes = {code for m in deadline.milestones for code in m.bodies}
    names = {body.code: body.label(lang) for body in Body.objects.filter(code__in=codes)}
    shown = []
    for m in deadline.milestones:
        first, last = date_format(m.start, "F Y"), date_format(m.end, "F Y")
        when = first if first == last else f"{first} – {last}"
        bodies = ", ".join(names.get(code, code) for code in m.bodies)
        shown.append(_("%(when)s: %(bodies)s") % {"when": when, "bodies": bodies}
                     if bodies else when)  # fmt: skip
    return shown


def _after_save(request, session, activity, query):
    saved = _("Status of %(activity)s for %(session)s saved.")
    messages.success(request, saved % {"activity": activity.ref, "session": session.code})
    if "next" not in request.POST:
        return redirect(_todo_url(session, query))
    following = RoundRows(session, activity.programme).next_after(
        activity.ref, request.GET, request.user
    )
    if following is None:
        messages.info(request, _("That was the last status of this list."))
        return redirect(_todo_url(session, query))
    url = reverse("web:edit-status", args=[session.code, following.ref])
    return redirect(url + (f"?{query}" if query else ""))


def _hints(activity, session, keyword, text_fr, text_en, level) -> list:
    report = StatusReportData(session.code, keyword or None, bilingual(text_fr, text_en),
                              level or None)  # fmt: skip
    written = activity.deadline_fr or activity.deadline_en
    return status_findings((activity.section, activity.number), report, session.code,
                           activity.due, written, session.meeting_day())  # fmt: skip


@session_editor_required
@require_POST
def hints(request, code, ref):
    """The rule hints for the text being typed (the editor asks as the officer types)."""
    session, activity = _round(code, ref)
    data = request.POST
    found = _hints(activity, session, data.get("keyword"), data.get("text_fr", ""),
                   data.get("text_en", ""), data.get("execution_level"))  # fmt: skip
    lang = language()
    return JsonResponse({"hints": [{"rule": f.rule, "severity": f.severity,
                                    "message": getattr(f, lang)} for f in found]})  # fmt: skip


@session_editor_required
@require_POST
def review_status(request, code, ref):
    """Submit, approve or send back one status (with a comment)."""
    session, activity = _round(code, ref)
    form = ReviewForm(request.POST)
    back = reverse("web:edit-status", args=[code, ref])
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(back)
    report = get_object_or_404(StatusReport, activity=activity, session=session)
    try:
        review([report], form.cleaned_data["action"], request.user, form.cleaned_data["comment"])
    except (ReviewError, FrozenSessionError) as exc:
        messages.error(
            request, str(exc.args[0]) if isinstance(exc, ReviewError) else exc.messages[0]
        )
        return redirect(back)
    messages.success(request, _("%(activity)s: %(state)s.") % {
        "activity": activity.ref, "state": report.get_review_display()})  # fmt: skip
    return redirect(_todo_url(session, request.POST.get("query", "")))


@session_editor_required
def grid(request, code):
    """The round as a grid: keyword, level and both texts of every (filtered) activity,
    edited in place and saved at once; nothing is saved if one row is stale."""
    session = get_object_or_404(Session.objects.select_related("body"), code=code)
    if session.frozen:
        return redirect("web:round", code=session.code)
    programme = programme_of(session)
    todo = RoundRows(session, programme)
    rows = todo.filtered(request.GET, request.user)
    if request.method == "POST":
        rows = _posted_rows(request.POST, todo.all(), rows)
    texts = dict(((r["activity_id"]), r) for r in StatusReport.objects.filter(
        session=session, activity__programme=programme).values(
        "activity_id", "text_fr", "text_en"))  # fmt: skip
    initial = [{"activity": row.pk, "version": row.version or 1, "keyword": row.keyword or "",
                "execution_level": row.execution_level or "",
                "text_fr": texts.get(row.pk, {}).get("text_fr", ""),
                "text_en": texts.get(row.pk, {}).get("text_en", "")} for row in rows]  # fmt: skip
    formset = GridFormSet(request.POST if request.method == "POST" else None, initial=initial)
    unsaved = False
    if request.method == "POST" and formset.is_valid():
        known = {row.pk for row in todo.all()}
        if any(form.cleaned_data["activity"] not in known for form in formset):
            # Only the round's programme's activities: another's status is no grid's.
            raise SuspiciousOperation("a grid row of an activity outside the round")
        edited = _edited(session, formset)
        try:
            n = save_grid(session, list(edited.values()), request.user)
        except StaleVersionError:
            formset, stale = _grid_conflicts(request, session, formset, initial, edited)
            message = ngettext(
                "Someone else saved %(n)s of these statuses meanwhile (marked below): nothing "
                "was saved. What you typed is kept; check the marked row and save again.",
                "Someone else saved %(n)s of these statuses meanwhile (marked below): nothing "
                "was saved. What you typed is kept; check the marked rows and save again.",
                stale,
            )  # fmt: skip
            messages.error(request, message % {"n": stale})
            unsaved = True
        else:
            done = ngettext("%(n)s status saved.", "%(n)s statuses saved.", n)
            messages.success(request, done % {"n": n})
            return redirect(reverse("web:grid", args=[code]) + "?" + request.GET.urlencode())
    context = {"session": session, "formset": formset, "query": request.GET.urlencode(),
               "rows": list(zip(rows, formset, strict=True)), "unsaved": unsaved}  # fmt: skip
    return render(request, "web/grid.html", context)


def _posted_rows(data, every, shown) -> list:
    """The rows the page held, in its order (the activities it posts), whatever the
    filter finds now: a row that left the filter meanwhile (approved, assigned …) must not
    shift the others onto another activity's values. `shown` where the post names rows
    of no activity of the round."""
    by_pk = {row.pk: row for row in every}
    try:
        total = int(data.get("form-TOTAL_FORMS", ""))
        if not 0 <= total <= len(by_pk):
            return shown
        found = [by_pk.get(int(data.get(f"form-{i}-activity", ""))) for i in range(total)]
    except ValueError:
        return shown
    return shown if None in found else found


_GRID_VALUES = ("keyword", "execution_level", "text_fr", "text_en")


def _edited(session, formset) -> dict:
    """The rows the person edited, by index: those whose values differ from what their
    page showed. A row differing from the stored status only because someone else saved
    it since the page was read (its version is older) is compared with that version, as
    the audit trail keeps it: unedited, it is neither saved back over theirs nor a reason
    to refuse the others."""
    changed = {i: form.cleaned_data for i, form in enumerate(formset) if form.has_changed()}
    versions = dict(StatusReport.objects.filter(
        session=session, activity_id__in=[row["activity"] for row in changed.values()]
    ).values_list("activity_id", "version"))  # fmt: skip
    older = {(row["activity"], row["version"]): i for i, row in changed.items()
             if versions.get(row["activity"], row["version"]) != row["version"]}  # fmt: skip
    if older:
        shown = {}
        for entry in StatusReport.history.filter(
            session=session, activity_id__in={pk for pk, _ in older},
            version__in={version for _, version in older},
        ).order_by("history_id"):  # fmt: skip
            shown[(entry.activity_id, entry.version)] = entry  # the latest at that version
        for key, index in older.items():
            entry, row = shown.get(key), changed[index]
            if entry is not None and all(
                (getattr(entry, name) or "").strip() == (row[name] or "").strip()
                for name in _GRID_VALUES
            ):
                del changed[index]
    return changed


def _grid_conflicts(request, session, formset, initial, edited):
    """The grid again after a refused save, nothing typed lost: each row someone else
    saved meanwhile says what they saved and takes its current version, so that saving
    again (knowingly) replaces it. Returns the new formset and how many rows were stale."""
    edited = {row["activity"]: (i, row["version"]) for i, row in edited.items()}
    current = {r.activity_id: r for r in StatusReport.objects.filter(
        session=session, activity_id__in=edited)}  # fmt: skip
    data = request.POST.copy()
    stale = {}
    for pk, (index, version) in edited.items():
        report = current.get(pk)
        if report and report.version != version:
            data[f"{formset.prefix}-{index}-version"] = report.version
            stale[index] = report
    again = GridFormSet(data, initial=initial)
    again.is_valid()
    for index, report in stale.items():
        saved = " / ".join(Truncator(t).chars(160) for t in (report.text_fr, report.text_en)
                           if t) or "—"  # fmt: skip
        again[index].add_error(None, _("Saved meanwhile by someone else: %(text)s") % {
            "text": saved})  # fmt: skip
    return again, len(stale)
