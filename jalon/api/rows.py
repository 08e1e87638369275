"""The activity list and detail read straight from rows.

The JSON is ActivitySerializer's, key for key (tests/test_api_speed.py proves the bytes
equal), but built from plain rows and two bulk queries — the page's responsible bodies
and its statuses at the session — instead of model instances and a serializer's fields
per row: the list costs little more than its SQL and `json.dumps`. The statements that
every request runs (the programme, its body's sessions, an unfiltered page, the bodies
and the statuses) are plain SELECTs (jalon.api.sql), not compiled through the ORM.
"""

from __future__ import annotations

import uuid
from collections import defaultdict

import orjson
from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import DateField, F, FilteredRelation, Q, Value

from jalon.api.sql import Columns, fetch, placeholders, quote
from jalon.core.vocabulary import Section as Roman
from jalon.programmes.choices import Section
from jalon.programmes.models import Activity, Body, Programme, Responsibility
from jalon.reporting.models import Session, StatusReport
from jalon.reporting.services import ACTIVITY_REF, find_activity

ACTIVITY_COLUMNS = (
    "pk", "section", "number", "priority", "strategic_link", "title_fr", "title_en",
    "strategic_codes", "task_type", "task_type_raw", "responsible_raw", "resources_fr",
    "resources_en", "kpi_fr", "kpi_en", "deadline_fr", "deadline_en", "due", "uid",
)  # fmt: skip
REPORT_COLUMNS = ("id", "activity_id", "keyword", "progress", "execution_level", "text_fr",
                  "text_en", "version", "carried_forward")  # fmt: skip

_ACTIVITY = Columns(Activity, ACTIVITY_COLUMNS, raw=("due", "uid"))  # see _date, _uuid
_REPORT = Columns(StatusReport, REPORT_COLUMNS)
_PROGRAMME, _BODY, _SESSION = Columns(Programme), Columns(Body), Columns(Session)


def _column(model, name: str) -> str:
    return f"{quote(model._meta.db_table)}.{quote(model._meta.get_field(name).column)}"


def latest_programme(body_code: str | None = None, period: tuple[int, int] | None = None,
                     body_ids=None) -> Programme | None:  # fmt: skip
    """`Programme.objects.latest_first()` filtered by the body's code, the period and the
    bodies (None: any), `.first()`: the programme with its body, in one statement."""
    conditions, params = [], []
    if body_code is not None:
        conditions.append(f"{_column(Body, 'code')} = %s")
        params.append(body_code)
    if period is not None:
        conditions += [f"{_column(Programme, 'period_start')} = %s",
                       f"{_column(Programme, 'period_end')} = %s"]  # fmt: skip
        params += period
    if body_ids is not None:
        if not body_ids:
            return None
        conditions.append(f"{_column(Programme, 'body')} IN ({placeholders(body_ids)})")
        params += sorted(body_ids)
    where = f"WHERE {' AND '.join(conditions)} " if conditions else ""
    found = fetch(
        f"SELECT {_PROGRAMME.sql()}, {_BODY.sql()} FROM {quote(_PROGRAMME.table)} "
        f"INNER JOIN {quote(_BODY.table)} ON {_column(Programme, 'body')} = "
        f"{_column(Body, 'id')} {where}"
        f"ORDER BY {_column(Programme, 'period_start')} DESC, {_column(Programme, 'id')} DESC "
        "LIMIT 1",
        params,
    )
    if not found:
        return None
    width = len(_PROGRAMME.fields)
    row = _BODY.convert(_PROGRAMME.convert(found), width)[0]
    programme = _PROGRAMME.instance(row[:width])
    programme.body = _BODY.instance(row[width:])
    return programme


def latest_session(body) -> Session | None:
    """`Session.latest(body)`: the body's most recent session, its sessions read in one
    plain statement."""
    found = fetch(
        f"SELECT {_SESSION.sql()} FROM {quote(_SESSION.table)} "
        f"WHERE {_column(Session, 'body')} = %s",
        [body.pk],
    )
    sessions = [_SESSION.instance(row) for row in _SESSION.convert(found)]
    for session in sessions:
        session.body = body
    return max(sessions, key=Session.chronological_key, default=None)


def _number_max() -> int:
    field = Activity._meta.get_field("number")
    return connections[DEFAULT_DB_ALIAS].ops.integer_field_range(field.get_internal_type())[1]


