"""The texts of a session's document and their translation state; saving a translation."""

from __future__ import annotations

from collections import Counter

from django.db import transaction
from django.db.models import F, Q

from jalon.core.translation import (
    ACTIVITY_FIELDS,
    CURRENT,
    MISSING,
    STATUS_FIELDS,
    Item,
    findings,
    other,
    version_of,
)
from jalon.core.translation import state as state_of
from jalon.core.validation import clean_text
from jalon.core.vocabulary import STRATEGIC_CODES
from jalon.documents.labels import LABELS
from jalon.programmes.choices import Section
from jalon.programmes.models import Activity, Body, Programme
from jalon.reporting.models import FrozenSessionError, Session, StaleVersionError, StatusReport
from jalon.reporting.services import programme_of, require_edit
from jalon.reporting.todo import remembered_since
from jalon.reporting.versions import DataState
from jalon.translation.models import Translation

KINDS = ("activity", "status")


class TranslationError(ValueError):
    """A translation that cannot be saved (frozen session, changed meanwhile …)."""


def _ref(section: str, number: int) -> str:
    return f"{'I' if section == Section.TIME_BOUND else 'II'}.{number}"


def _texts(session: Session, langs, programme: Programme, activity_ids=None):
    """Every translatable text of the session's document into each of `langs`, in
    document order, as tuples (activity id, kind, object id, field, target language,
    section, number, source, target, made_from): three queries."""
    rows, by_activity, made = _read(session, programme, activity_ids)
    return _each(rows, by_activity, made, langs)


def _read(session: Session, programme: Programme, activity_ids=None) -> tuple:
    """(the activities' rows: id, section, number, then each text in French and English;
    activity id → its status's row: id, activity id, texts; the translation records:
    (kind, object id, field, language) → the source it was made from), in document
    order: three queries."""
    activities = Activity.objects.filter(programme=programme).current()
    if activity_ids is not None:
        activities = activities.filter(pk__in=activity_ids)
    columns = [f"{f}_{lang_}" for f in ACTIVITY_FIELDS for lang_ in ("fr", "en")]
    rows = activities.order_by("-section", "number").values_list("pk", "section", "number",
                                                                 *columns)  # fmt: skip
    reports = StatusReport.objects.filter(session=session, activity__in=activities.values("pk"))
    texts = [f"{f}_{lang_}" for f in STATUS_FIELDS for lang_ in ("fr", "en")]
    by_activity = {r[1]: r for r in reports.values_list("pk", "activity_id", *texts)}
    made = {}
    # Records of both directions: a text that was the source of a translation is not
    # itself a translation (its language has no state).
    for activity_id, report_id, field, lang, made_from in Translation.objects.filter(
        Q(activity__in=activities.values("pk")) | Q(status_report__in=reports.values("pk"))
    ).values_list("activity_id", "status_report_id", "field", "lang", "made_from"):
        if activity_id is not None:
            made[("activity", activity_id, field, lang)] = made_from
        else:
            made[("status", report_id, field, lang)] = made_from
    return rows, by_activity, made


def _each(rows, by_activity: dict, made: dict, langs):
    """The tuples of _texts() for what _read() gave (or part of its rows)."""
    for a in rows:
        pk, section, number = a[0], a[1], a[2]
        report = by_activity.get(pk)
        for target in langs:
            source = other(target)
            s, t = (1, 0) if target == "fr" else (0, 1)  # the _en column follows the _fr one
            for i, field in enumerate(ACTIVITY_FIELDS):
                key = ("activity", pk, field)
                if (*key, source) in made and (*key, target) not in made:
                    continue  # this text is the source of the other language's
                yield (pk, "activity", pk, field, target, section, number, a[3 + 2 * i + s],
                       a[3 + 2 * i + t], made.get((*key, target)))  # fmt: skip
            for i, field in enumerate(STATUS_FIELDS if report else ()):
                key = ("status", report[0], field)
                if (*key, source) in made and (*key, target) not in made:
                    continue
                yield (pk, "status", report[0], field, target, section, number,
                       report[2 + 2 * i + s], report[2 + 2 * i + t],
                       made.get((*key, target)))  # fmt: skip


def items(session: Session, lang: str | None = "en", programme: Programme | None = None,
          activity_ids=None) -> list[Item]:  # fmt: skip
    """Every translatable text of the session's document, into `lang` (None: into each
    language, from the other), in document order (activity texts, then its status): three
    queries whatever the programme's size."""
    programme = programme or programme_of(session)
    langs = (lang,) if lang else ("en", "fr")
    return [
        Item(
            kind, pk, field, target, section, number, _ref(section, number), source, text, made_from
        )  # fmt: skip
        for _, kind, pk, field, target, section, number, source, text, made_from in _texts(
            session, langs, programme, activity_ids
        )
    ]


