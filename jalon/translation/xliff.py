"""XLIFF 1.2 out to the translators' CAT tools and back, through translate-toolkit.

Why 1.2: it is the version Trados Studio, memoQ and OmegaT (and Phrase, Wordfast, Okapi)
have read and written the longest and most completely; their 2.x support is newer and
uneven. See README, "Translation".

A file names its database, session and target language in `<file original>`; each unit
id names the database, the object, the field, the version of the source it was exported
with and the version of the translation it had then::

    <db8>:<a|s><id>:<field>:<source version>:<target version or 0>

so that an import can refuse a file from another database or session, skip a unit whose
object is gone, store a translation whose source changed since as outdated, and show a
translation someone entered after the export before it is overwritten.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from lxml import etree
from translate.storage import xliff
from translate.storage.placeables import StringElem
from translate.storage.placeables.xliff import G

from jalon.core.translation import FIELD_LABELS, OUTDATED, TO_DO, Item, glossary_for, version_of
from jalon.core.validation import InvalidValue, clean_text
from jalon.reporting.models import Session, StaleVersionError
from jalon.translation.models import Database
from jalon.translation.services import TranslationError, glossary, items, save_translation

NS = "urn:oasis:names:tc:xliff:document:1.2"
KIND_CODES = {"activity": "a", "status": "s"}
CODE_KINDS = {v: k for k, v in KIND_CODES.items()}
# Inline codes carry formatting of the CAT tool's own, not text: dropped on import.
CODES = {"ph", "bpt", "ept", "it", "x", "bx", "ex", "sub"}
NOT_DONE = {"new", "needs-translation"}  # a target in these states is not a translation


class XliffUnit(xliff.xliffunit):
    namespace = NS


class XliffFile(xliff.xlifffile):
    """translate-toolkit's XLIFF store, writing version 1.2 (its default skeleton is 1.1)."""

    UnitClass = XliffUnit

    XMLskeleton = f"""<?xml version="1.0" ?>
<xliff version='1.2' xmlns='{NS}'>
<file original='NoName' source-language='fr' datatype='plaintext'>
<body>
</body>
</file>
</xliff>"""
    namespace = NS


def _origin(db: str, session: str, lang: str) -> str:
    return f"jalon/{db}/{session}/{lang}"


def unit_id(db: str, item: Item) -> str:
    target = version_of(item.target) if item.target.strip() else "0"
    return (
        f"{db[:8]}:{KIND_CODES[item.kind]}{item.pk}:{item.field}:{version_of(item.source)}:{target}"
    )


def export(session: Session, lang: str = "en", states=TO_DO) -> tuple[bytes, int]:
    """The XLIFF of every text of the session's document into `lang` in one of `states`
    (missing or outdated by default), and how many units it holds."""
    db = Database.identity()
    origin = _origin(db, session.code, lang)
    store = XliffFile(sourcelanguage="en" if lang == "fr" else "fr", targetlanguage=lang)
    filenode = store.getfilenode("NoName")
    store.setfilename(filenode, origin)
    filenode.set("tool-id", "jalon")
    filenode.set("product-name", "jalon")
    header = store.getheadernode(filenode, createifmissing=True)
    filenode.insert(0, header)  # XLIFF 1.2: <header> comes before <body>
    tool = etree.SubElement(header, f"{{{NS}}}tool", {"tool-id": "jalon", "tool-name": "jalon"})
    tool.tail = "\n"
    note = etree.SubElement(header, f"{{{NS}}}note", {"from": "jalon"})
    note.text = (f"Session {session.code}, translation into {lang}. Keep the unit ids. "
                 "Terms in the glossary notes are fixed: use them as given.")  # fmt: skip
    terms = glossary(lang)
    english = lang == "en"
    count = 0
    for item in items(session, lang):
        if item.state not in states:
            continue
        unit = store.addsourceunit(item.source, filename=origin, createifmissing=True)
        unit.setid(unit_id(db, item))
        unit.xmlelement.set("resname", f"{item.ref} {item.field}")
        unit.settarget("")
        label = FIELD_LABELS[item.field][1 if english else 0]
        unit.addnote(f"{item.ref} · {label} · {session.code}", origin="jalon")
        if item.state == OUTDATED:
            unit.addnote(f"Source changed since the previous translation. Previous "
                         f"translation: {item.target}", origin="jalon")  # fmt: skip
            unit.addnote(f"Source it was made from: {item.made_from}", origin="jalon")
            unit.addalttrans(item.target, sourcetxt=item.made_from, origin="jalon-previous")
        for source, target in glossary_for(item.source, terms):
            unit.addnote(f"{source} = {target}", origin="glossary")
        count += 1
    return bytes(store), count


@dataclass
class Change:
    item: Item
    new: str  # the translation in the file
    made_from: str  # the source text it was made from (the unit's <source>)
    outdated: bool  # the source changed since the export: stored, flagged outdated
    overwrites: bool  # a translation was entered after the export: shown, then replaced


@dataclass
class Preview:
    name: str
    session: str | None = None
    lang: str | None = None
    changes: list[Change] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    untranslated: int = 0
    unchanged: int = 0
    refused: bool = False  # the whole file (nothing can be written from it)

    @property
    def fingerprint(self) -> str:
        """What the person saw: confirming applies exactly this or nothing."""
        seen = [(c.item.key, c.item.target, c.new, c.made_from) for c in self.changes]
        return hashlib.sha256(repr(seen).encode()).hexdigest()[:16]

    def refuse(self, line: str) -> Preview:
        self.problems.append(line)
        self.refused = True
        self.changes = []
        return self


