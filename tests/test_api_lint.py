"""The OpenAPI schema under Redocly's and Spectral's recommended rule sets: every finding
is fixed, or justified in jalon.api.schema.JUSTIFIED. The linters are npm packages,
installed (npm ci) into tools/openapi-lint/ on first use, not committed."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from jalon.api.schema import JUSTIFIED

TOOLS = Path(__file__).resolve().parent.parent / "tools" / "openapi-lint"
BIN = TOOLS / "node_modules" / ".bin"


@pytest.fixture(scope="module")
def linters():
    if not (BIN / "redocly").exists() or not (BIN / "spectral").exists():
        if shutil.which("npm") is None:
            pytest.skip("npm is not installed: cannot install Redocly and Spectral")
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--prefix", str(TOOLS)],
                       check=True, capture_output=True, timeout=600)  # fmt: skip
    return BIN


@pytest.fixture
def schema_file(db, tmp_path):
    path = tmp_path / "schema.json"
    path.write_bytes(Client().get("/api/v1/schema/", {"format": "json"}).content)
    return path


def run(command, **kwargs) -> str:
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=TOOLS,
                          **kwargs)  # fmt: skip
    return done.stdout


def findings(linters, schema_file) -> dict[tuple[str, str], list[str]]:
    found: dict[tuple[str, str], list[str]] = {}
    redocly = json.loads(run([linters / "redocly", "lint", "--config", "redocly.yaml",
                              "--format", "json", schema_file]))  # fmt: skip
    for problem in redocly["problems"]:
        where = problem["location"][0]["pointer"]
        found.setdefault(("redocly", problem["ruleId"]), []).append(where)
    spectral = json.loads(run([linters / "spectral", "lint", "-r", ".spectral.yaml", "-f", "json",
                               "-q", schema_file]) or "[]")  # fmt: skip
    for problem in spectral:
        found.setdefault(("spectral", problem["code"]), []).append(
            "/".join(map(str, problem["path"]))
        )
    return found


def test_redocly_and_spectral_find_nothing_unjustified(linters, schema_file):
    found = findings(linters, schema_file)
    unjustified = {rule: where for rule, where in found.items() if rule not in JUSTIFIED}
    assert unjustified == {}
    # A justification whose finding is gone goes too.
    assert set(JUSTIFIED) <= set(found)


def test_the_linters_do_find_a_broken_schema(linters, schema_file):
    """The check can fail: an operation without its summary and a dangling $ref are found."""
    schema = json.loads(schema_file.read_text())
    del schema["paths"]["/api/v1/findings/"]["get"]["summary"]
    schema["components"]["schemas"]["Error"]["properties"]["code"] = {"$ref": "#/nowhere"}
    schema_file.write_text(json.dumps(schema))
    found = findings(linters, schema_file)
    assert ("redocly", "operation-summary") in found
    assert ("redocly", "no-unresolved-refs") in found
