"""Between the plain-data programme (jalon.core) and the database.

`store()` makes the database hold what a document says, in one transaction: it adds,
updates and removes only what differs, so importing the same document twice reports
0 changes. A partial document (a session document in one language) leaves what it does
not say as it is: an empty cell never clears, only an explicit marker does; and a
status it does not give is kept. Every change is listed (`ImportSummary.details`), by
activity and field, old → new, for the preview. It never alters a frozen session's
statuses: that is an error, and the database is left exactly as it was. `load()` reads
a programme back as plain data.
"""

from __future__ import annotations

import gc
import logging
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter

from django.db import transaction
from django.db.models import Q
from simple_history.utils import bulk_create_with_history

from jalon.core.bodies import BODIES_BY_CODE
from jalon.core.programme import (
    ActivityData,
    DocumentError,
    ProgrammeDocument,
    StatusReportData,
)
from jalon.core.programme import text as _text
from jalon.core.rules import choose_session
from jalon.core.validation import validate_document
from jalon.programmes.models import Activity, Body, Programme, Responsibility
from jalon.reporting.bulk import insert_reports, record_created
from jalon.reporting.models import Session, StatusReport

events = logging.getLogger("jalon.events")


@dataclass
class Change:
    """One change an import makes: a field of an activity or of one of its statuses
    (`name`, old → new), or a whole object added or removed (`name` is None)."""

    ref: str
    session: str  # "" for the activity's own fields
    model: type
    name: str | None = None
    old: object = None
    new: object = None
    action: str = "updated"  # added | updated | removed

    @property
    def label(self) -> str:
        return str(self.model._meta.get_field(self.name).verbose_name) if self.name else ""

    def shown(self, value) -> str:
        if value in (None, "", []):
            return ""
        if isinstance(value, list):
            return ", ".join(map(str, value))
        choices = dict(self.model._meta.get_field(self.name).choices or ())
        return str(choices.get(value, value))

    @property
    def before(self) -> str:
        return self.shown(self.old) if self.name else ""

    @property
    def after(self) -> str:
        return self.shown(self.new) if self.name else ""


@dataclass
class ImportSummary:
    """What an import changed, counted per kind of object and action, and listed."""

    programme: Programme | None = None
    counts: Counter = field(default_factory=Counter)
    details: list[Change] = field(default_factory=list)

    def count(self, kind: str, action: str, n: int = 1) -> None:
        if n:
            self.counts[(kind, action)] += n

    @property
    def changes(self) -> int:
        return sum(self.counts.values())

    def __str__(self) -> str:
        if not self.changes:
            return "0 changes"
        details = ", ".join(
            f"{n} {_plural(kind) if n > 1 else kind} {action}"
            for (kind, action), n in sorted(self.counts.items())
        )
        return f"{self.changes} change{'s' if self.changes > 1 else ''} ({details})"


def store(document: ProgrammeDocument, source: str = "document") -> ImportSummary:
    """Make the database hold `document`; raise DocumentError and change nothing if it can't.
    Every value passes the core's validation gate first (the readers' documents have
    already: this covers documents built any other way)."""
    validate_document(document, source)
    with transaction.atomic():
        summary = _Store(document, source).run()
    events.info("programme imported", extra={"event": "import", "source": source,
                                             "programme": str(summary.programme),
                                             "changes": str(summary)})  # fmt: skip
    return summary


