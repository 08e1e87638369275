"""Where the programme stands at a session, computed in the database: the figures of the
dashboard (the same Summary, and so the same charts, as the PDF's first page)."""

from __future__ import annotations

import itertools
import os
import time
from collections import Counter

from django.core.cache import cache
from django.db.models import Count

from jalon.core.rules import (
    Plan,
    activity_findings,
    check,
    choose_session,
    programme_findings,
    session_date,
    summary_of,
)
from jalon.core.status import suggest_level
from jalon.documents.report import Summary, area_of
from jalon.interchange.store import load
from jalon.programmes.choices import Section
from jalon.programmes.models import Programme
from jalon.programmes.registry import load as load_registry
from jalon.reporting.filters import ActivityFilter
from jalon.reporting.models import Session, StatusReport, with_status
from jalon.reporting.todo import remembered_since
from jalon.reporting.versions import DataState, data_state, data_version  # noqa: F401

# A figure missing from the shared cache is computed by one worker: the others wait for
# its answer (polling the cache) rather than compute the same figure beside it. A worker
# that died computing leaves its claim for CLAIM_SECONDS at most; a worker waits WAIT_SECONDS
# at most, then computes the figure itself.
KEPT_SECONDS, CLAIM_SECONDS, WAIT_SECONDS = 24 * 3600, 60, 15.0
POLL_SECONDS = (0.02, 0.05, 0.1, 0.2)  # then every 0.2 s
_pause = time.sleep  # the tests replace it to know when a worker waits


def cached(key: str, programme: Programme, compute, version: str | None = None):
    """`compute()` once per version of the data, for all workers (the shared cache)."""
    full_key = f"jalon:{key}:{programme.pk}:{version or data_version()}"
    value = cache.get(full_key)
    if value is not None:
        return value
    claim = f"{full_key}:computing"
    claimed = cache.add(claim, os.getpid(), timeout=CLAIM_SECONDS)
    if not claimed:
        value = _wait_for(full_key, claim)
        if value is not None:
            return value
    try:
        value = compute()
        cache.set(full_key, value, timeout=KEPT_SECONDS)
    finally:
        if claimed:
            cache.delete(claim)
    return value


def _wait_for(full_key: str, claim: str):
    """The value another worker is computing under `claim`: None if it gave up (its claim
    gone without a value) or WAIT_SECONDS passed."""
    deadline = time.monotonic() + WAIT_SECONDS
    for n in itertools.count():
        _pause(POLL_SECONDS[min(n, len(POLL_SECONDS) - 1)])
        value = cache.get(full_key)
        if value is not None:
            return value
        if cache.get(claim) is None or time.monotonic() > deadline:
            return cache.get(full_key)  # set between the two reads, or None


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
        without = reports.filter(execution_level=None).values_list("keyword", "text_fr", "text_en")
        for keyword, text_fr, text_en in without:
            suggestion = suggest_level(text_fr or text_en, keyword)
            if suggestion:
                levels[suggestion.execution_level.value] += 1
                suggested += 1
            else:
                levels["not_set"] += 1
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
    """The rule checker's counts on the stored programme, what check().summary() gives:
    in the shared cache under the data's version (computed once for all workers). Each
    worker keeps what it found on each activity: after a change it checks again only the
    activities changed, then the rules across activities."""
    code = session.code if session else None

    def compute():
        nonlocal state
        state = state or data_state()
        per_activity, totals = remembered_since(
            ("findings", programme.pk, code), state,
            lambda: _findings_by_activity(programme, code),
            lambda previous, changed: _findings_by_activity(programme, code, previous, changed),
        )  # fmt: skip
        current = [activity for activity, _ in per_activity.values()]
        found = totals.copy()
        found.update((f.rule, f.severity) for f in programme_findings(current))
        linked = sum(1 for activity in current if activity.strategic_link is True)
        return summary_of(len(current), linked, found)

    return cached(f"findings:{code}", programme, compute, version or (state and state.version))


def _findings_by_activity(programme, code, previous=None, changed=None) -> tuple:
    """(activity id → (its data, its findings' (rule, severity)), their count) for the
    current activities, as check() finds them at session `code`: all of them, or
    `previous` with the activities `changed` checked again."""
    if changed is not None and not changed:
        return previous
    registry = load_registry()
    document = load(programme, [code] if code else [], changed)
    session = choose_session(document, code, None, registry)
    when = session_date(session, registry) if session else None
    plan = Plan.of(document)
    ids = (
        programme.activities.all()
        if changed is None
        else programme.activities.filter(pk__in=changed)
    )
    pks = {str(uid): pk for uid, pk in ids.values_list("uid", "pk")}
    if changed is None:
        out, totals = {}, Counter()
    else:
        out, totals = dict(previous[0]), previous[1].copy()
        for pk in changed:
            if pk in out:
                totals.subtract(out.pop(pk)[1])
    for activity in document.current():
        pk = pks.get(activity.uid)
        if pk is None:  # deleted since it was read: its audit entry comes with the next view
            continue
        found = tuple(
            (f.rule, f.severity)
            for f in activity_findings(document, activity, session, when, registry, plan)
        )
        out[pk] = (activity, found)
        totals.update(found)
    return out, totals


def progress_across_sessions(
    programme: Programme, version: str | None = None, state: DataState | None = None
) -> list[tuple[str, dict[str, int]]]:
    """Section I execution levels recorded at each session, oldest first: counted in the
    database (one GROUP BY over the statuses) and kept in the shared cache under the
    data's version."""

    def compute():
        by_session: dict[int, dict[str, int]] = {}
        for session_id, level, n in (
            StatusReport.objects.filter(
                activity__programme=programme, activity__section=Section.TIME_BOUND
            )
            .order_by()
            .values_list("session_id", "execution_level")
            .annotate(n=Count("pk"))
        ):
            by_session.setdefault(session_id, {})[level or "not_set"] = n
        sessions = sorted(Session.objects.filter(pk__in=by_session).select_related("body"),
                          key=Session.chronological_key)  # fmt: skip
        return [(s.code, by_session[s.pk]) for s in sessions]

    return cached("progress", programme, compute, version or (state and state.version))


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
