"""Translation state of the programme's bilingual texts (pure Python, no Django).

A text has a French and an English version. The version in one language is a
translation of the other (its *source*) when it was made by a translator; jalon keeps
the source text it was made from beside it (`made_from`). Its state is then:

* ``missing``  — the source has text, the translation is empty;
* ``outdated`` — the source changed since the translation was made from it;
* ``current``  — up to date (also a text entered in both languages together, of which
  jalon knows no source: nothing says it is behind).

A text whose source is empty has no state (nothing to translate).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from jalon.core.rules import Finding

MISSING, OUTDATED, CURRENT = "missing", "outdated", "current"
STATES = (MISSING, OUTDATED, CURRENT)
TO_DO = (MISSING, OUTDATED)

# The translatable texts: the activity's four and the status text (kind, field).
ACTIVITY_FIELDS = ("title", "resources", "kpi", "deadline")
STATUS_FIELDS = ("text",)
FIELD_LABELS = {
    "title": ("Titre", "Title"),
    "resources": ("Ressources", "Resources"),
    "kpi": ("Indicateurs de performance clés", "Key performance indicators"),
    "deadline": ("Délai", "Deadline"),
    "text": ("État d'avancement", "Status"),
}


def other(lang: str) -> str:
    return "en" if lang == "fr" else "fr"


def version_of(text: str) -> str:
    """The short fingerprint of a source text (what a unit id carries). Whitespace at the
    ends does not count, nor line-ending style."""
    normal = "\n".join(line.rstrip() for line in (text or "").strip().splitlines())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:12]


def state(source: str, target: str, made_from: str | None) -> str | None:
    """The state of `target` (the translation of `source`); `made_from` is the source it
    was translated from, None if jalon never recorded one."""
    if not (source or "").strip():
        return None
    if not (target or "").strip():
        return MISSING
    if made_from is not None and version_of(made_from) != version_of(source):
        return OUTDATED
    return CURRENT


@dataclass(frozen=True)
class Item:
    """One text to translate: which object (kind "activity" or "status" and its id), which
    field, into which language; the activity it belongs to; both texts and the source it
    was last translated from."""

    kind: str
    pk: int
    field: str
    lang: str
    section: str
    number: int
    ref: str
    source: str
    target: str
    made_from: str | None = None

    @property
    def state(self) -> str | None:
        return state(self.source, self.target, self.made_from)

    @property
    def key(self) -> tuple[str, int, str, str]:
        return (self.kind, self.pk, self.field, self.lang)


def findings(items: list[Item]) -> list[Finding]:
    """Rule `translation`: each text the session's document in the target language would
    give untranslated or behind its source (warnings: the document still shows them)."""
    found = []
    for item in items:
        if item.state not in TO_DO:
            continue
        fr_field, en_field = FIELD_LABELS[item.field]
        lang_fr, lang_en = ("anglais", "English") if item.lang == "en" else ("français", "French")
        if item.state == MISSING:
            fr = f"{fr_field} : pas de traduction en {lang_fr}."
            en = f"{en_field}: no {lang_en} translation."
        else:
            fr = f"{fr_field} : la traduction en {lang_fr} est antérieure au texte source."
            en = f"{en_field}: the {lang_en} translation is older than its source."
        where = {"field": item.field, "lang": item.lang, "state": item.state}
        found.append(Finding("translation", "warning", (item.section, item.number), fr, en, where))
    return found


_WORD = re.compile(r"\w+|[^\w\s]+|\s+")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The changes from `old` to `new` by word: (op, text) with op "=", "-" or "+"."""
    a, b = _WORD.findall(old or ""), _WORD.findall(new or "")
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", "".join(b[j1:j2])))
    return out


def glossary_for(text: str, terms: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The fixed terms (source, translation) that occur in `text`, by whole words, ignoring
    case; longest first, each once."""
    found = []
    lowered = (text or "").casefold()
    for source, target in sorted(set(terms), key=lambda t: -len(t[0])):
        if not source or not target:
            continue
        if re.search(rf"(?<!\w){re.escape(source.casefold())}(?!\w)", lowered):
            found.append((source, target))
    return found
