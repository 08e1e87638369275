"""Markdown and CSV renderings of the session document."""

from __future__ import annotations

import csv
import html
import io
import re

from jalon.documents.report import Row, SessionReport, plain_text

# The delimiter of the language's spreadsheet convention: French Excel reads ";".
DELIMITERS = {"fr": ";", "en": ","}


def render_markdown(report: SessionReport) -> bytes:
    labels = report.labels
    lines = [f"# {_md(report.title)}", ""]
    if report.presented:
        lines += [_md(report.presented), ""]
    if report.untranslated and labels["untranslated_note"]:
        lines += [f"*{_md(labels['untranslated_note'])}*", ""]

    def cell(text: str) -> str:
        return _md(plain_text(text)).replace("|", "\\|").replace("\n", " ")

    def marked(value) -> str:
        if not value.marker_shown:
            return cell(value.text)
        return f"*{cell(labels['original_marker'][value.original])}* {cell(value.text)}"

    for section in report.sections:
        headings = [f"{_md(h)}{f'<sup>{n}</sup>' if n else ''}" for h, n in section.headings]
        lines += [f"## {_md(section.heading)}", "", "| " + " | ".join(headings) + " |",
                  "|" + "---|" * len(headings)]  # fmt: skip
        for row in section.rows:
            values = []
            for column in section.columns:
                if column == "status":
                    paragraphs = [marked(p) for p in row.status]
                    if row.keyword_label_shown:
                        paragraphs.insert(0, f"**{_md(_keyword_label(row, labels))}**")
                    values.append("<br><br>".join(paragraphs))
                elif column == "execution_level":
                    values.append(labels["levels"].get(row.execution_level, ""))
                else:
                    values.append(marked(row.cells[column]))
            lines.append("| " + " | ".join(values) + " |")
        lines.append("")
    lines += [f"{number}. {_md(note)}" for number, note in enumerate(report.footnotes, start=1)]
    return ("\n".join(lines) + "\n").encode("utf-8")


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#])")


def _md(text: str) -> str:
    """Text as Markdown shows it: no raw HTML, no accidental emphasis or links."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def _keyword_label(row: Row, labels: dict) -> str:
    return labels["keyword_marker"].format(keyword=labels["keywords"][row.keyword])


def _safe(value: str) -> str:
    """A spreadsheet opening the CSV must not run a cell as a formula."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def render_csv(report: SessionReport, delimiter: str | None = None) -> bytes:
    labels = report.labels
    columns = list(report.sections[0].columns)
    headings = ["Section", *(h for h, _ in report.sections[0].headings), labels["keyword_column"]]
    buffer = io.StringIO()
    # Every field quoted: a spreadsheet asked to keep quoted fields as text keeps "1." as
    # written rather than reading a number.
    writer = csv.writer(buffer, delimiter=delimiter or DELIMITERS.get(report.lang, ","),
                        quoting=csv.QUOTE_ALL)  # fmt: skip
    writer.writerow([_safe(h) for h in headings])
    for section in report.sections:
        for row in section.rows:
            values = [section.key.replace("_", "-")]
            for column in columns:
                if column == "status":
                    values.append("\n\n".join(p.marked(labels) for p in row.status))
                elif column == "execution_level":
                    values.append(labels["levels"].get(row.execution_level, ""))
                else:
                    values.append(row.cells[column].marked(labels))
            values.append(labels["keywords"][row.keyword] if row.keyword else "")
            writer.writerow([_safe(plain_text(v)) for v in values])
    return buffer.getvalue().encode("utf-8-sig")  # the BOM lets Excel see UTF-8
