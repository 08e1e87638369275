"""PDF: the HTML document laid out by WeasyPrint, with the paged-media style sheet (title
block on the first page, running header with the reference and page x / y, footnotes)."""

from __future__ import annotations

from jalon.core.collector import collector_paused
from jalon.documents.html import paged_style, render_html
from jalon.documents.report import SessionReport


def render_pdf(report: SessionReport) -> bytes:
    return write_pdf(render_html(report, paged=True), paged_style(report))


def write_pdf(html: str, style: str | None = None) -> bytes:
    """`html` laid out by WeasyPrint (with the extra style sheet `style`), the collector
    paused meanwhile."""
    from weasyprint import CSS, HTML  # imported here: it loads Pango, which takes a moment

    stylesheets = [CSS(string=style)] if style else None
    # WeasyPrint keeps hundreds of thousands of boxes, styles and Pango wrappers until the
    # PDF is written: each full collection walked them for nothing (session PDF: 15 % of
    # the CPU time; 1,000 activities: 26 %). What it leaves in cycles is collected after.
    with collector_paused():
        return HTML(string=html).write_pdf(stylesheets=stylesheets)
