"""The `jalon.programme/2` JSON interchange format (DESIGN.md), also the backup format.

`/2` gives every activity its permanent identifier (`id`) and the one it carries over
from (`predecessor`); `/1` files (no identifiers) are still read, and their activities
are then matched by number and text on import.

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
    ChangeData,
    DocumentError,
    ProgrammeData,
    ProgrammeDocument,
    RevisionData,
    SessionData,
    StatusReportData,
    TimeBudget,
)
from jalon.core.resources import parse_resources
from jalon.core.validation import validate_document

FORMAT = "jalon.programme/2"
SCHEMAS = {"jalon.programme/1": "programme.schema.json", FORMAT: "programme-2.schema.json"}


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
        **(
            {"revisions": [_revision_to_dict(r) for r in document.revisions]}
            if document.revisions
            else {}
        ),  # fmt: skip
    }


def _revision_to_dict(revision: RevisionData) -> dict:
    return {
        "number": revision.number,
        "state": revision.state,
        "session": revision.session,
        "presented_on": _iso(revision.presented_on),
        "endorsed_on": _iso(revision.endorsed_on),
        "endorsement_reference": revision.endorsement_reference,
        "adopted_on": _iso(revision.adopted_on),
        "adoption_reference": revision.adoption_reference,
        "changes": [
            {
                "kind": change.kind,
                "activity": change.activity,
                "before": change.before,
                "after": change.after,
                "fields": change.fields,
                "reason": change.reason,
                **({"related": change.related} if change.related else {}),
            }
            for change in revision.changes
        ],
    }


def _revision_from_dict(source: str, index: int, item: dict) -> RevisionData:
    where = f"revisions[{index}]"
    return RevisionData(
        number=item["number"],
        state=item["state"],
        session=item.get("session"),
        presented_on=_date(source, f"{where}.presented_on", item.get("presented_on")),
        endorsed_on=_date(source, f"{where}.endorsed_on", item.get("endorsed_on")),
        endorsement_reference=item.get("endorsement_reference", ""),
        adopted_on=_date(source, f"{where}.adopted_on", item.get("adopted_on")),
        adoption_reference=item.get("adoption_reference", ""),
        changes=[
            ChangeData(
                kind=change["kind"],
                activity=change["activity"],
                before=change.get("before", ""),
                after=change.get("after", ""),
                fields={name: list(pair) for name, pair in change.get("fields", {}).items()},
                reason=change.get("reason", ""),
                related=change.get("related", ""),
            )
            for change in item["changes"]
        ],
    )


def _activity_to_dict(activity: ActivityData) -> dict:
    identity = {"id": activity.uid} if activity.uid else {}
    if activity.predecessor:
        identity["predecessor"] = activity.predecessor
    if activity.withdrawn:
        identity["withdrawn"] = True
    return identity | {
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
def schema(format: str = FORMAT) -> dict:
    return json.loads(resources.files("jalon.core").joinpath(SCHEMAS[format]).read_text())


@cache
def _validator(format: str = FORMAT) -> jsonschema.protocols.Validator:
    # The format checker makes `format: date` a check (a calendar date), not a comment.
    return jsonschema.Draft202012Validator(
        schema(format), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
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
        # A withdrawn activity keeps its old number: only current ones are unique.
        key = ("activity", activity["section"], activity["number"], activity.get("withdrawn"))
        if not activity.get("withdrawn") and (first := seen.setdefault(key, index)) != index:
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
    format = data.get("format") if isinstance(data, dict) else None
    if format not in SCHEMAS:
        raise DocumentError(
            source, "format", f"{format!r} is not a format jalon reads ({', '.join(SCHEMAS)})"
        )
    error = jsonschema.exceptions.best_match(_validator(format).iter_errors(data))
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
    _refuse_shared_ids(source, activities)
    revisions = [_revision_from_dict(source, i, r) for i, r in enumerate(data.get("revisions", []))]
    programme = data["programme"]
    document = ProgrammeDocument(
        ProgrammeData(programme["body"], programme["title"], tuple(programme["period"])),
        sessions,
        activities,
        revisions,
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
        uid=item.get("id", ""),
        predecessor=item.get("predecessor", ""),
        withdrawn=item.get("withdrawn", False),
        source=f"activities[{index}]",
    )


def _refuse_shared_ids(source: str, activities: list[ActivityData]) -> None:
    """An identifier belongs to one activity: two claiming one is an error naming both."""
    seen: dict[str, ActivityData] = {}
    for activity in activities:
        if not activity.uid:
            continue
        first = seen.setdefault(activity.uid, activity)
        if first is not activity:
            raise DocumentError(
                source,
                f"{first.source} ({first.ref}) and {activity.source} ({activity.ref})",
                f"both claim the identifier {activity.uid}; an identifier names one activity",
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
