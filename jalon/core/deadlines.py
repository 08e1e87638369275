"""Reading the "Délai" column: milestones (bodies, start and end dates) and a due date.

Deadlines are expressed in committee sessions: "Automne 2024 (CTP) Juin 2025 (Conseil)",
"Printemps 2023, 2024 et 2025 (CTP) Juin 2023, juin 2024 et juin 2025 (CPG et Conseil)",
"CTP printemps 2025", "2023 (CTP)", "Une fois par an au CTP", "Travail continu" …
A season or a month at a body maps to that body's meeting then, where its calendar (the
`Registry`: rules and recorded dates) knows its dates, to the season's months otherwise
(spring: March–May, autumn: September–November) or the whole month; a bare year to the
year. Anything the reader cannot account for, an unknown body among it, makes the
deadline not understood (None): the `deadline-format` rule reports it, nothing is guessed.
"""

from __future__ import annotations

import calendar as _calendar
import re
from dataclasses import dataclass, field
from datetime import date

from jalon.core.calendar import MONTHS, SEASON_MONTHS, SEED, Registry
from jalon.core.validation import MAX_YEAR, MIN_YEAR
from jalon.core.vocabulary import fold

SEASONS = {"printemps": "spring", "spring": "spring", "automne": "autumn", "autumn": "autumn",
           "fall": "autumn"}  # fmt: skip
CONTINUOUS = {"travail continu", "ongoing work", "continuous work", "continu", "permanent"}

_SEASON = r"(?:printemps|automne|spring|autumn|fall)"
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_YEARS = r"\d{4}(?:\s*(?:,|et|and|&)\s*\d{4})*"
_TIME = re.compile(
    rf"(?P<seasons>{_SEASON}(?:\s*/\s*{_SEASON})*)\s+(?P<season_years>{_YEARS})"
    rf"|(?P<month>{_MONTH})\s+(?P<month_year>\d{{4}})"
    r"|(?:mi|mid)-(?P<mid_year>\d{4})"
    r"|(?:fin|end of|late)\s+(?P<late_year>\d{4})"
    r"|(?:debut|early)\s+(?P<early_year>\d{4})"
    r"|(?P<year>\d{4})"
    r"|(?P<yearly>une fois par an|chaque annee|once a year|every year|annually)"
    r"(?:\s+(?:au|a la|at the|to the)\s+(?P<yearly_body>[\w/-]+))?"
    r"|\((?P<paren>[^()]*)\)"
)
_LIST_SEPARATOR = re.compile(r",|\bet\b|\band\b|&")
# What may stand between the expressions: separators and body names before a date.
_FILLER = re.compile(r"^(?:[\s,;/]|\bet\b|\band\b|\bau\b|\ba la\b|\bat\b)*$")


@dataclass
class Milestone:
    bodies: list[str]
    start: date
    end: date

    def to_dict(self) -> dict:
        return {"bodies": self.bodies, "start": self.start.isoformat(), "end": self.end.isoformat()}


@dataclass
class Deadline:
    continuous: bool = False
    milestones: list[Milestone] = field(default_factory=list)
    recurring: list[str] | None = None  # bodies of a yearly milestone ("Une fois par an au CTP")
    condition: str | None = None  # trailing condition, e.g. "(sous réserve de la décision …)"

    @property
    def due(self) -> date | None:
        return max((m.end for m in self.milestones), default=None)

    def to_dict(self) -> dict:
        return {
            "continuous": self.continuous,
            "due": self.due.isoformat() if self.due else None,
            "milestones": [m.to_dict() for m in self.milestones],
            "recurring": self.recurring,
            "condition": self.condition,
        }


def _month_range(year: int, first: int, last: int) -> tuple[date, date]:
    return date(year, first, 1), date(year, last, _calendar.monthrange(year, last)[1])


def _parse_bodies(text: str, registry: Registry) -> list[str] | None:
    """The bodies of a parenthesis such as "(CPG et Conseil)", or None if it is not one."""
    codes = registry.parse_responsible(text)
    return codes if codes and all(registry.body_code(c) for c in codes) else None


