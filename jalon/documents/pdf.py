"""PDF: the HTML document laid out by WeasyPrint, with the paged-media style sheet (title
block on the first page, running header with the reference and page x / y, footnotes)."""

from __future__ import annotations

from jalon.documents.html import paged_style, render_html
from jalon.documents.report import SessionReport


def render_pdf(report: SessionReport) -> bytes:
    from weasyprint import CSS, HTML  # imported here: it loads Pango, which takes a moment

    return HTML(string=render_html(report, paged=True)).write_pdf(
        stylesheets=[CSS(string=paged_style(report))]
    )
