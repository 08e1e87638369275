"""PDF: the HTML document laid out by WeasyPrint (title block, running header, page x / y)."""

from __future__ import annotations

from jalon.documents.html import render_html
from jalon.documents.report import SessionReport


def render_pdf(report: SessionReport) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which takes a moment

    return HTML(string=render_html(report)).write_pdf()
