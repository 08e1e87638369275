"""Between the plain-data programme (jalon.core) and the database.

`store()` makes the database hold what a document says, in one transaction: it adds,
updates and removes only what differs, so importing the same document twice reports
0 changes. Activities are matched by their permanent identifier, or else by number and
text (jalon.core.matching); a match it is unsure of stops the import until a person
confirms or corrects it (`resolutions`), unless `accept_suggestions` says to take
jalon's suggestions (the web preview shows them first). A partial document (a session
document in one language) leaves what it does not say as it is: an empty cell never
clears, only an explicit marker does; and a status it does not give is kept. Every change
is listed (`ImportSummary.details`), by activity and field, old → new, for the preview.
It never alters a frozen session's statuses: that is an error, and the database is left
exactly as it was. `load()` reads a programme back as plain data.
"""

from __future__ import annotations

import copy
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from operator import itemgetter

from django.db import transaction
from django.db.models import F, Q
from simple_history.utils import bulk_create_with_history

from jalon.core.bodies import BODIES_BY_CODE
from jalon.core.collector import collector_paused as _no_cyclic_gc
from jalon.core.matching import NEW, Match, match_activities
from jalon.core.programme import (
    ActivityData,
    ChangeData,
    DocumentError,
    ProgrammeDocument,
    RevisionData,
    StatusReportData,
)
from jalon.core.programme import text as _text
from jalon.core.rules import choose_session
from jalon.core.validation import validate_document
from jalon.programmes.models import Activity, Body, Programme, Responsibility, StrategicCode
from jalon.programmes.registry import body_fields
from jalon.programmes.registry import load as load_registry
from jalon.reporting.bulk import insert_reports, record_created
from jalon.reporting.choices import Review
from jalon.reporting.models import Session, StatusReport
from jalon.revisions import services as revision_services
from jalon.revisions.models import Change, Kind, RecordError, Revision

events = logging.getLogger("jalon.events")


@dataclass
class ImportChange:
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
    details: list[ImportChange] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    stored: dict[str, Activity] = field(default_factory=dict)  # uid → activity before import

    @property
    def uncertain(self) -> list[Match]:
        return [match for match in self.matches if not match.certain]

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


class UncertainMatchError(DocumentError):
    """Some incoming activities could not be matched for certain: a person must say."""

    def __init__(self, source: str, summary: ImportSummary):
        self.summary = summary
        lines = [describe(match, summary.stored) for match in summary.uncertain]
        super().__init__(
            source,
            "",
            "jalon is not sure which activities these are; confirm or correct each "
            "(--match REF=STORED_REF|ID|new, or --accept-suggestions):\n  " + "\n  ".join(lines),
        )


def describe(match: Match, stored: dict[str, Activity]) -> str:
    """One uncertain match in words, for the command line."""
    if match.target is None:
        return f"{match.ref}: a new activity? (resembles nothing stored closely enough)"
    activity = stored[match.target]
    return (
        f"{match.ref}: probably {activity.ref} ({match.reason}, "
        f"{round(match.similarity * 100)} % similar title), id {activity.uid}"
    )


def store(
    document: ProgrammeDocument,
    source: str = "document",
    resolutions: dict[str, str] | None = None,
    accept_suggestions: bool = False,
) -> ImportSummary:
    """Make the database hold `document`; raise DocumentError and change nothing if it can't.
    Every value passes the core's validation gate first (the readers' documents have
    already: this covers documents built any other way).

    `resolutions` maps an incoming activity's ref to the stored activity it is (its ref
    or id) or "new"; uncertain matches left unresolved raise UncertainMatchError unless
    `accept_suggestions`."""
    validate_document(document, source, registry=load_registry())
    with transaction.atomic():
        summary = _Store(document, source, resolutions or {}, accept_suggestions).run()
    events.info("programme imported", extra={"event": "import", "source": source,
                                             "programme": str(summary.programme),
                                             "changes": str(summary)})  # fmt: skip
    return summary