def parse_deadline(text: str, registry: Registry = SEED) -> Deadline | None:
    """The deadline's milestones and due date, or None if the text is not understood;
    bodies and their meetings are those of `registry` (the seed's by default)."""
    body_code = registry.body_code
    folded = fold(text)
    if not folded:
        return None
    if folded.rstrip(".") in CONTINUOUS:
        return Deadline(continuous=True)
    deadline = Deadline()
    pending: list[tuple[str, int, int, int]] = []  # (kind, year, first month, last month)
    prefix: list[str] | None = None  # bodies written before a date: "CTP printemps 2025"
    position = 0

    def settle(bodies: list[str]) -> None:
        for kind, year, first, last in pending:
            deadline.milestones.append(_milestone(kind, year, first, last, bodies, registry))
        pending.clear()

    for match in _TIME.finditer(folded):
        between = folded[position : match.start()]
        position = match.end()
        if not _FILLER.match(between):
            words = [body_code(word) for word in between.split()]
            if not (words and all(words)):
                return None  # words the reader cannot account for
            settle([])  # dates before a body prefix had no bodies of their own
            prefix = list(dict.fromkeys(words))
        if match["paren"] is not None:
            bodies = _parse_bodies(match["paren"], registry)
            if bodies is None:
                if len(match["paren"].split()) < 2:
                    return None  # "(XYZ)": an unknown body, not a condition
                if deadline.condition is not None or match.end() != len(folded.rstrip(". ")):
                    return None
                deadline.condition = text[text.rfind("(") :].strip()
                continue
            settle(bodies)
            continue
        found = _expressions(match)
        if found is None or any(not MIN_YEAR <= year <= MAX_YEAR for _, year, _, _ in found):
            return None  # not understood; "Juin 0000" is no date a deadline can have
        if match["yearly"]:
            yearly_body = match["yearly_body"]
            code = body_code(yearly_body) if yearly_body else None
            if yearly_body and code is None:
                return None
            deadline.recurring = [code] if code else []
            continue
        if pending and not _LIST_SEPARATOR.search(between):
            # "Mi-2024 Juin 2024 (Conseil)": only a list ("juin 2023, juin 2024 (Conseil)")
            # shares the parenthesis that follows it.
            settle([])
        if prefix is not None:
            for kind, year, first, last in found:
                deadline.milestones.append(_milestone(kind, year, first, last, prefix, registry))
            prefix = None
        else:
            pending.extend(found)
    if folded[position:].strip(" .,;") or prefix is not None:
        return None
    settle([])
    if not deadline.milestones and deadline.recurring is None:
        return None
    deadline.milestones.sort(key=lambda m: (m.start, m.end))
    return deadline


def _expressions(match: re.Match) -> list[tuple[str, int, int, int]] | None:
    if match["seasons"]:
        seasons = [SEASONS[s.strip()] for s in match["seasons"].split("/")]
        years = [int(y) for y in re.findall(r"\d{4}", match["season_years"])]
        return [("season:" + season, year, *SEASON_MONTHS[season])
                for year in years for season in seasons]  # fmt: skip
    if match["month"]:
        month = MONTHS[match["month"]]
        return [("month", int(match["month_year"]), month, month)]
    if match["mid_year"]:
        return [("mid", int(match["mid_year"]), 5, 7)]
    if match["late_year"]:
        return [("late", int(match["late_year"]), 10, 12)]
    if match["early_year"]:
        return [("early", int(match["early_year"]), 1, 3)]
    if match["year"]:
        return [("year", int(match["year"]), 1, 12)]
    return []  # yearly: handled by the caller


def _milestone(
    kind: str, year: int, first: int, last: int, bodies: list[str], registry: Registry
) -> Milestone:
    start, end = _month_range(year, first, last)
    if kind.startswith("season:"):
        # The meetings the bodies hold that season (a body meeting at other times has none).
        season = kind.removeprefix("season:")
        known = [k for body in bodies if (k := registry.known_in_season(body, year, season))]
        if known:
            start, end = min(k[0] for k in known), max(k[1] for k in known)
    elif kind == "month" and bodies:
        known = [registry.known_meeting(body, year, first) for body in bodies]
        if all(known):
            start, end = min(k[0] for k in known), max(k[1] for k in known)
    return Milestone(list(bodies), start, end)
