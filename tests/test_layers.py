"""The apps depend one way: core ← programmes ← reporting ← revisions ← interchange ←
agenda ← web/api."""

import ast
from pathlib import Path

import jalon

ROOT = Path(jalon.__file__).parent
# Below interchange: what the front ends (rules' command, web, api) may all use.
_DATA = {"core", "documents", "accounts", "programmes", "reporting", "revisions", "interchange"}
LOWER = {
    "core": set(),
    "documents": {"core"},  # pure Python writers and readers of the session document
    "accounts": {"core"},
    "programmes": {"core"},
    # Roles (accounts) decide who may submit and approve a status.
    "reporting": {"core", "accounts", "programmes"},
    "revisions": {"core", "accounts", "programmes", "reporting"},
    "interchange": _DATA - {"interchange"},
    "rules": _DATA,
    # The forward agenda, calendar feeds and consolidated report read every programme.
    "agenda": _DATA,
    "web": _DATA | {"agenda"},
    "api": _DATA | {"agenda"},
}


def imported_apps(path: Path) -> set[tuple[str, int]]:
    """Every jalon app a module imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "jalon" and len(parts) > 1:
                found.add((parts[1], node.lineno))
    return found


def test_every_app_imports_only_itself_and_the_layers_below_it():
    upward = []
    for app, allowed in LOWER.items():
        for path in sorted((ROOT / app).rglob("*.py")):
            for imported, line in imported_apps(path):
                if imported != app and imported not in allowed:
                    upward.append(f"{path.relative_to(ROOT)}:{line} imports jalon.{imported}")
    assert upward == []


def test_every_app_says_what_it_owns():
    for app in LOWER:
        doc = ast.get_docstring(ast.parse((ROOT / app / "__init__.py").read_text()))
        assert doc and "Depends on" in doc, app


def test_the_checker_sees_an_upward_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from jalon.reporting.models import StatusReport\n")
    assert imported_apps(module) == {("reporting", 2)}
