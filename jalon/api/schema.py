"""OpenAPI additions: the error answers every operation may give, with their bodies."""

ERROR = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "current_version": {"type": "integer"},
    },
    "additionalProperties": True,
    "description": "What went wrong: `detail` in words and `code` (for 409: frozen or "
    "stale_version); a 400 for invalid fields lists the messages by field name instead.",
}
ERRORS = {
    "400": "The request is not valid: see `detail` (or the fields named).",
    "401": "Not authenticated: send `Authorization: Token <key>`.",
    "403": "Your role does not allow this (Members read; the Secretariat writes).",
    "404": "No such object.",
    "409": "Conflict: the session is frozen, or the status changed since the version you sent.",
    "428": "The status exists: send the version you read (`version` or If-Match).",
    "500": "An error of the server's own (logged): `code` is server_error.",
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            codes = ["400", "401", "403", "404", "500"]
            if method in ("post", "put", "patch"):
                codes += ["409", "428"]
            body = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
            for code in codes:
                responses.setdefault(code, {"description": ERRORS[code], "content": body})
    return result
