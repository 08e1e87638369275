"""The forward agenda across bodies, its calendar feeds and the consolidated report
(issue 17, parts 4 and 5): the real PTC programme and a second body's small one."""

from datetime import date

import pytest

from jalon.agenda import services
from jalon.core.deadlines import parse_deadline
from jalon.core.programme import (
    ActivityData,
    ProgrammeData,
    ProgrammeDocument,
    SessionData,
    StatusReportData,
)
from jalon.interchange.store import load, store
from jalon.programmes.models import Body

JUNE_2025 = (date(2025, 6, 1), date(2025, 6, 30))


def ctro_programme() -> ProgrammeDocument:
    """A second body's small programme, in English, with its own session."""
    return ProgrammeDocument(
        ProgrammeData("CTRO", {"en": "TCRO work programme 2024-2026"}, (2024, 2026)),
        [SessionData("CTRO-45-46", "CTRO", [45, 46], date(2025, 3, 10), date(2025, 3, 12),
                     frozen=False)],
        [
            ActivityData(
                section="time_bound", number=1, priority="A", strategic_link=True,
                title={"en": "Update the rules of origin guide"},
                responsible_bodies=["CTRO", "CTP"], responsible_raw="CTRO, CTP",
                deadline={"en": "June 2025 (Council)"},
                status_reports=[StatusReportData("CTRO-45-46", "in_progress",
                                                 {"en": "In progress. Draft in March 2025."},
                                                 "blue")],
            ),
            ActivityData(
                section="time_bound", number=2, priority="B", strategic_link=False,
                title={"en": "Study of preferential origin"},
                responsible_bodies=["CTRO"], responsible_raw="CTRO",
                deadline={"en": "Spring 2025 (CTRO) June 2026 (Council)"},
                status_reports=[StatusReportData("CTRO-45-46", "not_started",
                                                 {"en": "Not started. It will start in 2025."},
                                                 "red")],
            ),
            ActivityData(
                section="time_bound", number=3, priority="B", strategic_link=True,
                title={"en": "Overdue origin study"},
                responsible_bodies=["CTRO"], responsible_raw="CTRO",
                deadline={"en": "December 2024"},
                status_reports=[StatusReportData("CTRO-45-46", "in_progress",
                                                 {"en": "In progress."}, "blue")],
            ),
        ],
    )  # fmt: skip


@pytest.fixture
def two_bodies(imported):
    store(ctro_programme(), "ctro.json")
    return imported


def council_june_2025(real: ProgrammeDocument) -> set[str]:
    """The refs of the real programme's activities with a Council milestone in June 2025,
    read independently of the agenda: by the deadline parser, activity by activity."""
    refs = set()
    for activity in real.current():
        deadline = parse_deadline(activity.deadline.get("fr") or activity.deadline.get("en", ""))
        for milestone in deadline.milestones if deadline else []:
            if "CONSEIL" in milestone.bodies and milestone.start <= JUNE_2025[1] \
                    and milestone.end >= JUNE_2025[0]:  # fmt: skip
                refs.add(activity.ref)
    return refs


def test_the_councils_june_2025_agenda_lists_both_programmes(two_bodies):
    expected = {("CTP", ref) for ref in council_june_2025(load(two_bodies))}
    assert len(expected) > 5 and ("CTP", "I.12") in expected
    council = Body.objects.get(code="CONSEIL")
    entries = services.agenda(council, *JUNE_2025)
    assert {(e.programme, e.ref) for e in entries} == expected | {("CTRO", "I.1")}
    ctro = next(e for e in entries if e.programme == "CTRO")
    assert (ctro.lead, ctro.level, ctro.keyword, ctro.status_session) == (
        "CTRO",
        "blue",
        "in_progress",
        "CTRO-45-46",
    )
    assert ctro.bodies == ("CONSEIL",)
