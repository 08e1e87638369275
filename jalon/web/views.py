"""Pages to see where the programme stands: dashboard, activity list and detail, export."""

from collections import Counter

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from jalon.core.deadlines import parse_deadline
from jalon.core.resources import parse_resources
from jalon.core.rules import Plan, check_activity
from jalon.core.translation import FIELD_LABELS
from jalon.documents.charts import progress_chart, summary_charts
from jalon.documents.formats import FORMATS, default_filename
from jalon.documents.formats import render as render_document
from jalon.documents.labels import LABELS
from jalon.interchange.store import load, load_for_document, plan_codes
from jalon.programmes.models import Activity, body_label
from jalon.programmes.registry import load as load_registry
from jalon.reporting.filters import ActivityFilter
from jalon.reporting.models import Session, StatusReport, with_status
from jalon.reporting.rule_labels import RULE_LABELS
from jalon.reporting.services import NotFoundError, find_activity
from jalon.translation.choices import TranslationState
from jalon.translation.services import items, translation_states
from jalon.web import dashboard as figures
from jalon.web.access import (
    ALL_BODIES,
    CHOSEN,
    body_flags,
    current_programme,
    current_session,
    programme_spec,
    readable_programmes,
    reader_required,
    safe_next,
)
from jalon.web.forms import ExportForm

OVERDUE_SHOWN = 25  # the dashboard lists these; the filtered list shows them all


def language() -> str:
    return "en" if (get_language() or "fr").startswith("en") else "fr"


def _context(request):
    programme = current_programme(request)
    session = current_session(request, programme)
    sessions = sorted(Session.objects.filter(body=programme.body).select_related("body"),
                      key=Session.chronological_key) if programme else []  # fmt: skip
    return {"programme": programme, "session": session, "sessions": sessions}


def _all_bodies(request) -> bool:
    body = request.GET.get("body")
    if body is not None or request.GET.get("programme"):
        return body == ALL_BODIES
    return request.session.get(CHOSEN) == ALL_BODIES


@reader_required
def dashboard(request):
    if _all_bodies(request):
        return dashboard_all(request)
    context = _context(request)
    programme, session = context["programme"], context["session"]
    if programme is None:
        return render(request, "web/empty.html", context)
    lang = language()
    state = figures.data_state()
    version = state.version
    summary = figures.summary(programme, session, lang, version, state)
    labels = LABELS[lang]
    progress = figures.progress_across_sessions(programme, version, state)
    context.update(
        summary=summary,
        charts=summary_charts(summary, labels),
        progress_chart=progress_chart(progress, labels) if progress else "",
        findings=summary.findings,
        linked_share=summary.findings["linked_share"],
        overdue=summary.overdue[:OVERDUE_SHOWN],
        # Remembered with the figures: a translation is saved with its text, so the data
        # version changes with it.
        translation=figures.cached(
            f"translation:{session.code}",
            programme,
            lambda: _translation_counts(session, programme, state),
            version,
        )
        if session
        else None,  # fmt: skip
    )
    return render(request, "web/dashboard.html", context)


def _translation_counts(session, programme, state) -> dict:
    """Texts to translate by target language and state, for the dashboard: from the
    states by activity the round's to-do list also remembers (after a change, only the
    activities changed are read again)."""
    out = {"en": Counter(), "fr": Counter()}
    for counter in translation_states(session, programme, state).values():
        for (lang, found), n in counter.items():
            out[lang][found] += n
    return out


