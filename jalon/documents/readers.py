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

from jalon.core.calendar import SEED, Registry
from jalon.core.programme import DocumentError, ProgrammeDocument, TimeBudget
from jalon.core.textdoc import TextDocumentReader
from jalon.core.validation import validate_document

# Defaults for the bounds on an Office file's content (the settings pass their own).
MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_PARTS = 1_000


def check_office_file(source: str, data: bytes, kind: str, max_uncompressed: int,
                      max_parts: int) -> None:  # fmt: skip
    """Refuse an Office file (a zip) whose content would be too large to parse, before
    parsing it: the upload limit bounds only the compressed size (zip bombs)."""
    try:
        parts = zipfile.ZipFile(BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        code = "not-docx" if kind.endswith(".docx") else "not-xlsx"
        raise DocumentError(source, "", f"not {kind} file ({exc})", code) from None
    if len(parts) > max_parts:
        raise DocumentError(
            source, "", f"{len(parts)} parts in the file, more than the {max_parts} allowed"
        )
    size = sum(part.file_size for part in parts)
    if size > max_uncompressed:
        raise DocumentError(
            source, "", f"{size // 2**20} MB once uncompressed, more than the "
            f"{max_uncompressed // 2**20} MB allowed",
        )  # fmt: skip


def _cell_text(paragraphs: list[str]) -> str:
    texts = [html.escape(" ".join(p.replace("\t", " ").split()), quote=False) for p in paragraphs]
    texts = [t for t in texts if t]
    if len(texts) <= 1:
        return texts[0] if texts else ""
    return "".join(f"<p>{t}</p>" for t in texts)


def _unreadable(source: str, kind: str, exc: Exception) -> DocumentError:
    return DocumentError(source, "", f"not a readable {kind} file ({type(exc).__name__}: {exc})")


def docx_lines(
    source: str, data: bytes, budget: TimeBudget | None = None
) -> tuple[list[str], list[str]]:
    # The libraries raise all kinds of errors on a damaged file (KeyError, TypeError,
    # lxml's XMLSyntaxError …): any of them means the file cannot be read, and says so.
    try:
        return _docx_lines(source, data, budget or TimeBudget(source))
    except DocumentError:
        raise
    except Exception as exc:  # noqa: BLE001 — the library boundary, see above
        raise _unreadable(source, "Word .docx", exc) from None


def xlsx_lines(
    source: str, data: bytes, budget: TimeBudget | None = None
) -> tuple[list[str], list[str]]:
    try:
        return _xlsx_lines(source, data, budget or TimeBudget(source))
    except DocumentError:
        raise
    except Exception as exc:  # noqa: BLE001 — the library boundary, as for docx_lines
        raise _unreadable(source, "Excel .xlsx", exc) from None


def _docx_lines(source: str, data: bytes, budget: TimeBudget) -> tuple[list[str], list[str]]:
    """The document's lines and, for each, where it is: "paragraph 3", "table 2, row 5"."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = Document(BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(source, "", f"not a Word .docx file ({exc})", "not-docx") from None
    lines, places = [], []
    paragraph = table = 0
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            paragraph += 1
            lines.append(" ".join(block.text.split()))
            places.append(f"paragraph {paragraph}")
        elif isinstance(block, Table):
            table += 1
            for number, row in enumerate(block.rows, start=1):
                if number % 200 == 0:
                    budget.check()
                lines.append(
                    "\t".join(_cell_text([p.text for p in c.paragraphs]) for c in row.cells)
                )
                places.append(f"table {table}, row {number}")
    return lines, places


def _xlsx_lines(source: str, data: bytes, budget: TimeBudget) -> tuple[list[str], list[str]]:
    """The workbook's lines and, for each, where it is: "sheet «Programme», row 10"."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise DocumentError(source, "", f"not an Excel .xlsx file ({exc})", "not-xlsx") from None
    lines, places = [], []
    for sheet in workbook.worksheets:
        # A declared <dimension> may be smaller than the sheet: read every row there is.
        sheet.reset_dimensions()
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number % 500 == 0:
                budget.check()
            places.append(f"sheet «{sheet.title}», row {number}")
            values = ["" if v is None else str(v) for v in row]
            while values and not values[-1].strip():
                values.pop()
            if len(values) <= 1:
                lines.append(values[0].strip() if values else "")
            else:
                lines.append("\t".join(_cell_text(v.split("\n\n")) for v in values))
    return lines, places


def read_docx(source: str, data: bytes, *bounds) -> ProgrammeDocument:
    """A Word file; `bounds` as for _read_office."""
    return _read_office(source, data, "a Word .docx", docx_lines, *bounds)


def read_xlsx(source: str, data: bytes, *bounds) -> ProgrammeDocument:
    """An Excel file; `bounds` as for _read_office."""
    return _read_office(source, data, "an Excel .xlsx", xlsx_lines, *bounds)


def _read_office(
    source: str,
    data: bytes,
    kind: str,
    lines_of,
    max_uncompressed: int = MAX_UNCOMPRESSED,
    max_parts: int = MAX_PARTS,
    budget: TimeBudget | None = None,
    registry: Registry = SEED,
) -> ProgrammeDocument:
    check_office_file(source, data, kind, max_uncompressed, max_parts)
    lines, places = lines_of(source, data, budget)
    document = TextDocumentReader(source, lines, places, budget, registry).read()
    return validate_document(document, source, budget, registry)
