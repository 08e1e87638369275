"""Where the programme stands at a session, computed in the database: the figures of the
dashboard (the same Summary, and so the same charts, as the PDF's first page)."""

from __future__ import annotations

import hashlib
from collections import Counter

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    FilteredRelation,
    Q,
    Value,
    When,
)

from jalon.core.programme import ActivityData, ProgrammeDocument
from jalon.core.programme import text as bilingual
from jalon.core.rules import (
    Plan,
    body_findings,
    carried_deadlines,
    check,
    deadline_findings,
    field_findings,
    programme_findings_of,
    read_deadline,
    session_date,
    status_findings_of,
    summary_of,
)
from jalon.documents.report import Summary, area_of
from jalon.interchange.store import load, plan_codes
from jalon.programmes.choices import Section
from jalon.programmes.models import (
    Activity,
    Body,
    CodeMapping,
    Meeting,
    Programme,
    Responsibility,
    StrategicCode,
)
from jalon.programmes.registry import load as load_registry
from jalon.reporting.filters import ActivityFilter
from jalon.reporting.models import Session, StatusReport, facts_of, with_status
from jalon.reporting.versions import (  # noqa: F401
    VERSIONED,
    DataState,
    data_state,
    data_version,
)

TIME_BOUND = Section.TIME_BOUND.value


def cached(key: str, programme: Programme, compute, version: str | None = None):
    """`compute()` once per version of the data."""
    full_key = f"jalon:{key}:{programme.pk}:{version or data_version()}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout=24 * 3600)
    return value


def summary(
    programme: Programme,
    session: Session | None,
    lang: str,
    version: str | None = None,
    state: DataState | None = None,
) -> Summary:
    """The figures of the session; `findings` holds the rule checker's summary (cached)."""
    activities = programme.activities.current().order_by()
    counts = Counter(dict(activities.values_list("section").annotate(n=Count("pk"))))
    priorities = Counter({"A": 0, "B": 0, "C": 0, "missing": 0})
    for priority, n in activities.values_list("priority").annotate(n=Count("pk")):
        priorities[priority or "missing"] += n
    areas = Counter({"PS": 0, "FA": 0, "ORG": 0, "OS": 0})
    # Grouped by the list of codes: a few dozen distinct lists, however many activities.
    for codes, n in activities.values_list("strategic_codes").annotate(n=Count("pk")):
        for area in {area_of(code) for code in codes}:
            areas[area] += n
    levels, suggested = Counter({"green": 0, "blue": 0, "red": 0, "not_set": 0}), 0
    if session is not None:
        reports = StatusReport.objects.filter(session=session, activity__programme=programme,
                                              activity__section=Section.TIME_BOUND)  # fmt: skip
        for row in (
            reports.exclude(execution_level=None).values("execution_level").annotate(n=Count("pk"))
        ):
            levels[row["execution_level"]] += row["n"]
        # Without a level: the one its keyword or text suggests (a derived column).
        without = reports.filter(execution_level=None).values_list("suggested_level")
        for suggestion, n in without.annotate(n=Count("pk")).order_by():
            if suggestion:
                levels[suggestion] += n
                suggested += n
            else:
                levels["not_set"] += n
        levels["not_set"] += counts[Section.TIME_BOUND] - reports.count()
    overdue = []
    if session is not None:
        late = ActivityFilter(
            {"overdue": "true"}, with_status(programme.activities.current(), session)
        ).qs
        for section, number, title_fr, title_en in (
            late.prefetch_related(None)
            .order_by("-section", "number")
            .values_list("section", "number", "title_fr", "title_en")
        ):
            title = (title_en if lang == "en" else title_fr) or title_fr or title_en
            overdue.append((f"{'I' if section == Section.TIME_BOUND else 'II'}.{number}", title))
    return Summary(
        activities=sum(counts.values()),
        time_bound=counts[Section.TIME_BOUND],
        permanent=counts[Section.PERMANENT],
        levels=dict(levels),
        suggested_levels=suggested,
        priorities=dict(priorities),
        areas=dict(areas),
        overdue=overdue,
        findings=findings_summary(programme, session, version, state),
    )


