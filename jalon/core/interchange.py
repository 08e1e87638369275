"""The `jalon.programme/1` JSON interchange format (DESIGN.md), also the backup format.

`dumps(document)` and `loads(source, data)` are exact inverses on ProgrammeDocument.
Derived fields (`deadline_parsed`, `resources_parsed`) are written for consumers and
ignored on reading: they are recomputed from the text.
"""

from __future__ import annotations

import difflib
import json
from datetime import date
from functools import cache
from importlib import resources

import jsonschema

from jalon.core.deadlines import parse_deadline
from jalon.core.programme import (
    ActivityData,
    DocumentError,
    ProgrammeData,
    ProgrammeDocument,
    SessionData,
    StatusReportData,
    TimeBudget,
)
from jalon.core.resources import parse_resources
from jalon.core.validation import validate_document

FORMAT = "jalon.programme/1"


def to_dict(document: ProgrammeDocument) -> dict:
    programme = document.programme
    return {
        "format": FORMAT,
        "programme": {
            "body": programme.body,
            "title": programme.title,
            "period": list(programme.period),
        },
        "sessions": [
            {
                "id": session.id,
                "body": session.body,
                "numbers": list(session.numbers),
                "start": _iso(session.start),
                "end": _iso(session.end),
                "frozen": session.frozen,
            }
            for session in document.sessions
        ],
        "activities": [_activity_to_dict(activity) for activity in document.activities],
    }


def _activity_to_dict(activity: ActivityData) -> dict:
    return {
        "section": activity.section,
        "number": activity.number,
        "priority": activity.priority,
        "strategic_link": activity.strategic_link,
        "title": activity.title,
        "strategic_codes": activity.strategic_codes,
        "task_type": activity.task_type,
        "task_type_raw": activity.task_type_raw,
        "responsible_bodies": activity.responsible_bodies,
        "responsible_raw": activity.responsible_raw,
        "resources": activity.resources,
        "resources_parsed": _parsed(parse_resources, activity.resources),
        "kpi": activity.kpi,
        "deadline": activity.deadline,
        "deadline_parsed": _parsed(parse_deadline, activity.deadline),
        "status_reports": [
            {
                "session": report.session,
                "keyword": report.keyword,
                "text": report.text,
                "execution_level": report.execution_level,
            }
            for report in activity.status_reports
        ],
    }


def _parsed(parse, text: dict):
    """A derived field: what the parser understands of the text (French first), or None."""
    source = text.get("fr") or text.get("en")
    parsed = parse(source) if source else None
    return parsed.to_dict() if parsed else None


def dumps(document: ProgrammeDocument) -> str:
    return json.dumps(to_dict(document), ensure_ascii=False, indent=2) + "\n"


@cache
def schema() -> dict:
    return json.loads(resources.files("jalon.core").joinpath("programme.schema.json").read_text())


@cache
def _validator() -> jsonschema.protocols.Validator:
    # The format checker makes `format: date` a check (a calendar date), not a comment.
    return jsonschema.Draft202012Validator(
        schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _json_path(parts) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts).lstrip(".")


def _schema_error(source: str, error: jsonschema.ValidationError) -> DocumentError:
    parts = list(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        # Name the unknown key itself, and the key it was probably meant to be.
        known = error.schema.get("properties", {})
        unknown = sorted(key for key in error.instance if key not in known)
        if unknown:
            key = unknown[0]
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            return DocumentError(source, _json_path([*parts, key]), f"unknown key {key!r}{hint}")
    return DocumentError(source, _json_path(parts) or "document", error.message)


def _refuse_duplicates(source: str, data: dict) -> None:
    """What JSON Schema cannot say: an activity, a session, a session's status, once."""
    seen: dict = {}
    for index, session in enumerate(data["sessions"]):
        if (first := seen.setdefault(("session", session["id"]), index)) != index:
            message = f"session {session['id']} appears twice (also sessions[{first}])"
            raise DocumentError(source, f"sessions[{index}].id", message)
    for index, activity in enumerate(data["activities"]):
        key = ("activity", activity["section"], activity["number"])
        if (first := seen.setdefault(key, index)) != index:
            raise DocumentError(
                source, f"activities[{index}]",
                f"activity {activity['section']} {activity['number']} appears twice "
                f"(also activities[{first}])",
            )  # fmt: skip
        reports: dict[str, int] = {}
        for number, report in enumerate(activity.get("status_reports", [])):
            if (first := reports.setdefault(report["session"], number)) != number:
                raise DocumentError(
                    source, f"activities[{index}].status_reports[{number}].session",
                    f"a second status for session {report['session']} "
                    f"(also status_reports[{first}])",
                )  # fmt: skip


def from_dict(source: str, data: object, budget: TimeBudget | None = None) -> ProgrammeDocument:
    """Validate against the schema, then build the document; errors name the JSON path."""
    error = jsonschema.exceptions.best_match(_validator().iter_errors(data))
    if error is not None:
        raise _schema_error(source, error)
    assert isinstance(data, dict)
    _refuse_duplicates(source, data)
    _refuse_nul(source, data, "")
    sessions = [
        SessionData(
            id=item["id"],
            body=item["body"],
            numbers=list(item["numbers"]),
            start=_date(source, f"sessions[{i}].start", item.get("start")),
            end=_date(source, f"sessions[{i}].end", item.get("end")),
            frozen=item.get("frozen", False),
        )
        for i, item in enumerate(data["sessions"])
    ]
    activities = [_activity_from_dict(i, item) for i, item in enumerate(data["activities"])]
    programme = data["programme"]
    document = ProgrammeDocument(
        ProgrammeData(programme["body"], programme["title"], tuple(programme["period"])),
        sessions,
        activities,
    )
    return validate_document(document, source, budget)


def _activity_from_dict(index: int, item: dict) -> ActivityData:
    return ActivityData(
        section=item["section"],
        number=item["number"],
        priority=item.get("priority"),
        strategic_link=item.get("strategic_link"),
        title=item["title"],
        strategic_codes=item.get("strategic_codes", []),
        task_type=item.get("task_type"),
        task_type_raw=item.get("task_type_raw", ""),
        responsible_bodies=item.get("responsible_bodies", []),
        responsible_raw=item.get("responsible_raw", ""),
        resources=item.get("resources", {}),
        kpi=item.get("kpi", {}),
        deadline=item.get("deadline", {}),
        status_reports=[
            StatusReportData(
                session=report["session"],
                keyword=report.get("keyword"),
                text=report.get("text", {}),
                execution_level=report.get("execution_level"),
            )
            for report in item.get("status_reports", [])
        ],
        source=f"activities[{index}]",
    )


def loads(source: str, data: bytes, budget: TimeBudget | None = None) -> ProgrammeDocument:
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DocumentError(source, f"line {line}", "not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise DocumentError(
            source, f"line {exc.lineno}, column {exc.colno}", f"invalid JSON: {exc.msg}"
        ) from None
    except RecursionError:
        raise DocumentError(source, "document", "nested too deeply to be a programme") from None
    return from_dict(source, parsed, budget)


def _refuse_nul(source: str, value: object, path: str) -> None:
    """NUL characters are refused: no database can store them in text."""
    if isinstance(value, str) and "\x00" in value:
        raise DocumentError(source, path or "document", "text contains a NUL character")
    if isinstance(value, dict):
        for key, item in value.items():
            _refuse_nul(source, item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_nul(source, item, f"{path}[{index}]")


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(source: str, where: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except (ValueError, TypeError):
        raise DocumentError(source, where, f"{value!r} is not a date") from None
