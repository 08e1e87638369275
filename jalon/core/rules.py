"""The programme's own rules (its footnotes), checked against a programme and a session.

`check(document, session_id=None, as_of=None)` returns every finding of the rule catalogue
of DESIGN.md. Pure Python: it runs on what an import is about to write as well as on
what the database holds.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from jalon.core.calendar import SEED, Registry, long_date
from jalon.core.deadlines import Deadline, parse_deadline
from jalon.core.programme import ActivityData, ProgrammeDocument, SessionData, StatusReportData
from jalon.core.status import (
    names_dated_milestones,
    names_next_steps,
    stated_keyword,
    suggest_level,
)
from jalon.core.vocabulary import STRATEGIC_CODES, STRATEGIC_PLAN, Keyword, Section, fold

ERROR, WARNING, INFO = "error", "warning", "info"

RULES = (
    "strategic-link", "priority", "strategic-code", "task-type", "responsible-body",
    "status-keyword", "status-milestones", "status-next-steps", "execution-level",
    "permanent-deadline", "overdue", "duplicate-title", "numbering", "deadline-format",
    "carried-deadline",
)  # fmt: skip

LEVEL_NAMES = {"green": ("vert", "green"), "blue": ("bleu", "blue"), "red": ("rouge", "red")}


@dataclass
class Finding:
    rule: str
    severity: str
    activity: tuple[str, int] | None
    fr: str
    en: str
    suggestion: dict | None = None
    key: str = field(default="", compare=False)  # the message's key in MESSAGES
    params: dict = field(default_factory=dict, compare=False)  # its arguments (dates as date)

    @property
    def ref(self) -> str:
        if self.activity is None:
            return ""
        return f"{Section(self.activity[0]).roman}.{self.activity[1]}"

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "activity": (
                {"section": self.activity[0], "number": self.activity[1]} if self.activity else None
            ),
            "message": {"fr": self.fr, "en": self.en},
            "suggestion": self.suggestion,
        }


@dataclass
class CheckResult:
    session: str | None
    as_of: date | None
    activities: int
    linked: int
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    def summary(self) -> dict:
        return summary_of(self.activities, self.linked,
                          Counter((f.rule, f.severity) for f in self.findings))  # fmt: skip

    def to_dict(self) -> dict:
        return {
            "session": self.session,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "findings": [f.to_dict() for f in self.findings],
            "summary": self.summary(),
        }


def summary_of(activities: int, linked: int, found: Counter) -> dict:
    """The checker's summary: `found` counts the findings by (rule, severity)."""
    by_rule, by_severity = Counter(), Counter()
    for (rule, severity), n in found.items():
        if n:
            by_rule[rule] += n
            by_severity[severity] += n
    return {
        "activities": activities,
        "linked": linked,
        "linked_share": round(linked / activities, 4) if activities else None,
        "by_rule": dict(sorted(by_rule.items())),
        "by_severity": {s: by_severity[s] for s in (ERROR, WARNING, INFO) if by_severity[s]},
    }