def findings_summary(
    programme: Programme, session: Session | None, version=None, state: DataState | None = None
) -> dict:
    """The rule checker's counts on the stored programme, what check().summary() gives,
    counted in the database: each part of the rules (jalon.core.rules) once per distinct
    combination of the columns it reads, times the number of activities (or statuses)
    having it, the status rules from the columns each status derives from its text. In
    the shared cache under the data's version (computed once for all workers); the part
    of the activities alone under the version of their data (a status saved leaves it)."""
    code = session.code if session else None

    def compute():
        current = state or data_state()
        counts = cached("findings:activities", programme, lambda: _activity_counts(programme),
                        activity_version(current))  # fmt: skip
        return _findings_counts(programme, session, counts)

    return cached(f"findings:{code}", programme, compute, version or (state and state.version))


# What the rules on the activities alone read: no status, session or assignment.
ACTIVITY_DATA = (Body, Meeting, StrategicCode, CodeMapping, Programme, Activity, Responsibility)


def activity_version(state: DataState) -> str:
    """The version of the activities' data alone (jalon.reporting.versions)."""
    latest = [state.latest[2 * i : 2 * i + 2] for i, model in enumerate(VERSIONED)
              if model in ACTIVITY_DATA]  # fmt: skip
    return hashlib.blake2b(repr(latest).encode(), digest_size=8).hexdigest()


def _activity_counts(programme: Programme) -> tuple[Counter, int, int]:
    """The findings of the rules on the activities alone and across them, by (rule,
    severity); the number of current activities, of those linked to the Plan."""
    registry = load_registry()
    outline = ProgrammeDocument(programme.to_data(), [], [], plan=programme.plan,
                                plan_codes=plan_codes(programme.plan))  # fmt: skip
    plan = Plan.of(outline)
    activities = programme.activities.current().order_by()
    found: Counter = Counter()

    def add(findings, n):
        for f in findings:
            found[(f.rule, f.severity)] += n

    for link, priority, codes, task_type, n in _counted(
        activities, "strategic_link", "priority", "strategic_codes", "task_type"
    ):
        stub = ActivityData(TIME_BOUND, 0, priority=priority, strategic_link=link,
                            strategic_codes=list(codes), task_type=task_type)  # fmt: skip
        add(field_findings(stub, plan), n)
    add(body_findings(ActivityData(TIME_BOUND, 0), registry),
        activities.filter(responsibilities=None).count())  # fmt: skip
    responsibilities = Responsibility.objects.filter(activity__in=activities.values("pk"))
    for body, n in _counted(responsibilities, "body__code"):
        add(body_findings(ActivityData(TIME_BOUND, 0, responsible_bodies=[body]), registry), n)
    carried = ExpressionWrapper(Q(predecessor__isnull=False), output_field=BooleanField())
    for section, fr, en, has_predecessor, n in _counted(
        activities.annotate(carried=carried), "section", "deadline_fr", "deadline_en", "carried"
    ):
        stub = ActivityData(section, 0, deadline=bilingual(fr, en),
                            predecessor="carried" if has_predecessor else "")  # fmt: skip
        add(deadline_findings(stub, registry)[0], n)
        add(carried_deadlines(outline, [stub], registry), n)
    # Across activities: duplicate titles, numbering.
    rows = [(section, number, fr or en) for section, number, fr, en in activities.order_by(
        "-section", "number").values_list("section", "number", "title_fr", "title_en")]  # fmt: skip
    add(programme_findings_of(rows), 1)
    return found, len(rows), activities.filter(strategic_link=True).count()


def _counted(queryset, *columns):
    return queryset.values_list(*columns).annotate(n=Count("pk")).order_by()