def activity_row(ref: str, programme) -> list:
    """The row of `reporting.services.find_activity(ref, programme)` (which raises when
    there is none)."""
    match = ACTIVITY_REF.fullmatch(ref.strip())
    # A number beyond the column's range names no activity (a driver refuses it as a
    # parameter): find_activity says so, as the ORM does.
    if match and int(match["number"]) <= _number_max():
        found = fetch(
            f"SELECT {_ACTIVITY.sql()} FROM {quote(_ACTIVITY.table)} "
            f"WHERE {_column(Activity, 'programme')} = %s AND {_column(Activity, 'section')} = %s"
            f" AND {_column(Activity, 'number')} = %s "
            f"ORDER BY {_column(Activity, 'withdrawn')} ASC, {_column(Activity, 'id')} DESC "
            "LIMIT 1",
            [programme.pk, Roman.from_roman(match["section"]).value, int(match["number"])],
        )
        if found:
            return _ACTIVITY.convert(found)[0]
    # A malformed reference or no such activity: find_activity raises, as it did for the
    # detail before; an activity added since the statement: its row.
    activity = find_activity(ref, programme)
    return [getattr(activity, column) for column in ACTIVITY_COLUMNS]


# The status columns each filter reads (`reporting.filters.ActivityFilter`).
STATUS_COLUMNS = {
    "execution_level": {"status_level": "execution_level"},
    "overdue": {"status_progress": "progress", "status_day": None},
    "q": {"status_text_fr": "text_fr", "status_text_en": "text_en"},
}


def with_status_columns(activities, session, filters):
    """The columns of `reporting.models.with_status()` that the `filters` read
    (STATUS_COLUMNS: status_level, status_progress, status_text_fr/en, status_day), read
    through one outer join on the activity's report at the session (one at most) instead
    of four subqueries: cheaper to build and to run."""
    columns = {"session_status": FilteredRelation(
        "status_reports", condition=Q(status_reports__session=session))}  # fmt: skip
    for name, column in ((name, column) for wanted in filters
                         for name, column in STATUS_COLUMNS[wanted].items()):  # fmt: skip
        if column is None:  # the day the session met
            day = session.meeting_day() if session else None
            columns[name] = Value(day, output_field=DateField())
        else:
            columns[name] = F(f"session_status__{column}")
    return activities.annotate(**columns)


class CurrentActivities:
    """The programme's current activities in the list's default order (section I, then
    II, by number) as a sequence a paginator reads: `count()`, and a slice of rows (lists
    of ACTIVITY_COLUMNS) — each one statement, on the index `activity_current` (which
    holds all a count reads) and `activity_by_section` (in the order of a page)."""

    def __init__(self, programme):
        self.programme = programme
        self._where = (
            f"FROM {quote(_ACTIVITY.table)} WHERE {_column(Activity, 'programme')} = %s "
            f"AND NOT {_column(Activity, 'withdrawn')}"  # as the index's condition says it
        )

    def count(self) -> int:
        return fetch(f"SELECT COUNT(*) {self._where}", [self.programme.pk])[0][0]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[list]:
        start, stop = _bounds(window)
        if stop <= start:
            return []  # an empty page: nothing to read (as an empty slice of a queryset)
        found = fetch(
            f"SELECT {_ACTIVITY.sql()} {self._where} ORDER BY {_column(Activity, 'section')} "
            f"DESC, {_column(Activity, 'number')} ASC LIMIT %s OFFSET %s",
            [self.programme.pk, stop - start, start],
        )
        return _ACTIVITY.convert(found)


class FilteredActivities:
    """A queryset of activity rows (`.values(*ACTIVITY_COLUMNS)`, filtered and ordered)
    as a sequence a paginator reads: counted as `SELECT COUNT(*) FROM (…)` over its SQL
    without the order (which the databases flatten to a count of the rows; the ORM's
    own `count()` costs three times as much to build), and read a window at a time by its
    SQL with `LIMIT … OFFSET …`, into rows converted as the ORM converts them."""

    def __init__(self, queryset):
        self.sql, self.params = _compiled(queryset)
        self.queryset = queryset

    def count(self) -> int:
        unordered, params = _compiled(self.queryset.order_by())
        if unordered is None:
            return 0
        return fetch(f"SELECT COUNT(*) FROM ({unordered}) {quote('listed')}", params)[0][0]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[list]:
        start, stop = _bounds(window)
        if stop <= start or self.sql is None:
            return []  # nothing to read, as from an empty slice of a queryset
        found = fetch(f"{self.sql} LIMIT %s OFFSET %s",
                      [*self.params, stop - start, start])  # fmt: skip
        width = len(ACTIVITY_COLUMNS)  # (any column a DISTINCT's order adds comes after)
        return _ACTIVITY.convert([row[:width] for row in found])


def _bounds(window) -> tuple[int, int]:
    """The start and stop of a paginator's window of rows ([start:stop], no step)."""
    if not isinstance(window, slice) or window.step or window.stop is None:
        raise TypeError("a window of rows: [start:stop]")
    return window.start or 0, window.stop


