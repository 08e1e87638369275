"""Reading session documents back: Word (.docx) and Excel (.xlsx).

Both are turned into the lines of the Word-table text export (prose lines, and table
rows with tab-separated cells, paragraphs marked `<p>`) and read by the same reader as
the bundled document, so the official layout, repeated headers, continued statuses
and jalon's own files are all understood the same way.
"""

from __future__ import annotations

import html
import zipfile
from io import BytesIO

from jalon.core.programme import DocumentError, ProgrammeDocument
from jalon.core.textdoc import TextDocumentReader


def _cell_text(paragraphs: list[str]) -> str:
    texts = [html.escape(" ".join(p.replace("\t", " ").split()), quote=False) for p in paragraphs]
    texts = [t for t in texts if t]
    if len(texts) <= 1:
        return texts[0] if texts else ""
    return "".join(f"<p>{t}</p>" for t in texts)


def docx_lines(source: str, data: bytes) -> list[str]:
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = Document(BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(source, "", f"not a Word .docx file ({exc})") from None
    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(" ".join(block.text.split()))
        elif isinstance(block, Table):
            for row in block.rows:
                lines.append(
                    "\t".join(_cell_text([p.text for p in c.paragraphs]) for c in row.cells)
                )
    return lines


def xlsx_lines(source: str, data: bytes) -> list[str]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise DocumentError(source, "", f"not an Excel .xlsx file ({exc})") from None
    lines = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            values = ["" if v is None else str(v) for v in row]
            while values and not values[-1].strip():
                values.pop()
            if len(values) <= 1:
                lines.append(values[0].strip() if values else "")
            else:
                lines.append("\t".join(_cell_text(v.split("\n\n")) for v in values))
    return lines


def read_docx(source: str, data: bytes) -> ProgrammeDocument:
    return TextDocumentReader(source, "\n".join(docx_lines(source, data))).read()


def read_xlsx(source: str, data: bytes) -> ProgrammeDocument:
    return TextDocumentReader(source, "\n".join(xlsx_lines(source, data))).read()