def _plain(elements) -> str:
    """The text of a rich target: inline formatting (<g>, <mrk>) kept as its text, native
    codes (<ph>, <bpt>, <x/> …) dropped."""
    out = []

    def walk(node):
        if isinstance(node, str):
            out.append(node)
            return
        tag = getattr(node, "xml_node", None)
        name = etree.QName(tag).localname if tag is not None else None
        if name in CODES or type(node).__name__ in {"X", "Bx", "Ex"}:
            return
        if isinstance(node, StringElem | G):
            for sub in node.sub:
                walk(sub)

    for element in elements:
        walk(element)
    return "".join(out)


def read(data: bytes, name: str, session: str | None = None, lang: str | None = None) -> Preview:
    """What importing the file would do, writing nothing: the changes, and one line per
    problem. `session`/`lang`: what the file must be for (the page it was uploaded on)."""
    preview = Preview(name)
    try:
        store = XliffFile.parsestring(data)
    except Exception as exc:  # lxml, or translate-toolkit's own checks  # noqa: BLE001
        return preview.refuse(f"{name}: not an XLIFF 1.2 file ({str(exc).splitlines()[0][:200]})")
    filenode = next(store.document.getroot().iterchildren(store.namespaced("file")), None)
    origin = (filenode.get("original") or "") if filenode is not None else ""
    # jalon/DATABASE/SESSION/LANG; a session id may hold a "/" (its body's code).
    prefix, _, rest = origin.partition("/")
    db, _, rest = rest.partition("/")
    code, _, file_lang = rest.rpartition("/")
    if prefix != "jalon" or not (db and code and file_lang):
        return preview.refuse(f"{name}: not exported by jalon (file original={origin!r})")
    preview.session, preview.lang = code, file_lang
    this_db = Database.identity()
    if db != this_db:
        return preview.refuse(f"{name}: exported from another jalon database ({db[:8]}, this "
                              f"one is {this_db[:8]}); export again from this one")  # fmt: skip
    if session and code != session:
        return preview.refuse(f"{name}: a file for session {code}, not {session}")
    if lang and file_lang != lang:
        return preview.refuse(f"{name}: a translation into {file_lang!r}, not {lang!r}")
    if file_lang not in ("fr", "en"):
        return preview.refuse(f"{name}: unknown target language {file_lang!r}")
    try:
        found = Session.objects.get(code=code)
    except Session.DoesNotExist:
        return preview.refuse(f"{name}: no session {code} in this database")
    by_key = {i.key: i for i in items(found, file_lang)}
    seen = set()
    for unit in store.units:
        uid = unit.xmlelement.get("id") or ""
        where = f"{name}: unit {uid!r}"
        try:
            db8, obj, fld, src_version, tgt_version = uid.split(":")
            kind, pk = CODE_KINDS[obj[0]], int(obj[1:])
        except (ValueError, KeyError, IndexError):
            preview.problems.append(f"{where}: not a jalon unit id, skipped")
            continue
        if db8 != this_db[:8]:
            preview.problems.append(f"{where}: from another database, skipped")
            continue
        item = by_key.get((kind, pk, fld, file_lang))
        if item is None:
            preview.problems.append(f"{where}: no such text in session {code} (deleted or "
                                    "not of this session), skipped")  # fmt: skip
            continue
        if item.key in seen:
            preview.problems.append(f"{where}: {item.ref} {fld} twice in the file, skipped")
            continue
        seen.add(item.key)
        made_from = unit.source or ""
        if version_of(made_from) != src_version:
            preview.problems.append(f"{where}: its source text was edited in the file, skipped")
            continue
        target_node = unit.xmlelement.find(store.namespaced("target"))
        new = _plain(unit.rich_target).strip() if target_node is not None else ""
        if not new or (target_node.get("state") or "") in NOT_DONE:
            preview.untranslated += 1
            continue
        try:  # what would be stored, as every edit stores it (markup removed …)
            new = clean_text(new).strip()
        except InvalidValue as exc:
            preview.problems.append(f"{where}: {item.ref} {fld}: {exc}, skipped")
            continue
        if kind == "status" and found.frozen:
            preview.problems.append(f"{where}: {item.ref} — session {code} is frozen: its "
                                    "statuses are a record, refused")  # fmt: skip
            continue
        outdated = version_of(item.source) != src_version
        current = version_of(item.target) if item.target.strip() else "0"
        if new == item.target.strip() and not outdated and item.made_from is not None and \
                version_of(item.made_from) == src_version:  # fmt: skip
            preview.unchanged += 1
            continue
        preview.changes.append(Change(item, new, made_from, outdated, current != tgt_version))
    return preview


class ImportConflict(Exception):
    """A text changed between the preview and the confirmation: nothing written."""


def apply(preview: Preview, user=None) -> int:
    """Write the previewed changes in one transaction; any text changed since the preview
    refuses them all (ImportConflict)."""
    if preview.refused:
        return 0
    with transaction.atomic():
        for change in preview.changes:
            try:
                save_translation(change.item, change.new, made_from=change.made_from,
                                 expected_target=change.item.target, user=user,
                                 via="xliff")  # fmt: skip
            except StaleVersionError:
                raise ImportConflict(
                    f"{change.item.ref} {change.item.field}: its status was saved meanwhile; "
                    "nothing written, preview again"
                ) from None
            except TranslationError as exc:
                raise ImportConflict(
                    f"{change.item.ref} {change.item.field}: changed since the preview "
                    f"(now {str(exc.args[0])[:80]!r}); nothing written, preview again"
                ) from None
    return len(preview.changes)
