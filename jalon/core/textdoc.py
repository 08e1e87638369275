"""Reader for the text export of the programme's Word table (the bundled document).

One table row per line, cells separated by tabs. The export is messy in known ways,
all handled here: the header is repeated on every page, followed by an explanatory
row; a long status continues on the next page in a row whose other cells are empty
(also after a separator row of dashes); cells hold `<p>` markup; superscripts appear
as `243 ^{ème}`; numbers are written "18" or "18."; an "(Exemple)" row shows how to
fill the table and is not an activity.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import nh3

from jalon.core.calendar import SEED, Meeting, Registry
from jalon.core.programme import (
    ActivityData,
    DocumentError,
    ProgrammeData,
    ProgrammeDocument,
    SessionData,
    StatusReportData,
    TimeBudget,
    is_clear_marker,
)
from jalon.core.status import stated_keyword
from jalon.core.validation import (
    BODY_CODE,
    MAX_BODY_CODE,
    InvalidValue,
    check_year,
    validate_document,
)
from jalon.core.vocabulary import (
    Section,
    VocabularyError,
    fold,
    parse_execution_level,
    parse_priority,
    parse_strategic_codes,
    parse_strategic_link,
    parse_task_type,
)

# Column headings (folded, footnote marks removed) -> field, in French and English.
# Matched by prefix, first match wins: the export sometimes truncates a heading ("Déla").
COLUMNS = (
    ("n°", "number"), ("no.", "number"), ("no", "number"),
    ("niveau de priorite", "priority"), ("level of priority", "priority"),
    ("priority level", "priority"), ("priority", "priority"),
    ("lien avec le plan", "strategic_link"), ("link to the strategic plan", "strategic_link"),
    ("link with the strategic plan", "strategic_link"), ("link with", "strategic_link"),
    ("activites", "title"), ("activities", "title"), ("activity", "title"),
    ("plan strategique", "strategic_codes"), ("wco strategic plan", "strategic_codes"),
    ("strategic plan", "strategic_codes"),
    ("type de taches", "task_type"), ("type of associated tasks", "task_type"),
    ("type of task", "task_type"),
    ("organe responsable", "responsible"), ("responsible bod", "responsible"),
    ("ressources", "resources"), ("resources", "resources"),
    ("indicateurs", "kpi"), ("key performance", "kpi"), ("performance indicators", "kpi"),
    ("dela", "deadline"), ("timeline", "deadline"), ("deadline", "deadline"),
    ("etat d'avancement", "status"), ("status", "status"), ("progress report", "status"),
    ("niveau d'execution", "execution_level"), ("execution level", "execution_level"),
    ("level of execution", "execution_level"),
    ("mot cle", "keyword"), ("progress keyword", "keyword"), ("keyword", "keyword"),
)  # fmt: skip
REQUIRED_COLUMNS = {"number", "title"}
ENGLISH_MARKERS = ("level of priority", "priority level", "activities", "timeline", "deadline")

_FOOTNOTE_MARKS = re.compile(r"\^\{[^}]*\}|[\u00b9\u00b2\u00b3\u2070-\u209f]")
_SUPERSCRIPT = re.compile(r"\s*\^(?:\{([^}]*)\}|(\w{1,4})\b)")
_PARAGRAPH_BREAK = re.compile(r"</?p\b[^>]*>|<br\s*/?>", re.IGNORECASE)
_NUMBER = re.compile(r"(\d+)\s*\.?")
_SEPARATOR_CELL = re.compile(r"-+")
_SECTION_HEADING = re.compile(r"(I{1,2})\.\s+\S")
_PERIOD = re.compile(r"\b(20\d\d)\s*[-–]\s*(20\d\d)\b")
_LINE_END = re.compile(r"\r\n|\r|\n")
_SENTENCE_END = (".", "!", "?", "»", '"')
# "[French original] text", "[original anglais] texte": content shown in a document of the
# other language (jalon's own lead-in; "[FR]" in earlier files).
_LANGUAGE_MARKER = re.compile(
    r"^\[(?:(FR|EN)|(French|English) original|original (français|anglais))\]\s+", re.IGNORECASE
)
_MARKED_LANGUAGES = {"fr": "fr", "en": "en", "french": "fr", "english": "en",
                     "français": "fr", "anglais": "en"}  # fmt: skip
# "Avancement : Achevé": the progress keyword, stated first in a status (jalon's documents).
_KEYWORD_MARKER = re.compile(r"^(?:avancement|progress)\s*:\s*(?P<label>.+)$", re.IGNORECASE)


def paragraphs(cell: str) -> list[str]:
    """A cell's paragraphs as plain text: `<p>` splits, superscripts inlined, no markup."""
    if "^" in cell:
        cell = _SUPERSCRIPT.sub(lambda m: m[1] or m[2], cell)
    found = []
    for piece in _PARAGRAPH_BREAK.split(cell) if "<" in cell else (cell,):
        # Most cells are plain text: the markup cleaner runs only where it has work.
        plain = (
            html.unescape(nh3.clean(piece, tags=set())) if "<" in piece or "&" in piece else piece
        )
        plain = " ".join(plain.split())
        if plain:
            found.append(plain)
    return found