def _findings_counts(programme: Programme, session: Session | None, counts) -> dict:
    """The checker's summary: the activities' `counts` (_activity_counts) and the status
    rules at `session`."""
    registry = load_registry()
    activities = programme.activities.current().order_by()
    activity_found, total, linked = counts
    found: Counter = activity_found.copy()

    def add(findings, n, only=None):
        for f in findings:
            if only in (None, f.rule):
                found[(f.rule, f.severity)] += n

    counted = _counted
    if session is not None:
        data = session.to_data()
        when = session_date(data, registry)
        at_session = activities.annotate(
            report=FilteredRelation("status_reports", condition=Q(status_reports__session=session)),
            has_text=Case(When(Q(report__text_fr="") & Q(report__text_en=""), then=Value(False)),
                          default=Value(True), output_field=BooleanField()),
        )  # fmt: skip
        for section, held, progress, has_text, *facts, level, n in counted(
            at_session, "section", "report__session_id", "report__progress", "has_text",
            "report__text_dated", "report__text_next_steps", "report__suggested_level",
            "report__suggested_basis", "report__execution_level",
        ):  # fmt: skip
            status = facts_of(progress, has_text, *facts, level) if held else None
            add(status_findings_of((section, 0), status, data.id, None, "", when), n)
        # Overdue: the deadline and whether the status says completed (section I only).
        for fr, en, held, progress, n in counted(
            at_session.filter(section=Section.TIME_BOUND), "deadline_fr", "deadline_en",
            "report__session_id", "report__progress",
        ):  # fmt: skip
            if not held:
                continue
            written = bilingual(fr, en)
            written = written.get("fr") or written.get("en", "")
            deadline = read_deadline(written, registry)
            status = facts_of(progress, False, False, False, None, None, None)
            due = deadline.due if deadline else None
            add(status_findings_of((TIME_BOUND, 0), status, data.id, due, written, when), n,
                "overdue")  # fmt: skip
    return summary_of(total, linked, found)


def progress_across_sessions(
    programme: Programme, version: str | None = None, state: DataState | None = None
) -> list[tuple[str, dict[str, int]]]:
    """Section I execution levels recorded at each session, oldest first: one GROUP BY
    read from an index (status_level_by_session), in the shared cache under the data's
    version."""

    def compute():
        quote = connection.ops.quote_name
        reports = quote(StatusReport._meta.db_table)
        activities = quote(Activity._meta.db_table)
        # "+activity_id": SQLite then reads the index on (session, level, activity) in
        # its order, grouped as it goes, instead of looking up each activity's statuses.
        sql = (
            f"SELECT {quote('session_id')}, {quote('execution_level')}, COUNT(*) FROM {reports} "
            f"WHERE +{quote('activity_id')} IN (SELECT {quote('id')} FROM {activities} "
            f"WHERE {quote('programme_id')} = %s AND {quote('section')} = %s) "
            f"GROUP BY {quote('session_id')}, {quote('execution_level')}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [programme.pk, Section.TIME_BOUND.value])
            rows = cursor.fetchall()
        by_session: dict[int, Counter] = {}
        for session_id, level, n in rows:
            by_session.setdefault(session_id, Counter())[level or "not_set"] += n
        sessions = sorted(Session.objects.filter(pk__in=by_session).select_related("body"),
                          key=Session.chronological_key)  # fmt: skip
        return [(s.code, dict(by_session[s.pk])) for s in sessions]

    return cached("progress", programme, compute, version)


def activities_with_finding(programme: Programme, session: Session | None, rule: str) -> list:
    """The ids of the activities the rule checker finds at fault under `rule` (cached):
    where a finding on the dashboard leads."""
    code = session.code if session else None

    def compute():
        result = check(load(programme, [code] if code else []), code, registry=load_registry())
        faulty = {f.activity for f in result.findings if f.rule == rule and f.activity}
        ids = programme.activities.values_list("pk", "section", "number")
        return [pk for pk, section, number in ids if (section, number) in faulty]

    return cached(f"rule:{rule}:{code}", programme, compute)
