"""Shared fixtures: the real PTC document, read and imported."""

from pathlib import Path

import pytest

from jalon.core.textdoc import read_text
from jalon.interchange.store import store

REAL_DOCUMENT = Path(__file__).resolve().parent.parent / "jalon/data/ptc-programme-2022-2025.txt"


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def real_bytes() -> bytes:
    return REAL_DOCUMENT.read_bytes()


@pytest.fixture
def real_document(real_bytes):
    return read_text(str(REAL_DOCUMENT), real_bytes)


@pytest.fixture
def imported(db, real_document):
    """The real document imported into the test database; returns the programme."""
    return store(real_document, str(REAL_DOCUMENT)).programme


def activity(document, ref: str):
    """The activity `I.8` / `II.20` of a ProgrammeDocument."""
    section, number = ref.split(".")
    wanted = ("time_bound" if section == "I" else "permanent", int(number))
    return next(a for a in document.activities if (a.section, a.number) == wanted)


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    return (
        f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('HOST') or ''}".rstrip()
    )