def plain(cell: str) -> str:
    return "\n\n".join(paragraphs(cell))


def in_language(text: str, default: str) -> tuple[str, str]:
    """The language of a cell's text: its "[French original]" lead-in, else the document's."""
    marker = _LANGUAGE_MARKER.match(text)
    if marker:
        name = next(group for group in marker.groups() if group)
        return _MARKED_LANGUAGES[name.lower()], text[marker.end() :]
    return default, text


def split_keyword(status: list[str]) -> tuple[str | None, list[str]]:
    """A first paragraph "Avancement : Achevé" is the recorded keyword, not status text."""
    if status:
        marker = _KEYWORD_MARKER.match(status[0])
        keyword = stated_keyword(marker["label"]) if marker else None
        if keyword:
            return keyword.value, status[1:]
    return None, status


def continue_paragraphs(previous: list[str], more: list[str]) -> None:
    """Append a status continued on the next page. A page break in mid-sentence (the
    previous text does not end a sentence and the next starts in lower case) joins
    the two halves into one paragraph, whatever markup the export put between them."""
    if previous and more and not previous[-1].endswith(_SENTENCE_END) and more[0][:1].islower():
        previous[-1] = f"{previous[-1]} {more[0]}"
        more = more[1:]
    previous.extend(more)


@dataclass
class _Header:
    line: int
    columns: dict[str, int]  # field -> cell index
    headings: list[str]
    language: str

    @classmethod
    def parse(cls, line: int, cells: list[str]) -> _Header:
        columns: dict[str, int] = {}
        for index, cell in enumerate(cells):
            heading = fold(plain(_FOOTNOTE_MARKS.sub("", cell)))
            for prefix, name in COLUMNS:
                if heading.startswith(prefix) and name not in columns:
                    columns[name] = index
                    break
        folded = " ".join(fold(cell) for cell in cells)
        language = "en" if any(marker in folded for marker in ENGLISH_MARKERS) else "fr"
        return cls(line, columns, [c.strip() for c in cells], language)

    def cell(self, cells: list[str], name: str) -> str:
        index = self.columns.get(name)
        return cells[index] if index is not None and index < len(cells) else ""


@dataclass
class _Row:
    line: int
    activity: ActivityData
    status: list[str]
    level: str | None
    keyword: str | None = None


