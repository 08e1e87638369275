"""One line of JSON per log event, on stderr: easy to read, easy to ship.

Each line carries `time`, `level`, `logger` and `message`, the event's own fields (the
`extra=` of the call), the request's method and path for request errors, and the
traceback under `exception`. gunicorn's access log comes through the same formatter
(its fields are the access-log atoms).
"""

import json
import logging
import sys
from datetime import UTC, datetime

# The attributes every LogRecord has; anything else was passed as an event field.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}
# gunicorn's access-log atoms, by the names a reader expects.
_ACCESS_FIELDS = {
    "h": "remote",
    "m": "method",
    "U": "path",
    "q": "query",
    "s": "status",
    "B": "bytes",
    "D": "duration_us",
    "a": "user_agent",
    "f": "referer",
}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            line["message"] = "request"
            line.update({name: record.args.get(atom) for atom, name in _ACCESS_FIELDS.items()})
        else:
            line["message"] = record.getMessage()
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            line["method"], line["path"] = request.method, request.path
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in line and key != "request":
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class StderrHandler(logging.StreamHandler):
    """A stream handler that writes to whatever `sys.stderr` is at the time of the event
    (not the one it found at start-up), so that redirections and test captures see it."""

    def __init__(self):
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value):
        pass
