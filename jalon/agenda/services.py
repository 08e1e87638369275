"""The database side of the forward agenda, the calendar feeds and the consolidated
report: which programmes are current, and their activities as plain data for the core
(`jalon.core.agenda`, `jalon.core.consolidated`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date

from django.db.models import Q

from jalon.core.agenda import Entry, entries, forward_agenda
from jalon.core.bodies import body_code
from jalon.core.calendar import chronological_key
from jalon.core.consolidated import Consolidated, consolidate
from jalon.core.programme import ActivityData, ProgrammeDocument, StatusReportData
from jalon.core.programme import text as _text
from jalon.interchange.store import load_for_check
from jalon.programmes.models import Activity, Body, Programme, Responsibility
from jalon.reporting.models import Assignment, Session, StatusReport


class AgendaError(ValueError):
    """A request the agenda cannot answer: an unknown body or session, an undated session."""


def current_programmes() -> list[Programme]:
    """Each body's most recent programme, by body."""
    latest: dict[int, Programme] = {}
    for programme in Programme.objects.latest_first():
        latest.setdefault(programme.body_id, programme)
    return sorted(latest.values(), key=lambda p: p.body.code)


def find_body(spelling: str) -> Body:
    code = body_code(spelling) or spelling.strip()
    body = Body.objects.filter(code=code).first()
    if body is None:
        known = ", ".join(Body.objects.values_list("code", flat=True)) or "none"
        raise AgendaError(f"no body {spelling!r} (known: {known})")
    return body


def session_period(body: Body, code: str) -> tuple[Session, date, date]:
    """The days of one of the body's sessions."""
    session = Session.objects.filter(code=code).select_related("body").first()
    if session is None:
        raise AgendaError(f"no session {code!r}")
    if session.body_id != body.pk:
        raise AgendaError(f"{code} is a session of {session.body.code}, not of {body.code}")
    if session.start is None:
        raise AgendaError(f"session {code} has no dates: give the period instead (from, to)")
    return session, session.start, session.end or session.start


def documents(*, start: date | None = None, activities=None) -> list[ProgrammeDocument]:
    """The current programmes' current activities as plain data, without their statuses
    (`with_latest_status` adds the latest to the entries the agenda keeps) — only what the
    agenda reads, in three queries. `start`: only activities due on or after it (an
    earlier due date has no milestone then); `activities`: a queryset limiting them."""
    programmes = {p.pk: p for p in current_programmes()}
    chosen = Activity.objects.filter(programme__in=list(programmes), withdrawn=False)
    chosen = chosen.exclude(due=None)
    if start is not None:
        chosen = chosen.filter(due__gte=start)
    if activities is not None:
        chosen = chosen.filter(pk__in=activities.values("pk"))
    rows = list(
        chosen.order_by("programme_id", "-section", "number").values_list(
            "pk", "programme_id", "section", "number", "title_fr", "title_en",
            "deadline_fr", "deadline_en", "uid",
        )
    )  # fmt: skip
    if not rows:
        return []
    leads = dict(
        Responsibility.objects.filter(activity__in=chosen.order_by().values("pk"), position=0)
        .values_list("activity_id", "body__code")
    )  # fmt: skip
    by_programme: dict[int, list[ActivityData]] = defaultdict(list)
    for pk, programme, section, number, title_fr, title_en, fr, en, uid in rows:
        by_programme[programme].append(
            ActivityData(
                section=section,
                number=number,
                title=_text(title_fr, title_en),
                deadline=_text(fr, en),
                responsible_bodies=[leads[pk]] if pk in leads else [],
                uid=str(uid),
            )
        )
    return [
        ProgrammeDocument(programmes[pk].to_data(), [], items) for pk, items in by_programme.items()
    ]


def with_latest_status(found: list[Entry]) -> list[Entry]:
    """The entries with their activity's latest status that says something (one query,
    for the activities of the entries only)."""
    uids = {entry.uid for entry in found}
    if not uids:
        return found
    latest: dict[str, tuple] = {}
    for uid, session, body, numbers, day, keyword, fr, en, level in (
        StatusReport.objects.filter(activity__uid__in=uids)
        .exclude(Q(keyword=None) & Q(text_fr="") & Q(text_en="") & Q(execution_level=None))
        .order_by()
        .values_list(
            "activity__uid", "session__code", "session__body__code", "session__numbers",
            "session__start", "keyword", "text_fr", "text_en", "execution_level",
        )
    ):  # fmt: skip
        key = chronological_key(body, numbers, day, session)
        uid = str(uid)
        if uid not in latest or key > latest[uid][0]:
            latest[uid] = (key, StatusReportData(session, keyword, _text(fr, en), level))
    return [
        replace(
            entry,
            status_session=report.session,
            keyword=report.keyword,
            level=report.execution_level,
            status=report.text,
        )  # fmt: skip
        if (report := latest.get(entry.uid, (None, None))[1]) is not None
        else entry
        for entry in found
    ]


def agenda(body: Body, start: date, end: date) -> list[Entry]:
    """What is due before `body` between `start` and `end`, across every programme."""
    return with_latest_status(forward_agenda(documents(start=start), body.code, start, end))


def body_feed(body: Body) -> list[Entry]:
    """Every milestone before the body, past and future: the body's calendar feed."""
    return with_latest_status(entries(documents(), body=body.code))


def user_feed(user) -> list[Entry]:
    """Every milestone of the activities the user is the officer or the deputy of."""
    mine = Activity.objects.filter(
        pk__in=Assignment.objects.filter(Q(officer=user) | Q(deputy=user)).values("activity_id")
    )
    return with_latest_status(entries(documents(activities=mine)))


def consolidated(as_of: date) -> Consolidated:
    """Every body's current programme as it stood at `as_of` (each at its last session
    held by then)."""
    return consolidate([load_for_check(p, as_of=as_of) for p in current_programmes()], as_of)
