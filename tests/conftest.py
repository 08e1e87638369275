"""Shared fixtures: the real PTC document, read and imported."""

import copy
from datetime import date
from pathlib import Path

import pytest
from django.utils import translation

from jalon.accounts.roles import create_user
from jalon.core.textdoc import read_text
from jalon.interchange.store import store
from jalon.reporting.services import open_session

REAL_DOCUMENT = Path(__file__).resolve().parent.parent / "jalon/data/ptc-programme-2022-2025.txt"


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """The API's rate-limit counters live in process memory: each test starts at zero."""
    from django.core.cache import caches

    caches["throttle"].clear()


@pytest.fixture(autouse=True)
def language_reset():
    """A request in French (the test client runs in this thread) must not leave the next
    test in French: Django's LocaleMiddleware activates the language and keeps it."""
    yield
    translation.deactivate()


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


@pytest.fixture
def people(imported):
    """alice the secretariat, bob the member, charlie without a role, root the admin."""
    users = {
        "alice": create_user("alice", "secretariat", "pw-alice-1", bodies=["CTP"]),
        "bob": create_user("bob", "member", "pw-bob-1"),
        "charlie": create_user("charlie", "none", "pw-charlie-1"),
        "root": create_user("root", "admin", "pw-root-1"),
    }
    open_session("CTP-245-246", date(2024, 10, 22))
    return users


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


def without_ids(document):
    """The document with its activities' identifiers blanked and without its revision
    record: to compare it with one read from a format that has neither (the Word table,
    the Excel sheet)."""
    document = copy.deepcopy(document)
    for item in document.activities:
        item.uid = item.predecessor = ""
    document.revisions = []
    return document
