"""The session document as PDF, laid out by Typst from `templates/documents/session.typ`.

The report goes to the template as JSON (`sys.inputs.data`), the same context the HTML
page is built from (`html.section_context`), and every text is placed as a string, never
read as Typst markup. One compiler per process: it finds the system's fonts once and
loads them on first use (the first document in a process costs ~0.3 s more); what it
laid out is dropped after each document (FORGET).

Why not WeasyPrint, which lays out the HTML page: on this document (94 activities, ~20
pages) it took 2.4–4 s, 0.5 ms a line of text, whatever the style sheet; Typst takes a
tenth of that, hyphenates by language and repeats the table's heading row itself.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import threading
import time
from pathlib import Path

from jalon.documents import layout
from jalon.documents.html import FONT_FAMILIES, annex_context, section_context
from jalon.documents.labels import LEVEL_COLOURS, LEVEL_TEXT_COLOURS
from jalon.documents.report import SessionReport, superscripts

TEMPLATE = Path(__file__).resolve().parent / "templates" / "documents" / "session.typ"
_lock = threading.Lock()  # one compilation at a time per compiler (threaded workers)


@functools.lru_cache(maxsize=1)
def _compiler():
    import typst  # loads the compiler and finds the fonts: imported on first use

    return typst.Compiler()


@functools.lru_cache(maxsize=1)
def _template() -> bytes:
    return TEMPLATE.read_bytes()


def report_data(report: SessionReport) -> dict:
    """What the template reads: the page's words, the title block, the sections' rows."""
    labels = report.labels
    block = report.title_block
    note = labels.get("untranslated_note", "") if report.untranslated else ""
    return {
        "lang": report.lang,
        "fonts": FONT_FAMILIES,
        "title": report.title,
        "presented": report.presented,
        "keywords": [report.session.id] if report.session else [],
        "untranslated_note": note or "",
        "labels": {"page": labels["page"], "annex": labels["annex"]},
        "block": dataclasses.asdict(block),
        "sessions": superscripts(block.sessions),
        "margins": layout.MARGINS_MM,
        "body_pt": layout.BODY_PT,
        "heading_pt": layout.HEADING_PT,
        "explanation_pt": layout.EXPLANATION_PT,
        "padding_mm": layout.CELL_PADDING_MM / 2 - 0.3,
        "level_colours": {level: f"#{colour}" for level, colour in LEVEL_COLOURS.items()},
        "level_text_colours": {level: f"#{colour}" for level, colour in LEVEL_TEXT_COLOURS.items()},
        "sections": [section_context(section, report) for section in report.sections],
        "annex": annex_context(report) if report.annex else None,
    }


# Typst memoizes what it lays out, process-wide, and drops an entry after ten
# compilations that did not use it: 70 MB a session document, 700 MB held in a worker that
# exported ten. Ten empty compilations after each document drop it at once (a few ms).
FORGET = 10


def render_pdf(report: SessionReport) -> bytes:
    data = json.dumps(report_data(report), ensure_ascii=False)
    compiler = _compiler()
    with _lock:
        try:
            return compiler.compile(
                _template(), sys_inputs={"data": data}, timestamp=int(time.time())
            )
        finally:
            for _ in range(FORGET):
                compiler.compile(b"")
