"""HTML: the session document as one self-contained, printable page.

Built with a Django template (autoescaped) from `templates/documents/session.html`; the
page is valid HTML5 and prints A4 landscape, headings never hyphenated, body text
hyphenated in the document's language. The context its sections are built from
(`section_context`, `annex_context`) is the PDF's too (`typeset.py`).
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from pathlib import Path

from jalon.documents import layout
from jalon.documents.labels import LEVEL_COLOURS, LEVEL_TEXT_COLOURS
from jalon.documents.report import Cell, Section, SessionReport, superscripts

TEMPLATES = Path(__file__).resolve().parent / "templates"

STYLE = """
@page { size: A4 landscape; margin: %(top)smm %(right)smm %(bottom)smm %(left)smm; }
html { font-family: %(font)s; font-size: %(body)spt; color: #000; }
body { margin: 0 auto; max-width: 1400px; }
.title-block { display: flex; justify-content: space-between; border-bottom: 0.5pt solid #444;
               padding-bottom: 4pt; margin-bottom: 8pt; font-size: 9pt; }
.title-block p { margin: 0; }
.title-block .organisation { font-weight: bold; font-size: 10pt; }
.title-block .organisation-other { font-style: italic; font-size: 8pt; margin-bottom: 6pt; }
.title-block .committee, .title-block .sessions, .reference-code { font-weight: bold; }
.title-block .reference { text-align: right; }
.reference-code { font-size: 10pt; }
h1 { font-size: 12pt; text-align: center; margin: 0; }
.presented { text-align: center; font-size: 11pt; margin: 2pt 0 8pt; }
.note-untranslated { font-style: italic; }
h2 { font-size: 10pt; margin: 10pt 0 4pt; break-after: avoid; }
.notes { font-size: 6.5pt; margin: 0 0 4pt; break-after: avoid; }
.notes p { margin: 0; }
table.programme { border-collapse: collapse; width: 100%%; table-layout: fixed; }
table.programme th, table.programme td { border: 0.5pt solid #000; padding: 1.5pt %(padding)smm;
       vertical-align: top; text-align: left; hyphens: auto; overflow-wrap: anywhere; }
table.programme th { background: #d9d9d9; font-size: %(heading)spt; hyphens: manual;
       overflow-wrap: normal; }
table.programme tr.explanations td { background: #d9d9d9; font-style: italic;
       font-size: %(explanation)spt; }
thead { display: table-header-group; }
table.programme tr { break-inside: auto; }
table.programme tr.whole { break-inside: avoid; }
table.programme tr.explanations { break-inside: avoid; break-after: avoid; }
td p { margin: 0 0 3pt; }
td.level { text-align: center; font-weight: bold; hyphens: manual; }
%(levels)s
.original { font-style: italic; }
.keyword { font-weight: bold; }
.annex { break-before: page; }
.charts { display: flex; flex-wrap: wrap; gap: 12pt; }
.charts figure { margin: 0; }
.charts figcaption { font-weight: bold; font-size: 9pt; margin-bottom: 2pt; }
.charts svg { width: 300px; height: auto; }
.facts li { margin-bottom: 2pt; }
table.findings { border-collapse: collapse; margin-top: 4pt; }
table.findings th, table.findings td { border: 0.5pt solid #999; padding: 1pt 6pt; }
sup { font-size: 70%%; line-height: 0; }
"""


@functools.lru_cache(maxsize=1)
def _engine():
    from django.template import Engine

    return Engine(dirs=[str(TEMPLATES)], autoescape=True)


FONT_FAMILIES = ["Liberation Sans", "Arial", "DejaVu Sans"]  # Liberation Sans: Arial's metrics
FONT = ", ".join(f'"{family}"' for family in FONT_FAMILIES) + ", sans-serif"


def render_html(report: SessionReport) -> str:
    """The page: title block, title, each section's heading, notes and table."""
    from django.template import Context
    from django.utils.safestring import mark_safe

    labels = report.labels
    levels_css = "\n".join(
        f"td.level-{level} {{ background: #{colour}; color: #{LEVEL_TEXT_COLOURS[level]}; }}"
        for level, colour in LEVEL_COLOURS.items()
    )
    margins = layout.MARGINS_MM
    style = STYLE % {
        "top": margins["top"], "right": margins["right"], "bottom": margins["bottom"],
        "left": margins["left"], "font": FONT, "levels": levels_css, "body": layout.BODY_PT,
        "heading": layout.HEADING_PT, "explanation": layout.EXPLANATION_PT,
        "padding": layout.CELL_PADDING_MM / 2 - 0.3,
    }  # fmt: skip
    context = {
        "report": report,
        "labels": labels,
        "block": report.title_block,
        "sessions": superscripts(report.title_block.sessions),
        "session_id": report.session.id if report.session else "",
        "created": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "style": mark_safe(style),  # our own style sheet, no text from the data in it
        "sections": [section_context(section, report) for section in report.sections],
        "annex": annex_context(report) if report.annex else None,
    }
    template = _engine().get_template("documents/session.html")
    return template.render(Context(context, autoescape=True))


def _cell(cell: Cell, labels: dict) -> dict:
    marker = labels["original_marker"][cell.original] if cell.marker_shown else ""
    # The original keeps its language, read aloud and hyphenated as such: on the cell (or
    # the status paragraph) itself, its lead-in in the document's language. No <span> per
    # cell (the PDF reads the same context).
    return {"marker": marker, "lang": cell.original, "runs": superscripts(cell.text)}


def section_context(section: Section, report: SessionReport) -> dict:
    labels = report.labels
    first = section is report.sections[0]
    numbers = sorted({int(n) for _, n in section.headings if n and (first or int(n) > 7)})
    widths = layout.column_widths(section)
    rows = []
    for row, may_split in zip(section.rows, layout.rows_that_may_split(section, widths),
                              strict=True):  # fmt: skip
        cells = []
        for column in section.columns:
            if column == "status":
                keyword = ""
                if row.keyword_label_shown:
                    label = labels["keywords"][row.keyword]
                    keyword = labels["keyword_marker"].format(keyword=label)
                cells.append({"keyword": keyword, "level": None,
                              "paragraphs": [_cell(p, labels) for p in row.status]})  # fmt: skip
            elif column == "execution_level":
                level = row.execution_level or ""
                cells.append({"level": level, "word": labels["levels"].get(level, "")})
            else:
                cells.append({"level": None, "paragraphs": None,
                              **_cell(row.cells[column], labels)})  # fmt: skip
        rows.append({"ref": row.ref, "cells": cells, "whole": not may_split})
    return {
        "heading": section.heading,
        "footnotes": [(n, report.footnotes[n - 1]) for n in numbers],
        "widths": [f"{w / sum(widths):.3%}" for w in widths],
        "widths_mm": widths,
        "headings": section.headings,
        "explanations": section.explanations,
        "rows": rows,
    }


CHARTS = ("levels", "priorities", "areas")


def annex_context(report: SessionReport) -> dict:
    from jalon.documents.charts import summary_charts

    labels, summary = report.labels, report.summary
    words = labels["summary"]
    session = report.session.id if report.session else words["no_session"]
    charts = summary_charts(summary, labels)
    share = summary.findings.summary()["linked_share"]
    facts = [
        words["activities"].format(n=summary.activities, time_bound=summary.time_bound,
                                   permanent=summary.permanent),
        words["linked"].format(linked=summary.findings.linked, total=summary.activities,
                               share=f"{share:.1%}" if share is not None else "—"),
    ]  # fmt: skip
    if summary.suggested_levels:
        facts.append(words["levels_note"].format(n=summary.suggested_levels))
    by_rule: dict[str, dict[str, int]] = {}
    for finding in summary.findings.findings:
        counts = by_rule.setdefault(finding.rule, {"error": 0, "warning": 0})
        if finding.severity in counts:
            counts[finding.severity] += 1
    return {
        "heading": words["heading"].format(session=session),
        "words": words,
        "facts": facts,
        "charts": [(words[key], charts[key]) for key in CHARTS],
        "overdue": summary.overdue,
        "findings": [(rule, str(c["error"]), str(c["warning"])) for rule, c in by_rule.items()],
    }
