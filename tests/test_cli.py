"""The `jalon` console command as users run it: exit statuses, messages, fresh databases."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REAL_DOCUMENT

JALON = Path(sys.executable).parent / "jalon"


@pytest.fixture
def jalon(tmp_path):
    """Run `jalon …` against a fresh SQLite database of its own."""
    env = {
        **os.environ,
        "JALON_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "JALON_VAR_DIR": str(tmp_path / "var"),
    }

    def run(*args, **overrides):
        return subprocess.run(
            [str(JALON), *map(str, args)],
            env={**env, **overrides},
            capture_output=True,
            text=True,
            timeout=120,
        )

    return run


def test_import_into_a_fresh_database_then_reimport_reports_zero_changes(jalon, tmp_path):
    first = jalon("import", REAL_DOCUMENT)
    assert first.returncode == 0, first.stderr
    assert "94 activities read; 190 changes" in first.stdout
    second = jalon("import", REAL_DOCUMENT)
    assert second.returncode == 0
    assert second.stdout.rstrip().endswith("0 changes")
    out = tmp_path / "programme.json"
    exported = jalon("export", "--format", "json", "-o", out)
    assert exported.returncode == 0, exported.stderr
    assert len(json.loads(out.read_text(encoding="utf-8"))["activities"]) == 94


def test_export_writes_json_to_standard_output(jalon):
    jalon("import", REAL_DOCUMENT)
    result = jalon("export")
    assert json.loads(result.stdout)["sessions"][0]["id"] == "CTP-243-244"


def test_bad_input_exits_2_with_the_file_on_stderr_and_no_traceback(jalon, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = jalon("import", empty)
    assert result.returncode == 2
    assert f"{empty}: the file is empty" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_export_format_is_a_usage_error(jalon):
    result = jalon("export", "--format", "odt")
    assert result.returncode == 2
    assert "invalid choice: 'odt'" in result.stderr


def test_other_commands_pass_through_to_django(jalon):
    result = jalon("showmigrations", "programmes")
    assert result.returncode == 0
    assert "0002_seed_registry" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(jalon):
    result = jalon("showmigrations", JALON_DEBUG="0", JALON_SECRET_KEY="")
    assert result.returncode != 0
    assert "JALON_SECRET_KEY must be set" in result.stderr


def test_createadmin_writes_a_password_file_once(jalon, tmp_path):
    first = jalon("createadmin")
    assert first.returncode == 0, first.stderr
    password = (tmp_path / "var" / "admin-password").read_text().strip()
    assert f"Created administrator 'admin' with password: {password}" in first.stdout
    assert oct((tmp_path / "var" / "admin-password").stat().st_mode & 0o777) == "0o600"
    second = jalon("createadmin")
    assert "already exists" in second.stdout
