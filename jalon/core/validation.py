"""The one gate every stored value passes: readers, the API, the web forms, the CLI, the admin.

`validate_document()` checks a whole programme before anything is written; `clean_text()`
and the `check_*` helpers are the same rules for one value (a form field, an API field).
A refusal is a DocumentError naming the place (line, sheet row, JSON path) and the field.

Control characters: tab and newline are kept; carriage returns, vertical tabs and form
feeds (Word's line and page breaks) become newlines; every other control character
(C0, DEL, C1) is *stripped*, not refused. They are invisible artefacts of the programs
that produced a file, they carry no meaning a reader could see, and refusing them would
reject real documents for nothing; stripped, they can no longer break the Word and
Excel writers or a terminal. NUL is the exception readers refuse up front: it marks
binary content, not text. Lone surrogates (not text in any encoding) are refused.

Plain text only: markup is removed and entities decoded until nothing tag-like remains,
so an entity-encoded tag (`&lt;img onerror=…&gt;`) ends as harmless text like a raw one.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date

import nh3

from jalon.core.calendar import SEED
from jalon.core.programme import DocumentError, ProgrammeDocument, TimeBudget

# Column sizes (the models' max_length), enforced here so SQLite refuses what PostgreSQL
# would: a database can always move from one to the other.
MAX_BODY_CODE = 40
MAX_SESSION_ID = 40
MAX_PROGRAMME_TITLE = 300
MAX_TASK_TYPE_RAW = 100
MAX_STRATEGIC_CODE = 40
# Free text (titles, statuses, KPIs …) is bounded too: the longest real cell is ~3,000.
MAX_TEXT = 20_000
MAX_LIST = 100  # strategic codes, responsible bodies of one activity

# Numbers and years: what the models store (positive integers) and the calendar handles.
MAX_ACTIVITY_NUMBER = 999_999
MAX_SESSION_NUMBER = 9_999
MIN_YEAR, MAX_YEAR = 1950, 2200

# Ids as the URL patterns take them (ASCII only: no Arabic-Indic or full-width digits).
BODY_CODE = re.compile(r"[A-Z][A-Z/-]*", re.ASCII)
SESSION_ID = re.compile(r"(?P<body>[A-Z][A-Z/-]*)-(?P<numbers>[0-9]+(?:-[0-9]+)?)", re.ASCII)

_LINE_BREAKS = re.compile(r"\r\n?|[\v\f\x85]")
# C0 and C1 controls, and U+FFFE/U+FFFF (not characters; XML, hence Word and Excel,
# refuses them).
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_TAG_LIKE = re.compile(r"<[A-Za-z!/?]")
_MAX_UNWRAP = 8
_SUSPECT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]|<[A-Za-z!/?]")


class InvalidValue(ValueError):
    """One value refused by the gate; the caller adds where it was. `code` and `params`
    say it as data, for a front end that writes it in its page's language."""

    def __init__(self, message: str, code: str = "", **params):
        super().__init__(message)
        self.code, self.params = code, params


def clean_text(value: str, limit: int = MAX_TEXT) -> str:
    """The value as plain text: control characters stripped, markup removed, length
    bounded (InvalidValue past `limit`, or for lone surrogates)."""
    if not _SUSPECT.search(value):  # the common case: nothing to clean
        if len(value) > limit:
            raise InvalidValue(f"{len(value)} characters, more than the {limit} allowed",
                               "too-long", length=len(value), limit=limit)  # fmt: skip
        return value
    if _SURROGATE.search(value):
        raise InvalidValue("the text holds a lone surrogate: it is not valid Unicode text",
                           "surrogate")  # fmt: skip
    value = _CONTROLS.sub("", _LINE_BREAKS.sub("\n", value))
    for _ in range(_MAX_UNWRAP):
        if not _TAG_LIKE.search(value):
            break
        value = html.unescape(nh3.clean(value, tags=set()))
    else:
        value = value.replace("<", "‹")  # markup nested deeper than anyone writes
    if len(value) > limit:
        raise InvalidValue(f"{len(value)} characters, more than the {limit} allowed",
                           "too-long", length=len(value), limit=limit)  # fmt: skip
    return value