@reader_required
def activity_list(request):
    context = _context(request)
    programme, session = context["programme"], context["session"]
    if programme is None:
        return render(request, "web/empty.html", context)
    queryset = with_status(programme.activities.current(), session).order_by("-section", "number")
    rule = request.GET.get("rule")
    if rule in RULE_LABELS:  # from a finding on the dashboard
        queryset = queryset.filter(pk__in=figures.activities_with_finding(programme, session, rule))
    filters = ActivityFilter(request.GET, queryset=queryset)
    page = Paginator(filters.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context.update(filters=filters, page=page, query=query.urlencode(), lang=language(),
                   rule=rule if rule in RULE_LABELS else None)  # fmt: skip
    return render(request, "web/activity_list.html", context)


@reader_required
def activity_detail(request, ref):
    context = _context(request)
    programme = context["programme"]
    if programme is None:
        raise Http404
    try:
        activity = find_activity(ref, programme)
    except NotFoundError as exc:
        raise Http404(str(exc)) from None
    activity = programme.activities.with_bodies().get(pk=activity.pk)
    context.update(body_flags(request.user, programme))
    # Its whole life: its own statuses and those of the activities it carries over from.
    lineage, earlier = [activity], activity
    while earlier.predecessor_id:
        earlier = Activity.objects.select_related("programme").get(pk=earlier.predecessor_id)
        lineage.append(earlier)
    reports = StatusReport.objects.filter(activity__in=lineage).select_related(
        "session__body", "activity__programme"
    )
    timeline = sorted(reports, key=lambda report: report.session.chronological_key())
    session = context["session"]
    data = activity.to_data(r.to_data() for r in timeline)
    lang = language()
    deadline_text = activity.deadline_fr or activity.deadline_en
    registry = load_registry()
    deadline = parse_deadline(deadline_text, registry)
    shown = deadline.milestones if deadline else []
    names = body_names(registry, {code for m in shown for code in m.bodies}, lang)
    context.update(
        activity=activity,
        timeline=timeline,
        current=next((r for r in timeline if session and r.session_id == session.pk), None),
        findings=check_activity(
            data, session.to_data() if session else None, registry, plan=plan_of(activity)
        ),
        deadline=deadline,
        # The milestones' bodies by their acronym in the page's language, not their code.
        milestones=[(m, ", ".join(names.get(code, code) for code in m.bodies)) for m in shown],
        # "Ongoing work" under a deadline that says so in the page's language repeats it.
        deadline_restated=bool(getattr(activity, f"deadline_{lang}")),
        resources=parse_resources(activity.resources_fr or activity.resources_en),
        lang=lang,
        translation=[
            (item, FIELD_LABELS[item.field][lang != "fr"], TranslationState(item.state).label)
            for item in (items(session, None, programme, [activity.pk]) if session else [])
            if item.state
        ],
    )
    return render(request, "web/activity_detail.html", context)


def body_names(registry, codes, lang: str) -> dict[str, str]:
    """{code: the body as a page in `lang` names it} for the bodies `codes` names, from the
    registry already read (no query)."""
    names = {}
    for code in codes:
        info = registry.body(code)
        names[code] = body_label(code, getattr(info, f"acronym_{lang}", ""),
                                 getattr(info, f"name_{lang}", "")) if info else code  # fmt: skip
    return names


def plan_of(activity: Activity) -> Plan:
    """The Strategic Plan edition of the activity's programme, its codes from data."""
    plan = activity.programme.plan
    codes = plan_codes(plan)
    return Plan(plan, codes) if codes is not None else Plan.of()


@reader_required
def export(request):
    context = _context(request)
    programme = context["programme"]
    if programme is None:
        return render(request, "web/empty.html", context)
    session = context["session"]
    initial = {"lang": language(), "session": session.code if session else ""}
    form = ExportForm(request.GET or None, sessions=context["sessions"], initial=initial)
    if form.is_valid():
        name, lang = form.cleaned_data["format"], form.cleaned_data["lang"]
        session = form.cleaned_data["session"]
        # A session document reads its session's statuses only, not every session's.
        document = load(programme) if name == "json" else load_for_document(programme, session)
        content = render_document(document, name, session, lang)
        response = HttpResponse(content, content_type=FORMATS[name].media_type)
        filename = default_filename(document, name, session, lang)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response
    context["form"] = form
    return render(request, "web/export.html", context)


def dashboard_all(request):
    """Every body side by side: each one's most recent programme at its latest session —
    activities, execution levels, overdue — linking to its own dashboard."""
    request.session[CHOSEN] = ALL_BODIES
    lang = language()
    state = figures.data_state()
    version = state.version
    rows, seen = [], set()
    for programme in readable_programmes(request.user):
        if programme.body_id in seen:
            continue  # the most recent programme of each body
        seen.add(programme.body_id)
        session = Session.latest(programme.body)
        summary = figures.summary(programme, session, lang, version, state)
        rows.append({"programme": programme, "spec": programme_spec(programme),
                     "session": session, "summary": summary})  # fmt: skip
    rows.sort(key=lambda row: row["programme"].body.code)
    context = {"rows": rows, "all_bodies": True, "lang": lang}
    return render(request, "web/dashboard_all.html", context)


# The pages that show the chosen programme: the picker comes back to the same page.
PROGRAMME_PAGES = {"web:dashboard", "web:activities", "web:revisions", "web:export", "web:import"}


@reader_required
@require_POST
def choose(request):
    """The header's picker: a body's programme, or every body; remembered in the session."""
    value = request.POST.get("programme", "")
    if value == ALL_BODIES:
        request.session[CHOSEN] = ALL_BODIES
        return redirect(reverse("web:dashboard") + f"?body={ALL_BODIES}")
    try:
        programme = readable_programmes(request.user).find(value) if value else None
    except ValueError:
        programme = None
    if programme is None:
        raise Http404(f"no programme {value}")
    spec = programme_spec(programme)
    request.session[CHOSEN] = spec
    target = safe_next(request, reverse("web:dashboard")).split("?")[0]
    try:
        match = resolve(target)
    except Resolver404:
        match = None
    if match is None or f"web:{match.url_name}" not in PROGRAMME_PAGES:
        target = reverse("web:dashboard")
    return redirect(f"{target}?programme={spec}")