class TextDocumentReader:
    """Reads one text export; `read()` returns the programme or raises DocumentError."""

    def __init__(self, source: str, content: str | list[str], places: list[str] | None = None,
                 budget: TimeBudget | None = None, registry: Registry = SEED):  # fmt: skip
        self.source = source
        self.registry = registry  # the bodies and calendars names are read against
        self.budget = budget or TimeBudget(source)
        # Lines end at a newline only: str.splitlines() would also split at Word's line
        # break (\v) and other controls, cutting a table row in two.
        self.lines = _LINE_END.split(content) if isinstance(content, str) else content
        # Where each line came from when it is not a line of a file: "sheet «X», row 10".
        self.places = places
        self.seen: dict[tuple[str, int], int] = {}  # (section, number) -> line
        self.section: Section | None = None
        self.header: _Header | None = None
        self.rows: list[_Row] = []
        self.titles: list[str] = []
        self.meeting: Meeting | None = None
        self.meeting_line = 0
        self.language = "fr"
        self.presented = True

    def place(self, line: int) -> str:
        if self.places and 0 < line <= len(self.places):
            return self.places[line - 1]
        return f"line {line}"

    def error(self, line: int, message: str, column: str = "", code: str = "") -> DocumentError:
        where = self.place(line) + (f", column «{column}»" if column else "")
        return DocumentError(self.source, where, message, code)

    def read(self) -> ProgrammeDocument:
        if not any(line.strip() for line in self.lines):
            raise DocumentError(self.source, "", "the file is empty", "empty")
        for number, line in enumerate(self.lines, start=1):
            if number % 500 == 0:
                self.budget.check()
            if "\t" in line:
                self.read_row(number, line.split("\t"))
            else:
                self.read_prose(number, line.strip())
        if self.header is None:
            raise self.error(
                1,
                "not a work programme table: no header row (N° / Niveau de priorité …) found",
                code="no-header",
            )
        return self.document()

    def read_prose(self, number: int, line: str) -> None:
        heading = _SECTION_HEADING.match(line)
        if heading:
            self.section = Section.from_roman(heading[1])
        elif "programme" in fold(line) and _PERIOD.search(line):
            self.titles.append(line)
        elif presenting := self.registry.presenting(line):
            try:
                check_year(presenting.year)
            except InvalidValue as exc:
                raise self.error(number, f"no such meeting: {exc}") from None
            if presenting.body is None:
                raise self.error(number, f"{presenting.written!r} is no body the registry knows")
            meeting, self.presented = presenting.meeting, presenting.presented
            if meeting is None:
                raise self.error(
                    number,
                    f"the calendar of {presenting.body} has no numbered meeting in "
                    f"{presenting.month:02d}/{presenting.year}: add it to the body's meetings",
                )
            if self.meeting and self.meeting != meeting:
                raise self.error(
                    number,
                    f"presented to {meeting.session_id} but {self.place(self.meeting_line)} "
                    f"says {self.meeting.session_id}",
                )
            self.meeting, self.meeting_line = meeting, number

    def read_row(self, number: int, cells: list[str]) -> None:
        stripped = [cell.strip() for cell in cells]
        filled = [cell for cell in stripped if cell]
        first = fold(stripped[0])
        if not filled or all(_SEPARATOR_CELL.fullmatch(cell) for cell in filled):
            return  # blank or separator row
        if first in {"n°", "no.", "no", "n"}:
            self.header = _Header.parse(number, cells)
            self.language = self.header.language
            missing = REQUIRED_COLUMNS - self.header.columns.keys()
            if missing:
                raise self.error(number, f"header row lacks the column(s) {sorted(missing)}")
            return
        if first in {"(exemple)", "(example)"}:
            return
        header = self.header
        if header is None:
            raise self.error(number, "table row before any header row (N° / Niveau de priorité …)",
                             code="row-before-header")  # fmt: skip
        if len(cells) > len(header.headings):
            raise self.error(
                number,
                f"{len(cells)} cells but the header on {self.place(header.line)} has "
                f"{len(header.headings)}",
            )
        if not first:
            self.read_unnumbered_row(number, cells, header, filled)
            return
        match = _NUMBER.fullmatch(stripped[0])
        if not match:
            raise self.error(number, f"{stripped[0]!r} is not an activity number", "N°")
        self.read_activity(number, int(match[1]), cells, header)

    def read_unnumbered_row(
        self, number: int, cells: list[str], header: _Header, filled: list[str]
    ) -> None:
        status = header.cell(cells, "status").strip()
        if status and filled == [status]:
            if not self.rows or self.rows[-1].activity.section != self.section:
                raise self.error(number, "a status continues here but no activity precedes it")
            continue_paragraphs(self.rows[-1].status, paragraphs(status))
        elif fold(cells[1]).startswith(("quel", "what")) or number == header.line + 1:
            return  # the explanatory row under each header
        else:
            raise self.error(number, "row without an activity number", "N°")

    def read_activity(self, number: int, n: int, cells: list[str], header: _Header) -> None:
        if self.section is None:
            raise self.error(number, "activity before any section heading (I. … / II. …)")
        lang = header.language

        def cell(name: str) -> str:
            return plain(header.cell(cells, name))

        def parsed(name: str, parse):
            try:
                return parse(cell(name))
            except VocabularyError as exc:
                raise self.error(number, str(exc), header.headings[header.columns[name]]) from None

        def bilingual(name: str) -> dict[str, str]:
            language, value = in_language(cell(name), lang)
            if is_clear_marker(value):
                return {language: ""}
            return {language: value} if value else {}

        task_type_raw = cell("task_type")
        responsible_raw = cell("responsible")
        activity = ActivityData(
            section=self.section.value,
            number=n,
            priority=parsed("priority", parse_priority),
            strategic_link=parsed("strategic_link", parse_strategic_link),
            title=bilingual("title"),
            strategic_codes=parse_strategic_codes(cell("strategic_codes")),
            task_type=parse_task_type(task_type_raw),
            task_type_raw=task_type_raw,
            responsible_bodies=self.registry.parse_responsible(responsible_raw),
            responsible_raw=responsible_raw,
            resources=bilingual("resources"),
            kpi=bilingual("kpi"),
            deadline=bilingual("deadline"),
            source=self.place(number),
        )
        first = self.seen.setdefault((activity.section, n), number)
        if first != number:
            raise self.error(
                number, f"activity {activity.ref} appears twice (first on {self.place(first)})"
            )
        level_cell, keyword_cell = cell("execution_level"), cell("keyword")
        level = "" if is_clear_marker(level_cell) else parsed("execution_level",
                                                               parse_execution_level)  # fmt: skip
        status = paragraphs(header.cell(cells, "status"))
        keyword = "" if is_clear_marker(keyword_cell) else (
            stated_keyword(keyword_cell) if keyword_cell else None)  # fmt: skip
        if keyword_cell and keyword is None:
            raise self.error(number, f"progress keyword {keyword_cell!r} is not one of "
                             "Achevé, En cours, Reporté, Pas encore commencé",
                             header.headings[header.columns["keyword"]])  # fmt: skip
        row = _Row(number, activity, status, level.value if level else level)
        row.keyword = keyword.value if keyword else keyword
        self.rows.append(row)

    def document(self) -> ProgrammeDocument:
        programme = self.programme()
        sessions = []
        has_status = any(row.status or row.level is not None or row.keyword is not None
                         for row in self.rows)  # fmt: skip
        if has_status:
            meeting = self.meeting
            if meeting is None:
                raise self.error(
                    1,
                    "the table reports statuses but no line such as "
                    "“(présenté au <organe> en avril 2024)” says for which session",
                )
            sessions.append(
                SessionData(
                    id=meeting.session_id,
                    body=meeting.body,
                    numbers=list(meeting.numbers),
                    start=meeting.start,
                    end=meeting.end,
                    frozen=self.presented,  # a presented report is a record
                )
            )
            for row in self.rows:
                if row.status or row.level is not None or row.keyword is not None:
                    keyword, status = split_keyword(row.status)
                    text = self.status_text(status)
                    row.activity.status_reports.append(
                        StatusReportData(
                            session=meeting.session_id,
                            keyword=keyword if row.keyword is None else row.keyword,
                            text=text,
                            execution_level=row.level,
                        )
                    )
        activities = [row.activity for row in self.rows]
        return ProgrammeDocument(programme, sessions, activities, complete=False)

    def status_text(self, status: list[str]) -> dict[str, str]:
        if not status:
            return {}
        language, _ = in_language(status[0], self.language)
        text = "\n\n".join(in_language(p, self.language)[1] for p in status)
        return {language: "" if is_clear_marker(text) else text}

    def programme(self) -> ProgrammeData:
        # The running title ("Programme de travail révisé 2022-2025 du CTP et état
        # d'avancement") is better written than the all-capitals cover line.
        titles = sorted(self.titles, key=lambda title: title.isupper())
        if not titles:
            raise self.error(
                1, "no programme title with its period (e.g. “Programme de travail 2022-2025”)"
            )
        title = re.sub(r"\s+(et état d'avancement|and status report)$", "", titles[0], flags=re.I)
        start, end = map(int, _PERIOD.search(title).groups())
        body, name = self.title_body(title)
        if body is None:
            raise self.error(1, f"the title {title!r} names no committee (… of the <body>)")
        return ProgrammeData(body=body, title={self.language: title}, period=(start, end),
                             body_name=name)  # fmt: skip

    def title_body(self, title: str) -> tuple[str | None, str]:
        """The body a title names ("… 2022-2025 du CTP", "… of the Technical Committee on
        Rules of Origin"): the registry's, else an acronym or name the registry does not
        know, as written (the import preview says so and offers to create it), and then
        the name the title gives it."""
        folded = fold(title)
        found = []
        for spelling, code in self.registry.names.aliases.items():
            match = re.search(rf"(?<![\w/-]){re.escape(spelling)}(?![\w/-])", folded)
            if match:
                found.append((match.start(), -len(spelling), code))
        if found:
            return min(found)[2], ""
        named = _TITLE_BODY.search(title)
        if named is None:
            return None, ""
        name = named["name"].strip(" .,;:")
        return (name if BODY_CODE.fullmatch(name) else unknown_body_code(name)), name