class _Store:
    def __init__(self, document: ProgrammeDocument, source: str):
        self.document = document
        self.source = source
        self.summary = ImportSummary()
        self.bodies: dict[str, Body] = {}
        self.sessions: dict[str, Session] = {}
        self.frozen_before: set[str] = set()
        self.to_freeze: list[Session] = []
        self.partial = not document.complete

    def error(self, where: str, message: str) -> DocumentError:
        return DocumentError(self.source, where, message)

    def run(self) -> ImportSummary:
        self.load_bodies()
        programme = self.store_programme()
        self.store_sessions()
        self.store_activities(programme)
        for session in self.to_freeze:
            session.frozen = True
            session.save(update_fields=["frozen"])
        self.summary.programme = programme
        return self.summary

    def load_bodies(self) -> None:
        document = self.document
        codes = {document.programme.body, *(s.body for s in document.sessions)}
        for activity in document.activities:
            codes.update(activity.responsible_bodies)
        self.bodies = {body.code: body for body in Body.objects.filter(code__in=codes)}
        for code in sorted(codes - self.bodies.keys()):
            # A body the registry does not know: kept under the name the document uses.
            info = BODIES_BY_CODE.get(code)
            self.bodies[code] = Body.objects.create(
                code=code,
                acronym_fr=info.acronym_fr if info else code,
                acronym_en=info.acronym_en if info else "",
                name_fr=info.name_fr if info else "",
                name_en=info.name_en if info else "",
                registered=info is not None,
            )

    def store_programme(self) -> Programme:
        data = self.document.programme
        title = {"title_fr": data.title.get("fr", ""), "title_en": data.title.get("en", "")}
        programme, created = Programme.objects.get_or_create(
            body=self.bodies[data.body],
            period_start=data.period[0],
            period_end=data.period[1],
            defaults=title,
        )
        if created:
            self.summary.count("programme", "added")
        elif _changed(programme, title):
            programme.save(update_fields=list(title))
            self.summary.count("programme", "updated")
        return programme

    def store_sessions(self) -> None:
        existing = {s.code: s for s in Session.objects.filter(code__in=self.session_ids())}
        for index, data in enumerate(self.document.sessions):
            where = f"sessions[{index}] ({data.id})"
            columns = {
                "body": self.bodies[data.body],
                "numbers": list(data.numbers),
                "start": data.start,
                "end": data.end,
            }
            session = existing.get(data.id)
            if session is None:
                session = Session.objects.create(code=data.id, frozen=False, **columns)
                self.summary.count("session", "added")
            else:
                if session.frozen:
                    self.frozen_before.add(session.code)
                    if not data.frozen:
                        raise self.error(
                            where, "the session is frozen; only an administrator can unfreeze it"
                        )
                # A session document names its meeting, not its exact dates: only a
                # complete document (a backup) changes an existing session's details.
                if not self.partial and _changed(session, columns):
                    if session.frozen:
                        raise self.error(where, "the session is frozen: its details cannot change")
                    session.save(update_fields=list(columns))
                    self.summary.count("session", "updated")
            if data.frozen and not session.frozen:
                self.to_freeze.append(session)
                if session.code in existing:
                    self.summary.count("session", "frozen")
            self.sessions[data.id] = session

    def session_ids(self) -> set[str]:
        return {s.id for s in self.document.sessions}

    def store_activities(self, programme: Programme) -> None:
        documented = self.session_ids()
        existing = {
            (a.section, a.number): a
            for a in programme.activities.prefetch_related(
                "responsibilities__body", "status_reports__session"
            )
        }
        new: list[tuple[Activity, ActivityData]] = []
        for data in self.document.activities:
            activity = existing.pop((data.section, data.number), None)
            if activity is None:
                columns = Activity.columns_from(data)
                activity = Activity(
                    programme=programme, section=data.section, number=data.number, **columns
                )
                new.append((activity, data))
            else:
                self.update_activity(activity, data, documented)
        self.create_activities(new)
        for activity in existing.values():
            self.remove_activity(activity)

    def create_activities(self, new: list[tuple[Activity, ActivityData]]) -> None:
        if not new:
            return
        created = self.bulk_create(Activity, [activity for activity, _ in new])
        responsibilities, reports = [], []
        for activity, (_, data) in zip(created, new, strict=True):
            responsibilities += self.responsibilities(activity, data)
            for index, report in enumerate(data.status_reports):
                columns = StatusReport.columns_from(report)
                session = self.report_session(data, index, report)
                reports.append((activity.pk, session.pk, *columns.values()))
        self.bulk_create(Responsibility, responsibilities)
        # The new activities' statuses as plain rows: at 10,000 activities x 20 sessions,
        # model instances were most of the import's time.
        if reports:
            insert_reports(["activity_id", "session_id", *columns], reports)
        ids = [activity.pk for activity in created]
        for start in range(0, len(ids), 500):  # within every database's parameter limit
            chunk = ids[start : start + 500]
            record_created(f"activity_id IN ({', '.join(['%s'] * len(chunk))})", chunk,
                           f"import {self.source}")  # fmt: skip
        for activity, _data in new:
            self.summary.details.append(Change(activity.ref, "", Activity, action="added"))
        self.summary.count("activity", "added", len(created))
        self.summary.count("status report", "added", len(reports))

    def bulk_create(self, model, objects: list) -> list:
        """Create many rows at once, each with its audit-trail entry."""
        if not objects:
            return []
        return bulk_create_with_history(
            objects, model, default_change_reason=f"import {self.source}"
        )

    def responsibilities(self, activity: Activity, data: ActivityData) -> list[Responsibility]:
        return [
            Responsibility(activity=activity, body=self.bodies[code], position=position)
            for position, code in enumerate(data.responsible_bodies)
        ]

    def new_report(
        self, activity: Activity, data: ActivityData, index: int, report: StatusReportData
    ) -> StatusReport:
        session = self.report_session(data, index, report)
        return StatusReport(activity=activity, session=session, **StatusReport.columns_from(report))

    def report_session(self, data: ActivityData, index: int, report: StatusReportData) -> Session:
        """The session of a new status; an error if it is unknown or frozen."""
        session = self.sessions.get(report.session)
        if session is None:
            raise self.error(
                f"{data.source or data.ref}: status_reports[{index}]",
                f"session {report.session!r} is not among the document's sessions",
            )
        if session.code in self.frozen_before:
            raise self.error(
                data.source or data.ref,
                f"{data.ref} has no status in frozen session {session.code}; "
                "a presented report cannot gain one",
            )
        return session

    def said(self, columns: dict, cleared: set[str]) -> dict:
        """The columns a partial document sets: what it fills in, or clears explicitly."""
        if not self.partial:
            return columns
        return {name: value for name, value in columns.items()
                if name in cleared or value not in (None, "", [])}  # fmt: skip

    def changed(self, instance, columns: dict, ref: str, session: str = "") -> list[str]:
        """Set the columns on `instance`, list what changes; return the changed names."""
        old = {name: getattr(instance, name) for name in columns}
        changed = _changed(instance, columns)
        for name in changed:
            if name not in ("progress", "due"):  # derived from other fields
                self.summary.details.append(
                    Change(ref, session, type(instance), name, old[name], columns[name])
                )
        return changed

    def update_activity(self, activity: Activity, data: ActivityData, documented: set[str]) -> None:
        cleared = {f"{name}_{lang}" for name in ("title", "resources", "kpi", "deadline")
                   for lang, value in getattr(data, name).items() if value == ""}  # fmt: skip
        columns = self.said(Activity.columns_from(data), cleared)
        changed = self.changed(activity, columns, data.ref)
        if changed:
            activity.save(update_fields=changed)
        bodies = data.responsible_bodies
        if (bodies or not self.partial) and activity.responsible_codes() != bodies:
            self.summary.details.append(Change(data.ref, "", Activity, "responsible_raw",
                                               ", ".join(activity.responsible_codes()),
                                               ", ".join(bodies)))  # fmt: skip
            activity.responsibilities.all().delete()
            self.bulk_create(Responsibility, self.responsibilities(activity, data))
            changed = True
        if changed:
            self.summary.count("activity", "updated")
        self.update_reports(activity, data, documented)

    def update_reports(self, activity: Activity, data: ActivityData, documented: set[str]) -> None:
        # The document speaks for its own sessions only: statuses of other sessions stay.
        stored = {
            r.session.code: r for r in activity.status_reports.all() if r.session.code in documented
        }
        for index, report in enumerate(data.status_reports):
            current = stored.pop(report.session, None)
            if current is None:
                self.new_report(activity, data, index, report).save()
                self.summary.details.append(
                    Change(data.ref, report.session, StatusReport, action="added")
                )
                self.summary.count("status report", "added")
                continue
            cleared = {f"text_{lang}" for lang, value in report.text.items() if value == ""}
            cleared |= {name for name in ("keyword", "execution_level")
                        if getattr(report, name) == ""}  # fmt: skip
            columns = StatusReport.columns_from(report)
            if self.partial:
                del columns["progress"]  # from what the status holds once merged
            changed = self.changed(current, self.said(columns, cleared), data.ref, report.session)
            if changed and self.partial:
                progress = current.progress
                current.refresh_progress()
                if current.progress != progress:
                    changed.append("progress")
            if changed:
                self.refuse_if_frozen(current, data, "would change")
                current.version += 1  # an edit started before the import is now stale
                current.carried_forward = False
                current.save(update_fields=[*changed, "version", "carried_forward"])
                self.summary.count("status report", "updated")
        if self.partial:
            return  # a session document that gives no status for a session keeps it
        for report in stored.values():
            self.refuse_if_frozen(report, data, "is missing from the document; it would be removed")
            report.delete()
            self.summary.details.append(
                Change(data.ref, report.session.code, StatusReport, action="removed")
            )
            self.summary.count("status report", "removed")

    def refuse_if_frozen(self, report: StatusReport, data: ActivityData, what: str) -> None:
        if report.session.code in self.frozen_before:
            raise self.error(
                data.source or data.ref,
                f"the status of {data.ref} in frozen session {report.session.code} {what}; "
                "a presented report is a record",
            )

    def remove_activity(self, activity: Activity) -> None:
        frozen = [r.session.code for r in activity.status_reports.all() if r.session.frozen]
        if frozen:
            raise self.error(
                activity.ref,
                f"activity {activity.ref} is not in the document but has statuses in frozen "
                f"session(s) {', '.join(frozen)}; jalon does not delete records",
            )
        activity.delete()
        self.summary.details.append(Change(activity.ref, "", Activity, action="removed"))
        self.summary.count("activity", "removed")


