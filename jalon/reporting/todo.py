"""The round's to-do list: every activity of the programme and where its status stands
this round. One place computes a row (`RoundRows`), in a fixed number of queries
whatever the size of the programme; columns are added here (e.g. translation state).
"""

from __future__ import annotations

import threading
import time
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache

from django.contrib.auth import get_user_model
from django.db.models import FilteredRelation, Q, TextChoices
from django.utils.translation import gettext_lazy as _

from jalon.core.programme import StatusReportData
from jalon.core.programme import text as bilingual
from jalon.core.rules import status_findings
from jalon.programmes.choices import Section
from jalon.programmes.models import Activity, Programme, Responsibility
from jalon.reporting.choices import Review
from jalon.reporting.models import Session
from jalon.reporting.rule_labels import RULE_LABELS
from jalon.reporting.versions import DataState, changed_activities, data_state


class State(TextChoices):
    """An activity's state in the round, from its status's review and whether it moved."""

    CARRIED = "carried", _("Carried forward, not yet reviewed")
    UPDATED = "updated", _("Updated")
    RETURNED = "returned", _("Sent back")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")


REVIEWED = (State.SUBMITTED, State.APPROVED)

# The status rules the list shows (footnotes 6 and 7, and overdue).
FINDINGS = {rule: RULE_LABELS[rule] for rule in ("status-keyword", "status-milestones",
                                                 "status-next-steps", "execution-level",
                                                 "overdue")}  # fmt: skip


@dataclass
class Row:
    """One line of the to-do list."""

    pk: int
    ref: str
    section: str
    number: int
    title_fr: str
    title_en: str
    state: str
    keyword: str | None
    progress: str | None  # the keyword recorded, else the one the text states
    execution_level: str | None
    version: int | None
    officer: str
    officer_id: int | None
    deputy: str
    bodies: list[str] = field(default_factory=list)
    findings: tuple = ()  # jalon.core.rules.Finding
    # The worst translation state of its texts (missing, outdated, current) and its label:
    # filled by the front end from jalon.translation, which sits above this app.
    translation: str | None = None
    translation_label: str = ""
    deputy_id: int | None = None

    @property
    def state_label(self) -> str:
        return State(self.state).label

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")


@dataclass
class Progress:
    total: int
    by_state: Counter

    @property
    def reviewed(self) -> int:
        return sum(self.by_state[s] for s in REVIEWED)

    @property
    def approved(self) -> int:
        return self.by_state[State.APPROVED]

    @property
    def carried(self) -> int:
        return self.by_state[State.CARRIED]


def state_of(carried_forward: bool | None, review: str | None) -> State:
    if review in (Review.SUBMITTED, Review.APPROVED, Review.RETURNED):
        return State(review)
    if carried_forward or carried_forward is None:  # None: no status at all yet
        return State.CARRIED
    return State.UPDATED


