"""The activity list and detail read straight from rows.

The JSON is ActivitySerializer's, key for key (tests/test_api_speed.py proves the bytes
equal), but built from `.values()` rows and two bulk queries — the page's responsible
bodies and its statuses at the session — instead of model instances and a serializer's
fields per row: the list costs little more than its SQL and `json.dumps`.
"""

from __future__ import annotations

from collections import defaultdict

from jalon.core.programme import text as _text
from jalon.programmes.choices import Section
from jalon.programmes.models import Responsibility
from jalon.reporting.models import StatusReport

ACTIVITY_COLUMNS = (
    "pk", "section", "number", "priority", "strategic_link", "title_fr", "title_en",
    "strategic_codes", "task_type", "task_type_raw", "responsible_raw", "resources_fr",
    "resources_en", "kpi_fr", "kpi_en", "deadline_fr", "deadline_en", "due", "uid",
)  # fmt: skip
REPORT_COLUMNS = ("id", "activity_id", "keyword", "progress", "execution_level", "text_fr",
                  "text_en", "version", "carried_forward")  # fmt: skip


def activities(rows: list[dict], session) -> list[dict]:
    """The API's activities for `rows` (dicts of ACTIVITY_COLUMNS, in the order wanted)
    with their status at `session`: two queries whatever the number of rows."""
    ids = [row["pk"] for row in rows]
    bodies = defaultdict(list)
    if ids:
        responsibilities = Responsibility.objects.filter(activity_id__in=ids).order_by(
            "activity_id", "position"
        )
        for activity_id, code in responsibilities.values_list("activity_id", "body__code"):
            bodies[activity_id].append(code)
    reports = {}
    if ids and session is not None:
        found = StatusReport.objects.filter(session=session, activity_id__in=ids).order_by()
        reports = {report["activity_id"]: report for report in found.values(*REPORT_COLUMNS)}
    return [_activity(row, bodies[row["pk"]], reports.get(row["pk"]), session) for row in rows]


def _activity(row: dict, bodies: list[str], report: dict | None, session) -> dict:
    ref = f"{'I' if row['section'] == Section.TIME_BOUND else 'II'}.{row['number']}"
    due = row["due"]
    return {
        "id": str(row["uid"]),
        "ref": ref,
        "section": row["section"],
        "number": row["number"],
        "priority": row["priority"],
        "strategic_link": row["strategic_link"],
        "title": _text(row["title_fr"], row["title_en"]),
        "strategic_codes": row["strategic_codes"],
        "task_type": row["task_type"],
        "task_type_raw": row["task_type_raw"],
        "responsible_bodies": bodies,
        "responsible_raw": row["responsible_raw"],
        "resources": _text(row["resources_fr"], row["resources_en"]),
        "kpi": _text(row["kpi_fr"], row["kpi_en"]),
        "deadline": _text(row["deadline_fr"], row["deadline_en"]),
        "due": due.isoformat() if due is not None else None,
        "status": _status(report, ref, session) if report is not None else None,
    }


def _status(report: dict, ref: str, session) -> dict:
    return {
        "id": report["id"],
        "activity": ref,
        "session": session.code,
        "keyword": report["keyword"],
        "progress": report["progress"],
        "execution_level": report["execution_level"],
        "text": _text(report["text_fr"], report["text_en"]),
        "version": report["version"],
        "carried_forward": report["carried_forward"],
    }
