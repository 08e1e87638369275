"""The reporting round: open a session, record statuses, freeze, unfreeze.

Each function is one transaction and leaves the database unchanged when it fails.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, TextField, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from jalon.core.calendar import Registry
from jalon.core.validation import InvalidValue, check_date, check_session_id, clean_text
from jalon.core.vocabulary import Section
from jalon.programmes import registry as body_registry
from jalon.programmes.models import Activity, Body, Programme
from jalon.reporting.bulk import insert_into, record_created
from jalon.reporting.choices import Review
from jalon.reporting.models import (
    Assignment,
    Comment,
    Session,
    StaleVersionError,
    StatusReport,
)

ACTIVITY_REF = re.compile(r"(?P<section>I|II)\.(?P<number>[0-9]+)", re.ASCII)


events = logging.getLogger("jalon.events")


class ReportingError(ValueError):
    """Bad usage of the reporting round: a malformed id, a session that exists already …"""


class NotFoundError(ReportingError):
    """An activity or session that does not exist."""


def parse_session_id(code: str, registry: Registry | None = None) -> tuple[str, list[int]]:
    """The body and numbers of a session id in its body's scheme (the database's)."""
    try:
        numbers = check_session_id(code, registry=registry or body_registry.load())
    except InvalidValue as exc:
        raise ReportingError(str(exc)) from None
    return code.rsplit("-", len(numbers))[0], numbers  # a body code may hold a hyphen


def _gate(check, *args):
    """The core's validation gate for one value, refusing as a ReportingError."""
    try:
        return check(*args)
    except InvalidValue as exc:
        raise ReportingError(str(exc)) from None


def find_session(code: str) -> Session:
    try:
        return Session.objects.select_related("body").get(code=code)
    except Session.DoesNotExist:
        raise NotFoundError(f"no session {code}; `jalon session list` shows them") from None


def find_activity(ref: str, programme: Programme) -> Activity:
    match = ACTIVITY_REF.fullmatch(ref.strip())
    if not match:
        raise ReportingError(f"{ref!r} is not an activity: I.8 (section I) or II.20 (section II)")
    section = Section.from_roman(match["section"])
    # The current activity under that number, else one withdrawn under it (its history).
    found = (
        programme.activities.filter(section=section, number=int(match["number"]))
        .order_by("withdrawn", "-pk")
        .first()
    )
    if found is None:
        raise NotFoundError(f"no activity {ref} in {programme}")
    return found


def programme_of(session: Session) -> Programme:
    """The programme a session reports on: the one holding statuses at it, else the
    body's most recent (a round just opened for it)."""
    # One EXISTS per programme of the body (a join over the session's statuses, sorted,
    # took tens of milliseconds at 10,000 activities).
    holding = StatusReport.objects.filter(session=session, activity__programme=OuterRef("pk"))
    found = (
        Programme.objects.filter(Exists(holding.order_by()), body_id=session.body_id)
        .order_by("-period_start")
        .first()
    )
    return found or latest_programme(session.body)


def latest_programme(body: Body) -> Programme:
    programme = body.programmes.order_by("-period_start", "-pk").first()
    if programme is None:
        raise ReportingError(f"no programme of {body.code}; import one first")
    return programme


def require_edit(user, obj) -> None:
    """Refuse (PermissionDenied) a user who may not edit the body `obj` belongs to
    (jalon.accounts.permissions). No user: the command line's operator, who may."""
    from jalon.accounts.permissions import body_id_of, may_edit

    if user is not None and not may_edit(user, obj):
        raise PermissionDenied(
            _("You may not edit this body's programme: you do not work for it (body %(body)s).")
            % {"body": _body_code(body_id_of(obj))}
        )


def require_approve(user, obj) -> None:
    from jalon.accounts.permissions import body_id_of, may_approve

    if user is not None and not may_approve(user, obj):
        raise PermissionDenied(
            _("Only a coordinator of body %(body)s approves or sends back its statuses.")
            % {"body": _body_code(body_id_of(obj))}
        )


def _body_code(pk) -> str:
    return Body.objects.filter(pk=pk).values_list("code", flat=True).first() or "?"


@dataclass
class OpenedRound:
    session: Session
    carried: int  # statuses copied from an earlier session
    empty: int  # activities that had no status yet