def _plural(kind: str) -> str:
    return "activities" if kind == "activity" else f"{kind}s"


def _changed(instance, columns: dict) -> list[str]:
    """Set the columns on `instance`; return the names of those whose value changed."""
    changed = []
    for name, value in columns.items():
        current = getattr(instance, name)
        # Foreign keys compare by primary key: the instances may be different objects.
        if (current.pk != value.pk) if isinstance(current, Body) else (current != value):
            setattr(instance, name, value)
            changed.append(name)
    return changed


def held_sessions(programme: Programme, codes: list[str] | None = None) -> list[Session]:
    """The sessions of the programme's body and any other holding a status of it, oldest
    first; `codes` limits them to those named."""
    sessions = Session.objects.select_related("body")
    if codes is not None:
        sessions = sessions.filter(code__in=codes)
    others = StatusReport.objects.filter(activity__programme=programme)
    if codes is not None:
        others = others.filter(session__code__in=codes)
    others = others.exclude(session__body=programme.body_id).order_by().values("session_id")
    held = sessions.filter(Q(body=programme.body_id) | Q(pk__in=others))
    return sorted(held, key=Session.chronological_key)


def load(programme: Programme, sessions: list[str] | None = None) -> ProgrammeDocument:
    """The programme with its sessions and statuses, as plain data, in four queries read
    as rows (no model instances per activity or status); `sessions` limits it to those
    sessions and their statuses (e.g. one for `jalon check`, two for a diff)."""
    ordered = held_sessions(programme, sessions)
    order = {session.pk: index for index, session in enumerate(ordered)}
    codes = [session.code for session in ordered]
    bodies = defaultdict(list)
    responsibilities = Responsibility.objects.filter(activity__programme=programme)
    for activity_id, code in responsibilities.order_by("activity_id", "position").values_list(
        "activity_id", "body__code"
    ):
        bodies[activity_id].append(code)
    reports = defaultdict(list)
    rows = StatusReport.objects.filter(activity__programme=programme, session__in=ordered)
    with _no_cyclic_gc():  # hundreds of thousands of acyclic objects: nothing to collect
        for activity_id, session_id, keyword, text_fr, text_en, level in rows.order_by(
            "activity_id"
        ).values_list(
            "activity_id", "session_id", "keyword", "text_fr", "text_en", "execution_level"
        ):
            reports[activity_id].append(
                (order[session_id], StatusReportData(
                    codes[order[session_id]], keyword, _text(text_fr, text_en), level
                ))
            )  # fmt: skip
        activities = [
            ActivityData(
                section=row[1],
                number=row[2],
                priority=row[3],
                strategic_link=row[4],
                title=_text(row[5], row[6]),
                strategic_codes=list(row[7]),
                task_type=row[8],
                task_type_raw=row[9],
                responsible_bodies=bodies[row[0]],
                responsible_raw=row[10],
                resources=_text(row[11], row[12]),
                kpi=_text(row[13], row[14]),
                deadline=_text(row[15], row[16]),
                status_reports=[report for _, report in sorted(reports[row[0]], key=itemgetter(0))],
            )  # fmt: skip
            for row in programme.activities.order_by("-section", "number").values_list(
                "pk",
                "section",
                "number",
                "priority",
                "strategic_link",
                "title_fr",
                "title_en",
                "strategic_codes",
                "task_type",
                "task_type_raw",
                "responsible_raw",
                "resources_fr",
                "resources_en",
                "kpi_fr",
                "kpi_en",
                "deadline_fr",
                "deadline_en",
            )  # fmt: skip
        ]
    return ProgrammeDocument(
        programme.to_data(), [session.to_data() for session in ordered], activities
    )


def load_for_check(programme: Programme, session_id=None, as_of=None) -> ProgrammeDocument:
    """What `check(document, session_id, as_of)` reads: the programme with the statuses
    of the one session it checks, not every session's. CheckError for an unknown one."""
    outline = ProgrammeDocument(
        programme.to_data(), [s.to_data() for s in held_sessions(programme)]
    )
    chosen = choose_session(outline, session_id, as_of)
    return load(programme, [chosen.id] if chosen else [])


@contextmanager
def _no_cyclic_gc():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
