"""The consolidated report for the Policy Commission and the Council: every body's
programme as it stood at a date — its activities by execution level, the overdue ones,
the share linked to the Strategic Plan, the red ones listed — and a summary across bodies.

Each programme is read at its last session held by the date (`rules.choose_session`);
the execution levels are those recorded, or where none is, the level the status suggests
(footnote 7, as the dashboard and the session document's summary do; counted apart and
said); section II has none; an activity is overdue
when its due date has passed by the date and its status does not say it is completed
(the `overdue` rule's reading, at the report's date).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from jalon.core.deadlines import parse_deadline
from jalon.core.programme import ProgrammeDocument, Text
from jalon.core.rules import choose_session
from jalon.core.status import stated_keyword, suggest_level
from jalon.core.vocabulary import Keyword

LEVELS = ("green", "blue", "red", "none")


@dataclass
class Listed:
    """An activity named in the report (a red or an overdue one)."""

    ref: str
    title: Text
    deadline: Text
    due: date | None
    status: Text


@dataclass
class BodyFigures:
    body: str
    period: tuple[int, int]
    title: Text
    session: str  # the session read ("" when none was held by the date)
    activities: int = 0
    time_bound: int = 0
    levels: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))
    linked: int = 0
    suggested: int = 0  # levels not recorded, suggested from the status
    overdue: list[Listed] = field(default_factory=list)
    red: list[Listed] = field(default_factory=list)

    @property
    def linked_share(self) -> float | None:
        return self.linked / self.activities if self.activities else None

    @property
    def programme_id(self) -> str:
        return f"{self.body}-{self.period[0]}-{self.period[1]}"


@dataclass
class Consolidated:
    as_of: date
    bodies: list[BodyFigures]

    @property
    def total(self) -> BodyFigures:
        total = BodyFigures("", (0, 0), {}, "")
        for figures in self.bodies:
            total.activities += figures.activities
            total.time_bound += figures.time_bound
            total.linked += figures.linked
            total.suggested += figures.suggested
            for level in LEVELS:
                total.levels[level] += figures.levels[level]
            total.overdue += figures.overdue
            total.red += figures.red
        return total


def consolidate(documents: list[ProgrammeDocument], as_of: date) -> Consolidated:
    return Consolidated(as_of, [_figures(document, as_of) for document in documents])


def _figures(document: ProgrammeDocument, as_of: date) -> BodyFigures:
    programme = document.programme
    session = choose_session(document, None, as_of)
    figures = BodyFigures(programme.body, tuple(programme.period), programme.title,
                          session.id if session else "")  # fmt: skip
    for activity in document.current():
        figures.activities += 1
        figures.linked += activity.strategic_link is True
        report = next((r for r in activity.status_reports if session and r.session == session.id),
                      None)  # fmt: skip
        status = report.text if report else {}
        written = activity.deadline.get("fr") or activity.deadline.get("en", "")
        deadline = parse_deadline(written) if written else None
        due = deadline.due if deadline else None
        listed = Listed(activity.ref, activity.title, activity.deadline, due, status)
        if activity.section == "time_bound":
            figures.time_bound += 1
            level = report.execution_level if report else None
            if level is None and report is not None:
                suggestion = suggest_level(status.get("fr") or status.get("en", ""),
                                           report.keyword)  # fmt: skip
                if suggestion is not None:
                    level = suggestion.execution_level.value
                    figures.suggested += 1
            figures.levels[level or "none"] += 1
            if level == "red":
                figures.red.append(listed)
        text = status.get("fr") or status.get("en", "")
        keyword = report.keyword if report and report.keyword else stated_keyword(text)
        if due and due < as_of and keyword != Keyword.COMPLETED:
            figures.overdue.append(listed)
    return figures
