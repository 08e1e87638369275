"""`jalon backup` and `jalon restore`: every row of every table comes back, the audit
trail included; a bad file is refused with one sentence and changes nothing. Runs on the
engine of the test database (SQLite, and PostgreSQL in CI)."""

import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from rest_framework.authtoken.models import Token

from jalon.accounts.roles import create_user
from jalon.core.textdoc import read_text
from jalon.interchange.store import store
from jalon.operations.backup import BackupError, backup, restore
from jalon.programmes.models import Activity
from jalon.reporting.models import Session
from jalon.reporting.services import open_session, set_status
from tests.conftest import REAL_DOCUMENT

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    tables = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            tables[table] = sorted(cursor.fetchall(), key=repr)
    return tables


@pytest.fixture
def programme_in_use():
    """The real programme, a round with a recorded status (so history), users, a token."""
    store(read_text(str(REAL_DOCUMENT), REAL_DOCUMENT.read_bytes()))
    alice = create_user("alice", "secretariat", "pw-alice-1", bodies=["CTP"])
    create_user("root", "admin", "pw-root-1")
    Token.objects.create(user=alice)
    open_session("CTP-245-246", date(2024, 10, 22), user=alice)
    session = Session.objects.get(code="CTP-245-246")
    activity = Activity.objects.get(section="time_bound", number=8)
    set_status(
        activity,
        session,
        keyword="in_progress",
        text="Travaux en cours.",
        lang="fr",
        expected_version=1,
        user=alice,
    )
    return alice


def change_everything(alice):
    """Changes of every kind after the backup: rows added, changed, removed."""
    session = Session.objects.get(code="CTP-245-246")
    activity = Activity.objects.get(section="time_bound", number=8)
    set_status(
        activity,
        session,
        keyword="completed",
        text="Achevé.",
        lang="fr",
        expected_version=2,
        user=alice,
    )
    create_user("mallory", "admin", "pw-mallory-1")
    Token.objects.filter(user=alice).delete()
    open_session("CTP-247-248", date(2025, 5, 20))


def test_restore_gives_back_every_row_of_every_table_with_the_history(programme_in_use, tmp_path):
    before = snapshot()
    assert before["reporting_historicalstatusreport"]  # the audit trail is part of it
    assert before["authtoken_token"]
    file = tmp_path / "jalon.backup"
    backup(file)
    assert file.stat().st_mode & 0o777 == 0o600  # it holds password hashes and tokens

    change_everything(programme_in_use)
    assert snapshot() != before
    restore(file)

    assert snapshot() == before
    report = Session.objects.get(code="CTP-245-246").status_reports.get(
        activity__number=8, activity__section="time_bound"
    )
    assert (report.keyword, report.version) == ("in_progress", 2)
    assert report.history.count() == 2


def test_a_truncated_backup_is_refused_and_changes_nothing(programme_in_use, tmp_path):
    file = tmp_path / "jalon.backup"
    backup(file)
    data = file.read_bytes()
    file.write_bytes(data[: len(data) // 2])
    change_everything(programme_in_use)
    before = snapshot()
    with pytest.raises(BackupError, match="damaged or truncated"):
        restore(file)
    assert snapshot() == before


def test_a_file_that_is_no_backup_is_refused(programme_in_use, tmp_path):
    file = tmp_path / "notes.txt"
    file.write_text("minutes of the 243rd session\n")
    before = snapshot()
    with pytest.raises(BackupError, match="notes.txt is not a jalon backup"):
        restore(file)
    assert snapshot() == before


def test_a_backup_of_the_other_engine_is_refused(programme_in_use, tmp_path):
    file = tmp_path / "other.backup"
    if connection.vendor == "sqlite":
        file.write_bytes(b"PGDMP\x01\x0e\x00" + bytes(200))
        expected = "is a PostgreSQL backup and this database is SQLite"
    else:
        sqlite3.connect(file).execute("CREATE TABLE t (x)").connection.close()
        expected = "is a SQLite backup and this database is PostgreSQL"
    before = snapshot()
    with pytest.raises(BackupError, match=expected):
        restore(file)
    assert snapshot() == before


def test_a_backup_made_by_a_newer_schema_is_refused(programme_in_use, tmp_path):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO django_migrations (app, name, applied) "
            "VALUES ('programmes', '9999_from_the_future', CURRENT_TIMESTAMP)"
        )
    file = tmp_path / "future.backup"
    backup(file)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE name = '9999_from_the_future'")
    before = snapshot()
    with pytest.raises(BackupError, match="made by a newer version of jalon.*9999_from_the_future"):
        restore(file)
    assert snapshot() == before


def test_a_backup_made_by_an_older_schema_is_refused(programme_in_use, tmp_path):
    file = tmp_path / "older.backup"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT app, name, applied FROM django_migrations "
            "WHERE app = 'reporting' ORDER BY name DESC"
        )
        app, name, applied = cursor.fetchone()
        cursor.execute("DELETE FROM django_migrations WHERE app = %s AND name = %s", [app, name])
    backup(file)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO django_migrations (app, name, applied) VALUES (%s, %s, %s)",
            [app, name, applied],
        )
    before = snapshot()
    with pytest.raises(BackupError, match=f"older version of jalon.*reporting.{name}"):
        restore(file)
    assert snapshot() == before


def test_the_commands_say_what_they_did_and_refuse_with_exit_status_2(
    programme_in_use, tmp_path, capsys
):
    file = tmp_path / "jalon.backup"
    call_command("backup", str(file))
    assert f"to {file}" in capsys.readouterr().out
    call_command("restore", str(file))
    assert f"Restored the {connection.vendor} database from {file}." in capsys.readouterr().out
    with pytest.raises(CommandError, match="no such backup file") as refused:
        call_command("restore", str(tmp_path / "missing.backup"))
    assert refused.value.returncode == 2


def test_the_cli_refuses_a_foreign_file_in_one_sentence(tmp_path):
    file = tmp_path / "programme.json"
    file.write_text("{}")
    jalon = str(Path(sys.executable).parent / "jalon")
    env = {
        "PATH": "/usr/bin:/bin",
        "JALON_VAR_DIR": str(tmp_path / "var"),
        "JALON_DATABASE_URL": f"sqlite:///{tmp_path / 'j.sqlite3'}",
    }
    result = subprocess.run(
        [jalon, "restore", str(file)], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "CommandError: programme.json is not a jalon backup (neither a SQLite database nor "
        "a PostgreSQL custom-format dump)"
    )