def open_session(
    code: str, start: date | None = None, end: date | None = None, user=None
) -> OpenedRound:
    """Create the session and carry every activity's latest status forward as a draft."""
    registry = body_registry.load()
    body_code, numbers = parse_session_id(code, registry)
    _gate(check_date, start)
    _gate(check_date, end)
    if start is None and (meeting := registry.recorded(body_code, numbers)):
        start, end = meeting.start, end or meeting.end  # the meeting's dates on the calendar
    if start is None:
        raise ReportingError(f"the calendar does not know when {code} meets: give --start")
    if end and end < start:
        raise ReportingError(f"the session cannot end ({end}) before it starts ({start})")
    try:
        body = Body.objects.get(code=body_code)
    except Body.DoesNotExist:
        raise ReportingError(f"no body {body_code}") from None
    require_edit(user, body)
    with transaction.atomic():
        if Session.objects.filter(code=code).exists():
            raise ReportingError(f"session {code} exists already")
        programme = latest_programme(body)
        session = Session(code=code, body=body, numbers=numbers, start=start, end=end)
        session._history_user = user
        session.save()
        earlier = sorted(
            (s for s in Session.objects.filter(body=body).exclude(pk=session.pk)
             .select_related("body") if s.chronological_key() < session.chronological_key()),
            key=Session.chronological_key,
        )  # fmt: skip
        _carry_forward(programme, session, [s.pk for s in earlier], user, f"opened {code}")
    drafts = session.status_reports.aggregate(
        carried=Count("pk", filter=Q(carried_forward=True)), total=Count("pk")
    )
    events.info("round opened", extra={"event": "open", "session": code,
                                       "user": getattr(user, "username", None)})  # fmt: skip
    return OpenedRound(session, drafts["carried"], drafts["total"] - drafts["carried"])


# The statuses a new round starts from: each activity's latest earlier status, copied.
CARRIED = ("keyword", "text_fr", "text_en", "execution_level", "progress")


def _carry_forward(programme, session, earlier: list[int], user, reason: str) -> None:
    """A draft status for every activity of the programme in `session`, and its audit
    entry, in two INSERT … SELECT statements whatever the number of activities (one
    object per row made it hundreds of statements at 10,000 activities on SQLite).
    `earlier` are the previous sessions' ids, oldest first."""
    # The first When never matches: with no earlier session the rank stays a CASE, not the
    # constant -1, which PostgreSQL would read in ORDER BY as a column position.
    rank = Case(When(session_id__isnull=True, then=Value(-1)),
                *(When(session_id=pk, then=Value(index)) for index, pk in enumerate(earlier)),
                default=Value(-1))  # fmt: skip
    previous = (
        StatusReport.objects.filter(activity=OuterRef("pk"))
        .annotate(rank=rank)
        .filter(rank__gte=0)
        .order_by("-rank")
    )
    columns = {"activity_id": F("pk"), "carried_forward": Exists(previous)}
    for name in CARRIED:
        column = Subquery(previous.values(name)[:1])
        columns[name] = (
            Coalesce(column, Value(""), output_field=TextField())
            if name.startswith("text_")
            else column
        )
    aliases = {f"carried_{name}": expression for name, expression in columns.items()}
    rows = programme.activities.current().order_by().annotate(**aliases).values(*aliases)
    select, params = rows.query.sql_with_params()
    reports, fixed = insert_into(StatusReport, list(columns), {"session_id": session.pk})
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {reports} SELECT {', '.join(aliases)}, "
            f"{', '.join(['%s'] * len(fixed))} FROM ({select}) carried",
            [*fixed, *params],
        )
    record_created("session_id = %s", [session.pk], reason, user)


UNSET = object()


def set_status(
    activity: Activity,
    session: Session,
    *,
    keyword=UNSET,
    execution_level=UNSET,
    text: str | None = None,
    lang: str = "fr",
    texts: dict[str, str] | None = None,
    expected_version: int | None = None,
    user=None,
    submit: bool = False,
) -> StatusReport:
    """Record an activity's status for a session: `text` in `lang`, or `texts` by language.
    With `expected_version`, an edit based on a version someone else has changed since is
    refused (StaleVersionError). A `user` who may not edit the session's body is refused."""
    require_edit(user, session)
    with transaction.atomic():
        report, created = StatusReport.objects.get_or_create(activity=activity, session=session)
        base = report.version if expected_version is None or created else expected_version
        # Claim the next version in one statement: of two concurrent writers based on the
        # same version, the second finds it taken and is refused, never silently applied.
        claimed = StatusReport.objects.filter(pk=report.pk, version=base).update(
            version=F("version") + 1
        )
        if not claimed:
            report.refresh_from_db()
            raise StaleVersionError(report, base)
        report.version = base + 1
        if keyword is not UNSET:
            report.keyword = keyword
        if execution_level is not UNSET:
            report.execution_level = execution_level
        for language, value in {**({lang: text} if text is not None else {}),
                                **(texts or {})}.items():  # fmt: skip
            setattr(report, f"text_{language}", _gate(clean_text, value).strip())
        report.refresh_progress()
        report.carried_forward = False
        # Changed: to be submitted (again), unless the officer submits with this save.
        report.review = Review.SUBMITTED if submit else Review.DRAFT
        report._history_user = user
        report.save()
    return report


