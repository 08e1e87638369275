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
from jalon.core.calendar import session_id as meeting_id
from jalon.core.consolidated import Consolidated, consolidate
from jalon.core.programme import ActivityData, ProgrammeDocument, StatusReportData
from jalon.core.programme import text as _text
from jalon.programmes.models import Activity, Body, Meeting, Programme, Responsibility
from jalon.reporting.models import Assignment, Session, StatusReport


class AgendaError(ValueError):
    """A request the agenda cannot answer: an unknown body or session, an undated session."""


def current_programmes(readable=None) -> list[Programme]:
    """Each body's most recent programme, by body; `readable`: only those bodies' (ids, as
    `accounts.permissions.readable_body_ids` gives them; None for every body)."""
    latest: dict[int, Programme] = {}
    programmes = Programme.objects.latest_first()
    if readable is not None:
        programmes = programmes.filter(body_id__in=readable)
    for programme in programmes:
        latest.setdefault(programme.body_id, programme)
    return sorted(latest.values(), key=lambda p: p.body.code)


def find_body(spelling: str) -> Body:
    code = body_code(spelling) or spelling.strip()
    body = Body.objects.filter(code=code).first()
    if body is None:
        known = ", ".join(Body.objects.values_list("code", flat=True)) or "none"
        raise AgendaError(f"no body {spelling!r} (known: {known})")
    return body


def session_period(body: Body, code: str) -> tuple[date, date]:
    """The days of one of the body's sessions: a reporting session, or a meeting on the
    body's calendar (the Council's, which no programme reports to), by its id."""
    session = Session.objects.filter(code=code).select_related("body").first()
    if session is not None:
        if session.body_id != body.pk:
            raise AgendaError(f"{code} is a session of {session.body.code}, not of {body.code}")
        if session.start is not None:
            return session.start, session.end or session.start
    for meeting in Meeting.objects.filter(body=body).exclude(numbers=[]):
        if meeting_id(body.code, meeting.numbers) == code:
            return meeting.start, meeting.end or meeting.start
    if session is not None:
        raise AgendaError(f"session {code} has no dates: give the period instead (from, to)")
    raise AgendaError(f"no session {code!r} of {body.code}")


def dated_sessions() -> list[tuple[str, str, date]]:
    """Every dated session and meeting with numbers: (body code, id, first day)."""
    found = {
        s.code: (s.body.code, s.code, s.start)
        for s in Session.objects.exclude(start=None).select_related("body")
    }
    for meeting in Meeting.objects.exclude(numbers=[]).select_related("body"):
        code = meeting_id(meeting.body.code, meeting.numbers)
        found.setdefault(code, (meeting.body.code, code, meeting.start))
    return sorted(found.values(), key=lambda item: (item[2], item[1]))


def documents(*, start: date | None = None, activities=None, readable=None):
    return _documents(start, activities, readable)[0]


def _documents(start=None, activities=None, readable=None) -> tuple[list, dict[str, int]]:
    """The current programmes' current activities as plain data, without their statuses
    (`with_latest_status` adds the latest to the entries the agenda keeps) — only what the
    agenda reads, in three queries. `start`: only activities due on or after it (an
    earlier due date has no milestone then); `activities`: a queryset limiting them. With
    each activity's primary key by uid: its statuses are then read by key."""
    programmes = {p.pk: p for p in current_programmes(readable)}
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
        return [], {}
    leads = dict(
        Responsibility.objects.filter(activity__in=chosen.order_by().values("pk"), position=0)
        .values_list("activity_id", "body__code")
    )  # fmt: skip
    by_programme: dict[int, list[ActivityData]] = defaultdict(list)
    keys = {}
    for pk, programme, section, number, title_fr, title_en, fr, en, uid in rows:
        uid = str(uid)
        keys[uid] = pk
        by_programme[programme].append(
            ActivityData(
                section=section,
                number=number,
                title=_text(title_fr, title_en),
                deadline=_text(fr, en),
                responsible_bodies=[leads[pk]] if pk in leads else [],
                uid=uid,
            )
        )
    read = [ProgrammeDocument(programmes[pk].to_data(), [], items)
            for pk, items in by_programme.items()]  # fmt: skip
    return read, keys