class RoundRows:
    """The to-do list of `session` on `programme`, optionally filtered:
    state, officer (a user id, "me" with `user`, or "none"), body code, finding rule."""

    def __init__(self, session: Session, programme: Programme):
        self.session = session
        self.programme = programme
        self._all: list[Row] | None = None
        self.state: DataState | None = None  # the data's state the rows were read at
        self.version: str | None = None  # its version

    def all(self) -> list[Row]:
        if self._all is None:
            self.state = data_state()
            self.version = self.state.version
            self._all = remembered_since(
                ("rows", self.session.pk, self.programme.pk), self.state, self._compute,
                self._update,
            )  # fmt: skip
        return self._all

    def _compute(self, ids=None) -> list[Row]:
        """The rows of every activity, or of the activities `ids` only."""
        session = self.session
        activities = Activity.objects.filter(programme=self.programme)
        responsibilities = Responsibility.objects.filter(activity__programme=self.programme)
        if ids is not None:
            activities = activities.filter(pk__in=ids)
            responsibilities = responsibilities.filter(activity__in=ids)
        activities = (
            activities
            .annotate(report=FilteredRelation("status_reports",
                                              condition=Q(status_reports__session=session)))
            .order_by("-section", "number", "pk")
            .values("pk", "section", "number", "title_fr", "title_en", "due", "deadline_fr",
                    "deadline_en", "report__keyword", "report__progress", "report__execution_level",
                    "report__text_fr", "report__text_en", "report__version",
                    "report__carried_forward", "report__review", "assignment__officer_id",
                    "assignment__officer__username", "assignment__deputy_id",
                    "assignment__deputy__username")
        )  # fmt: skip
        bodies: dict[int, list[str]] = {}
        for activity_id, code in responsibilities.order_by("activity_id", "position").values_list(
            "activity_id", "body__code"
        ):
            bodies.setdefault(activity_id, []).append(code)
        when = session.meeting_day()
        rows = []
        for a in activities:
            key = (a["section"], a["number"])
            written = a["deadline_fr"] or a["deadline_en"]
            rows.append(
                Row(
                    pk=a["pk"],
                    ref=f"{'I' if a['section'] == Section.TIME_BOUND else 'II'}.{a['number']}",
                    section=a["section"],
                    number=a["number"],
                    title_fr=a["title_fr"],
                    title_en=a["title_en"],
                    state=state_of(a["report__carried_forward"], a["report__review"]),
                    keyword=a["report__keyword"],
                    progress=a["report__progress"],
                    execution_level=a["report__execution_level"],
                    version=a["report__version"],
                    officer=a["assignment__officer__username"] or "",
                    officer_id=a["assignment__officer_id"],
                    deputy=a["assignment__deputy__username"] or "",
                    deputy_id=a["assignment__deputy_id"],
                    bodies=bodies.get(a["pk"], []),
                    findings=_findings(
                        key,
                        a["report__version"] is not None,
                        a["report__keyword"],
                        a["report__text_fr"],
                        a["report__text_en"],
                        a["report__execution_level"],
                        session.code,
                        a["due"],
                        written,
                        when,
                    ),
                )
            )
        return rows

    def _update(self, previous: list[Row], changed: set[int]) -> list[Row]:
        """The rows `previous` with those of the activities `changed` read again (and
        those naming an officer or deputy whose user name changed or who is gone)."""
        names = {}
        for row in previous:
            names[row.officer_id] = row.officer
            names[row.deputy_id] = row.deputy
        names.pop(None, None)
        if names:
            now = dict(get_user_model().objects.filter(pk__in=names).values_list("pk", "username"))
            renamed = {pk for pk, name in names.items() if now.get(pk) != name}
            if renamed:
                changed = changed | {
                    row.pk for row in previous if {row.officer_id, row.deputy_id} & renamed
                }
        if not changed:
            return previous
        fresh = {row.pk: row for row in self._compute(changed)}
        rows, moved = [], False
        for row in previous:
            if row.pk not in changed:
                rows.append(row)
                continue
            new = fresh.pop(row.pk, None)
            if new is None or order(new) != order(row):
                moved = True  # gone, or renumbered
            if new is not None:
                rows.append(new)
        if fresh or moved:
            rows.extend(fresh.values())  # new activities
            rows.sort(key=lambda row: (*order(row), row.pk))
        return rows

    def progress(self) -> Progress:
        rows = self.all()
        return Progress(len(rows), Counter(row.state for row in rows))

    def filtered(self, params, user=None) -> list[Row]:
        """The rows matching the to-do list's filters (a QueryDict or a dict)."""
        rows = self.all()
        state = params.get("state")
        if state == "todo":
            rows = [r for r in rows if r.state not in REVIEWED]
        elif state:
            rows = [r for r in rows if r.state == state]
        officer = params.get("officer")
        if officer == "me" and user is not None:
            rows = [r for r in rows if user.get_username() in (r.officer, r.deputy)]
        elif officer == "none":
            rows = [r for r in rows if not r.officer]
        elif officer:
            rows = [r for r in rows if officer in (r.officer, r.deputy)]
        body = params.get("body")
        if body:
            rows = [r for r in rows if body in r.bodies]
        translation = params.get("translation")
        if translation == "todo":
            rows = [r for r in rows if r.translation in ("missing", "outdated")]
        elif translation:
            rows = [r for r in rows if r.translation == translation]
        rule = params.get("finding")
        if rule == "any":
            rows = [r for r in rows if r.findings]
        elif rule:
            rows = [r for r in rows if any(f.rule == rule for f in r.findings)]
        return rows

    def next_after(self, ref: str, params, user=None) -> Row | None:
        """The row after `ref` in the filtered list (the editor's "save and next")."""
        current = next((row for row in self.all() if row.ref == ref), None)
        if current is None:
            return None
        # The list's order; the current row may have left the filtered list by its save.
        return next((row for row in self.filtered(params, user)
                     if order(row) > order(current)), None)  # fmt: skip