class ReviewError(ReportingError):
    """A review step the status or the user cannot take."""


def review(reports, action: str, user, comment: str = "") -> int:
    """Move statuses of a round through their review: "submit" (the officer hands it
    in), "approve" or "send_back" (a coordinator; sending back needs a comment).
    The comment is kept with the status. Returns how many statuses moved."""
    from jalon.accounts.roles import can_approve, can_edit

    allowed = {
        "submit": ((Review.DRAFT, Review.RETURNED), Review.SUBMITTED, can_edit, require_edit),
        "approve": ((Review.DRAFT, Review.RETURNED, Review.SUBMITTED), Review.APPROVED,
                    can_approve, require_approve),
        "send_back": ((Review.SUBMITTED, Review.APPROVED), Review.RETURNED, can_approve,
                      require_approve),
    }  # fmt: skip
    sources, target, may, require = allowed[action]
    if not may(user):
        raise ReviewError(_("Only a coordinator approves or sends back a status."))
    reports = list(reports)
    # The bodies of the statuses' sessions, in one query whatever their number.
    sessions = {report.session_id for report in reports}
    for body_id in set(Session.objects.filter(pk__in=sessions).values_list("body_id", flat=True)):
        require(user, body_id)
    if action == "send_back" and not comment.strip():
        raise ReviewError(_("Say why the status is sent back."))
    moved = 0
    with transaction.atomic():
        for report in reports:
            if report.review not in sources:
                continue
            report.review = target
            report._history_user = user
            report._change_reason = action
            report.save(update_fields=["review"])
            if comment.strip():
                Comment.objects.create(report=report, author=user, text=comment.strip(),
                                       review=target)  # fmt: skip
            moved += 1
    return moved


def freeze_round(session: Session, user, reason: str = "") -> int:
    """Freeze a round from the web: when every status is approved, or by a coordinator's
    override with its reason recorded."""
    from jalon.accounts.roles import can_approve

    require_edit(user, session)
    pending = session.status_reports.exclude(review=Review.APPROVED).count()
    if pending:
        if not can_approve(user):
            raise ReviewError(_("Statuses are not all approved: only a coordinator can override."))
        if not reason.strip():
            raise ReviewError(_("Statuses are not all approved: give the reason to freeze anyway."))
        require_approve(user, session)
    return freeze_session(session, user, reason=f"override: {reason.strip()}" if pending else "")


def freeze_session(session: Session, user=None, reason: str = "") -> int:
    """Make the round a record; returns how many statuses it holds."""
    require_edit(user, session)
    with transaction.atomic():
        if not session.frozen:
            session.frozen = True
            session._history_user = user
            session._change_reason = f"frozen ({reason})" if reason else "frozen"
            session.save(update_fields=["frozen"])
            transaction.on_commit(lambda: events.info(
                "session frozen", extra={"event": "freeze", "session": session.code,
                                         "user": getattr(user, "username", None)}))  # fmt: skip
    return session.status_reports.count()


KEEP = object()


def assign(activities, officer=KEEP, deputy=KEEP) -> int:
    """Make `officer` (and `deputy`) responsible for the activities; None unassigns,
    KEEP leaves as it is. Returns how many activities it concerned."""
    changes = {name: value for name, value in (("officer", officer), ("deputy", deputy))
               if value is not KEEP}  # fmt: skip
    ids = [a.pk if isinstance(a, Activity) else a for a in activities]
    if not changes or not ids:
        return 0
    with transaction.atomic():
        existing = {a.activity_id: a for a in Assignment.objects.filter(activity_id__in=ids)}
        for assignment in existing.values():
            for name, value in changes.items():
                setattr(assignment, name, value)
            assignment.save()
        new = [Assignment(activity_id=pk, **changes) for pk in ids if pk not in existing]
        if new:
            bulk_create_with_history(new, Assignment)
    return len(ids)


def save_grid(session: Session, edits: list[dict], user=None) -> int:
    """Save the rows of the round's grid that changed, all or none: one stale row (someone
    saved it meanwhile) refuses the whole save. Each edit: activity (id), version,
    keyword, execution_level (absent for section II), text_fr, text_en."""
    with transaction.atomic():
        activities = Activity.objects.in_bulk([edit["activity"] for edit in edits])
        for edit in edits:
            activity = activities[edit["activity"]]
            level = edit["execution_level"] if activity.section == Section.TIME_BOUND else UNSET
            set_status(activity, session, keyword=edit["keyword"] or None,
                       execution_level=(level or None) if level is not UNSET else UNSET,
                       texts={"fr": edit["text_fr"], "en": edit["text_en"]},
                       expected_version=edit["version"], user=user)  # fmt: skip
    return len(edits)
