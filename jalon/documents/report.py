"""The session document as data: one programme, one session, one language.

Every writer renders a `SessionReport`; none of them decides what goes in it. Content
missing in the requested language is given in its original language and marked as such
(`in_language`), and the report lists it (`SessionReport.missing`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from jalon.core.bodies import BODIES_BY_CODE
from jalon.core.programme import ActivityData, ProgrammeDocument, SessionData, Text
from jalon.core.rules import CheckResult, check, choose_session
from jalon.core.status import stated_keyword, suggest_level
from jalon.core.vocabulary import Keyword
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
    original: str = ""  # the language the text is given in, when it is not the document's
    lead_in: bool = True  # False for a status's later paragraphs: the first one says it

    @property
    def untranslated(self) -> bool:
        return bool(self.original and self.text)

    @property
    def marker_shown(self) -> bool:
        return self.untranslated and self.lead_in

    def marked(self, labels: dict) -> str:
        """The text with its lead-in when it is an original, not a translation (plain text)."""
        if not self.marker_shown:
            return self.text
        return f"{original_marker(labels, self.original)} {self.text}"


def in_language(text: Text, lang: str) -> Cell:
    """The one place that decides whether a text is shown translated or as its original:
    the text in `lang`, else the original in another language with `original` set."""
    if text.get(lang):
        return Cell(text[lang])
    other = next(((key, value) for key, value in text.items() if key != lang and value), None)
    return Cell(other[1], original=other[0]) if other else Cell("")


def original_marker(labels: dict, original: str) -> str:
    """The lead-in of a text given in its original language: "[French original]"."""
    return labels["original_marker"][original]


# Ordinals and exponents: "3 ^e", "243 ^{ème}" as written by the Word export, and "4ème",
# "1er", "241e" as stored. Word and PDF set the suffix as a superscript; plain text formats
# write it inline ("3e").
_SUPERSCRIPT = re.compile(
    r"(?<=\d)(?:\s*\^\{(?P<braced>[^}]{1,6})\}|\s*\^(?P<bare>\w{1,4})"
    r"|(?P<ordinal>(?:ère|ème|er|re|e|nd|rd|th|st)s?)(?!\w))"
)


def superscripts(text: str) -> list[tuple[str, bool]]:
    """The text as runs (text, is_superscript)."""
    runs, start = [], 0
    for match in _SUPERSCRIPT.finditer(text):
        if match.start() > start:
            runs.append((text[start : match.start()], False))
        runs.append((match["braced"] or match["bare"] or match["ordinal"], True))
        start = match.end()
    if start < len(text):
        runs.append((text[start:], False))
    return runs


def plain_text(text: str) -> str:
    """Superscript markup written inline: "3 ^e" -> "3e"."""
    return "".join(run for run, _ in superscripts(text))


@dataclass
class Row:
    ref: str
    cells: dict[str, Cell]
    status: list[Cell]  # paragraphs
    keyword: str | None
    execution_level: str | None
    keyword_stated: bool = False  # the status text itself starts with the keyword

    @property
    def keyword_label_shown(self) -> bool:
        """Footnote 6: the keyword is stated first, unless the text already does."""
        return bool(self.keyword) and not self.keyword_stated


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
    title_block: TitleBlock | None = None
    annex: bool = False  # the round's summary and charts, after the tables
    missing: list[tuple[str, str]] = field(default_factory=list)  # (ref, field) untranslated


@dataclass
class TitleBlock:
    """The first page's heading, WCO style, and the running header of the other pages."""

    organisation: str  # in the document's language
    organisation_other: str  # in the other language
    committee: str
    sessions: str  # "243e et 244e sessions"
    place_dates: str  # "Bruxelles, 23-26 avril 2024"
    reference: str  # the document's reference, also in the running header
    date: str
    original: str  # "Original : français"


def programme_language(document: ProgrammeDocument) -> str:
    return next(iter(document.programme.title), "fr")