# Messages in both languages, by finding kind; {placeholders} are filled per finding.
MESSAGES = {
    "carried-deadline": (
        "Activité reprise du programme précédent avec son échéance ({due}, « {written} ») : "
        "fixez-en une nouvelle.",
        "Carried over from the previous programme with its deadline ({due}, “{written}”): "
        "set a new one.",
    ),
    "unlinked": (
        "L'activité n'a pas de lien direct avec le Plan stratégique ; "
        "100 % des activités doivent en avoir un (note 1).",
        "The activity has no direct link to the Strategic Plan; "
        "100% of activities must have one (footnote 1).",
    ),
    "link-unstated": (
        "Le lien avec le Plan stratégique n'est pas indiqué (Oui/Non).",
        "The link to the Strategic Plan is not stated (Yes/No).",
    ),
    "priority-missing": (
        "Niveau de priorité manquant : A (élevé), B (moyen) ou C (bas).",
        "Priority missing: A (high), B (medium) or C (low).",
    ),
    "no-code": ("Aucun code du Plan stratégique.", "No Strategic Plan code."),
    "unknown-code": (
        "« {code} » n'est pas un code du Plan stratégique {plan}.",
        "“{code}” is not a code of the {plan} Strategic Plan.",
    ),
    "objective-code": (
        "« {code} » est un objectif stratégique du Plan, hors de la légende de la colonne "
        "(PS, FA, ORG ; note 3).",
        "“{code}” is a strategic objective of the Plan, outside the column's legend "
        "(PS, FA, ORG; footnote 3).",
    ),
    "unknown-task-type": (
        "Type de tâches « {written} » inconnu : Mise au point, Mise à jour, Développement "
        "ou Tenue à jour (note 4).",
        "Unknown task type “{written}”: fine-tuning, update, development or maintenance "
        "(footnote 4).",
    ),
    "no-body": ("Aucun organe responsable.", "No responsible body."),
    "unknown-body": (
        "Organe « {code} » inconnu du registre des organes.",
        "Body “{code}” is not in the registry of bodies.",
    ),
    "deadline-unreadable": (
        "Délai « {written} » non compris : saison, mois ou année d'une session.",
        "Deadline “{written}” not understood: a session's season, month or year.",
    ),
    "permanent-deadline": (
        "Activité permanente : le délai doit être « Travail continu » (note 8), pas « {written} ».",
        "Permanent activity: the deadline must be “Ongoing work” (footnote 8), not “{written}”.",
    ),
    "no-status": (
        "Aucun état d'avancement pour la session {session} (note 6).",
        "No status reported for session {session} (footnote 6).",
    ),
    "no-keyword": (
        "L'état d'avancement ne dit pas clairement « Achevé », « En cours », « Reporté » "
        "ou « Pas encore commencé » (note 6).",
        "The status does not clearly state “Completed”, “In progress”, “Postponed” "
        "or “Not started” (footnote 6).",
    ),
    "no-dated-milestones": (
        "L'état d'avancement ne date pas les étapes déjà atteintes (note 6).",
        "The status gives no dates for the milestones reached (footnote 6).",
    ),
    "no-next-steps": (
        "L'état d'avancement n'indique pas les étapes suivantes (note 6).",
        "The status does not say what the next steps are (footnote 6).",
    ),
    "level-missing": (
        "Niveau d'exécution manquant (note 7) ; suggéré : {level_fr}.",
        "Execution level missing (footnote 7); suggested: {level_en}.",
    ),
    "level-disagrees": (
        "Le niveau d'exécution {level_fr} ne correspond pas au mot clé de l'état "
        "d'avancement (note 7).",
        "Execution level {level_en} disagrees with the status keyword (footnote 7).",
    ),
    "overdue": (
        "Échéance dépassée : prévue le {due} (« {written} »), non achevée à la session {session}.",
        "Overdue: due {due} (“{written}”), not completed at session {session}.",
    ),
    "duplicate-title": (
        "Même intitulé que l'activité {first}.",
        "Same title as activity {first}.",
    ),
    "repeated-number": (
        "Le numéro {ref} est utilisé {count} fois.",
        "Number {ref} is used {count} times.",
    ),
    "numbering-gap": (
        "Numérotation interrompue : {missing} manque avant {ref}.",
        "Numbering gap: {missing} missing before {ref}.",
    ),
}


def finding(rule, severity, activity, message, suggestion=None, **params) -> Finding:
    """A finding with its message in both languages, dates written the way each language
    writes them (« 27 avril 2023 », "27 April 2023"); `key` and `params` keep the message
    as data for a front end that writes it its own way."""
    fr, en = MESSAGES[message]

    def written(lang: str) -> dict:
        return {k: long_date(v, lang) if isinstance(v, date) else v for k, v in params.items()}

    return Finding(rule, severity, activity, fr.format(**written("fr")),
                   en.format(**written("en")), suggestion, message, params)  # fmt: skip


class CheckError(ValueError):
    """Bad usage: an unknown session, or a date before every session."""


def choose_session(
    document: ProgrammeDocument,
    session_id: str | None,
    as_of: date | None,
    registry: Registry = SEED,
):
    """The session whose statuses are checked: the one named, the last one held by
    `as_of`, or the latest. Sessions are in chronological order in the document."""
    if session_id:
        for session in document.sessions:
            if session.id == session_id:
                return session
        known = ", ".join(s.id for s in document.sessions) or "none"
        raise CheckError(f"no session {session_id!r} (known: {known})")
    if as_of:
        held = [s for s in document.sessions
                if (session_date(s, registry) or date.max) <= as_of]  # fmt: skip
        return held[-1] if held else None
    return document.sessions[-1] if document.sessions else None


def session_date(session: SessionData, registry: Registry = SEED) -> date | None:
    """When the session met: its first day, or the start of its season if undated."""
    return registry.meeting_day(session.body, session.numbers, session.start)


# Parsed deadlines, remembered for the registry last used: every check reads each
# activity's deadline twice, and the next check mostly the same texts again. The rules
# only read a Deadline (never change it). Bounded; a new registry starts afresh.
_DEADLINES_KEPT = 65536
_deadlines: tuple[object, dict] = (None, {})


