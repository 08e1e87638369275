"""Meeting calendars: session numbers and dates, for every body, as data.

A body's meetings are numbered by its `MeetingRule` (bodies.py), when it has one: the
PTC meets in spring and autumn, two session numbers a meeting, the first of 2013 being
the 199th. Their dates are records (`MeetingRecord`): the seed below holds the known
dates of GLOSSARY.md; the database holds the registry's (the admin edits them). The
`Registry` answers every calendar question for the core; the Django side builds one from
the database, and `SEED` is the one built from this module's values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from jalon.core.bodies import BODIES, BodyInfo, BodyNames
from jalon.core.vocabulary import fold

SPRING, AUTUMN = "spring", "autumn"


@dataclass(frozen=True)
class MeetingRecord:
    """A meeting on a body's calendar: its session numbers (none when not known) and its
    dates (the end may be unknown)."""

    body: str
    numbers: tuple[int, ...]
    start: date | None
    end: date | None = None


# Known meeting dates (GLOSSARY.md).
MEETINGS: tuple[MeetingRecord, ...] = (
    MeetingRecord("CTP", (235, 236), date(2022, 4, 25), date(2022, 4, 29)),
    MeetingRecord("CTP", (237, 238), date(2022, 10, 25), date(2022, 10, 27)),
    MeetingRecord("CTP", (239, 240), date(2023, 4, 25), date(2023, 4, 27)),
    MeetingRecord("CTP", (241, 242), date(2023, 10, 24), date(2023, 10, 26)),
    MeetingRecord("CTP", (243, 244), date(2024, 4, 23), date(2024, 4, 26)),
    MeetingRecord("CTP", (247, 248), date(2025, 5, 5), date(2025, 5, 8)),
    MeetingRecord("CONSEIL", (141, 142), date(2023, 6, 22), date(2023, 6, 24)),
    MeetingRecord("CONSEIL", (143, 144), date(2024, 6, 27), date(2024, 6, 29)),
    MeetingRecord("CPG", (86,), date(2022, 6, 20), date(2022, 6, 22)),
    MeetingRecord("CPG", (88,), date(2023, 6, 19)),
)

MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip

# The months of each season (a season in a deadline: "Printemps 2025").
SEASON_MONTHS = {SPRING: (3, 5), AUTUMN: (9, 11)}


@dataclass(frozen=True)
class Meeting:
    """One meeting of a body: its session numbers and, where known, its dates."""

    body: str
    year: int
    numbers: tuple[int, ...]
    start: date | None
    end: date | None

    @property
    def session_id(self) -> str:
        return session_id(self.body, self.numbers)


def session_id(body: str, numbers) -> str:
    return "-".join([body, *map(str, numbers)])


def _slot_of_month(slots: tuple[tuple[int, int], ...], month: int) -> int:
    """The slot holding the month, else the nearest one (the later one on a tie)."""
    distances = [0 if first <= month <= last else min(abs(month - first), abs(month - last))
                 for first, last in slots]  # fmt: skip
    best = min(distances)
    return max(i for i, distance in enumerate(distances) if distance == best)


class Registry:
    """The bodies and their calendars, as the core reads them."""

    def __init__(self, bodies=BODIES, meetings=MEETINGS):
        self.bodies: dict[str, BodyInfo] = {body.code: body for body in bodies}
        self.meetings: tuple[MeetingRecord, ...] = tuple(meetings)

    @cached_property
    def names(self) -> BodyNames:
        return BodyNames(tuple(self.bodies.values()))

    @cached_property
    def _by_number(self) -> dict[tuple[str, int], MeetingRecord]:
        return {(m.body, m.numbers[0]): m for m in self.meetings if m.numbers}

    def body_code(self, spelling: str) -> str | None:
        return self.names.body_code(spelling)

    def parse_responsible(self, cell: str) -> list[str]:
        return self.names.parse_responsible(cell)

    def body(self, code: str | BodyInfo) -> BodyInfo | None:
        return code if isinstance(code, BodyInfo) else self.bodies.get(code)

    # Numbering

    def numbered(self, body: BodyInfo, year: int, slot: int) -> Meeting:
        """The meeting of the body's rule in that year and slot, with its recorded dates."""
        rule, per = body.rule, body.numbers_per_meeting
        first = rule.base_number + per * (len(rule.slots) * (year - rule.base_year) + slot)
        record = self._by_number.get((body.code, first))
        start, end = (record.start, record.end) if record else (None, None)
        return Meeting(body.code, year, tuple(range(first, first + per)), start, end)

    def recorded(self, code: str, numbers) -> MeetingRecord | None:
        """The recorded meeting of the body with those session numbers."""
        return self._by_number.get((code, numbers[0])) if numbers else None

    def following(self, code: str, numbers) -> Meeting | None:
        """The body's meeting after its session `numbers`, numbered as the body numbers its
        meetings (CTP-245-246 → CTP-247-248, CPG-86 → CPG-87), with the dates the calendar
        records for it (None where it does not know them)."""
        body = self.body(code)
        if body is None or not numbers:
            return None
        first = max(numbers) + 1
        following = tuple(range(first, first + body.numbers_per_meeting))
        record = self.recorded(body.code, following)
        start, end = (record.start, record.end) if record else (None, None)
        position = self.position(body, first)
        year = start.year if start else position[0] if position else 0
        return Meeting(body.code, year, following, start, end)

    def position(self, body: BodyInfo, first_number: int) -> tuple[int, int] | None:
        """The year and slot of the meeting whose first session has this number."""
        if body.rule is None:
            return None
        rule = body.rule
        index = (first_number - rule.base_number) // body.numbers_per_meeting
        return rule.base_year + index // len(rule.slots), index % len(rule.slots)

    # Finding a body's meeting

    def meeting_in(self, code: str, year: int, first: int, last: int) -> Meeting | None:
        """The body's meeting in those months of the year (a season, a month): by its rule
        where it has one, else its recorded meeting starting then."""
        body = self.body(code)
        if body is None:
            return None
        if body.rule is not None:
            slots = body.rule.slots
            overlapping = [i for i, (a, b) in enumerate(slots) if a <= last and first <= b]
            if first == last:
                overlapping = [_slot_of_month(slots, first)]
            return self.numbered(body, year, overlapping[0]) if overlapping else None
        for record in self.meetings:
            if (record.body == body.code and record.start and record.start.year == year
                    and first <= record.start.month <= last):  # fmt: skip
                return Meeting(body.code, year, record.numbers, record.start, record.end)
        return None

    def known_meeting(self, code: str, year: int, month: int) -> tuple[date, date] | None:
        """The real dates of the body's meeting in that month, where they are known."""
        meeting = self.meeting_in(code, year, month, month)
        if meeting and meeting.start and meeting.end and meeting.start.month == month:
            return meeting.start, meeting.end
        return None

    def known_in_season(self, code: str, year: int, season: str) -> tuple[date, date] | None:
        meeting = self.meeting_in(code, year, *SEASON_MONTHS[season])
        if meeting and meeting.start and meeting.end:
            return meeting.start, meeting.end
        return None

    def meeting_day(self, body: str | BodyInfo, numbers, start: date | None) -> date | None:
        """When a session met: its first day, or for an undated session of a body with a
        rule the first day of its slot (the PTC's autumn 2024 → 1 September 2024)."""
        if start:
            return start
        info = self.body(body)
        if info is None or not numbers or (position := self.position(info, numbers[0])) is None:
            return None
        year, slot = position
        return date(year, info.rule.slots[slot][0], 1)

    def chronological_key(self, body, numbers, start: date | None, code: str) -> tuple:
        """Sorts sessions by when they met; undated ones without a rule last."""
        day = self.meeting_day(body, numbers, start)
        return (day or date.max, numbers[0] if numbers else 0, code)

    # Session ids

    def expected_form(self, code: str) -> str:
        """How a session id of the body is written, with an example."""
        body = self.body(code)
        per = body.numbers_per_meeting if body else 2
        form = f"{code}-<n>" if per == 1 else f"{code}-<n>-<n+1>"
        recorded = [m.numbers for m in self.meetings if m.body == code and len(m.numbers) == per]
        example = max(recorded, default=tuple(range(12, 12 + per)))
        return f"{form}, e.g. {session_id(code, example)}"

    # Reports "presented to the … in April 2024"

    _PRESENTED = re.compile(
        r"\((?P<future>a presenter|to be presented)?\s*(?:presented|presente)?\s*"
        r"(?:au|a la|a l'|to the)\s*(?P<body>[\w/' -]+?)\s+(?:en|in)\s+(?P<month>[a-z]+)\s+"
        r"(?P<year>\d{4})\)"
    )

    def presenting_meeting(self, line: str) -> tuple[Meeting, bool] | None:
        """The meeting named by "(présenté au CTP en avril 2024)", and whether the report
        was presented there ("présenté") or is still to be ("à présenter au CTP en …")."""
        found = self.presenting(line)
        if found is None or found.meeting is None:
            return None
        return found.meeting, found.presented

    def presenting(self, line: str) -> Presenting | None:
        """What a "(presented to the … in March 2025)" line names, the meeting where the
        body's calendar knows it (None in `meeting` otherwise, `body` None for a body the
        registry does not know)."""
        match = self._PRESENTED.search(fold(line))
        if not match or match["month"] not in MONTHS:
            return None
        code = self.body_code(match["body"])
        year, month = int(match["year"]), MONTHS[match["month"]]
        meeting = self.meeting_in(code, year, month, month) if code else None
        if meeting is not None and not meeting.numbers:
            meeting = None
        return Presenting(match["body"], code, year, month, meeting, not match["future"])


@dataclass(frozen=True)
class Presenting:
    written: str  # the body as the line writes it (folded)
    body: str | None
    year: int
    month: int
    meeting: Meeting | None
    presented: bool


SEED = Registry()


def meeting_day(body, numbers, start: date | None) -> date | None:
    return SEED.meeting_day(body, numbers, start)


def chronological_key(body, numbers, start: date | None, code: str) -> tuple:
    return SEED.chronological_key(body, numbers, start, code)


def presenting_meeting(line: str) -> tuple[Meeting, bool] | None:
    return SEED.presenting_meeting(line)


MONTH_NAMES = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
}  # fmt: skip


def long_date(day: date, lang: str) -> str:
    """A date as a sentence in `lang` writes it: « 1er mai 2025 », "5 May 2025"."""
    number = "1er" if lang == "fr" and day.day == 1 else str(day.day)
    return f"{number} {MONTH_NAMES[lang][day.month - 1]} {day.year}"