def build_report(
    document: ProgrammeDocument,
    session_id: str | None = None,
    lang: str | None = None,
    *,
    annex: bool = False,
) -> SessionReport:
    lang = lang or programme_language(document)
    labels = LABELS[lang]
    session = choose_session(document, session_id, None)
    missing: list[tuple[str, str]] = []

    def translated(ref: str, name: str):
        def cell(text: Text) -> Cell:
            found = in_language(text, lang)
            if found.untranslated:
                missing.append((ref, name))
            return found

        return cell

    sections = []
    for key in SECTIONS:
        rows = [
            _row(a, session, lang, labels, translated)
            for a in document.activities
            if a.section == key
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
    original = programme_language(document)
    return SessionReport(
        lang=lang,
        labels=labels,
        title=f"{title} {labels['title_suffix']}",
        presented=_presented(session, labels, acronym),
        session=session,
        sections=sections,
        summary=_summary(document, session, lang),
        untranslated=len(missing),
        programme_language=original,
        footnotes=labels["footnotes"],
        title_block=_title_block(document, session, labels, lang, original),
        annex=annex,
        missing=missing,
    )


def _title_block(document, session, labels: dict, lang: str, original: str) -> TitleBlock:
    programme = document.programme
    body = BODIES_BY_CODE.get(programme.body)
    committee = (body.name_fr if lang == "fr" else body.name_en) if body else programme.body
    acronym = (body.acronym_fr if lang == "fr" else body.acronym_en) if body else programme.body
    other = "en" if lang == "fr" else "fr"
    sessions = place_dates = date = ""
    numbers = ""
    if session is not None:
        ordinals = [ordinal(n, lang) for n in session.numbers]
        numbers = "/".join(str(n) for n in session.numbers)
        sessions = (
            labels["sessions_many"] if len(ordinals) > 1 else labels["sessions_one"]
        ).format(numbers=f" {labels['and']} ".join(ordinals))
        if session.start:
            date = _date(session.start, labels)
            place_dates = labels["place"] + ", " + _span(session.start, session.end, labels)
    reference = (
        labels["reference"]
        .format(body=acronym, start=programme.period[0], end=programme.period[1], numbers=numbers)
        .strip(" -–/")
    )
    return TitleBlock(
        organisation=labels["organisation"][lang],
        organisation_other=labels["organisation"][other],
        committee=committee,
        sessions=sessions,
        place_dates=place_dates,
        reference=reference,
        date=date,
        original=labels["original_line"].format(language=labels["language_names"][original]),
    )


def ordinal(n: int, lang: str) -> str:
    if lang == "fr":
        return LABELS["fr"]["ordinal"].format(n=n) if n != 1 else "1er"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _date(day, labels: dict) -> str:
    return labels["date"].format(day=day.day, month=labels["months"][day.month - 1], year=day.year)


def _span(start, end, labels: dict) -> str:
    if end is None or end == start:
        return _date(start, labels)
    if (start.year, start.month) == (end.year, end.month):
        month = labels["months"][end.month - 1]
        return labels["date"].format(day=f"{start.day}-{end.day}", month=month, year=end.year)
    return f"{_date(start, labels)} – {_date(end, labels)}"


def _presented(session: SessionData | None, labels: dict, acronym: str) -> str:
    if session is None or session.start is None:
        return ""
    template = labels["presented"] if session.frozen else labels["to_be_presented"]
    month = labels["months"][session.start.month - 1]
    return template.format(body=acronym, month=month, year=session.start.year)


def _row(a: ActivityData, session, lang: str, labels: dict, translated) -> Row:
    report = next((r for r in a.status_reports if session and r.session == session.id), None)

    def cell(text: Text, name: str) -> Cell:
        return translated(a.ref, name)(text)

    if lang == "fr" or not a.responsible_bodies:
        responsible = (
            Cell(a.responsible_raw)
            if lang == "fr"
            else cell({"fr": a.responsible_raw}, "responsible")
        )
    else:
        responsible = Cell(", ".join(
            BODIES_BY_CODE[c].acronym_en if c in BODIES_BY_CODE else c
            for c in a.responsible_bodies
        ))  # fmt: skip
    if lang == "fr" or not a.task_type:
        task = Cell(a.task_type_raw) if lang == "fr" else cell({"fr": a.task_type_raw}, "task_type")
    else:
        task = Cell(labels["task_types"][a.task_type])
    link = {True: labels["yes"], False: labels["no"], None: ""}[a.strategic_link]
    cells = {
        "number": Cell(f"{a.number}."),
        "priority": Cell(a.priority or ""),
        "strategic_link": Cell(link),
        "title": cell(a.title, "title"),
        "strategic_codes": Cell(" ".join(a.strategic_codes)),
        "task_type": task,
        "responsible": responsible,
        "resources": cell(a.resources, "resources"),
        "kpi": cell(a.kpi, "kpi"),
        "deadline": cell(a.deadline, "deadline"),
    }
    status: list[Cell] = []
    if report:
        text = cell(report.text, "status")
        paragraphs = [p for p in text.text.split("\n\n") if p]
        status = [Cell(p, text.original, index == 0) for index, p in enumerate(paragraphs)]
    keyword = report.keyword if report else None
    return Row(
        ref=a.ref,
        cells=cells,
        status=status,
        keyword=keyword,
        execution_level=report.execution_level if report else None,
        keyword_stated=bool(keyword and status and _starts_with(status[0].text, keyword)),
    )


_FIRST_SENTENCE = re.compile(r"^.*?(?:[.:;!?](?=\s|$)|$)", re.DOTALL)


def _starts_with(text: str, keyword: str) -> bool:
    """Does the status text begin by stating this keyword ("En cours. Le Secrétariat …")?"""
    first = _FIRST_SENTENCE.match(text.strip())
    return bool(first) and stated_keyword(first.group()) == Keyword(keyword)


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
