"""HTML: the session document as one self-contained, printable page (also the PDF's source)."""

from __future__ import annotations

from html import escape

from jalon.documents.charts import summary_charts
from jalon.documents.docx import WIDTHS
from jalon.documents.labels import LEVEL_COLOURS, LEVEL_TEXT_COLOURS
from jalon.documents.report import Cell, Section, SessionReport

STYLE = """
@page { size: A4 landscape; margin: 16mm 12mm 14mm 12mm;
  @top-right { content: "%(session)s"; font: 8pt sans-serif; color: #555; }
  @bottom-center { content: "%(page)s " counter(page) " %(of)s " counter(pages);
                   font: 8pt sans-serif; } }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 7.5pt; color: #111;
       margin: 0 auto; max-width: 1400px; }
h1 { font-size: 13pt; text-align: center; margin: 0; }
.presented { text-align: center; font-size: 11pt; margin: 2pt 0 10pt; }
h2 { font-size: 11pt; margin: 12pt 0 4pt; }
table.programme { border-collapse: collapse; width: 100%%; table-layout: fixed; }
table.programme th, table.programme td { border: 0.5pt solid #444; padding: 2pt 3pt;
       vertical-align: top; text-align: left; }
table.programme thead th { background: #d9d9d9; }
table.programme tr.explanations th { background: #d9d9d9; font-weight: normal; font-style: italic;
       font-size: 6.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td p { margin: 0 0 3pt; }
td.level { text-align: center; font-weight: bold; }
%(levels)s
.untranslated { font-style: italic; color: #555; }
.keyword { font-weight: bold; }
.summary { break-after: page; }
.charts { display: flex; flex-wrap: wrap; gap: 12pt; }
.charts figure { margin: 0; }
.charts figcaption { font-weight: bold; font-size: 9pt; margin-bottom: 2pt; }
.charts svg { width: 300px; height: auto; }
.facts li { margin-bottom: 2pt; }
table.findings { border-collapse: collapse; margin-top: 4pt; }
table.findings th, table.findings td { border: 0.5pt solid #999; padding: 1pt 6pt; }
.notes { font-size: 7pt; }
sup { font-size: 70%%; }
"""


def render_html(report: SessionReport, summary: bool = True) -> str:
    labels = report.labels
    levels_css = "\n".join(
        f"td.level-{level} {{ background: #{colour}; color: #{LEVEL_TEXT_COLOURS[level]}; }}"
        for level, colour in LEVEL_COLOURS.items()
    )
    style = STYLE % {
        "session": escape(report.session.id if report.session else ""),
        "page": labels["page"],
        "of": labels["of"],
        "levels": levels_css,
    }
    parts = [
        f'<!DOCTYPE html><html lang="{report.lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(report.title)}</title><style>{style}</style></head><body>",
        f"<h1>{escape(report.title)}</h1>",
    ]
    if report.presented:
        parts.append(f'<p class="presented">{escape(report.presented)}</p>')
    if report.untranslated and labels["untranslated_note"]:
        parts.append(f'<p class="untranslated">{escape(labels["untranslated_note"])}</p>')
    if summary:
        parts.append(_summary(report))
    for section in report.sections:
        parts.append(_section(section, report))
    parts.append('<section class="notes"><ol>')
    parts += [f"<li>{escape(note)}</li>" for note in report.footnotes]
    parts.append("</ol></section></body></html>")
    return "\n".join(parts)


def _cell(cell: Cell, marker: str) -> str:
    if cell.untranslated and cell.text:
        return f'<span class="untranslated">{escape(marker)}</span> {escape(cell.text)}'
    return escape(cell.text)


def _section(section: Section, report: SessionReport) -> str:
    labels, marker = report.labels, report.labels["untranslated"]
    head = "".join(
        f'<th scope="col">{escape(h)}' + (f"<sup>{n}</sup>" if n else "") + "</th>"
        for h, n in section.headings
    )
    explanations = "".join(f"<th>{escape(e)}</th>" for e in section.explanations)
    rows = []
    for row in section.rows:
        cells = []
        for column in section.columns:
            if column == "status":
                paragraphs = []
                if row.keyword:
                    keyword = labels["keyword_marker"].format(
                        keyword=labels["keywords"][row.keyword]
                    )
                    paragraphs.append(f'<p class="keyword">{escape(keyword)}</p>')
                paragraphs += [f"<p>{_cell(p, marker)}</p>" for p in row.status]
                cells.append(f"<td>{''.join(paragraphs)}</td>")
            elif column == "execution_level":
                level = row.execution_level
                word = escape(labels["levels"][level]) if level else ""
                css = f"level level-{level}" if level else "level"
                cells.append(f'<td class="{css}">{word}</td>')
            else:
                cells.append(f"<td>{_cell(row.cells[column], marker)}</td>")
        rows.append(f'<tr id="{escape(row.ref)}">{"".join(cells)}</tr>')
    widths = [WIDTHS[c] for c in section.columns]
    if "execution_level" not in section.columns:
        widths[section.columns.index("status")] += WIDTHS["execution_level"]
    columns = "".join(f'<col style="width: {w / sum(widths):.2%}">' for w in widths)
    return (
        f"<section><h2>{escape(section.heading)}</h2>"
        f'<table class="programme"><colgroup>{columns}</colgroup>'
        f"<thead><tr>{head}</tr></thead>"
        # Like the official document, only the headings repeat on every page.
        f'<tbody><tr class="explanations">{explanations}</tr>{"".join(rows)}</tbody>'
        "</table></section>"
    )


CHARTS = ("levels", "priorities", "areas")


def _figure(caption: str, svg: str) -> str:
    return f"<figure><figcaption>{escape(caption)}</figcaption>{svg}</figure>"


def _summary(report: SessionReport) -> str:
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
    overdue = "".join(f"<li>{escape(ref)} — {escape(title)}</li>" for ref, title in summary.overdue)
    by_rule: dict[str, dict[str, int]] = {}
    for finding in summary.findings.findings:
        counts = by_rule.setdefault(finding.rule, {"error": 0, "warning": 0})
        if finding.severity in counts:
            counts[finding.severity] += 1
    findings = "".join(
        f"<tr><td>{escape(rule)}</td><td>{c['error']}</td><td>{c['warning']}</td></tr>"
        for rule, c in by_rule.items()
    )
    return (
        f'<section class="summary"><h2>{escape(words["heading"].format(session=session))}</h2>'
        f'<ul class="facts">{"".join(f"<li>{escape(f)}</li>" for f in facts)}</ul>'
        f'<div class="charts">{"".join(_figure(words[k], charts[k]) for k in CHARTS)}</div>'
        f"<h3>{escape(words['overdue'])}</h3>"
        f"<ul>{overdue or '<li>' + escape(words['none']) + '</li>'}</ul>"
        f"<h3>{escape(words['findings'])}</h3>"
        f'<table class="findings"><thead><tr><th>{escape(words["rule"])}</th>'
        f"<th>{escape(words['errors'])}</th><th>{escape(words['warnings'])}</th></tr></thead>"
        f"<tbody>{findings}</tbody></table></section>"
    )