# The rows of the last rounds viewed, per worker process, under the data's version (one
# statement, jalon.reporting.versions): a view after no change costs no row query and no
# rule; any change makes a new key. Entries expire after ROWS_TTL seconds (this bounds what
# a commit overtaken by a later one could leave behind). Rows are shared: never mutated.
# After a change, the last rows computed are the base: only the activities whose audit
# trail has entries since are read again (remembered_since); everything is computed again
# when something else changed, and at least every FULL_EVERY seconds.
ROWS_KEPT, BASES_KEPT, ROWS_TTL, FULL_EVERY = 8, 16, 60.0, 600.0
_rows: OrderedDict = OrderedDict()
_latest: OrderedDict = OrderedDict()  # scope -> (state, value, when computed in full)
_rows_lock = threading.Lock()


def remembered(key, compute):
    """What `compute` gives, kept per worker under `key` (which holds the data version)
    for ROWS_TTL seconds: the round's rows, and what is computed beside them."""
    with _rows_lock:
        found = _rows.get(key)
        if found is not None and found[0] > time.monotonic():
            _rows.move_to_end(key)
            return found[1]
    rows = compute()
    with _rows_lock:
        _rows[key] = (time.monotonic() + ROWS_TTL, rows)
        while len(_rows) > ROWS_KEPT:
            _rows.popitem(last=False)
    return rows


def remembered_since(scope: tuple, state: DataState, compute, update):
    """What `compute()` gives for `scope` at the data's `state`, kept per worker under
    its version for ROWS_TTL seconds. Not kept: `update(value, ids)` makes it from the
    value last computed for `scope`, given the ids of the activities changed since (a
    change of anything else, or of many, computes it again in full)."""
    key = (*scope, state.version)
    now = time.monotonic()
    with _rows_lock:
        found = _rows.get(key)
        if found is not None and found[0] > now:
            _rows.move_to_end(key)
            return found[1]
        base = _latest.get(scope)
    value = None
    if base is not None and base[2] + FULL_EVERY > now:
        changed = changed_activities(base[0])
        if changed is not None:
            value, full_at = update(base[1], changed), base[2]
    if value is None:
        value, full_at = compute(), now
    with _rows_lock:
        _rows[key] = (now + ROWS_TTL, value)
        while len(_rows) > ROWS_KEPT:
            _rows.popitem(last=False)
        current = _latest.get(scope)
        if current is None or current[0].read_at <= state.read_at:
            _latest[scope] = (state, value, full_at)
            _latest.move_to_end(scope)
            while len(_latest) > BASES_KEPT:
                _latest.popitem(last=False)
    return value


def forget_rows() -> None:
    """Drop the remembered rows (tests start without them)."""
    with _rows_lock:
        _rows.clear()
        _latest.clear()


@lru_cache(maxsize=65536)
def _findings(key, has_report, keyword, text_fr, text_en, level, session_code, due, written,
              when) -> tuple:  # fmt: skip
    """The status rules on one row, remembered: a row whose status did not change since
    the last view costs nothing (the rules read the text with many patterns)."""
    report = None
    if has_report:
        report = StatusReportData(session_code, keyword, bilingual(text_fr or "", text_en or ""),
                                  level)  # fmt: skip
    return tuple(status_findings(key, report, session_code, due, written, when))


def order(row: Row) -> tuple[int, int]:
    return (0 if row.section == Section.TIME_BOUND else 1, row.number)
