"""Many status reports written at once, with their audit-trail entries, in a constant
number of SQL statements. Model instances and the ORM's per-value preparation made
10,000 drafts hundreds of statements, and 200,000 imported statuses most of a minute.
Columns a later migration adds are filled with their field's default."""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from jalon.reporting.models import StatusReport


def insert_into(model, selected: list[str], given: dict) -> tuple[str, list]:
    """`table (columns)` of an INSERT into `model`: the `selected` columns first, then
    those of `given` and every other one (but the key) with its default, as parameters."""
    fields = {field.column: field for field in model._meta.concrete_fields}
    fixed = {column: field.get_default() for column, field in fields.items()
             if column not in selected and not field.primary_key}  # fmt: skip
    fixed.update(given)
    names = ", ".join(map(connection.ops.quote_name, [*selected, *fixed]))
    values = [fields[column].get_db_prep_save(value, connection) for column, value in fixed.items()]
    return f"{connection.ops.quote_name(model._meta.db_table)} ({names})", values


def insert_reports(columns: list[str], rows: list[tuple]) -> None:
    """New status reports: `rows` of plain values (str, int, bool, None) for `columns`."""
    table, fixed = insert_into(StatusReport, columns, {})
    marks = ", ".join(["%s"] * (len(columns) + len(fixed)))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} VALUES ({marks})",
                           [(*row, *fixed) for row in rows])  # fmt: skip


def record_created(where: str, params: list, reason: str, user=None) -> None:
    """The audit entry ("created") of every status report matching the SQL `where`."""
    quote = connection.ops.quote_name
    copied = [field.column for field in StatusReport._meta.concrete_fields]
    entries, fixed = insert_into(StatusReport.history.model, copied, {
        "history_date": timezone.now(), "history_change_reason": reason, "history_type": "+",
        "history_user_id": getattr(user, "pk", None),
    })  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {entries} SELECT {', '.join(map(quote, copied))}, "
            f"{', '.join(['%s'] * len(fixed))} FROM {quote(StatusReport._meta.db_table)} "
            f"WHERE {where}",
            [*fixed, *params],
        )
