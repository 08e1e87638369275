"""What changed between two sessions' reports: per activity, and what it means.

Pure Python on a ProgrammeDocument: `diff(document, from_id, to_id)`.
"""

from __future__ import annotations

from jalon.core.programme import ActivityData, ProgrammeDocument, StatusReportData
from jalon.core.rules import check
from jalon.core.status import stated_keyword

FIELDS = ("keyword", "execution_level", "text")


def _report(activity: ActivityData, session: str) -> StatusReportData | None:
    return next((r for r in activity.status_reports if r.session == session), None)


def _values(report: StatusReportData) -> dict:
    return {
        "keyword": report.keyword,
        "execution_level": report.execution_level,
        "text": report.text,
    }


def _completed(report: StatusReportData | None) -> bool:
    if report is None:
        return False
    keyword = report.keyword or stated_keyword(report.text.get("fr") or report.text.get("en", ""))
    return keyword == "completed"


def _key(activity: ActivityData) -> dict:
    return {"section": activity.section, "number": activity.number}


def diff(document: ProgrammeDocument, from_id: str, to_id: str) -> dict:
    """`{"from", "to", "changes", "completed", "newly_overdue", "added", "removed"}`."""
    changes, completed, added, removed = [], [], [], []
    for activity in document.activities:
        before, after = _report(activity, from_id), _report(activity, to_id)
        if before is None and after is None:
            continue
        if before is None:
            added.append(_key(activity))
        elif after is None:
            removed.append(_key(activity))
        else:
            old, new = _values(before), _values(after)
            fields = [name for name in FIELDS if old[name] != new[name]]
            if fields:
                changes.append(
                    {
                        "activity": _key(activity),
                        "ref": activity.ref,
                        "fields": fields,
                        "from": old,
                        "to": new,
                    }  # fmt: skip
                )
        if _completed(after) and not _completed(before):
            completed.append(_key(activity))
    overdue_before = _overdue(document, from_id)
    newly_overdue = [
        {"section": section, "number": number}
        for section, number in _overdue(document, to_id)
        if (section, number) not in overdue_before
    ]
    return {
        "from": from_id,
        "to": to_id,
        "changes": changes,
        "completed": completed,
        "newly_overdue": newly_overdue,
        "added": added,
        "removed": removed,
    }


def _overdue(document: ProgrammeDocument, session_id: str) -> list[tuple[str, int]]:
    return [f.activity for f in check(document, session_id).findings if f.rule == "overdue"]