def _deadline(written: str, registry: Registry) -> Deadline | None:
    global _deadlines
    owner, parsed = _deadlines
    if owner is not registry or len(parsed) > _DEADLINES_KEPT:
        parsed = {}
        _deadlines = (registry, parsed)
    if written not in parsed:
        parsed[written] = parse_deadline(written, registry)
    return parsed[written]


def check(
    document: ProgrammeDocument,
    session_id: str | None = None,
    as_of: date | None = None,
    registry: Registry = SEED,
) -> CheckResult:
    """The rules over the document; bodies and calendars are those of `registry`."""
    session = choose_session(document, session_id, as_of, registry)
    when = as_of or (session_date(session, registry) if session else None)
    activities = document.current()  # a withdrawn activity is history: never overdue
    result = CheckResult(
        session=session.id if session else None,
        as_of=when,
        activities=len(activities),
        linked=sum(1 for a in activities if a.strategic_link is True),
    )
    plan = Plan.of(document)
    for activity in activities:
        result.findings += _activity_findings(activity, session, when, registry, plan)
    result.findings += _carried_deadlines(document, activities, registry)
    result.findings += _duplicate_titles(activities)
    result.findings += _numbering(activities)
    order = {rule: index for index, rule in enumerate(RULES)}
    section_order = {Section.TIME_BOUND.value: 0, Section.PERMANENT.value: 1}
    result.findings.sort(
        key=lambda f: (
            (section_order[f.activity[0]], f.activity[1]) if f.activity else (9, 0),
            order[f.rule],
        )
    )
    return result


def activity_findings(
    document: ProgrammeDocument,
    activity: ActivityData,
    session: SessionData | None,
    when: date | None,
    registry: Registry = SEED,
    plan: Plan | None = None,
) -> list[Finding]:
    """What check() finds on one activity of `document` at `session` (met on `when`):
    every rule but those across activities (programme_findings). A summary can then be
    kept up to date by checking again only the activities changed."""
    plan = plan or Plan.of(document)
    return _activity_findings(activity, session, when, registry, plan) + _carried_deadlines(
        document, [activity], registry
    )


def programme_findings(activities: list[ActivityData]) -> list[Finding]:
    """The rules across the (current) activities: duplicate titles, numbering."""
    return _duplicate_titles(activities) + _numbering(activities)


def _carried_deadlines(document: ProgrammeDocument, activities: list[ActivityData], registry):
    """An activity carried from the previous programme still due before this one began."""
    begins = date(document.programme.period[0], 1, 1)
    found = []
    for a in activities:
        written = a.deadline.get("fr") or a.deadline.get("en", "")
        deadline = _deadline(written, registry)
        if a.predecessor and deadline and deadline.due and deadline.due < begins:
            found.append(finding("carried-deadline", WARNING, (a.section, a.number),
                                 "carried-deadline", due=deadline.due,
                                 written=written))  # fmt: skip
    return found


@dataclass(frozen=True)
class Plan:
    """The Strategic Plan edition an activity's codes are checked against: its name and
    its codes (code → kind)."""

    name: str
    codes: dict[str, str]

    @classmethod
    def of(cls, document: ProgrammeDocument | None = None) -> Plan:
        if document is None or document.plan_codes is None:
            return cls(STRATEGIC_PLAN, {c: kind for c, (kind, *_) in STRATEGIC_CODES.items()})
        return cls(document.plan or STRATEGIC_PLAN, document.plan_codes)


def check_activity(
    activity: ActivityData,
    session: SessionData | None,
    registry: Registry = SEED,
    plan: Plan | None = None,
) -> list[Finding]:
    """The rules that concern one activity alone (all but duplicate titles and numbering),
    at a session: what its page shows without checking the whole programme."""
    when = session_date(session, registry) if session else None
    return _activity_findings(activity, session, when, registry, plan or Plan.of())


