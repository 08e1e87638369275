"""OpenAPI additions (drf-spectacular postprocessing hook): the components serializers
refer to, the error answers every operation may give with their one shape, the headers
(API version, rate limit, deprecation), and what the generator cannot see.

Lint findings of Redocly and Spectral (recommended rule sets; tests/test_api_lint.py)
that remain are justified in `JUSTIFIED` below, one reason each.
"""

from jalon.api.examples import EXAMPLES
from jalon.api.pagination import CLAMPED_HEADER, MAX_PAGE_SIZE
from jalon.api.serializers import LANGUAGES, MAX_TEXT
from jalon.reporting.filters import ActivityFilter

TEXT = {
    "type": "object",
    "properties": {lang: {"type": "string", "minLength": 1} for lang in LANGUAGES},
    "additionalProperties": False,
    "description": "Text by language; a missing translation is absent, never a copy.",
    "example": {"fr": "Achevé en octobre 2024.", "en": "Completed in October 2024."},
}
TEXT_EDIT = {
    "type": "object",
    "properties": {lang: {"type": ["string", "null"], "maxLength": MAX_TEXT} for lang in LANGUAGES},
    "additionalProperties": False,
    "description": "Text written in the shape it is read. A missing key leaves that language "
    'as it is; null (or "") clears it.',
    "example": {"en": "Completed in October 2024."},
}
ERROR = {
    "type": "object",
    "required": ["code", "detail"],
    "properties": {
        "code": {
            "type": "string",
            "description": "e.g. invalid, not_authenticated, permission_denied, not_found, "
            "frozen, stale_version, unsupported_media_type, throttled",
        },
        "detail": {"type": "string", "description": "what went wrong, in words"},
        "fields": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": "400 invalid: the messages by field name",
        },
        "current_version": {"type": "integer", "description": "409 stale_version"},
        "session": {"type": "string", "description": "409 frozen: the session"},
    },
    "description": "Every error has this shape.",
    "example": {"code": "not_found", "detail": "no activity I.99 in CTP-2022-2025"},
}
ERRORS = {
    "400": "The request is not valid: see `detail` and `fields`.",
    "401": "Not authenticated: send `Authorization: Token <key>`.",
    "403": "Your role does not allow this (Members read; the Secretariat writes).",
    "404": "No such object (or page).",
    "409": "Conflict: the session is frozen, or the status changed since the version you sent.",
    "415": "The body is not JSON (`Content-Type: application/json`).",
    "428": "The status exists: send the version you read (`version` or If-Match).",
    "429": "Too many requests for your token's role: wait `Retry-After` seconds.",
}
HEADERS = {
    "API-Version": {
        "description": "The API's version (info.version).",
        "schema": {"type": "string", "example": "1.0.0"},
    },
    "Retry-After": {
        "description": "Seconds to wait before the next request.",
        "schema": {"type": "integer", "minimum": 0},
    },
    CLAMPED_HEADER: {
        "description": f"The page size asked for was above {MAX_PAGE_SIZE}: this page has "
        f"{MAX_PAGE_SIZE} results (the header's value).",
        "schema": {"type": "integer", "example": MAX_PAGE_SIZE},
    },
    "Deprecation": {
        "description": "RFC 9745: the request used a deprecated form (`text` as a string "
        "with `lang`), deprecated since this date (`@` Unix time).",
        "schema": {"type": "string", "example": "@1795737600"},
    },
}
ORDERING_KEYS = sorted(ActivityFilter.base_filters["ordering"].param_map)
ORDERING = {
    "type": "string",
    "pattern": "^(-?({k})(,-?({k}))*)?$".format(k="|".join(ORDERING_KEYS)),  # empty: default
    "example": "priority,-due",
}

# Remaining findings of the linters, and why they stay: (tool, rule) → reason.
JUSTIFIED: dict[tuple[str, str], str] = {
    # Every URL of jalon ends with a slash (Django's convention, APPEND_SLASH), the web
    # pages' and the API's alike; clients and the README use them so since v1. Dropping the
    # slash is a breaking change for a v2, not a lint fix.
    ("redocly", "no-path-trailing-slash"): "Django's URLs end with a slash; v1 keeps them.",
    ("spectral", "path-keys-no-trailing-slash"): "Django's URLs end with a slash; v1 keeps them.",
    # Who to contact and under which licence the API is offered belong to whoever runs an
    # installation, not to the code; the project declares no licence of its own.
    ("redocly", "info-license"): "The installation's, not the code's; none is declared.",
    ("spectral", "info-contact"): "The installation's, not the code's.",
}