# What follows the period in a title: "… 2022-2025 du CTRO", "… of the Technical …".
_TITLE_BODY = re.compile(
    r"\b20\d\d\s*[-–]\s*20\d\d\s+(?:du|de la|de l'|des|of the|of)\s+(?P<name>.+)$",
    re.IGNORECASE,
)


def unknown_body_code(name: str) -> str:
    """A code for a body the registry does not know, from its name's capitalised words
    ("Working Group on Something New" → "WGSN"): what the import creates it under."""
    initials = "".join(word[0] for word in re.findall(r"[A-Za-zÀ-ÿ]+", name) if word[0].isupper())
    return fold(initials).upper()[:MAX_BODY_CODE] or "BODY"


def read_text(
    source: str, data: bytes, budget: TimeBudget | None = None, registry: Registry = SEED
) -> ProgrammeDocument:
    """Read a text export given as bytes; `source` names the file in error messages."""
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise DocumentError(source, f"line {line}", "binary content: this is not a text export",
                            "binary")  # fmt: skip
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DocumentError(
            source, f"line {line}", f"not UTF-8 text (byte 0x{data[exc.start]:02x})", "not-utf8"
        ) from None
    document = TextDocumentReader(source, content, budget=budget, registry=registry).read()
    return validate_document(document, source, budget, registry)