def _activity_findings(
    a: ActivityData,
    session: SessionData | None,
    when: date | None,
    registry: Registry = SEED,
    plan: Plan | None = None,
):
    plan = plan or Plan.of()
    key = (a.section, a.number)
    found: list[Finding] = []

    def add(rule, severity, message, suggestion=None, **params):
        found.append(finding(rule, severity, key, message, suggestion, **params))

    if a.strategic_link is False:
        add("strategic-link", ERROR, "unlinked")
    elif a.strategic_link is None:
        add("strategic-link", WARNING, "link-unstated")
    if a.priority is None:
        add("priority", ERROR, "priority-missing")
    if not a.strategic_codes:
        add("strategic-code", WARNING, "no-code")
    for code in a.strategic_codes:
        kind = plan.codes.get(code)
        if kind is None:
            add("strategic-code", ERROR, "unknown-code", code=code, plan=plan.name)
        elif kind == "objective":
            add("strategic-code", WARNING, "objective-code", code=code)
    if a.task_type is None:
        add("task-type", ERROR, "unknown-task-type", written=a.task_type_raw or "—")
    if not a.responsible_bodies:
        add("responsible-body", ERROR, "no-body")
    for code in a.responsible_bodies:
        if code not in registry.bodies:
            add("responsible-body", ERROR, "unknown-body", code=code)
    written = a.deadline.get("fr") or a.deadline.get("en", "")
    deadline = _deadline(written, registry)
    if deadline is None:
        add("deadline-format", WARNING, "deadline-unreadable", written=written or "—")
    if a.section == Section.PERMANENT and (deadline is None or not deadline.continuous):
        add("permanent-deadline", ERROR, "permanent-deadline", written=written)
    if session is None:
        return found

    report = next((r for r in a.status_reports if r.session == session.id), None)
    due = deadline.due if deadline else None
    return found + status_findings(key, report, session.id, due, written, when)


def status_findings(
    key: tuple[str, int],
    report: StatusReportData | None,
    session_id: str,
    due: date | None,
    written: str,
    when: date | None,
) -> list[Finding]:
    """The rules on an activity's status at a session (footnotes 6 and 7, and overdue):
    what the round's to-do list shows for each row."""
    section = key[0]
    found: list[Finding] = []

    def add(rule, severity, message, suggestion=None, **params):
        found.append(finding(rule, severity, key, message, suggestion, **params))

    if report is None:
        add("status-keyword", ERROR, "no-status", session=session_id)
        return found
    text = report.text.get("fr") or report.text.get("en", "")
    keyword = Keyword(report.keyword) if report.keyword else stated_keyword(text)
    if keyword is None:
        add("status-keyword", WARNING, "no-keyword")
    if text and not names_dated_milestones(text):
        add("status-milestones", WARNING, "no-dated-milestones")
    if text and keyword != Keyword.COMPLETED and not names_next_steps(text):
        add("status-next-steps", WARNING, "no-next-steps")
    if section != Section.TIME_BOUND:
        return found

    suggestion = suggest_level(text, report.keyword)
    level = report.execution_level
    if level is None and suggestion is not None:
        fr_name, en_name = LEVEL_NAMES[suggestion.execution_level.value]
        add("execution-level", WARNING, "level-missing", suggestion.to_dict(),
            level_fr=fr_name, level_en=en_name)  # fmt: skip
    elif level and suggestion and suggestion.basis == "keyword":
        agrees = level == suggestion.execution_level.value
        fr_name, en_name = LEVEL_NAMES[level]
        if not agrees:
            add("execution-level", ERROR, "level-disagrees", suggestion.to_dict(),
                level_fr=fr_name, level_en=en_name)  # fmt: skip
    if due and when and due < when and keyword != Keyword.COMPLETED:
        add("overdue", ERROR, "overdue", due=due, written=written, session=session_id)
    return found


@lru_cache(maxsize=65536)
def _title_key(title: str) -> str:
    return fold(title).rstrip(". ")


def _duplicate_titles(activities: list[ActivityData]) -> list[Finding]:
    seen: dict[str, ActivityData] = {}
    found = []
    for a in activities:
        title = _title_key(a.title.get("fr") or a.title.get("en", ""))
        if not title:
            continue
        first = seen.setdefault(title, a)
        if first is not a:
            key = (a.section, a.number)
            found.append(finding("duplicate-title", ERROR, key, "duplicate-title", first=first.ref))
    return found


def _numbering(activities: list[ActivityData]) -> list[Finding]:
    found = []
    numbers: dict[str, list[int]] = defaultdict(list)
    for a in activities:
        numbers[a.section].append(a.number)
    for section, seen in numbers.items():
        roman = Section(section).roman
        counts = Counter(seen)
        expected = 1
        for number in sorted(counts):
            key, ref = (section, number), f"{roman}.{number}"
            if counts[number] > 1:
                found.append(finding("numbering", ERROR, key, "repeated-number",
                                     ref=ref, count=counts[number]))  # fmt: skip
            if number > expected:
                last = number - 1
                missing = f"{roman}.{expected}" + (f"–{last}" if last > expected else "")
                found.append(finding("numbering", ERROR, key, "numbering-gap",
                                     ref=ref, missing=missing))  # fmt: skip
            expected = number + 1
    return found