def _compiled(queryset) -> tuple[str | None, tuple]:
    """The queryset's SQL and parameters; None for a query that can match nothing (e.g.
    `pk IN ()`, a search that found nothing), as the ORM runs none for it."""
    try:
        return queryset.query.get_compiler(DEFAULT_DB_ALIAS).as_sql()
    except EmptyResultSet:
        return None, ()


def activities(rows: list, session) -> list[dict]:
    """The API's activities for `rows` (sequences of ACTIVITY_COLUMNS, in the order
    wanted) with their status at `session`: two statements whatever the number of rows,
    then one pass over the rows."""
    ids = [row[0] for row in rows]
    bodies = defaultdict(list)
    reports = {}
    if ids:
        responsibility, body = Responsibility._meta.db_table, Body._meta.db_table
        found = fetch(
            f"SELECT {_column(Responsibility, 'activity')}, {_column(Body, 'code')} "
            f"FROM {quote(responsibility)} INNER JOIN {quote(body)} ON "
            f"{_column(Responsibility, 'body')} = {_column(Body, 'id')} "
            f"WHERE {_column(Responsibility, 'activity')} IN ({placeholders(ids)}) "
            f"ORDER BY {_column(Responsibility, 'activity')} ASC, "
            f"{_column(Responsibility, 'position')} ASC",
            ids,
        )
        for activity_id, code in found:
            bodies[activity_id].append(code)
    if ids and session is not None:
        found = fetch(
            f"SELECT {_REPORT.sql()} FROM {quote(_REPORT.table)} "
            f"WHERE {_column(StatusReport, 'session')} = %s "
            f"AND {_column(StatusReport, 'activity')} IN ({placeholders(ids)})",
            [session.pk, *ids],
        )
        reports = {row[1]: row for row in _REPORT.convert(found)}
    time_bound = Section.TIME_BOUND.value
    answer = []
    for (pk, section, number, priority, strategic_link, title_fr, title_en, strategic_codes,
         task_type, task_type_raw, responsible_raw, resources_fr, resources_en, kpi_fr, kpi_en,
         deadline_fr, deadline_en, due, uid) in rows:  # fmt: skip
        ref = f"I.{number}" if section == time_bound else f"II.{number}"
        report = reports.get(pk)
        answer.append({
            "id": _uuid(uid),
            "ref": ref,
            "section": section,
            "number": number,
            "priority": priority,
            "strategic_link": strategic_link,
            "title": _text(title_fr, title_en),
            "strategic_codes": strategic_codes,
            "task_type": task_type,
            "task_type_raw": task_type_raw,
            "responsible_bodies": bodies[pk],
            "responsible_raw": responsible_raw,
            "resources": _text(resources_fr, resources_en),
            "kpi": _text(kpi_fr, kpi_en),
            "deadline": _text(deadline_fr, deadline_en),
            "due": _date(due),
            "status": None if report is None else {
                "id": report[0],
                "activity": ref,
                "session": session.code,
                "keyword": report[2],
                "progress": report[3],
                "execution_level": report[4],
                "text": _text(report[5], report[6]),
                "version": report[7],
                "carried_forward": report[8],
            },
        })  # fmt: skip
    return answer


def _text(fr: str, en: str) -> dict:
    """`core.programme.text(fr, en)`: the versions that are not empty, French first."""
    if fr:
        return {"fr": fr, "en": en} if en else {"fr": fr}
    return {"en": en} if en else {}


def _uuid(value) -> str:
    """A UUID column as text: SQLite holds its 32 hex digits, PostgreSQL gives a UUID."""
    if isinstance(value, str) and len(value) == 32:
        value = value.lower()
        return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(value))


def _date(value) -> str | None:
    """A date column in ISO form, from the date the driver gives (or its ISO text)."""
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()


def render(data, renderer, media_type: str, context: dict) -> bytes:
    """`renderer.render(data, media_type, context)` — DRF's JSONRenderer — for the plain
    data of the list and the detail (str, int, bool, None, lists and dicts: no float,
    whose digits orjson writes otherwise): compact and UTF-8 like json.dumps (every code
    point gives the same bytes), U+2028 and U+2029 escaped as DRF escapes them, five
    times faster. Asked to indent, no data (no content), or where orjson refuses (an int
    beyond 64 bits): DRF's."""
    compact = renderer.compact and not renderer.ensure_ascii and renderer.strict
    if data is not None and compact and renderer.get_indent(media_type, context) is None:
        try:
            content = orjson.dumps(data)
        except orjson.JSONEncodeError:
            pass
        else:
            if b"\xe2\x80" in content:  # U+2028 and U+2029 start so in UTF-8
                content = content.replace(b"\xe2\x80\xa8", b"\\u2028")
                content = content.replace(b"\xe2\x80\xa9", b"\\u2029")
            return content
    return renderer.render(data, media_type, context)
