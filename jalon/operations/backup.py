"""Database-level backup and restore: every row of every table, the audit trail included.

A backup is the engine's own format, so the usual tools read it too: a SQLite database
file (made with SQLite's online backup API, safe while the server runs) or a PostgreSQL
custom-format dump (`pg_dump -Fc`, restored with `pg_restore`). Before anything is
written, a restore checks that the file is whole, is of this database's engine, and was
made at the same schema version (the same migrations) as the code that restores it; if
not, it refuses with one sentence and the database is untouched. The PostgreSQL restore
runs in a single transaction, the SQLite restore is one backup-API step: a restore that
fails half-way leaves the database as it was.

The JSON export is an interchange file, not a backup: it has no users, tokens, status
versions or history.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.db import connections
from django.db.migrations.loader import MigrationLoader

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is one sentence for the user."""


def engine(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"backups of a {vendor} database are not supported")
    return vendor


def code_migrations() -> set[tuple[str, str]]:
    """Every migration this version of jalon has."""
    return set(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def backup(path: Path, alias: str = "default") -> str:
    """Write the whole database to `path` (replaced atomically); returns the engine."""
    kind = engine(alias)
    path = Path(path)
    if path.is_symlink():
        raise BackupError(f"{path} is a symbolic link; give the backup's real path")
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        if kind == "sqlite":
            _sqlite_backup(connections[alias].settings_dict["NAME"], partial)
        else:
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--file",
                    partial,
                    _pg_database(alias),
                ],
                _pg_environment(alias),
                "pg_dump",
            )
        os.chmod(partial, 0o600)  # it holds password hashes and API tokens
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return kind


def restore(path: Path, alias: str = "default") -> str:
    """Replace the database with the backup at `path`; returns the engine."""
    kind = engine(alias)
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise BackupError(f"{name}: no such backup file")
    with path.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    found = (
        "sqlite"
        if head.startswith(SQLITE_MAGIC)
        else "postgresql"
        if head.startswith(PGDUMP_MAGIC)
        else None
    )
    if found is None:
        raise BackupError(
            f"{name} is not a jalon backup (neither a SQLite database nor a "
            "PostgreSQL custom-format dump)"
        )
    if found != kind:
        raise BackupError(
            f"{name} is a {_ENGINE_NAMES[found]} backup and this database is "
            f"{_ENGINE_NAMES[kind]}; restore it into a {_ENGINE_NAMES[found]} "
            "database"
        )
    connections[alias].close()
    if kind == "sqlite":
        migrations = _sqlite_migrations(path)
        _check_schema(name, migrations)
        _sqlite_backup(str(path), connections[alias].settings_dict["NAME"])
    else:
        migrations = _pgdump_migrations(path, alias)
        _check_schema(name, migrations)
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                _pg_database(alias),
                str(path),
            ],
            _pg_environment(alias),
            f"{name}: pg_restore",
        )
    connections[alias].close()
    return kind


_ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _check_schema(name: str, migrations: set[tuple[str, str]]) -> None:
    expected = code_migrations()
    if migrations - expected:
        raise BackupError(
            f"{name} was made by a newer version of jalon (schema migrations "
            f"{_names(migrations - expected)} unknown here); upgrade jalon, "
            "then restore"
        )
    if expected - migrations:
        raise BackupError(
            f"{name} was made by an older version of jalon (schema migrations "
            f"{_names(expected - migrations)} missing); restore it with that "
            "version, then upgrade"
        )


def _names(migrations: set[tuple[str, str]], shown: int = 3) -> str:
    names = sorted(f"{app}.{name}" for app, name in migrations)
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more


def _sqlite_backup(source: str, target: str) -> None:
    """Copy a whole SQLite database with the online backup API, in one step."""
    source_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    target_db = sqlite3.connect(target)
    try:
        source_db.backup(target_db)
    finally:
        source_db.close()
        target_db.close()


def _sqlite_migrations(path: Path) -> set[tuple[str, str]]:
    try:
        database = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if database.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                raise sqlite3.DatabaseError("integrity check failed")
            rows = database.execute("SELECT app, name FROM django_migrations").fetchall()
        finally:
            database.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path.name} is damaged or truncated ({error})") from None
    return {tuple(row) for row in rows}


def _pgdump_migrations(path: Path, alias: str) -> set[tuple[str, str]]:
    """Read the dump through once (a truncated file fails here, before any change) and
    take the django_migrations rows from it."""
    environment = _pg_environment(alias)
    _run(
        ["pg_restore", "--file", os.devnull, str(path)],
        environment,
        f"{path.name} is damaged or truncated: pg_restore",
    )
    listing = _run(
        ["pg_restore", "--data-only", "--table", "django_migrations", "--file", "-", str(path)],
        environment,
        f"{path.name}: pg_restore",
    )
    migrations, copying = set(), False
    for line in listing.splitlines():
        if line.startswith("COPY ") and "django_migrations" in line:
            columns = line[line.index("(") + 1 : line.index(")")].split(", ")
            app_at, name_at, copying = columns.index("app"), columns.index("name"), True
        elif copying and line == "\\.":
            copying = False
        elif copying:
            fields = line.split("\t")
            migrations.add((fields[app_at], fields[name_at]))
    if not migrations:
        raise BackupError(f"{path.name} is not a jalon backup (it has no schema migrations)")
    return migrations


def _pg_database(alias: str) -> str:
    return connections[alias].settings_dict["NAME"]


def _pg_environment(alias: str) -> dict[str, str]:
    settings = connections[alias].settings_dict
    environment = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if settings.get(key):
            environment[variable] = str(settings[key])
    return environment


def _run(command: list[str], environment: dict[str, str], what: str) -> str:
    try:
        done = subprocess.run(command, env=environment, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client)") from None
    if done.returncode != 0:
        message = (done.stderr.strip().splitlines() or ["failed"])[-1]
        raise BackupError(f"{what}: {message}")
    return done.stdout
