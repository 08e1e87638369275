"""PDF from HTML by WeasyPrint: the agenda's tables and the revision documents (short
pages; the session document, a 20-page table, is laid out by Typst: `typeset.py`)."""

from __future__ import annotations

from jalon.core.collector import collector_paused


def write_pdf(html: str) -> bytes:
    """`html` laid out by WeasyPrint, the collector paused meanwhile."""
    from weasyprint import HTML  # imported here: it loads Pango, which takes a moment

    # WeasyPrint keeps hundreds of thousands of boxes, styles and Pango wrappers until the
    # PDF is written: each full collection walked them for nothing. What it leaves in
    # cycles is collected after.
    with collector_paused():
        return HTML(string=html).write_pdf()