def states_by_activity_id(session: Session, programme: Programme,
                          activity_ids=None) -> dict[int, Counter]:  # fmt: skip
    """Activity id → {(target language, state): number of its texts}, both ways: what
    items() would count, without an Item per text (the to-do list and the dashboard)."""
    rows, by_activity, made = _read(session, programme, activity_ids)
    # An activity none of whose texts has a translation record: each text with something
    # in it is missing in the other language if that one is blank, current otherwise
    # (state() without a source recorded), counted here without a tuple per text.
    recorded = {pk for kind, pk, *_ in made if kind == "activity"}
    if made:
        report_activity = {report[0]: activity_id for activity_id, report in by_activity.items()}
        recorded.update(report_activity[pk] for kind, pk, *_ in made if kind == "status")
    out: dict[int, Counter] = {}
    alike: dict[tuple, Counter] = {}
    for a in rows:
        if a[0] in recorded:
            continue
        report = by_activity.get(a[0])
        texts = a[3:] + report[2:] if report else a[3:]
        found = []
        for i in range(0, len(texts), 2):
            has_fr, has_en = bool((texts[i] or "").strip()), bool((texts[i + 1] or "").strip())
            if has_fr:
                found.append(("en", CURRENT if has_en else MISSING))
            if has_en:
                found.append(("fr", CURRENT if has_fr else MISSING))
        if found:
            # Activities alike share one Counter (a few dozen kinds): never mutated.
            key = tuple(found)
            counter = alike.get(key)
            if counter is None:
                counter = alike[key] = Counter(found)
            out[a[0]] = counter
    rest = [a for a in rows if a[0] in recorded]
    for activity_id, *_, target, _s, _n, source, text, made_from in _each(
        rest, by_activity, made, ("en", "fr")
    ):
        found = state_of(source, text, made_from)
        if found:
            counter = out.get(activity_id)
            if counter is None:
                counter = out[activity_id] = Counter()
            counter[(target, found)] += 1
    return out


def counts(found: list[Item]) -> Counter:
    """How many texts are missing, outdated, current (texts with nothing to translate do
    not count)."""
    return Counter(i.state for i in found if i.state)


def translation_states(session: Session, programme, state: DataState) -> dict:
    """Activity id → {(target language, state): number of texts}, remembered per worker
    under the data's version beside the round's rows (a translation is saved with its
    text, so the version changes with it); after a change only the activities changed
    are read again."""

    def update(previous: dict, changed: set[int]) -> dict:
        if not changed:
            return previous
        fresh = states_by_activity_id(session, programme, changed)
        return {**{pk: c for pk, c in previous.items() if pk not in changed}, **fresh}

    return remembered_since(
        ("translation", session.pk, programme.pk), state,
        lambda: states_by_activity_id(session, programme), update,
    )  # fmt: skip


def rule_findings(session_code: str) -> list:
    """Rule `translation`: what the session's document lacks or has behind its source,
    both ways (jalon.core.translation.findings), in the checker's order."""
    session = Session.objects.filter(code=session_code).first()
    if session is None:
        return []
    return findings(items(session, None))


def glossary(lang: str = "en") -> list[tuple[str, str]]:
    """The template's fixed terms, (source, translation) into `lang`: progress keywords,
    execution levels, task types, body names and acronyms, Strategic Plan codes. jalon
    writes them itself in each language; translators are told to use the same words."""
    source = other(lang)
    terms = []
    for group in ("keywords", "levels", "task_types"):
        for key, text in LABELS[source][group].items():
            terms.append((text, LABELS[lang][group][key]))
    for _kind, fr, en in STRATEGIC_CODES.values():
        labels = {"fr": fr, "en": en}
        terms.append((labels[source], labels[lang]))
    for body in Body.objects.values("acronym_fr", "acronym_en", "name_fr", "name_en"):
        for kind in ("acronym", "name"):
            src, tgt = body[f"{kind}_{source}"], body[f"{kind}_{lang}"]
            if src and tgt and src != tgt:
                terms.append((src, tgt))
    return [(s, t) for s, t in terms if s and t]


def find_item(session: Session, kind: str, pk: int, field: str, lang: str) -> Item | None:
    if kind == "activity":
        activity_ids = [pk]
    else:
        activity_ids = list(
            StatusReport.objects.filter(pk=pk, session=session).values_list(
                "activity_id", flat=True
            )
        )
    for item in items(session, lang, activity_ids=activity_ids):
        if item.key == (kind, pk, field, lang):
            return item
    return None


def save_translation(item: Item, text: str, *, made_from: str, expected_target: str,
                     user=None, via: str = "screen") -> None:  # fmt: skip
    """Write `text` as the translation of `item` made from the source `made_from`.
    `expected_target` is the translation the person saw: if someone saved another one
    meanwhile, TranslationError (nothing written). The other language is untouched;
    a status keeps its review state (a translation is not a change of substance)."""
    text = clean_text(text).strip()
    column = f"{item.field}_{item.lang}"
    with transaction.atomic():
        if item.kind == "activity":
            obj = Activity.objects.select_for_update().get(pk=item.pk)
        else:
            obj = (
                StatusReport.objects.select_for_update()
                .select_related("session", "activity")
                .get(pk=item.pk)
            )
            if obj.session.frozen:
                raise FrozenSessionError(obj.session.code)
        require_edit(user, obj)  # the Secretariat of the text's own body
        current = getattr(obj, column)
        if current.strip() != (expected_target or "").strip():
            raise TranslationError(current)
        setattr(obj, column, text)
        obj._history_user = user
        if item.kind == "status":
            claimed = StatusReport.objects.filter(pk=obj.pk, version=obj.version).update(
                version=F("version") + 1
            )
            if not claimed:
                raise StaleVersionError(obj, obj.version)
            obj.version += 1
            obj.save()
        else:
            obj.save(update_fields=[column])
        target = (
            {"activity_id": obj.pk} if item.kind == "activity" else {"status_report_id": obj.pk}
        )
        Translation.objects.update_or_create(
            **target, field=item.field, lang=item.lang,
            defaults={"made_from": made_from, "made_by": user, "via": via},
        )  # fmt: skip


def is_current_source(item: Item, made_from: str) -> bool:
    return version_of(item.source) == version_of(made_from)
