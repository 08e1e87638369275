"""French is complete: `makemessages` finds no string without its French translation."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "jalon"
PO = Path("locale/fr/LC_MESSAGES/django.po")


pytestmark = pytest.mark.skipif(not shutil.which("xgettext"), reason="gettext is not installed")


def test_makemessages_finds_no_untranslated_or_new_string(tmp_path):
    assert untranslated(tmp_path) == []


def test_the_check_finds_a_new_string(tmp_path):
    extra = "from django.utils.translation import gettext as _\n_('A sentence nobody translated')\n"
    assert untranslated(tmp_path, {"web/new_module.py": extra}) == [
        'msgid "A sentence nobody translated"\nmsgstr ""'
    ]


def untranslated(tmp_path, extra_files=None) -> list[str]:
    copy = tmp_path / "jalon"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "data", "*.mo"))
    for name, content in (extra_files or {}).items():
        (copy / name).write_text(content, encoding="utf-8")
    django_admin = Path(sys.executable).with_name("django-admin")
    subprocess.run([str(django_admin), "makemessages", "-l", "fr", "--no-obsolete"],
                   cwd=copy, check=True, capture_output=True)  # fmt: skip
    missing = []
    for option in ("--untranslated", "--only-fuzzy"):
        result = subprocess.run(["msgattrib", option, "--no-location", str(copy / PO)],
                                check=True, capture_output=True, text=True)  # fmt: skip
        # Each entry as msgattrib writes it, less the header (msgid "" then metadata).
        entries = result.stdout.split("\n\n")
        missing += [e for e in entries if "msgid " in e and "Project-Id-Version" not in e]
    return [entry.strip() for entry in missing]


def test_french_writes_mot_cle_as_the_template_document_does():
    # The template document writes "mots clés"; the pages and documents say it one way.
    sources = [PACKAGE / PO, PACKAGE / "documents" / "labels.py", PACKAGE / "core" / "rules.py"]
    for source in sources:
        text = source.read_text(encoding="utf-8").lower()
        assert "mot clé" in text or source.name != "django.po"
        assert "mot-clé" not in text and "mots-clés" not in text, source
