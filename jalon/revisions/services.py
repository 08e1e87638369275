"""Editing a programme inside a draft revision, and moving a revision through its states.

Every function is one transaction: a refused edit changes nothing. Each edit both
changes the activity and records the change (old → new) in the draft revision, which
is what the marked revision document is made from.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from jalon.programmes.models import Activity, Programme, due_date
from jalon.reporting.models import Session
from jalon.revisions.models import ORDER, Change, Kind, Revision, State

EDITABLE = ["title_fr", "title_en", "priority", "strategic_link", "strategic_codes",
            "task_type", "responsible_raw", "resources_fr", "resources_en", "kpi_fr",
            "kpi_en", "deadline_fr", "deadline_en"]  # fmt: skip


class RevisionError(ValueError):
    """An edit the revision cannot take (with what to do instead)."""


def draft(programme: Programme) -> Revision:
    """The programme's draft revision, started if there is none."""
    with transaction.atomic():
        found = programme.revisions.select_for_update().filter(state=State.DRAFT).first()
        if found:
            return found
        number = (programme.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
        return Revision.objects.create(programme=programme, number=number)


class StaleRevisionError(RevisionError):
    """An edit based on a version of the revision that someone else has changed since."""

    def __init__(self, revision: Revision, expected: int):
        self.current_version = revision.version
        super().__init__(
            _("Revision %(n)s was changed by someone else (version %(current)s, your edit "
              "was based on version %(expected)s). Reload it and apply your change again.")
            % {"n": revision.number, "current": revision.version, "expected": expected}
        )  # fmt: skip


def locked(revision: Revision, expected_version: int) -> Revision:
    """The revision locked for the transaction, if it is still at the version the edit
    was based on (call inside transaction.atomic)."""
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if revision.version != expected_version:
        raise StaleRevisionError(revision, expected_version)
    return revision


class NotADraftError(RevisionError):
    """An edit of a revision that is a record (presented, endorsed or adopted)."""


def _open(revision: Revision) -> Revision:
    """The draft, locked for this transaction, its version counting one more edit."""
    revision = Revision.objects.select_for_update().select_related("programme").get(pk=revision.pk)
    if not revision.is_draft:
        raise NotADraftError(
            _("Revision %(n)s is %(state)s: only a draft revision can change the programme.")
            % {"n": revision.number, "state": revision.get_state_display()}
        )
    Revision.objects.filter(pk=revision.pk).update(version=F("version") + 1)
    revision.version += 1
    return revision


def record(revision: Revision, kind: str, activity: Activity, **details) -> Change:
    position = (revision.changes.aggregate(n=Max("position"))["n"] or 0) + 1
    return Change.objects.create(
        revision=revision, position=position, kind=kind, activity=activity, **details
    )


def added_in(revision: Revision, activity: Activity) -> bool:
    return revision.changes.filter(kind=Kind.ADDED, activity=activity).exists()


def _free(programme: Programme, section: str, number: int) -> None:
    if programme.activities.current().filter(section=section, number=number).exists():
        ref = f"{'I' if section == 'time_bound' else 'II'}.{number}"
        raise RevisionError(_("%(ref)s exists already: choose another number.") % {"ref": ref})


def add_activity(revision: Revision, section: str, **columns) -> Activity:
    """A new activity at the end of its section (or at `number`)."""
    with transaction.atomic():
        revision = _open(revision)
        programme = revision.programme
        number = (
            columns.pop("number", None)
            or (
                programme.activities.current()
                .filter(section=section)
                .aggregate(n=Max("number"))["n"]
                or 0
            )
            + 1
        )
        unknown = set(columns) - set(EDITABLE)
        if unknown:
            raise RevisionError(f"not an activity field: {', '.join(sorted(unknown))}")
        _free(programme, section, number)
        activity = Activity(programme=programme, section=section, number=number, **columns)
        activity.due = due_date({"fr": activity.deadline_fr, "en": activity.deadline_en})
        activity.save()
        record(revision, Kind.ADDED, activity, after=activity.ref)
        return activity


def amend_activity(revision: Revision, activity: Activity, **changes) -> Activity:
    """Change some fields; the revision keeps each field's text before the revision."""
    with transaction.atomic():
        revision = _open(revision)
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        _current(activity)
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise RevisionError(f"not an activity field: {', '.join(sorted(unknown))}")
        changed = {k: v for k, v in changes.items() if getattr(activity, k) != v}
        if not changed:
            return activity
        if not added_in(revision, activity):
            change = revision.changes.filter(kind=Kind.AMENDED, activity=activity).first()
            fields = dict(change.fields) if change else {}
            for name, value in changed.items():
                old = fields.get(name, [getattr(activity, name)])[0]
                fields[name] = [old, value]
            fields = {name: pair for name, pair in fields.items() if pair[0] != pair[1]}
            if change and fields:
                change.fields = fields
                change.save(update_fields=["fields"])
            elif change:
                change.delete()
            elif fields:
                record(revision, Kind.AMENDED, activity, before=activity.ref,
                       after=activity.ref, fields=fields)  # fmt: skip
        for name, value in changed.items():
            setattr(activity, name, value)
        activity.due = due_date({"fr": activity.deadline_fr, "en": activity.deadline_en})
        activity.save()
        return activity


def withdraw_activity(
    revision: Revision,
    activity: Activity,
    reason: str,
    related: Activity | None = None,
    kind: str = Kind.WITHDRAWN,
) -> Activity:
    """Take the activity out of the current programme; it stays in the history."""
    if not reason.strip():
        raise RevisionError(_("Withdrawing an activity needs a reason."))
    with transaction.atomic():
        revision = _open(revision)
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        _current(activity)
        if related is not None and (related.pk == activity.pk or related.withdrawn):
            raise RevisionError(_("An activity is merged into another current activity."))
        record(revision, kind, activity, before=activity.ref, reason=reason.strip(),
               related=related)  # fmt: skip
        activity.withdrawn = True
        activity.save(update_fields=["withdrawn"])
        return activity


def split_activity(
    revision: Revision, activity: Activity, parts: list[dict], reason: str
) -> list[Activity]:
    """One activity becomes several: each part is a new activity at the end of the
    section (or at its `number`), taking the columns it does not give from the activity
    split, and recorded as added and split from it; the activity split leaves the
    programme (recorded as split, with the reason) and stays in the history."""
    from jalon.programmes.models import Responsibility

    if not reason.strip():
        raise RevisionError(_("Splitting an activity needs a reason."))
    if len(parts) < 2:
        raise RevisionError(_("An activity is split into two activities or more."))
    with transaction.atomic():
        revision = _open(revision)
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        _current(activity)
        for index, part in enumerate(parts, 1):
            unknown = set(part) - set(EDITABLE) - {"number"}
            if unknown:
                raise RevisionError(
                    _("Part %(n)s: not an activity field: %(names)s")
                    % {"n": index, "names": ", ".join(sorted(unknown))}
                )
            if not (part.get("title_fr") or part.get("title_en") or "").strip():
                raise RevisionError(_("Part %(n)s has no title.") % {"n": index})
        record(revision, Kind.SPLIT, activity, before=activity.ref, reason=reason.strip())
        activity.withdrawn = True
        activity.save(update_fields=["withdrawn"])
        created = []
        bodies = list(activity.responsibilities.order_by("position"))
        for part in parts:
            # A part has its own title (never the other language's of the whole).
            columns = {name: getattr(activity, name) for name in EDITABLE}
            columns.update(title_fr="", title_en="")
            columns.update({k: v for k, v in part.items() if k != "number"})
            number = (
                part.get("number")
                or (
                    revision.programme.activities.current()
                    .filter(section=activity.section)
                    .aggregate(n=Max("number"))["n"]
                    or 0
                )
                + 1
            )
            _free(revision.programme, activity.section, number)
            new = Activity(
                programme=revision.programme,
                section=activity.section,
                number=number,
                task_type_raw=activity.task_type_raw,
                **columns,
            )
            new.due = due_date({"fr": new.deadline_fr, "en": new.deadline_en})
            new.save()
            Responsibility.objects.bulk_create(
                Responsibility(activity=new, body_id=r.body_id, position=r.position) for r in bodies
            )
            record(revision, Kind.ADDED, new, after=new.ref, related=activity)
            created.append(new)
        return created


def delete_activity(revision: Revision, activity: Activity) -> None:
    """Only an activity without presented statuses can be deleted; else withdraw it."""
    with transaction.atomic():
        revision = _open(revision)
        frozen = sorted(
            Session.objects.filter(status_reports__activity=activity, frozen=True)
            .values_list("code", flat=True)
            .distinct()
        )
        if frozen:
            raise RevisionError(
                _(
                    "%(ref)s has statuses in frozen session(s) %(sessions)s: it cannot be "
                    "deleted. Withdraw it instead (it then stays in the history)."
                )
                % {"ref": activity.ref, "sessions": ", ".join(frozen)}
            )
        if Change.objects.filter(activity=activity).exclude(revision=revision).exists():
            raise RevisionError(
                _("%(ref)s is in an earlier revision's record: withdraw it instead.")
                % {"ref": activity.ref}
            )
        revision.changes.filter(activity=activity).delete()
        activity.status_reports.all().delete()
        activity.delete()


def renumber_section(revision: Revision, section: str) -> int:
    """Number the section's current activities 1, 2, 3 … in their order; returns how
    many moved. Each move is recorded (before → after)."""
    with transaction.atomic():
        revision = _open(revision)
        activities = list(
            revision.programme.activities.current().filter(section=section).order_by("number")
        )
        moving = [(a, n) for n, a in enumerate(activities, 1) if a.number != n]
        # Park the moving ones out of the way first (a plain UPDATE: no history entry).
        Activity.objects.filter(pk__in=[a.pk for a, _ in moving]).update(number=F("number") + 10**6)
        for activity, number in moving:
            before = activity.ref
            activity.number = number
            activity.save(update_fields=["number"])
            if not added_in(revision, activity):
                _record_renumbering(revision, activity, before)
            else:
                revision.changes.filter(kind=Kind.ADDED, activity=activity).update(
                    after=activity.ref
                )
        return len(moving)


def _record_renumbering(revision: Revision, activity: Activity, before: str) -> None:
    earlier = revision.changes.filter(kind=Kind.RENUMBERED, activity=activity).first()
    if earlier is None:
        record(revision, Kind.RENUMBERED, activity, before=before, after=activity.ref)
    elif earlier.before == activity.ref:
        earlier.delete()
    else:
        earlier.after = activity.ref
        earlier.save(update_fields=["after"])
    revision.changes.filter(kind=Kind.AMENDED, activity=activity).update(after=activity.ref)


def advance(
    revision: Revision,
    state: str,
    on: date | None = None,
    reference: str = "",
    session: Session | None = None,
) -> Revision:
    """draft → presented (at a session) → endorsed (by the committee) → adopted (by the
    Council), one step at a time, with the date and the decision's reference."""
    with transaction.atomic():
        revision = Revision.objects.select_for_update().get(pk=revision.pk)
        if revision.state == State.ADOPTED:
            raise NotADraftError(
                _("Revision %(n)s is adopted: it is a record and never changes again.")
                % {"n": revision.number}
            )
        if state not in ORDER:
            raise RevisionError(_("Unknown state: %(state)s.") % {"state": state})
        if ORDER.index(state) != ORDER.index(revision.state) + 1:
            raise RevisionError(
                _("Revision %(n)s is %(state)s: it cannot become %(next)s.")
                % {
                    "n": revision.number,
                    "state": revision.get_state_display(),
                    "next": State(state).label,
                }  # fmt: skip
            )
        on = on or date.today()
        if state == State.PRESENTED:
            if session is None:
                raise RevisionError(_("A revision is presented at a session."))
            if not revision.changes.exists():
                raise RevisionError(_("This revision changes nothing."))
            revision.session, revision.presented_on = session, on
        elif state == State.ENDORSED:
            revision.endorsed_on, revision.endorsement_reference = on, reference.strip()
        else:
            revision.adopted_on, revision.adoption_reference = on, reference.strip()
        revision.state = state
        revision.version += 1
        revision.save()
        return revision


def _current(activity: Activity) -> None:
    if activity.withdrawn:
        raise RevisionError(
            _("%(ref)s was withdrawn: it is no longer in the programme.") % {"ref": activity.ref}
        )


def unlinked(programme: Programme) -> list[str]:
    """The current activities not linked to the Strategic Plan: footnote 1 wants every
    activity linked, so a revision leaving any is flagged before endorsement."""
    return [
        a.ref
        for a in programme.activities.current().order_by("-section", "number")
        if a.strategic_link is not True
    ]


class UnmappedCodesError(RevisionError):
    """Codes of the carried activities with no mapping into the new plan."""

    def __init__(self, codes: dict[str, list[str]], plan: str):
        self.codes = codes
        listed = "; ".join(f"{code} ({', '.join(refs)})" for code, refs in sorted(codes.items()))
        super().__init__(
            _("No mapping into plan %(plan)s for: %(codes)s. Add them to the code mapping; "
              "nothing was created.") % {"plan": plan, "codes": listed}
        )  # fmt: skip


def carried_by_default(programme: Programme) -> list[Activity]:
    """The activities that carry over unless a person says otherwise: current ones whose
    latest status is not `completed`."""
    from jalon.reporting.models import StatusReport

    latest: dict[int, tuple] = {}
    reports = StatusReport.objects.filter(activity__programme=programme).select_related(
        "session__body"
    )
    for report in reports:
        key = report.session.chronological_key()
        if report.activity_id not in latest or key > latest[report.activity_id][0]:
            latest[report.activity_id] = (key, report.progress)
    return [
        a
        for a in programme.activities.current().order_by("-section", "number")
        if latest.get(a.pk, (None, None))[1] != "completed"
    ]


def start_next_programme(
    previous: Programme,
    period: tuple[int, int],
    plan: str,
    carry: list[Activity] | None = None,
    title: dict[str, str] | None = None,
) -> Programme:
    """The next programme of the same body, with the carried activities renumbered from 1
    in each section, their codes mapped into `plan`, each linked to its predecessor.
    One transaction: an unmapped code creates nothing."""
    from jalon.programmes.models import CodeMapping, Responsibility

    carry = carried_by_default(previous) if carry is None else carry
    mapping: dict[str, list[str]] = {}
    for pair in CodeMapping.objects.filter(
        source__plan=previous.plan, target__plan=plan
    ).select_related("source", "target"):
        mapping.setdefault(pair.source.code, []).append(pair.target.code)
    unmapped: dict[str, list[str]] = {}
    for activity in carry:
        for code in activity.strategic_codes:
            if code not in mapping:
                unmapped.setdefault(code, []).append(activity.ref)
    if unmapped:
        raise UnmappedCodesError(unmapped, plan)
    title = title or {
        lang: getattr(previous, f"title_{lang}").replace(
            f"{previous.period_start}-{previous.period_end}", f"{period[0]}-{period[1]}"
        )
        for lang in ("fr", "en")
    }
    with transaction.atomic():
        programme = Programme.objects.create(
            body=previous.body, period_start=period[0], period_end=period[1], plan=plan,
            title_fr=title.get("fr", ""), title_en=title.get("en", ""),
        )  # fmt: skip
        numbers: dict[str, int] = {}
        for old in sorted(carry, key=lambda a: (a.section != "time_bound", a.number)):
            numbers[old.section] = numbers.get(old.section, 0) + 1
            codes = list(dict.fromkeys(c for code in old.strategic_codes for c in mapping[code]))
            new = Activity.objects.create(
                programme=programme, section=old.section, number=numbers[old.section],
                predecessor=old, strategic_codes=codes,
                **{name: getattr(old, name) for name in EDITABLE if name != "strategic_codes"},
                task_type_raw=old.task_type_raw, due=old.due,
            )  # fmt: skip
            Responsibility.objects.bulk_create(
                Responsibility(activity=new, body_id=r.body_id, position=r.position)
                for r in old.responsibilities.all()
            )
        return programme