def strip_controls(value: str) -> str:
    """Text for a terminal: no control sequence survives (tab and newline kept)."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", value))


def check_session_id(code: str, body: str | None = None, registry=None) -> list[int]:
    """The session numbers of an id in its body's scheme: <BODY>-<n> for a body whose
    meetings carry one number, <BODY>-<n>-<n+1> for one whose carry two (the registry
    says which; the seed's by default). A body the registry does not know may use either.
    """
    registry = registry or SEED
    match = SESSION_ID.fullmatch(code)
    if not match or len(code) > MAX_SESSION_ID:
        raise InvalidValue(
            f"{code!r} is not a session id: "
            + (registry.expected_form(body) if body else "<BODY>-<n> or <BODY>-<n>-<n+1>")
        )
    if body is not None and match["body"] != body:
        raise InvalidValue(f"{code!r} is not a session of {body}: {registry.expected_form(body)}")
    numbers = [int(number) for number in match["numbers"].split("-")]
    info = registry.body(match["body"])
    if info is not None and len(numbers) != info.numbers_per_meeting:
        raise InvalidValue(
            f"{code!r} is not a session id of {match['body']}: "
            f"{registry.expected_form(match['body'])}"
        )
    if numbers != list(range(numbers[0], numbers[0] + len(numbers))) or not (
        1 <= numbers[0] < MAX_SESSION_NUMBER
    ):
        raise InvalidValue(
            f"{code!r} is not a session id: its numbers are consecutive numbers from 1 "
            f"to {MAX_SESSION_NUMBER}, {registry.expected_form(match['body'])}"
        )
    return numbers


def check_body_code(code: str) -> str:
    if not BODY_CODE.fullmatch(code) or len(code) > MAX_BODY_CODE:
        raise InvalidValue(
            f"{code!r} is not a body code: capital letters, '-' and '/', "
            f"at most {MAX_BODY_CODE} characters"
        )
    return code


def check_year(year: int) -> int:
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidValue(f"the year {year} is not between {MIN_YEAR} and {MAX_YEAR}",
                           "year", year=year, first=MIN_YEAR, last=MAX_YEAR)  # fmt: skip
    return year


def check_date(value: date | None) -> date | None:
    if value is not None:
        check_year(value.year)
    return value


def check_number(number: int, maximum: int = MAX_ACTIVITY_NUMBER) -> int:
    if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= maximum:
        raise InvalidValue(f"{number} is not a number from 1 to {maximum}")
    return number


@dataclass
class _Place:
    """Builds the place of a refusal: `where` names the row or path, `field` the value."""

    source: str
    where: str

    def error(self, field: str, problem: str) -> DocumentError:
        # A JSON path goes on as a path (activities[3].title.fr); a row gets the field named.
        json_path = self.where.endswith("]") or self.where == "programme"
        where = f"{self.where}{'.' if json_path else ', field '}{field}"
        return DocumentError(self.source, where, problem)


def validate_document(
    document: ProgrammeDocument, source: str, budget: TimeBudget | None = None, registry=None
) -> ProgrammeDocument:
    """Check every value of the document and clean its texts in place; the first refusal
    raises DocumentError. Returns the document for chaining."""
    _validate_programme(document, _Place(source, "programme"))
    sessions = {}
    for index, session in enumerate(document.sessions):
        place = _Place(source, f"sessions[{index}]")
        _gate(place, "body", lambda s=session: check_body_code(s.body))
        _gate(place, "id", lambda s=session: check_session_id(s.id, s.body, registry))
        if list(session.numbers) != check_session_id(session.id, registry=registry):
            raise place.error("numbers", f"{session.numbers} do not match the id {session.id}")
        _gate(place, "start", lambda s=session: check_date(s.start))
        _gate(place, "end", lambda s=session: check_date(s.end))
        if session.start and session.end and session.end < session.start:
            raise place.error(
                "end", f"the session cannot end ({session.end}) before it starts ({session.start})"
            )
        if session.id in sessions:
            raise place.error("id", f"session {session.id} appears twice")
        sessions[session.id] = session
    seen: dict[tuple[str, int], str] = {}
    for index, activity in enumerate(document.activities):
        if budget and index % 500 == 0:
            budget.check()
        place = _Place(source, activity.source or f"activities[{index}]")
        _validate_activity(place, activity, sessions, seen, partial=not document.complete)
    return document


def _gate(place: _Place, field: str, check):
    try:
        return check()
    except InvalidValue as exc:
        raise place.error(field, str(exc)) from None


def _clean_bilingual(
    place: _Place, field: str, text: dict, limit: int = MAX_TEXT, partial: bool = False
) -> None:
    for language, original in list(text.items()):
        try:
            value = clean_text(original, limit)
        except InvalidValue as exc:
            raise place.error(f"{field}.{language}", str(exc)) from None
        if value or (partial and original == ""):
            # In a partial document (a session document) "" is an explicit "clear".
            text[language] = value
        else:
            del text[language]  # nothing left: the translation is missing, not empty


def _validate_programme(document: ProgrammeDocument, place: _Place) -> None:
    programme = document.programme
    _gate(place, "body", lambda: check_body_code(programme.body))
    _clean_bilingual(place, "title", programme.title, MAX_PROGRAMME_TITLE)
    start, end = programme.period
    _gate(place, "period", lambda: (check_year(start), check_year(end)))
    if end < start:
        raise place.error("period", f"the period ends ({end}) before it starts ({start})")


def _validate_activity(
    place: _Place, activity, sessions: dict, seen: dict, partial: bool = False
) -> None:
    _gate(place, "number", lambda: check_number(activity.number))
    key = (activity.section, activity.number)
    if not getattr(activity, "withdrawn", False):  # a withdrawn activity keeps its old number
        if key in seen:
            raise place.error("number", f"activity {activity.ref} appears twice (also {seen[key]})")
        seen[key] = place.where
    for field in ("title", "resources", "kpi", "deadline"):
        _clean_bilingual(place, field, getattr(activity, field), partial=partial)
    activity.task_type_raw = _gate(
        place, "task_type_raw", lambda: clean_text(activity.task_type_raw, MAX_TASK_TYPE_RAW)
    )
    activity.responsible_raw = _gate(
        place, "responsible_raw", lambda: clean_text(activity.responsible_raw)
    )
    for field, limit in (("strategic_codes", MAX_STRATEGIC_CODE),
                         ("responsible_bodies", MAX_BODY_CODE)):  # fmt: skip
        values = getattr(activity, field)
        if len(values) > MAX_LIST:
            raise place.error(field, f"{len(values)} values, more than the {MAX_LIST} allowed")
        cleaned = [_gate(place, f"{field}[{i}]", lambda v=v, n=limit: clean_text(v, n).strip())
                   for i, v in enumerate(values)]  # fmt: skip
        if "" in cleaned:
            raise place.error(field, "an empty value")
        if len(set(cleaned)) != len(cleaned):
            raise place.error(field, "a value appears twice")
        setattr(activity, field, cleaned)
    reported = set()
    for index, report in enumerate(activity.status_reports):
        where = f"status_reports[{index}]"
        if report.session not in sessions:
            raise place.error(
                f"{where}.session",
                f"session {report.session!r} is not among the document's sessions",
            )
        if report.session in reported:
            raise place.error(
                f"{where}.session", f"{activity.ref} has two statuses for {report.session}"
            )
        reported.add(report.session)
        _clean_bilingual(place, f"{where}.text", report.text, partial=partial)
