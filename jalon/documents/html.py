"""HTML: the session document as one self-contained, printable page (also the PDF's source).

Built with a Django template (autoescaped) from `templates/documents/session.html`; the
page is valid HTML5. The CSS is WeasyPrint's too: A4 landscape, the title block on the
first page, the reference and "Page x / y" on the others, footnotes at the foot of the
page where each section's headings appear, headings never hyphenated, body text
hyphenated in the document's language.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from pathlib import Path

from jalon.documents import layout
from jalon.documents.labels import LEVEL_COLOURS, LEVEL_TEXT_COLOURS
from jalon.documents.report import Cell, Section, SessionReport, superscripts

TEMPLATES = Path(__file__).resolve().parent / "templates"

# Paged media (WeasyPrint only, outside the HTML page, whose CSS stays standard): running
# header with the reference and "Page x / y", none on the first page (the title block is
# there), footnotes at the foot of the page where their section's headings are.
PAGED = """
@page {
  @top-left { content: string(reference); font: 8pt %(font)s; vertical-align: bottom;
              padding-bottom: 2pt; border-bottom: 0.5pt solid #444; }
  @top-right { content: %(page)s " " counter(page) " / " counter(pages); font: 8pt %(font)s;
               vertical-align: bottom; padding-bottom: 2pt; border-bottom: 0.5pt solid #444; }
  @footnote { border-top: 0.5pt solid #444; padding-top: 2pt; } }
@page :first { @top-left { content: none; border: none; }
               @top-right { content: none; border: none; } }
.reference-code { string-set: reference content(); }
h2 .footnote { float: footnote; footnote-display: block; font-size: 6.5pt; font-weight: normal; }
.footnote::footnote-call { content: none; }
.footnote::footnote-marker { content: none; }
"""

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


def css_string(text: str) -> str:
    """A CSS string literal: quoted, nothing that could end the style sheet."""
    escaped = "".join(
        ch if ch.isalnum() or ch in " .,:;-–/()" else f"\\{ord(ch):x} " for ch in text
    )
    return f'"{escaped}"'


def paged_style(report: SessionReport) -> str:
    """The style sheet WeasyPrint adds to the page's own for the PDF."""
    return PAGED % {"font": FONT, "page": css_string(report.labels["page"])}


FONT = '"Liberation Sans", Arial, "DejaVu Sans", sans-serif'


def render_html(report: SessionReport, *, paged: bool = False) -> str:
    """The page; `paged` for WeasyPrint: the footnotes float to the foot of the page from
    the section's heading (in the HTML page, they are a block under it)."""
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
        "style": mark_safe(style),  # our own style sheet; its one text goes through css_string
        "sections": [_section(section, report) for section in report.sections],
        "annex": _annex(report) if report.annex else None,
        "paged": paged,
    }
    template = _engine().get_template("documents/session.html")
    return template.render(Context(context, autoescape=True))


def _cell(cell: Cell, labels: dict) -> dict:
    marker = labels["original_marker"][cell.original] if cell.marker_shown else ""
    # The original keeps its language, read aloud and hyphenated as such: on the cell (or
    # the status paragraph) itself, its lead-in in the document's language. No <span> per
    # cell: an inline box less in every line WeasyPrint lays out.
    return {"marker": marker, "lang": cell.original, "runs": superscripts(cell.text)}


def _section(section: Section, report: SessionReport) -> dict:
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
        "headings": section.headings,
        "explanations": section.explanations,
        "rows": rows,
    }


CHARTS = ("levels", "priorities", "areas")


def _annex(report: SessionReport) -> dict:
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
