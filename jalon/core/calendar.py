"""The PTC meeting calendar (GLOSSARY.md): session numbers and known dates.

The PTC meets in spring (around April) and autumn (around October); each meeting
carries two session numbers, the first being 199 + 4 × (year − 2013), plus 2 in autumn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from jalon.core.vocabulary import fold

SPRING, AUTUMN = "spring", "autumn"

# Known PTC meeting dates: first session number -> (start, end).
KNOWN_PTC_DATES = {
    235: (date(2022, 4, 25), date(2022, 4, 29)),
    237: (date(2022, 10, 25), date(2022, 10, 27)),
    239: (date(2023, 4, 25), date(2023, 4, 27)),
    241: (date(2023, 10, 24), date(2023, 10, 26)),
    243: (date(2024, 4, 23), date(2024, 4, 26)),
    247: (date(2025, 5, 5), date(2025, 5, 8)),
}

# Known June meetings of the Council and the Policy Commission: (body, year) -> dates.
KNOWN_JUNE_MEETINGS = {
    ("CONSEIL", 2023): (date(2023, 6, 22), date(2023, 6, 24)),
    ("CONSEIL", 2024): (date(2024, 6, 27), date(2024, 6, 29)),
    ("CPG", 2022): (date(2022, 6, 20), date(2022, 6, 22)),
}

MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip


@dataclass(frozen=True)
class Meeting:
    """One PTC meeting: its two session numbers and, where known, its dates."""

    year: int
    season: str
    numbers: tuple[int, int]
    start: date | None
    end: date | None

    @property
    def session_id(self) -> str:
        return f"CTP-{self.numbers[0]}-{self.numbers[1]}"


def ptc_meeting(year: int, season: str) -> Meeting:
    first = 199 + 4 * (year - 2013) + (2 if season == AUTUMN else 0)
    start, end = KNOWN_PTC_DATES.get(first, (None, None))
    return Meeting(year, season, (first, first + 1), start, end)


def known_meeting(body: str, year: int, month: int) -> tuple[date, date] | None:
    """The real dates of `body`'s meeting in that month, where the calendar knows them."""
    if body == "CTP":
        meeting = ptc_meeting(year, season_of_month(month))
        if meeting.start and meeting.start.month == month:
            return meeting.start, meeting.end
        return None
    if month == 6:
        return KNOWN_JUNE_MEETINGS.get((body, year))
    return None


# First day of each season's months (spring: March-May, autumn: September-November).
SEASON_START = {SPRING: (3, 1), AUTUMN: (9, 1)}


def season_of_number(first_session_number: int) -> tuple[int, str]:
    """The year and season of the PTC meeting whose first session has this number."""
    offset = first_session_number - 199
    return 2013 + offset // 4, AUTUMN if offset % 4 >= 2 else SPRING


def season_of_month(month: int) -> str:
    return SPRING if month <= 6 else AUTUMN


_PRESENTED = re.compile(
    r"\((?P<future>a presenter|to be presented)?\s*(?:presented|presente)?\s*(?:au|to the)\s+"
    r"(?P<body>ctp|ptc)\s+(?:en|in)\s+(?P<month>[a-z]+)\s+(?P<year>\d{4})\)"
)


def presenting_meeting(line: str) -> tuple[Meeting, bool] | None:
    """The meeting named by "(présenté au CTP en avril 2024)", and whether the report was
    presented there ("présenté") or is still to be ("à présenter au CTP en …")."""
    match = _PRESENTED.search(fold(line))
    if not match or match["month"] not in MONTHS:
        return None
    meeting = ptc_meeting(int(match["year"]), season_of_month(MONTHS[match["month"]]))
    return meeting, not match["future"]


def meeting_day(body: str, numbers: list[int], start: date | None) -> date | None:
    """When a session met: its first day, or for an undated PTC session the first day of
    its season (autumn 2024 → 1 September 2024)."""
    if start:
        return start
    if body == "CTP" and numbers:
        year, season = season_of_number(numbers[0])
        return date(year, *SEASON_START[season])
    return None


def chronological_key(body: str, numbers: list[int], start: date | None, code: str) -> tuple:
    """Sorts sessions by when they met; undated ones of other bodies last."""
    return (meeting_day(body, numbers, start) or date.max, numbers[0] if numbers else 0, code)


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
