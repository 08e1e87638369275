"""The revision document: the draft revised programme with the revision's changes marked
as such drafts are presented — added text underlined, deleted text struck through, new
and withdrawn activities flagged — or the same programme clean. Word and PDF, French
and English. Pure Python (no Django): it reads a ProgrammeDocument and its revisions.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from io import BytesIO

from jalon.core.programme import ActivityData, ProgrammeDocument, RevisionData

LABELS = {
    "fr": {
        "title": "Programme de travail révisé {start}-{end} — révision {n}",
        "draft": "PROJET",
        "legend": "Texte ajouté souligné, texte supprimé barré.",
        "state": {"draft": "projet", "presented": "présentée", "endorsed": "approuvée par le "
                  "Comité", "adopted": "adoptée par le Conseil"},
        "presented": "présentée à la session {session}",
        "columns": ["N°", "Priorité", "Activité", "Plan stratégique", "Échéance"],
        "sections": {"time_bound": "I. Activités assorties d'un délai",
                     "permanent": "II. Activités permanentes"},
        "new": "NOUVELLE",
        "withdrawn": "RETIRÉE",
        "reason": "motif : {reason}",
        "split": "SCINDÉE",
        "split_into": "scindée en {refs}",
        "split_from": "issue de la scission de {ref}",
    },
    "en": {
        "title": "Revised work programme {start}-{end} — revision {n}",
        "draft": "DRAFT",
        "legend": "Added text underlined, deleted text struck through.",
        "state": {"draft": "draft", "presented": "presented", "endorsed": "endorsed by the "
                  "Committee", "adopted": "adopted by the Council"},
        "presented": "presented at session {session}",
        "columns": ["No.", "Priority", "Activity", "Strategic Plan", "Deadline"],
        "sections": {"time_bound": "I. Time-bound activities",
                     "permanent": "II. Permanent activities"},
        "new": "NEW",
        "withdrawn": "WITHDRAWN",
        "reason": "reason: {reason}",
        "split": "SPLIT",
        "split_into": "split into {refs}",
        "split_from": "split from {ref}",
    },
}  # fmt: skip

Segment = tuple[str, str | None]  # (text, None | "ins" | "del")


@dataclass
class Row:
    section: str
    ref: list[Segment]
    flag: str = ""  # "new" | "withdrawn"
    note: str = ""
    cells: list[list[Segment]] = field(default_factory=list)


def marked(old: str, new: str) -> list[Segment]:
    """The word-level difference from `old` to `new` as segments."""
    if old == new:
        return [(new, None)]
    a, b = re.findall(r"\S+\s*", old), re.findall(r"\S+\s*", new)
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(("".join(a[i1:i2]), None))
            continue
        if i2 > i1:
            segments.append(("".join(a[i1:i2]), "del"))
        if j2 > j1:
            segments.append(("".join(b[j1:j2]), "ins"))
    return segments


def rows(document: ProgrammeDocument, number: int, lang: str, clean: bool) -> list[Row]:
    revision = find_revision(document, number)
    changes: dict[str, dict] = {}
    for change in revision.changes:
        changes.setdefault(change.activity, {})[change.kind] = change
    withdrawn_here = {
        uid for uid, c in changes.items() if {"withdrawn", "merged", "split"} & set(c)
    }
    refs = {a.uid: a.ref for a in document.activities}
    parts: dict[str, list[str]] = {}  # an activity split here → the refs of its parts
    for change in revision.changes:
        if change.kind == "added" and change.related:
            parts.setdefault(change.related, []).append(refs.get(change.activity, change.after))
    shown = [a for a in document.activities if not a.withdrawn or a.uid in withdrawn_here]
    if clean:
        shown = [a for a in shown if not a.withdrawn]
    order = {"time_bound": 0, "permanent": 1}

    def place(activity: ActivityData) -> tuple:
        # Where the activity stood before the revision: a withdrawn one stays in its place.
        moved = changes.get(activity.uid, {}).get("renumbered")
        number = int(moved.before.split(".")[1]) if moved else activity.number
        return (order[activity.section], number, not activity.withdrawn)

    shown.sort(key=place)
    return [_row(a, changes.get(a.uid, {}), lang, clean, refs, parts) for a in shown]


def _row(
    activity: ActivityData,
    changes: dict,
    lang: str,
    clean: bool,
    refs: dict[str, str] | None = None,
    parts: dict[str, list[str]] | None = None,
) -> Row:
    labels = LABELS[lang]

    def text(name: str, value: dict) -> list[Segment]:
        now = value.get(lang) or next(iter(value.values()), "")
        amended = changes.get("amended")
        key = f"{name}_{lang}"
        if clean or amended is None or key not in amended.fields:
            return [(now, None)]
        old, new = amended.fields[key]
        return marked(old or "", new or "")

    ref = activity.ref
    renumbered = changes.get("renumbered")
    ref_segments: list[Segment] = [(ref, None)]
    if renumbered and not clean:
        ref_segments = [(renumbered.before, "del"), (" ", None), (renumbered.after, "ins")]
    row = Row(activity.section, ref_segments)
    added = changes.get("added")
    if added and not clean:
        row.flag = "new"
        if added.related:
            origin = (refs or {}).get(added.related, "?")
            row.note = labels["split_from"].format(ref=origin)
    withdrawal = changes.get("withdrawn") or changes.get("merged")
    if withdrawal and not clean:
        row.flag, row.note = "withdrawn", labels["reason"].format(reason=withdrawal.reason)
    split = changes.get("split")
    if split and not clean:
        into = labels["split_into"].format(refs=", ".join((parts or {}).get(activity.uid, [])))
        row.flag = "split"
        row.note = f"{into} — {labels['reason'].format(reason=split.reason)}"
    row.cells = [
        [(activity.priority or "—", None)],
        text("title", activity.title),
        [(", ".join(activity.strategic_codes) or "—", None)],
        text("deadline", activity.deadline),
    ]
    if row.flag in ("withdrawn", "split", "new"):
        style = "ins" if row.flag == "new" else "del"
        row.cells[1] = [(t, style) for t, _ in row.cells[1]]
    return row


def find_revision(document: ProgrammeDocument, number: int) -> RevisionData:
    for revision in document.revisions:
        if revision.number == number:
            return revision
    raise ValueError(f"no revision {number} of this programme")


def heading(document: ProgrammeDocument, number: int, lang: str) -> tuple[str, str]:
    labels = LABELS[lang]
    revision = find_revision(document, number)
    start, end = document.programme.period
    title = labels["title"].format(start=start, end=end, n=number)
    if revision.state == "draft":
        title = f"{labels['draft']} — {title}"
    state = labels["state"][revision.state]
    if revision.session:
        state += " — " + labels["presented"].format(session=revision.session)
    return title, state


def render_revision_docx(document: ProgrammeDocument, number: int, lang: str, clean: bool):
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    labels = LABELS[lang]
    word = Document()
    section = word.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    title, state = heading(document, number, lang)
    word.add_heading(title, level=1)
    word.add_paragraph(state)
    if not clean:
        word.add_paragraph(labels["legend"]).runs[0].italic = True
    current = None
    table = None
    for row in rows(document, number, lang, clean):
        if row.section != current:
            current = row.section
            word.add_heading(labels["sections"][current], level=2)
            table = word.add_table(rows=1, cols=5)
            table.style = "Table Grid"
            for cell, name in zip(table.rows[0].cells, labels["columns"], strict=True):
                cell.paragraphs[0].add_run(name).bold = True
        cells = table.add_row().cells
        for cell, segments in zip(cells, [row.ref, *row.cells], strict=True):
            paragraph = cell.paragraphs[0]
            for text, style in segments:
                run = paragraph.add_run(text)
                run.font.size = Pt(9)
                run.font.underline = style == "ins"
                run.font.strike = style == "del"
        if row.flag:
            flag = cells[0].add_paragraph().add_run(labels[row.flag])
            flag.bold, flag.font.size = True, Pt(8)
        if row.note:
            cells[2].add_paragraph().add_run(row.note).italic = True
    for table in word.tables:
        table.autofit = False
        for column, width in zip(table.columns, (18, 20, 146, 30, 50), strict=True):
            column.width = Mm(width)  # the grid, which LibreOffice follows …
            for cell in column.cells:
                cell.width = Mm(width)  # … and each cell, which Word follows
    out = BytesIO()
    word.save(out)
    return out.getvalue()


def render_revision_html(document: ProgrammeDocument, number: int, lang: str, clean: bool):
    labels = LABELS[lang]
    title, state = heading(document, number, lang)

    def cell(segments: list[Segment]) -> str:
        return "".join(
            f"<{style}>{html.escape(text)}</{style}>" if style else html.escape(text)
            for text, style in segments
        )

    parts = [
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>"
        f"{html.escape(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{html.escape(title)}</h1><p>{html.escape(state)}</p>",
    ]
    if not clean:
        parts.append(f"<p class='legend'>{html.escape(labels['legend'])}</p>")
    current = None
    for row in rows(document, number, lang, clean):
        if row.section != current:
            if current is not None:
                parts.append("</tbody></table>")
            current = row.section
            header = "".join(f"<th>{html.escape(c)}</th>" for c in labels["columns"])
            parts.append(f"<h2>{html.escape(labels['sections'][current])}</h2>"
                         f"<table><thead><tr>{header}</tr></thead><tbody>")  # fmt: skip
        flag = f"<br><strong class='flag'>{labels[row.flag]}</strong>" if row.flag else ""
        note = f"<br><em>{html.escape(row.note)}</em>" if row.note else ""
        cells = [cell(c) for c in row.cells]
        cells[1] += note
        parts.append(f"<tr class='{row.flag}'><td>{cell(row.ref)}{flag}</td>"
                     + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")  # fmt: skip
    if current is not None:
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "".join(parts).encode("utf-8")


def render_revision_pdf(document: ProgrammeDocument, number: int, lang: str, clean: bool):
    from jalon.documents.pdf import write_pdf

    return write_pdf(render_revision_html(document, number, lang, clean).decode())


CSS = """
@page { size: A4 landscape; margin: 15mm;
        @bottom-right { content: counter(page); font-size: 8pt; } }
body { font-family: sans-serif; font-size: 9pt; }
h1 { font-size: 14pt; } h2 { font-size: 11pt; margin-top: 1em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.5pt solid #444; padding: 2pt 4pt; vertical-align: top; text-align: left; }
th { background: #e8e8e8; }
td:first-child { width: 14mm; } td:nth-child(2) { width: 12mm; } td:nth-child(4) { width: 26mm; }
td:nth-child(5) { width: 45mm; }
ins { text-decoration: underline; color: #0b5394; }
del { text-decoration: line-through; color: #990000; }
.flag { font-size: 7.5pt; }
.legend { font-style: italic; }
"""