class _Store:
    def __init__(
        self,
        document: ProgrammeDocument,
        source: str,
        resolutions: dict[str, str],
        accept_suggestions: bool,
    ):
        self.document = document
        self.source = source
        self.resolutions = resolutions
        self.accept_suggestions = accept_suggestions
        self.programme_created = False
        self.revision: Revision | None = None
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
        self.store_revisions(programme)
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
            # A body the registry does not know: kept under the name the document uses
            # (the programme's title may name it), out of the registry until someone
            # completes it in the admin.
            info = BODIES_BY_CODE.get(code)
            name = document.programme.body_name if code == document.programme.body else ""
            if info is not None:  # a seed body (a database emptied by a flush)
                self.bodies[code] = Body.objects.create(code=code, **body_fields(info))
                continue
            # The programme's own body joins the registry: the person importing was told
            # it is new and chose to create it (the preview, --create-body).
            self.bodies[code] = Body.objects.create(
                code=code,
                acronym_fr=code,
                acronym_en=code,
                name_fr=name,
                name_en=name,
                registered=code == document.programme.body,
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
        self.programme_created = created
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
            str(a.uid): a
            for a in programme.activities.select_related("predecessor").prefetch_related(
                "responsibilities__body", "status_reports__session"
            )
        }
        # As they were before the import (the preview names them by their old numbers).
        self.summary.stored = {uid: copy.copy(activity) for uid, activity in existing.items()}
        matches = self.match(programme, existing)
        self.summary.matches = matches
        if self.summary.uncertain and not self.accept_suggestions:
            raise UncertainMatchError(self.source, self.summary)
        kept = {match.target for match in matches if match.target}
        for uid in [uid for uid in existing if uid not in kept]:
            if not existing[uid].withdrawn:  # a withdrawn activity is history: it stays
                self.remove_activity(existing.pop(uid))
        # Renumbering may swap numbers: park the moving activities out of the way first.
        moving = [
            (existing[m.target], m.incoming)
            for m in matches
            if m.target
            and (existing[m.target].section, existing[m.target].number)
            != (m.incoming.section, m.incoming.number)
        ]
        # (A plain UPDATE: the audit trail records only the final number.)
        Activity.objects.filter(pk__in=[activity.pk for activity, _ in moving]).update(
            number=F("number") + 10**6
        )
        new: list[tuple[Activity, ActivityData]] = []
        for match in matches:
            data = match.incoming
            if match.target is None:
                columns = Activity.columns_from(data)
                activity = Activity(
                    programme=programme,
                    section=data.section,
                    number=data.number,
                    predecessor=self.predecessor(data),
                    **columns,
                )
                if data.uid:
                    activity.uid = data.uid
                new.append((activity, data))
            else:
                self.update_activity(existing[match.target], data, documented)
        self.create_activities(new)

    def match(self, programme: Programme, existing: dict[str, Activity]) -> list[Match]:
        incoming = self.document.activities
        claimed = [a.uid for a in incoming if a.uid and a.uid not in existing]
        elsewhere = Activity.objects.filter(uid__in=claimed).select_related("programme__body")
        for activity in elsewhere:
            data = next(a for a in incoming if a.uid == str(activity.uid))
            raise self.error(
                data.source or data.ref,
                f"identifier {activity.uid} belongs to {activity.ref} of another programme "
                f"({activity.programme})",
            )
        by_ref = {a.ref: uid for uid, a in existing.items()}
        resolutions = {}
        for ref, answer in self.resolutions.items():
            answer = answer.strip()
            if answer != NEW and answer not in existing:
                if answer not in by_ref:
                    raise self.error(
                        ref, f"{answer!r} is neither a stored activity, its id, nor 'new'"
                    )
                answer = by_ref[answer]
            resolutions[ref] = answer
        named = {a.uid for a in incoming if a.uid}
        stored = [  # withdrawn activities are matched only by their identifier
            ActivityData(a.section, a.number, title={"fr": a.title_fr, "en": a.title_en}, uid=uid)
            for uid, a in existing.items()
            if not a.withdrawn or uid in named
        ]
        try:
            return match_activities(stored, incoming, resolutions)
        except ValueError as exc:
            raise self.error("activities", str(exc)) from None

    def predecessor(self, data: ActivityData) -> Activity | None:
        if not data.predecessor:
            return None
        found = Activity.objects.filter(uid=data.predecessor).first()
        if found is None:
            raise self.error(
                data.source or data.ref,
                f"{data.ref} carries over from activity {data.predecessor}, which is not "
                "stored: import the earlier programme first",
            )
        return found

    def store_revisions(self, programme: Programme) -> None:
        """The document's revisions: a draft is replaced, a record may only advance."""
        stored = {r.number: r for r in programme.revisions.prefetch_related("changes")}
        uids = {str(a.uid): a for a in programme.activities.all()}
        for index, data in enumerate(self.document.revisions):
            where = f"revisions[{index}]"
            header = {
                "state": data.state,
                "session": self.revision_session(where, data.session),
                "presented_on": data.presented_on,
                "endorsed_on": data.endorsed_on,
                "endorsement_reference": data.endorsement_reference,
                "adopted_on": data.adopted_on,
                "adoption_reference": data.adoption_reference,
            }
            changes = [self.new_change(where, i, c, uids) for i, c in enumerate(data.changes)]
            revision = stored.get(data.number)
            if revision is None:
                revision = Revision.objects.create(programme=programme, number=data.number,
                                                   **header)  # fmt: skip
                for change in changes:
                    change.revision = revision
                self.bulk_create(Change, changes)
                self.summary.count("revision", "added")
                continue
            same = [_change_key(c) for c in revision.changes.all()] == [
                _change_key(c) for c in changes
            ]
            if not revision.is_draft and not same:
                raise self.error(where, f"revision {data.number} is {revision.state}: "
                                 "its changes are a record and cannot change")  # fmt: skip
            if not same:
                revision.changes.all().delete()
                for change in changes:
                    change.revision = revision
                self.bulk_create(Change, changes)
            fields = _changed(revision, header)
            if fields:
                try:
                    revision.save(update_fields=fields)
                except RecordError:
                    raise self.error(where, f"revision {data.number} is {revision.state}: "
                                     "it can only move forward") from None  # fmt: skip
            if fields or not same:
                self.summary.count("revision", "updated")

    def revision_session(self, where: str, code: str | None) -> Session | None:
        if code is None:
            return None
        session = self.sessions.get(code) or Session.objects.filter(code=code).first()
        if session is None:
            raise self.error(f"{where}.session", f"no session {code}")
        return session

    def new_change(self, where: str, index: int, data, uids: dict) -> Change:
        for name in ("activity", "related"):
            uid = getattr(data, name)
            if uid and uid not in uids:
                raise self.error(f"{where}.changes[{index}].{name}",
                                 f"{uid} is not an activity of this programme")  # fmt: skip
        return Change(
            position=index + 1,
            kind=data.kind,
            activity=uids[data.activity],
            before=data.before,
            after=data.after,
            fields=data.fields,
            reason=data.reason,
            related=uids.get(data.related) if data.related else None,
        )

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
        for activity in created:
            self.note(Kind.ADDED, activity, after=activity.ref)
            self.summary.details.append(ImportChange(activity.ref, "", Activity, action="added"))
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
            if name not in ("progress", "due", "predecessor"):  # derived, or not a field shown
                self.summary.details.append(
                    ImportChange(ref, session, type(instance), name, old[name], columns[name])
                )
        return changed

    def note(self, kind: str, activity: Activity, **details) -> None:
        """Record a change to an existing programme in its draft revision (started if
        needed) — unless the document brings its own revisions."""
        if self.programme_created or self.document.revisions:
            return
        if self.revision is None:
            self.revision = revision_services.draft(activity.programme)
        revision_services.record(self.revision, kind, activity, **details)

    def update_activity(self, activity: Activity, data: ActivityData, documented: set[str]) -> None:
        before = activity.ref
        old = {name: getattr(activity, name) for name in revision_services.EDITABLE}
        was_withdrawn = activity.withdrawn
        if (activity.section, activity.number) != (data.section, data.number):
            activity.section, activity.number = data.section, data.number
            activity.save(update_fields=["section", "number"])
            self.summary.count("activity", "renumbered")
            self.note(Kind.RENUMBERED, activity, before=before, after=activity.ref)
        cleared = {f"{name}_{lang}" for name in ("title", "resources", "kpi", "deadline")
                   for lang, value in getattr(data, name).items() if value == ""}  # fmt: skip
        columns = self.said(Activity.columns_from(data), cleared)
        if data.predecessor:
            columns["predecessor"] = self.predecessor(data)
        changed = self.changed(activity, columns, data.ref)
        if changed:
            activity.save(update_fields=changed)
        bodies = data.responsible_bodies
        if (bodies or not self.partial) and activity.responsible_codes() != bodies:
            self.summary.details.append(ImportChange(data.ref, "", Activity, "responsible_raw",
                                               ", ".join(activity.responsible_codes()),
                                               ", ".join(bodies)))  # fmt: skip
            activity.responsibilities.all().delete()
            self.bulk_create(Responsibility, self.responsibilities(activity, data))
            changed = True
        if changed:
            self.summary.count("activity", "updated")
        fields = {name: [value, getattr(activity, name)] for name, value in old.items()
                  if getattr(activity, name) != value}  # fmt: skip
        if fields:
            self.note(Kind.AMENDED, activity, before=before, after=activity.ref, fields=fields)
        if activity.withdrawn and not was_withdrawn:
            self.note(Kind.WITHDRAWN, activity, before=before, reason=f"import {self.source}")
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
                    ImportChange(data.ref, report.session, StatusReport, action="added")
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
                if current.review != Review.DRAFT:
                    # As in the editor and the grid: a changed status is to be submitted
                    # (and approved) again; what a coordinator approved was another text.
                    self.summary.details.append(ImportChange(
                        data.ref, report.session, StatusReport, "review", current.review,
                        Review.DRAFT))  # fmt: skip
                    current.review = Review.DRAFT
                    changed.append("review")
                current.save(update_fields=[*changed, "version", "carried_forward"])
                self.summary.count("status report", "updated")
        if self.partial:
            return  # a session document that gives no status for a session keeps it
        for report in stored.values():
            self.refuse_if_frozen(report, data, "is missing from the document; it would be removed")
            report.delete()
            self.summary.details.append(
                ImportChange(data.ref, report.session.code, StatusReport, action="removed")
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
        recorded = Change.objects.filter(Q(activity=activity) | Q(related=activity))
        if recorded.exclude(revision__state="draft").exists():
            raise self.error(
                activity.ref,
                f"activity {activity.ref} is not in the document but is in a presented "
                "revision's record; withdraw it instead",
            )
        recorded.delete()  # only a draft's record of it: it goes with the activity
        activity.delete()
        self.summary.details.append(ImportChange(activity.ref, "", Activity, action="removed"))
        self.summary.count("activity", "removed")


def _change_key(change: Change) -> tuple:
    return (change.kind, change.activity_id, change.before, change.after, change.fields,
            change.reason, change.related_id)  # fmt: skip


def revision_data(revision: Revision) -> RevisionData:
    return RevisionData(
        number=revision.number,
        state=revision.state,
        session=revision.session.code if revision.session_id else None,
        presented_on=revision.presented_on,
        endorsed_on=revision.endorsed_on,
        endorsement_reference=revision.endorsement_reference,
        adopted_on=revision.adopted_on,
        adoption_reference=revision.adoption_reference,
        changes=[
            ChangeData(
                kind=change.kind,
                activity=str(change.activity.uid),
                before=change.before,
                after=change.after,
                fields=change.fields,
                reason=change.reason,
                related=str(change.related.uid) if change.related_id else "",
            )
            for change in revision.changes.all()
        ],
    )


def _plural(kind: str) -> str:
    return "activities" if kind == "activity" else f"{kind}s"


def _changed(instance, columns: dict) -> list[str]:
    """Set the columns on `instance`; return the names of those whose value changed."""
    changed = []
    for name, value in columns.items():
        current = getattr(instance, name)
        # Foreign keys compare by primary key: the instances may be different objects.
        if isinstance(current, Body | Activity) or isinstance(value, Activity):
            differs = getattr(current, "pk", None) != getattr(value, "pk", None)
        else:
            differs = current != value
        if differs:
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
    # Its own sessions: less those holding another programme's statuses and none of its own.
    reports = StatusReport.objects.all()
    if codes is not None:  # only the sessions named can be excluded: read only theirs
        reports = reports.filter(session__code__in=codes)
    foreign = (
        reports.exclude(activity__programme=programme)
        .order_by()
        .values("session_id")
        .difference(reports.filter(activity__programme=programme).order_by().values("session_id"))
    )
    held = held.exclude(pk__in=[row["session_id"] for row in foreign])
    return sorted(held, key=Session.chronological_key)


def load(
    programme: Programme,
    sessions: list[str] | None = None,
    activity_ids=None,
    *,
    statuses: list[str] | None = None,
) -> ProgrammeDocument:
    """The programme with its sessions and statuses, as plain data, in four queries read
    as rows (no model instances per activity or status); `sessions` limits it to those
    sessions and their statuses (e.g. one for `jalon check`, two for a diff);
    `activity_ids` to those activities (the dashboard checks again only those changed);
    `statuses` keeps every session but reads the statuses of those named only (a session
    document)."""
    ordered = held_sessions(programme, sessions)
    order = {session.pk: index for index, session in enumerate(ordered)}
    codes = [session.code for session in ordered]
    bodies = defaultdict(list)
    responsibilities = Responsibility.objects.filter(activity__programme=programme)
    read = ordered if statuses is None else [s for s in ordered if s.code in statuses]
    rows = StatusReport.objects.filter(activity__programme=programme, session__in=read)
    chosen = programme.activities.all()
    if activity_ids is not None:
        responsibilities = responsibilities.filter(activity__in=activity_ids)
        rows = rows.filter(activity__in=activity_ids)
        chosen = chosen.filter(pk__in=activity_ids)
    for activity_id, code in responsibilities.order_by("activity_id", "position").values_list(
        "activity_id", "body__code"
    ):
        bodies[activity_id].append(code)
    reports = defaultdict(list)
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
                uid=str(row[17]),
                predecessor=str(row[18]) if row[18] else "",
                withdrawn=row[19],
            )  # fmt: skip
            for row in chosen.order_by("-section", "number").values_list(
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
                "uid",
                "predecessor__uid",
                "withdrawn",
            )  # fmt: skip
        ]
    revisions = programme.revisions.select_related("session").prefetch_related(
        "changes__activity", "changes__related"
    )
    return ProgrammeDocument(
        programme.to_data(),
        [session.to_data() for session in ordered],
        activities,
        [revision_data(revision) for revision in revisions],
        plan=programme.plan,
        plan_codes=plan_codes(programme.plan),
    )


