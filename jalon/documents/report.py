"""The session document as data: one programme, one session, one language.

Every writer renders a `SessionReport`; none of them decides what goes in it. Content
missing in the requested language falls back to the other one, marked "[FR]".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from jalon.core.bodies import BODIES_BY_CODE
from jalon.core.programme import ActivityData, ProgrammeDocument, SessionData, Text
from jalon.core.rules import CheckResult, check, choose_session
from jalon.core.status import suggest_level
from jalon.documents.labels import LABELS

SECTIONS = ("time_bound", "permanent")
COLUMNS = {
    "time_bound": ("number", "priority", "strategic_link", "title", "strategic_codes",
                   "task_type", "responsible", "resources", "kpi", "deadline", "status",
                   "execution_level"),
    "permanent": ("number", "priority", "strategic_link", "title", "strategic_codes",
                  "task_type", "responsible", "resources", "kpi", "deadline", "status"),
}  # fmt: skip


@dataclass
class Cell:
    text: str
    untranslated: bool = False  # shown in the other language, marked as such

    def marked(self, marker: str) -> str:
        return f"{marker} {self.text}" if self.untranslated and self.text else self.text


@dataclass
class Row:
    ref: str
    cells: dict[str, Cell]
    status: list[Cell]  # paragraphs
    keyword: str | None
    execution_level: str | None


@dataclass
class Section:
    key: str
    heading: str
    columns: list[str]  # column keys
    headings: list[tuple[str, str]]  # (heading, footnote number)
    explanations: list[str]
    rows: list[Row]


@dataclass
class Summary:
    activities: int
    time_bound: int
    permanent: int
    levels: dict[str, int]  # green/blue/red/not_set, recorded or suggested
    suggested_levels: int
    priorities: dict[str, int]  # A/B/C/missing
    areas: dict[str, int]  # PS/FA/ORG/OS/other: activities citing a code of the area
    overdue: list[tuple[str, str]]  # (ref, title)
    findings: CheckResult | dict  # the full result, or (dashboard) its summary()


@dataclass
class SessionReport:
    lang: str
    labels: dict
    title: str
    presented: str
    session: SessionData | None
    sections: list[Section]
    summary: Summary
    untranslated: int = 0
    programme_language: str = "fr"
    footnotes: list[str] = field(default_factory=list)


def programme_language(document: ProgrammeDocument) -> str:
    return next(iter(document.programme.title), "fr")


def build_report(
    document: ProgrammeDocument, session_id: str | None = None, lang: str | None = None
) -> SessionReport:
    lang = lang or programme_language(document)
    labels = LABELS[lang]
    session = choose_session(document, session_id, None)
    counter = Counter()

    def cell(text: Text) -> Cell:
        if text.get(lang):
            return Cell(text[lang])
        other = next((value for key, value in text.items() if key != lang and value), "")
        if other:
            counter["untranslated"] += 1
        return Cell(other, untranslated=bool(other))

    sections = []
    for key in SECTIONS:
        rows = [
            _row(a, session, lang, labels, cell) for a in document.activities if a.section == key
        ]
        columns = list(COLUMNS[key])
        headings = [labels["columns"][c] for c in columns]
        if key == "permanent":  # footnote 8 sits on the deadline of section II
            index = columns.index("deadline")
            headings[index] = (headings[index][0], labels["permanent_deadline_mark"])
            headings = [(h, "" if n in ("6", "7") else n) for h, n in headings]
        sections.append(
            Section(
                key,
                labels["sections"][key],
                columns,
                headings,
                [labels["explanations"][c] for c in columns],
                rows,
            )  # fmt: skip
        )
    programme = document.programme
    body = BODIES_BY_CODE.get(programme.body)
    acronym = (body.acronym_fr if lang == "fr" else body.acronym_en) if body else programme.body
    title = programme.title.get(lang) or labels["default_title"].format(
        start=programme.period[0], end=programme.period[1], body=acronym
    )
    return SessionReport(
        lang=lang,
        labels=labels,
        title=f"{title} {labels['title_suffix']}",
        presented=_presented(session, labels, acronym),
        session=session,
        sections=sections,
        summary=_summary(document, session, lang),
        untranslated=counter["untranslated"],
        programme_language=programme_language(document),
        footnotes=labels["footnotes"],
    )


def _presented(session: SessionData | None, labels: dict, acronym: str) -> str:
    if session is None or session.start is None:
        return ""
    template = labels["presented"] if session.frozen else labels["to_be_presented"]
    month = labels["months"][session.start.month - 1]
    return template.format(body=acronym, month=month, year=session.start.year)


def _row(a: ActivityData, session, lang: str, labels: dict, cell) -> Row:
    report = next((r for r in a.status_reports if session and r.session == session.id), None)
    if lang == "fr" or not a.responsible_bodies:
        responsible = Cell(a.responsible_raw) if lang == "fr" else cell({"fr": a.responsible_raw})
    else:
        responsible = Cell(", ".join(
            BODIES_BY_CODE[c].acronym_en if c in BODIES_BY_CODE else c
            for c in a.responsible_bodies
        ))  # fmt: skip
    if lang == "fr" or not a.task_type:
        task = Cell(a.task_type_raw) if lang == "fr" else cell({"fr": a.task_type_raw})
    else:
        task = Cell(labels["task_types"][a.task_type])
    link = {True: labels["yes"], False: labels["no"], None: ""}[a.strategic_link]
    cells = {
        "number": Cell(f"{a.number}."),
        "priority": Cell(a.priority or ""),
        "strategic_link": Cell(link),
        "title": cell(a.title),
        "strategic_codes": Cell(" ".join(a.strategic_codes)),
        "task_type": task,
        "responsible": responsible,
        "resources": cell(a.resources),
        "kpi": cell(a.kpi),
        "deadline": cell(a.deadline),
    }
    status: list[Cell] = []
    if report:
        text = cell(report.text)
        status = [Cell(p, text.untranslated) for p in text.text.split("\n\n") if p]
    return Row(
        ref=a.ref,
        cells=cells,
        status=status,
        keyword=report.keyword if report else None,
        execution_level=report.execution_level if report else None,
    )


def area_of(code: str) -> str:
    for prefix in ("ORG", "PS", "FA", "OS"):
        if code.startswith(prefix):
            return prefix
    return "other"


def _summary(document: ProgrammeDocument, session: SessionData | None, lang: str) -> Summary:
    activities = document.activities
    time_bound = [a for a in activities if a.section == "time_bound"]
    levels = Counter({"green": 0, "blue": 0, "red": 0, "not_set": 0})
    suggested = 0
    for a in time_bound:
        report = next((r for r in a.status_reports if session and r.session == session.id), None)
        if report and report.execution_level:
            levels[report.execution_level] += 1
            continue
        text = (report.text.get("fr") or report.text.get("en", "")) if report else ""
        suggestion = suggest_level(text, report.keyword if report else None)
        if suggestion:
            levels[suggestion.execution_level.value] += 1
            suggested += 1
        else:
            levels["not_set"] += 1
    priorities = Counter({"A": 0, "B": 0, "C": 0, "missing": 0})
    for a in activities:
        priorities[a.priority or "missing"] += 1
    areas = Counter({"PS": 0, "FA": 0, "ORG": 0, "OS": 0})
    for a in activities:
        for area in {area_of(code) for code in a.strategic_codes}:
            areas[area] += 1
    findings = check(document, session.id if session else None)
    titles = {(a.section, a.number): a for a in activities}
    overdue = []
    for f in findings.findings:
        if f.rule == "overdue":
            a = titles[f.activity]
            overdue.append((a.ref, a.title.get(lang) or next(iter(a.title.values()), "")))
    return Summary(
        activities=len(activities),
        time_bound=len(time_bound),
        permanent=len(activities) - len(time_bound),
        levels=dict(levels),
        suggested_levels=suggested,
        priorities=dict(priorities),
        areas=dict(areas),
        overdue=overdue,
        findings=findings,
    )
