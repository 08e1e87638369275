"""The work programme as plain data: what the readers produce and the writers consume.

Free text is a `Text`: a dict from language code to text holding only the languages
that have a text (a missing translation is absent, never a copy of the other language).

A session document (the Word table, its Excel or text export) is one language's view
and is *partial* (`complete=False`): what it leaves empty — the other language, an empty
cell, a status it does not give — keeps what the database holds. Only an explicit clear
marker ("[vide]" / "[empty]") clears: readers give it as "" (a text in `Text`, a
keyword or execution level). A jalon backup (JSON) is complete: it says everything.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from datetime import date

Text = dict[str, str]


def text(fr: str = "", en: str = "") -> Text:
    """A bilingual text from its two versions, dropping the empty ones."""
    return {lang: value for lang, value in (("fr", fr), ("en", en)) if value}


@dataclass
class StatusReportData:
    session: str  # session id, e.g. "CTP-243-244"
    keyword: str | None = None  # a vocabulary.Keyword value
    text: Text = field(default_factory=dict)
    execution_level: str | None = None  # a vocabulary.ExecutionLevel value


@dataclass
class ActivityData:
    section: str  # a vocabulary.Section value
    number: int
    priority: str | None = None
    strategic_link: bool | None = None
    title: Text = field(default_factory=dict)
    strategic_codes: list[str] = field(default_factory=list)
    task_type: str | None = None
    task_type_raw: str = ""
    responsible_bodies: list[str] = field(default_factory=list)
    responsible_raw: str = ""
    resources: Text = field(default_factory=dict)
    kpi: Text = field(default_factory=dict)
    deadline: Text = field(default_factory=dict)
    status_reports: list[StatusReportData] = field(default_factory=list)
    # The permanent identifier (a UUID), whatever the number; "" when the document has
    # none (a Word table): the import then matches the activity by number and text.
    uid: str = ""
    predecessor: str = ""  # uid of the activity it carries over from an earlier programme
    withdrawn: bool = False  # by a revision (which says why): history, not current
    # Where the activity was read from (e.g. "line 22"), for error messages only.
    source: str = field(default="", compare=False, repr=False)

    @property
    def ref(self) -> str:
        """How people and the CLI name the activity: I.8, II.20."""
        return f"{'I' if self.section == 'time_bound' else 'II'}.{self.number}"


@dataclass
class SessionData:
    id: str
    body: str
    numbers: list[int]
    start: date | None = None
    end: date | None = None
    frozen: bool = False


@dataclass
class ProgrammeData:
    body: str
    title: Text
    period: tuple[int, int]
    # The name a document gives a body its registry does not know (the title's "… of the
    # Working Group on X"): what an import creates the body under.
    body_name: str = ""


@dataclass
class ChangeData:
    """One change of a revision; activities are named by their permanent uid."""

    kind: str  # added | amended | withdrawn | merged | split | renumbered
    activity: str
    before: str = ""  # the activity's ref before the revision (I.3), "" if added
    after: str = ""  # its ref after, "" if withdrawn
    fields: dict[str, list] = field(default_factory=dict)  # amended: name → [old, new]
    reason: str = ""
    related: str = ""  # merged into / split from / duplicate of (a uid)


@dataclass
class RevisionData:
    number: int
    state: str = "draft"  # draft | presented | endorsed | adopted
    session: str | None = None  # the session it is presented at
    presented_on: date | None = None
    endorsed_on: date | None = None
    endorsement_reference: str = ""
    adopted_on: date | None = None
    adoption_reference: str = ""
    changes: list[ChangeData] = field(default_factory=list)


@dataclass
class ProgrammeDocument:
    """Everything jalon knows about one programme: the unit of import and export."""

    programme: ProgrammeData
    sessions: list[SessionData] = field(default_factory=list)
    activities: list[ActivityData] = field(default_factory=list)
    revisions: list[RevisionData] = field(default_factory=list)
    # False for a session document: what it leaves empty is kept (see the module's doc).
    complete: bool = field(default=True, compare=False)
    # The programme's Strategic Plan edition and its codes (code → kind), when known (the
    # database says them); None: the built-in 2022-2025 plan's.
    plan: str | None = field(default=None, compare=False)
    plan_codes: dict[str, str] | None = field(default=None, compare=False)

    def current(self) -> list[ActivityData]:
        """The activities of the programme as it stands (withdrawn ones left out)."""
        return [activity for activity in self.activities if not activity.withdrawn]

    def as_at(self, session_id: str | None) -> ProgrammeDocument:
        """The programme as a session's document shows it: a withdrawn activity stays in
        the documents of the frozen sessions before the revision that withdrew it."""
        session_id = session_id or (self.sessions[-1].id if self.sessions else None)
        order = [s.id for s in self.sessions]
        frozen = {s.id for s in self.sessions if s.frozen}
        withdrawn_at = {
            change.activity: revision.session
            for revision in self.revisions
            for change in revision.changes
            if change.kind in ("withdrawn", "merged", "split")
        }

        def shown(activity: ActivityData) -> bool:
            if not activity.withdrawn:
                return True
            if session_id not in frozen:
                return False
            at = withdrawn_at.get(activity.uid)
            return at not in order or order.index(session_id) < order.index(at)

        return replace(self, activities=[a for a in self.activities if shown(a)])


CLEAR_MARKERS = ("[vide]", "[empty]")


def is_clear_marker(value: str) -> bool:
    """A cell that says "clear what the database holds here" (an empty cell never does)."""
    return value.strip().lower() in CLEAR_MARKERS


class DocumentError(ValueError):
    """Bad input: names the file and the place (line, cell, JSON path) at fault."""

    def __init__(self, source: str, where: str, message: str, code: str = "",
                 params: dict | None = None):  # fmt: skip
        self.source, self.where, self.message = source, where, message
        # What went wrong as data, for a front end to say it in its language (the message
        # is the English of it): a key ("no-header") and its values.
        self.code, self.params = code, params or {}
        super().__init__(f"{source}: {where}: {message}" if where else f"{source}: {message}")


class TimeBudget:
    """The time reading one file may take (None: unbounded). The readers call `check()`
    every few hundred rows, so a web request gives up with a clear error instead of
    keeping a server worker busy for minutes."""

    def __init__(self, source: str, seconds: float | None = None):
        self.source, self.seconds = source, seconds
        self.end = None if seconds is None else time.monotonic() + seconds

    def check(self) -> None:
        if self.end is not None and time.monotonic() > self.end:
            raise DocumentError(
                self.source, "", f"reading it takes longer than the {self.seconds:g} s allowed "
                "here; import it with the command line (jalon import)",
            )  # fmt: skip