def plan_codes(plan: str) -> dict[str, str] | None:
    """The codes of a Strategic Plan edition (code → kind), as the database holds them;
    None if it holds none (the rules then use the built-in 2022-2025 plan's)."""
    codes = dict(StrategicCode.objects.filter(plan=plan).values_list("code", "kind"))
    return codes or None


def load_for_check(programme: Programme, session_id=None, as_of=None) -> ProgrammeDocument:
    """What `check(document, session_id, as_of)` reads: the programme with the statuses
    of the one session it checks, not every session's. CheckError for an unknown one."""
    outline = ProgrammeDocument(
        programme.to_data(), [s.to_data() for s in held_sessions(programme)]
    )
    chosen = choose_session(outline, session_id, as_of)
    return load(programme, [chosen.id] if chosen else [])


def load_for_document(programme: Programme, session_id: str | None = None) -> ProgrammeDocument:
    """What the session document of `session_id` (default: the latest) reads: every
    session (which activities it shows, the file's name) and the statuses of that one
    session, not every session's. CheckError for an unknown one."""
    outline = ProgrammeDocument(
        programme.to_data(), [s.to_data() for s in held_sessions(programme)]
    )
    chosen = choose_session(outline, session_id, None)
    return load(programme, statuses=[chosen.id] if chosen else [])
