"""The version of the stored programme data, read in one statement: caches of what is
computed from it (the API's answers, the round's to-do rows, the dashboard's figures) are
keyed on it, so a change anywhere is seen at once.

Every write to the data goes through the audit trail (django-simple-history, also for the
bulk writes of imports and rounds), so the latest entry of each history table — its
highest id and its date, both read from an index — changes whenever the data does. A
data migration writes no audit entry: the latest applied migration is part of the
version too, so figures cached before a deploy are not shown after it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.utils import timezone

from jalon.programmes.models import (
    Activity,
    Body,
    CodeMapping,
    Meeting,
    Programme,
    Responsibility,
    StrategicCode,
)
from jalon.reporting.models import Assignment, Session, StatusReport

# Whatever the API, the round and the dashboard show or compute from (the bodies and their
# meetings date the sessions): add a model here when they read it.
VERSIONED = [Body, Meeting, StrategicCode, CodeMapping, Programme, Activity, Responsibility,
             Session, StatusReport, Assignment]  # fmt: skip

_sql: str | None = None
MIGRATIONS = "django_migrations"  # Django's record of the applied migrations


def _statement() -> str:
    global _sql
    if _sql is None:
        quote = connection.ops.quote_name
        parts = []
        for model in VERSIONED:
            table = quote(model.history.model._meta.db_table)
            parts += [f"(SELECT MAX({quote('history_id')}) FROM {table})",
                      f"(SELECT MAX({quote('history_date')}) FROM {table})"]  # fmt: skip
        parts.append(f"(SELECT MAX({quote('id')}) FROM {quote(MIGRATIONS)})")
        _sql = "SELECT " + ", ".join(parts)
    return _sql


@dataclass(frozen=True)
class DataState:
    """The data's version, the latest audit entry of each history table it was read
    from (id, date) then the latest migration's id, and when it was read."""

    version: str
    latest: tuple
    read_at: datetime


def data_state() -> DataState:
    read_at = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(_statement())
        latest = tuple(cursor.fetchone())
    version = hashlib.blake2b(repr(latest).encode(), digest_size=8).hexdigest()
    return DataState(version, latest, read_at)


def data_version() -> str:
    """Changes whenever programme data, statuses, sessions or assignments change."""
    return data_state().version


# The models whose audit entries name the one activity they concern (the column), for
# a recomputation of only what changed; any entry in another versioned table (a body, a
# session's dates, a programme …) changes everything.
PER_ACTIVITY = {Activity: "id", StatusReport: "activity_id", Assignment: "activity_id",
                Responsibility: "activity_id"}  # fmt: skip
CHANGED_AT_MOST = 2000  # more changed activities than this: recompute everything


def overtaken_window() -> timedelta:
    """How far back entries are read again, for a write committed after a later one
    (whose higher id the earlier read already saw). SQLite has one writer at a time:
    ids are committed in their order. PostgreSQL allocates ids before commit: entries
    written in the last minute are read again (a longer transaction overtaken by a
    shorter one is caught by the full recomputation, at least every FULL_EVERY)."""
    return timedelta(0) if connection.vendor == "sqlite" else timedelta(seconds=60)


def changed_activities(since: DataState) -> set[int] | None:
    """The ids of the activities whose data (the activity, its statuses, its
    assignment, its responsible bodies) has changed since the state `since`, in one
    statement; None when something else changed too (or too many): recompute everything."""
    quote = connection.ops.quote_name
    after = since.read_at - overtaken_window()
    adapt = connection.ops.adapt_datetimefield_value
    *history, migration = since.latest
    # Anything but an activity's own data, or a migration applied since: everything.
    others = [f"EXISTS (SELECT 1 FROM {quote(MIGRATIONS)} WHERE {quote('id')} > %s)"]
    other_params, parts, part_params = [migration or 0], [], []
    latest = zip(history[::2], history[1::2], strict=True)  # (id, date) per table
    for model, (last_id, _date) in zip(VERSIONED, latest, strict=True):
        table = quote(model.history.model._meta.db_table)
        where = f"{quote('history_id')} > %s OR {quote('history_date')} > %s"
        if model in PER_ACTIVITY:
            parts.append(f"SELECT {quote(PER_ACTIVITY[model])} FROM {table} WHERE {where}")
            part_params += [last_id or 0, adapt(after)]
        else:
            others.append(f"EXISTS (SELECT 1 FROM {table} WHERE {where})")
            other_params += [last_id or 0, adapt(after)]
    sql = (f"SELECT -1 WHERE {' OR '.join(others)} UNION ALL "
           + " UNION ALL ".join(parts) + f" LIMIT {CHANGED_AT_MOST + 1}")  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, other_params + part_params)
        found = [row[0] for row in cursor.fetchall()]
    if len(found) > CHANGED_AT_MOST or -1 in found:
        return None
    return set(found)
