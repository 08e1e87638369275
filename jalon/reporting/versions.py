"""The version of the stored programme data, read in one statement: caches of what is
computed from it (the API's answers, the round's to-do rows, the dashboard's figures) are
keyed on it, so a change anywhere is seen at once.

Every write to the data goes through the audit trail (django-simple-history, also for the
bulk writes of imports and rounds), so the latest entry of each history table — its
highest id and its date, both read from an index — changes whenever the data does.
"""

from __future__ import annotations

import hashlib

from django.db import connection

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


def _statement() -> str:
    global _sql
    if _sql is None:
        quote = connection.ops.quote_name
        parts = []
        for model in VERSIONED:
            table = quote(model.history.model._meta.db_table)
            parts += [f"(SELECT MAX({quote('history_id')}) FROM {table})",
                      f"(SELECT MAX({quote('history_date')}) FROM {table})"]  # fmt: skip
        _sql = "SELECT " + ", ".join(parts)
    return _sql


def data_version() -> str:
    """Changes whenever programme data, statuses, sessions or assignments change."""
    with connection.cursor() as cursor:
        cursor.execute(_statement())
        latest = cursor.fetchone()
    return hashlib.blake2b(repr(latest).encode(), digest_size=8).hexdigest()
