"""Markdown and CSV renderings of the session document."""

from __future__ import annotations

import csv
import html
import io

from jalon.documents.report import SessionReport


def _escaped(text: str) -> str:
    """Text as Markdown shows it: any markup in it is shown, never run (a CommonMark
    renderer passes raw HTML through). jalon's own <br> and <sup> are the only tags."""
    return html.escape(text, quote=False)


def render_markdown(report: SessionReport) -> bytes:
    labels, marker = report.labels, report.labels["untranslated"]
    lines = [f"# {_escaped(report.title)}", ""]
    if report.presented:
        lines += [_escaped(report.presented), ""]
    if report.untranslated and labels["untranslated_note"]:
        lines += [f"*{labels['untranslated_note']}*", ""]

    def cell(text: str) -> str:
        return _escaped(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")

    for section in report.sections:
        headings = [f"{cell(h)}{f'<sup>{n}</sup>' if n else ''}" for h, n in section.headings]
        lines += [f"## {_escaped(section.heading)}", "", "| " + " | ".join(headings) + " |",
                  "|" + "---|" * len(headings)]  # fmt: skip
        for row in section.rows:
            values = []
            for column in section.columns:
                if column == "status":
                    paragraphs = [p.marked(marker) for p in row.status]
                    if row.keyword:
                        label = labels["keywords"][row.keyword]
                        paragraphs.insert(
                            0, f"**{labels['keyword_marker'].format(keyword=label)}**"
                        )
                    values.append("<br><br>".join(cell(p) for p in paragraphs))
                elif column == "execution_level":
                    values.append(
                        labels["levels"][row.execution_level] if row.execution_level else ""
                    )
                else:
                    values.append(cell(row.cells[column].marked(marker)))
            lines.append("| " + " | ".join(values) + " |")
        lines.append("")
    lines += [f"{n}. {_escaped(note)}" for n, note in enumerate(report.footnotes, start=1)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _safe(value: str) -> str:
    """A spreadsheet opening the CSV must not run a cell as a formula."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def render_csv(report: SessionReport) -> bytes:
    labels, marker = report.labels, report.labels["untranslated"]
    columns = list(report.sections[0].columns)
    headings = ["Section", *(h for h, _ in report.sections[0].headings), labels["keyword_column"]]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_safe(h) for h in headings])
    for section in report.sections:
        for row in section.rows:
            values = [section.key.replace("_", "-")]
            for column in columns:
                if column == "status":
                    values.append("\n\n".join(p.marked(marker) for p in row.status))
                elif column == "execution_level":
                    values.append(labels["levels"].get(row.execution_level, ""))
                else:
                    values.append(row.cells[column].marked(marker))
            values.append(labels["keywords"][row.keyword] if row.keyword else "")
            writer.writerow([_safe(v) for v in values])
    return buffer.getvalue().encode("utf-8-sig")  # the BOM lets Excel see UTF-8
