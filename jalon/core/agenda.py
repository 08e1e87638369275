"""The forward agenda: what is due before a body at a session, across every programme.

A deadline names the bodies its milestones go before: "Printemps 2025 (CTP) Juin 2025
(CPG et Conseil)" puts the activity on the PTC's spring 2025 agenda and on the Policy
Commission's and the Council's June 2025 agendas, whatever programme holds it. A
milestone is on a body's agenda for a period when it names that body and its dates
overlap the period (a session's days, or a date range). A milestone that names no body
("Décembre 2025") goes before the body whose programme holds the activity.

Pure Python: it reads `ProgrammeDocument`s (see `interchange.store.load`) and gives plain
entries that the page, the documents, the CSV, the API and the calendar feeds share.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from jalon.core.deadlines import Deadline, Milestone, parse_deadline
from jalon.core.programme import ActivityData, ProgrammeDocument, StatusReportData, Text


@dataclass(frozen=True)
class Entry:
    """One milestone of one activity, with what a reader of the agenda needs beside it."""

    programme: str  # the programme's body code, e.g. "CTP"
    period: tuple[int, int]
    uid: str
    ref: str  # I.8
    title: Text
    deadline: Text
    lead: str  # the lead responsible body's code ("" when none is named)
    bodies: tuple[str, ...]  # the bodies the milestone goes before
    start: date
    end: date
    index: int  # the milestone's place in the deadline (0, 1 …): part of a stable id
    status_session: str  # the session of the latest status ("" when there is none)
    keyword: str | None
    level: str | None
    status: Text

    @property
    def programme_id(self) -> str:
        return f"{self.programme}-{self.period[0]}-{self.period[1]}"

    @property
    def key(self) -> str:
        """Stable across imports and renumbering: the activity's uid and the milestone."""
        return f"{self.uid}-{self.index}"


@functools.lru_cache(maxsize=4096)
def milestones(written: str) -> Deadline | None:
    """The deadline read once per distinct text (many activities share one)."""
    return parse_deadline(written)


def latest_status(activity: ActivityData) -> StatusReportData | None:
    """The activity's most recent status that says something (reports come in session
    order, oldest first, as `load` gives them)."""
    for report in reversed(activity.status_reports):
        if report.keyword or report.text or report.execution_level:
            return report
    return None


def entries(
    documents: Iterable[ProgrammeDocument],
    *,
    body: str | None = None,
    start: date | None = None,
    end: date | None = None,
    bodies: set[str] | None = None,
    uids: set[str] | None = None,
) -> list[Entry]:
    """Every milestone of the current activities of `documents`, in date order; limited
    to those before `body` (or any of `bodies`) overlapping [start, end], and to the
    activities `uids`, when given."""
    wanted = {body} if body else bodies
    found: list[Entry] = []
    for document in documents:
        programme = document.programme
        for activity in document.activities:
            if activity.withdrawn or (uids is not None and activity.uid not in uids):
                continue
            written = activity.deadline.get("fr") or activity.deadline.get("en", "")
            deadline = milestones(written) if written else None
            if deadline is None:
                continue
            report = None
            for index, milestone in enumerate(deadline.milestones):
                before = tuple(milestone.bodies) or (programme.body,)
                if wanted is not None and not wanted.intersection(before):
                    continue
                if not _overlaps(milestone, start, end):
                    continue
                report = report or latest_status(activity) or StatusReportData("")
                found.append(_entry(document, activity, milestone, before, index, report))
    found.sort(key=lambda e: (e.start, e.end, e.programme, e.period, _ref_order(e.ref)))
    return found


def forward_agenda(
    documents: Iterable[ProgrammeDocument], body: str, start: date, end: date
) -> list[Entry]:
    """What is due before `body` between `start` and `end` (both included)."""
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    return entries(documents, body=body, start=start, end=end)


def _overlaps(milestone: Milestone, start: date | None, end: date | None) -> bool:
    return (start is None or milestone.end >= start) and (end is None or milestone.start <= end)


def _entry(document, activity, milestone, before, index, report) -> Entry:
    programme = document.programme
    return Entry(
        programme=programme.body,
        period=tuple(programme.period),
        uid=activity.uid,
        ref=activity.ref,
        title=activity.title,
        deadline=activity.deadline,
        lead=activity.responsible_bodies[0] if activity.responsible_bodies else "",
        bodies=before,
        start=milestone.start,
        end=milestone.end,
        index=index,
        status_session=report.session,
        keyword=report.keyword,
        level=report.execution_level,
        status=report.text,
    )


def _ref_order(ref: str) -> tuple[int, int]:
    section, number = ref.split(".")
    return (len(section), int(number))


def in_language(text: Text, lang: str) -> str:
    """The text in `lang`, or in the other language when it has no translation."""
    return text.get(lang) or next(iter(text.values()), "")


def to_dict(entry: Entry) -> dict:
    """An entry as JSON-ready data (the API's and `jalon agenda --format json`'s shape)."""
    return {
        "programme": entry.programme_id,
        "activity": entry.uid,
        "ref": entry.ref,
        "title": entry.title,
        "deadline": entry.deadline,
        "lead_body": entry.lead or None,
        "milestone": {
            "bodies": list(entry.bodies),
            "start": entry.start.isoformat(),
            "end": entry.end.isoformat(),
        },  # fmt: skip
        "latest_status": {
            "session": entry.status_session,
            "keyword": entry.keyword,
            "execution_level": entry.level,
            "text": entry.status,
        }
        if entry.status_session
        else None,
    }