TAGS = {
    "programmes": "Work programmes.",
    "activities": "Activities with their status at a session; one activity's history.",
    "sessions": "Committee sessions: open a reporting round, freeze it, unfreeze it.",
    "status-reports": "Status reports: record an activity's status for a session.",
    "findings": "The rule checker's findings.",
    "agenda": "The forward agenda: what is due before a body, across every programme.",
    "exports": "The session document in every format, and the programme as JSON.",
}
SUMMARIES = {
    "programmes_list": "List the work programmes",
    "programmes_retrieve": "Read a work programme",
    "activities_list": "List activities, filtered and sorted",
    "activities_retrieve": "Read an activity",
    "activities_history_list": "Read an activity's status at every session",
    "sessions_list": "List the sessions",
    "sessions_create": "Open a session's reporting round",
    "sessions_retrieve": "Read a session",
    "sessions_freeze_create": "Freeze a session (its report becomes a record)",
    "sessions_unfreeze_create": "Unfreeze a session (administrators, with a reason)",
    "status_reports_list": "List status reports",
    "status_reports_create": "Record an activity's status for a session",
    "status_reports_retrieve": "Read a status report",
    "status_reports_update": "Update a status report",
    "status_reports_partial_update": "Update part of a status report",
    "findings_retrieve": "Check the programme against its rules",
    "agenda_retrieve": "List what is due before a body at a session or in a period",
}


def _ref(name: str, kind: str = "schemas") -> dict:
    return {"$ref": f"#/components/{kind}/{name}"}


def _error_codes(path: str, method: str, operation: dict) -> list[str]:
    parameters = operation.get("parameters", [])
    codes = ["401", "403"]
    if operation.get("requestBody") or any(p["in"] == "query" and p["name"] != "page"
                                           for p in parameters):  # fmt: skip
        codes.append("400")
    names = {p["name"] for p in parameters}
    if any(p["in"] == "path" for p in parameters) or names & {"page", "programme", "session"} \
            or (path, method) == ("/api/v1/status-reports/", "post"):  # fmt: skip
        codes.append("404")  # an object named in the path, the query or the body
    if method in ("post", "put", "patch"):
        codes.append("409")
    if path.startswith("/api/v1/status-reports/") and method in ("post", "put", "patch"):
        codes.append("428")  # changing an existing status needs the version read
    if operation.get("requestBody"):
        codes.append("415")
    codes.append("429")
    return sorted(codes)


def _drop_blank_enum(schema: dict) -> None:
    """BlankEnum comes from model fields that forms may leave blank (blank=True); the API
    never sends "" for them: a missing value is null."""
    for value in schema.values() if isinstance(schema, dict) else schema:
        if isinstance(value, (dict, list)):
            _drop_blank_enum(value)
    if isinstance(schema, dict) and "oneOf" in schema:
        schema["oneOf"] = [s for s in schema["oneOf"] if s != _ref("BlankEnum")]


def _nullable_as_31(schema) -> None:
    """`nullable` is OpenAPI 3.0; DRF's pagination schema still says it. In 3.1: a type
    list with "null"."""
    for value in schema.values() if isinstance(schema, dict) else schema:
        if isinstance(value, (dict, list)):
            _nullable_as_31(value)
    nullable = isinstance(schema, dict) and schema.pop("nullable", False)
    if nullable and isinstance(schema.get("type"), str):
        schema["type"] = [schema["type"], "null"]


def postprocess(result, generator, request, public):
    """drf-spectacular postprocessing hook (after its enum hook)."""
    components = result.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas.update({"Text": TEXT, "TextEdit": TEXT_EDIT, "Error": ERROR})
    for name, example in EXAMPLES.items():
        if name in schemas:
            schemas[name]["example"] = example
    components["headers"] = HEADERS
    _drop_blank_enum(schemas)
    _nullable_as_31(result)
    schemas.pop("BlankEnum", None)
    for name in ("StatusWriteRequest", "StatusUpdateRequest", "PatchedStatusUpdateRequest"):
        if "lang" in schemas.get(name, {}).get("properties", {}):
            schemas[name]["properties"]["lang"]["deprecated"] = True

    result["servers"] = [{"url": "/", "description": "The server that serves this schema."}]
    result["tags"] = [{"name": name, "description": text} for name, text in TAGS.items()]
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            name = operation["operationId"]
            operation["summary"] = SUMMARIES.get(name) or (
                f"Download the {name.removeprefix('export_')} export"
            )
            for parameter in operation.get("parameters", []):
                if parameter["name"] == "ordering":
                    # A comma-separated list of keys, sorted on in turn (not an array that
                    # a client may send as repeated parameters).
                    parameter.pop("explode", None)
                    parameter.pop("style", None)
                    parameter["schema"] = ORDERING
                    parameter["description"] = (
                        "Keys to sort on, in turn, comma-separated; `-` for descending: "
                        f"{', '.join(ORDERING_KEYS)}. Missing values last."
                    )
            responses = operation.setdefault("responses", {})
            for code in _error_codes(path, method, operation):
                responses.setdefault(code, {
                    "description": ERRORS[code],
                    "content": {"application/json": {"schema": _ref("Error")}},
                })  # fmt: skip
            for code, response in responses.items():
                headers = response.setdefault("headers", {})
                headers["API-Version"] = _ref("API-Version", "headers")
                if code == "429":
                    headers["Retry-After"] = _ref("Retry-After", "headers")
                paged = any(p["name"] == "page_size" for p in operation.get("parameters", []))
                if paged and code == "200":
                    headers[CLAMPED_HEADER] = _ref(CLAMPED_HEADER, "headers")
                if path.startswith("/api/v1/status-reports/") and code in ("200", "201") \
                        and method != "get":  # fmt: skip
                    headers["Deprecation"] = _ref("Deprecation", "headers")
    return result
