"""The API's hot reads as plain SELECT statements.

The activity list and detail read the same few rows on every request: the token and its
user, the programme, the sessions of its body, a page of activities, their responsible
bodies and their statuses. Built through the ORM, each statement costs far more to
compile than to run (about half a millisecond a statement, and as much again to filter a
queryset). Here each is written once, its columns named from the models' own fields and
its values converted by the ORM's own converters (`Columns`), so a row reads exactly as
the ORM would read it, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import weakref

from django.db import DEFAULT_DB_ALIAS, connections


def quote(name: str) -> str:
    return connections[DEFAULT_DB_ALIAS].ops.quote_name(name)


class Columns:
    """Some fields of a model as the columns of a SELECT, and the converters the ORM
    applies to what the database returns for them (a boolean from SQLite's 0 or 1, a
    UUID from its hex digits, a JSON list from its text …), found once per connection.
    `raw`: columns left as the database gives them (their reader converts them)."""

    def __init__(self, model, names=None, raw=()):
        meta = model._meta
        self.model = model
        self.fields = (
            list(meta.concrete_fields)
            if names is None
            else [meta.pk if name == "pk" else meta.get_field(name) for name in names]
        )
        self.names = [field.attname for field in self.fields] if names is None else list(names)
        self.table = meta.db_table
        self.raw = set(raw)
        self._converters = weakref.WeakKeyDictionary()

    def sql(self, alias: str | None = None) -> str:
        table = quote(alias or self.table)
        return ", ".join(f"{table}.{quote(field.column)}" for field in self.fields)

    def converters(self, connection) -> list:
        found = self._converters.get(connection)
        if found is None:
            found = []
            for index, field in enumerate(self.fields):
                if self.names[index] in self.raw:
                    continue
                column = field.get_col(self.table)
                functions = [*connection.ops.get_db_converters(column),
                             *column.get_db_converters(connection)]  # fmt: skip
                if functions:
                    found.append((index, functions, column))
            self._converters[connection] = found
        return found

    def convert(self, rows, start: int = 0) -> list[list]:
        """The rows (lists, changed in place) with this model's columns, from `start` in
        each row, converted as the ORM converts them."""
        connection = connections[DEFAULT_DB_ALIAS]
        converters = self.converters(connection)
        for row in rows:
            for index, functions, column in converters:
                value = row[start + index]
                for function in functions:
                    value = function(value, column, connection)
                row[start + index] = value
        return rows

    def instance(self, values):
        """A model instance from this model's concrete fields' converted values."""
        return self.model.from_db(DEFAULT_DB_ALIAS, self.names, values)


def fetch(statement: str, params=()) -> list[list]:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(statement, params)
        return [list(row) for row in cursor.fetchall()]


def placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))
