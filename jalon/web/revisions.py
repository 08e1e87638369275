"""The programme's revisions: the list, and one revision's page where the Secretariat
edits the programme inside the draft and moves the revision through its states."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from jalon.programmes.choices import Priority, Section
from jalon.programmes.models import Activity, Programme, StrategicCode
from jalon.reporting.models import Session
from jalon.reporting.services import ReportingError, find_activity
from jalon.revisions import services
from jalon.revisions.models import ORDER, Kind, Revision, State
from jalon.web.access import (
    body_flags,
    current_programme,
    editor_required,
    reader_required,
    require_edit,
)

AMENDABLE = [("title_fr", _l("Title in French")), ("title_en", _l("Title in English")),
             ("priority", _l("Priority")), ("deadline_fr", _l("Deadline (French)")),
             ("deadline_en", _l("Deadline (English)")), ("kpi_fr", _l("Indicators (French)")),
             ("kpi_en", _l("Indicators (English)"))]  # fmt: skip


def _programme(request):
    programme = current_programme(request)
    if programme is None:
        raise Http404(_("No programme yet."))
    return programme


def _editable(request):
    """The programme, if the user works for its body (403 otherwise)."""
    programme = _programme(request)
    require_edit(request, programme, programme.body.code)
    return programme


def _url(revision: Revision) -> str:
    programme = revision.programme
    spec = f"{programme.body.code}-{programme.period_start}-{programme.period_end}"
    return f"{reverse('web:revision', args=[revision.number])}?programme={spec}"


@reader_required
def revision_list(request):
    programme = _programme(request)
    revisions = programme.revisions.select_related("session").order_by("-number")
    context = {"programme": programme, "revisions": revisions,
               **body_flags(request.user, programme)}  # fmt: skip
    return render(request, "web/revisions.html", context)


@require_POST
@editor_required
def start_draft(request):
    revision = services.draft(_editable(request))
    return redirect(_url(revision))


@reader_required
def revision_detail(request, number):
    programme = _programme(request)
    revision = get_object_or_404(programme.revisions.select_related("session"), number=number)
    changes = list(revision.changes.select_related("activity", "related").order_by("position"))
    for change in changes:  # each amended field by its name, old → new
        change.field_rows = [(Activity._meta.get_field(name).verbose_name, *pair)
                             for name, pair in change.fields.items()]  # fmt: skip
    state_index = ORDER.index(revision.state)
    context = {
        **body_flags(request.user, programme),
        "programme": programme,
        "revision": revision,
        "changes": changes,
        "unlinked": services.unlinked(programme) if state_index < 2 else [],
        "next_state": State(ORDER[state_index + 1]) if state_index + 1 < len(ORDER) else None,
        "sessions": Session.objects.filter(body=programme.body, frozen=False).order_by("-start"),
        "sections": Section.choices,
        "priorities": Priority.choices,
        "amendable": AMENDABLE,
        "kinds": [(Kind.WITHDRAWN, Kind.WITHDRAWN.label), (Kind.MERGED, Kind.MERGED.label)],
    }
    return render(request, "web/revision.html", context)


@require_POST
@editor_required
def revision_edit(request, number):
    """One edit of the draft (add, amend, withdraw, delete, renumber) or a state change."""
    programme = _editable(request)
    revision = get_object_or_404(programme.revisions, number=number)
    post = request.POST
    action = post.get("action")
    try:
        if action == "add":
            activity = services.add_activity(
                revision, post.get("section", Section.TIME_BOUND),
                title_fr=post.get("title_fr", "").strip(),
                title_en=post.get("title_en", "").strip(),
                priority=post.get("priority") or None,
                deadline_fr=post.get("deadline_fr", "").strip(),
            )  # fmt: skip
            messages.success(request, _("%(ref)s added.") % {"ref": activity.ref})
        elif action == "amend":
            field = post.get("field")
            if field not in dict(AMENDABLE):
                raise services.RevisionError(_("Choose a field to amend."))
            value = post.get("value", "").strip() or (None if field == "priority" else "")
            activity = find_activity(post.get("ref", ""), programme)
            services.amend_activity(revision, activity, **{field: value})
            messages.success(request, _("%(ref)s amended.") % {"ref": activity.ref})
        elif action == "withdraw":
            activity = find_activity(post.get("ref", ""), programme)
            related = post.get("related", "").strip()
            services.withdraw_activity(
                revision, activity, post.get("reason", ""),
                related=find_activity(related, programme) if related else None,
                kind=Kind.MERGED if post.get("kind") == Kind.MERGED else Kind.WITHDRAWN,
            )  # fmt: skip
            messages.success(request, _("%(ref)s withdrawn.") % {"ref": activity.ref})
        elif action == "delete":
            activity = find_activity(post.get("ref", ""), programme)
            services.delete_activity(revision, activity)
            messages.success(request, _("%(ref)s deleted.") % {"ref": activity.ref})
        elif action == "renumber":
            moved = services.renumber_section(revision, post.get("section", ""))
            messages.success(request, _("%(n)s activities renumbered.") % {"n": moved})
        elif action == "advance":
            session = post.get("session")
            services.advance(
                revision, post.get("state", ""), parse_date(post.get("on", "") or "") or None,
                post.get("reference", ""),
                session=Session.objects.filter(code=session).first() if session else None,
            )  # fmt: skip
            state = Revision.objects.get(pk=revision.pk).get_state_display()
            messages.success(request, _("The revision is now %(state)s.") % {"state": state})
        else:
            raise services.RevisionError(_("Unknown action."))
    except (services.RevisionError, ReportingError, ValidationError, ValueError) as exc:
        text = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, text)
    return redirect(_url(revision))


@editor_required
def new_programme(request):
    """Start the next programme from one: choose what carries over, map the codes."""
    previous = _editable(request)
    activities = list(previous.activities.current().order_by("-section", "number"))
    default = {a.pk for a in services.carried_by_default(previous)}
    plans = sorted(set(StrategicCode.objects.exclude(plan=previous.plan)
                       .values_list("plan", flat=True)))  # fmt: skip
    length = previous.period_end - previous.period_start
    context = {
        "previous": previous,
        "activities": activities,
        "chosen": default,
        "plans": plans,
        "start": previous.period_end,
        "end": previous.period_end + length,
    }
    if request.method == "POST":
        chosen = {int(pk) for pk in request.POST.getlist("carry") if pk.isdigit()}
        context["chosen"] = chosen
        try:
            start, end = int(request.POST.get("start", "")), int(request.POST.get("end", ""))
            context.update(start=start, end=end)
            if end < start:
                raise services.RevisionError(_("The last year comes before the first."))
            if Programme.objects.filter(body=previous.body, period_start=start,
                                        period_end=end).exists():  # fmt: skip
                raise services.RevisionError(_("That programme exists already."))
            programme = services.start_next_programme(
                previous, (start, end), request.POST.get("plan", ""),
                [a for a in activities if a.pk in chosen],
            )  # fmt: skip
        except (services.RevisionError, ValueError) as exc:
            context["error"] = str(exc)
        else:
            spec = f"{programme.body.code}-{start}-{end}"
            messages.success(request, _("%(programme)s started with %(n)s activities.")
                             % {"programme": spec, "n": programme.activities.count()})  # fmt: skip
            return redirect(f"{reverse('web:activities')}?programme={spec}")
    return render(request, "web/programme_new.html", context)