def with_latest_status(found: list[Entry], keys: dict[str, int]) -> list[Entry]:
    """The entries with their activity's latest status that says something (two queries,
    for the activities of the entries only); `keys`: the activities' primary keys by uid
    (a uid would cost a conversion per row)."""
    pks = {keys[entry.uid] for entry in found}
    if not pks:
        return found
    rows = list(
        StatusReport.objects.filter(activity_id__in=pks)
        .exclude(Q(keyword=None) & Q(text_fr="") & Q(text_en="") & Q(execution_level=None))
        .order_by()
        .values_list("activity_id", "session_id", "keyword", "text_fr", "text_en",
                     "execution_level")
    )  # fmt: skip
    sessions = {
        s.pk: (s.chronological_key(), s.code)
        for s in Session.objects.filter(pk__in={row[1] for row in rows}).select_related("body")
    }
    latest: dict[int, tuple] = {}
    for row in rows:
        if row[0] not in latest or sessions[row[1]][0] > sessions[latest[row[0]][1]][0]:
            latest[row[0]] = row
    result = []
    for entry in found:
        row = latest.get(keys[entry.uid])
        if row is None:
            result.append(entry)
            continue
        result.append(replace(entry, status_session=sessions[row[1]][1], keyword=row[2],
                              status=_text(row[3], row[4]), level=row[5]))  # fmt: skip
    return result


def agenda(body: Body, start: date, end: date, readable=None) -> list[Entry]:
    """What is due before `body` between `start` and `end`, across every programme (every
    one the reader may read: `readable`)."""
    read, keys = _documents(start, readable=readable)
    return with_latest_status(forward_agenda(read, body.code, start, end), keys)


def body_feed(body: Body, readable=None) -> list[Entry]:
    """Every milestone before the body, past and future: the body's calendar feed."""
    read, keys = _documents(readable=readable)
    return with_latest_status(entries(read, body=body.code), keys)


def user_feed(user, readable=None) -> list[Entry]:
    """Every milestone of the activities the user is the officer or the deputy of."""
    mine = Activity.objects.filter(
        pk__in=Assignment.objects.filter(Q(officer=user) | Q(deputy=user)).values("activity_id")
    )
    read, keys = _documents(activities=mine, readable=readable)
    return with_latest_status(entries(read), keys)


def consolidated(as_of: date, readable=None) -> Consolidated:
    """Every body's current programme as it stood at `as_of`, each at its last session
    held by then: four queries whatever the number of bodies (`load_for_check` per
    programme took eight each)."""
    programmes = current_programmes(readable)
    if not programmes:
        return consolidate([], as_of)
    ids = [p.pk for p in programmes]
    # A programme's sessions: its body's, and any other holding one of its statuses.
    holding = defaultdict(set)
    for programme_id, session_id in (
        StatusReport.objects.filter(activity__programme__in=ids)
        .order_by()
        .values_list("activity__programme_id", "session_id")
        .distinct()
    ):
        holding[programme_id].add(session_id)
    bodies = {p.body_id for p in programmes}
    wanted = set().union(*holding.values()) if holding else set()
    sessions = list(
        Session.objects.filter(Q(body__in=bodies) | Q(pk__in=wanted)).select_related("body")
    )
    chosen: dict[int, Session] = {}
    for programme in programmes:
        own = [s for s in sessions if s.body_id == programme.body_id or s.pk in
               holding[programme.pk]]  # fmt: skip
        held = sorted((s for s in own if (s.meeting_day() or date.max) <= as_of),
                      key=Session.chronological_key)  # fmt: skip
        if held:
            chosen[programme.pk] = held[-1]
    reports = defaultdict(list)
    if chosen:
        pairs = Q()
        for programme_id, session in chosen.items():
            pairs |= Q(activity__programme_id=programme_id, session=session)
        for activity_id, code, keyword, fr, en, level in (
            StatusReport.objects.filter(pairs)
            .order_by()
            .values_list("activity_id", "session__code", "keyword", "text_fr", "text_en",
                         "execution_level")
        ):  # fmt: skip
            reports[activity_id].append(StatusReportData(code, keyword, _text(fr, en), level))
    activities = defaultdict(list)
    for pk, programme_id, section, number, link, title_fr, title_en, fr, en, uid in (
        Activity.objects.filter(programme__in=ids, withdrawn=False)
        .order_by("programme_id", "-section", "number")
        .values_list("pk", "programme_id", "section", "number", "strategic_link", "title_fr",
                     "title_en", "deadline_fr", "deadline_en", "uid")
    ):  # fmt: skip
        activities[programme_id].append(
            ActivityData(section=section, number=number, strategic_link=link,
                         title=_text(title_fr, title_en), deadline=_text(fr, en),
                         status_reports=reports[pk], uid=str(uid))
        )  # fmt: skip
    documents = [
        ProgrammeDocument(
            p.to_data(),
            [chosen[p.pk].to_data()] if p.pk in chosen else [],
            activities[p.pk],
        )
        for p in programmes
    ]
    return consolidate(documents, as_of)
