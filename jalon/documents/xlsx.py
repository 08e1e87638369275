"""Excel: a sheet per section, ready to edit and import back.

Frozen, filtered header; level cells worded, and coloured by conditional formatting so the
colour follows the drop-down when someone changes the level; drop-down lists for priority,
execution level and progress keyword; column widths fitted to the content; A4 landscape
print settings with the title rows repeated. Every cell is a plain value: text a
spreadsheet would run as a formula ("=…", "+…", "-…", "@…") is stored as text.
"""

from __future__ import annotations

from collections.abc import Iterator
from copy import copy
from datetime import UTC, datetime
from io import BytesIO
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from jalon.core.validation import strip_controls
from jalon.documents.labels import LEVEL_COLOURS, LEVEL_TEXT_COLOURS
from jalon.documents.report import Row, Section, SessionReport, plain_text
from jalon.documents.streaming import write_rows

# Column widths, in characters: fitted to the content, within these bounds.
MIN_WIDTH, MAX_WIDTH = {"number": 5, "status": 40}, {"status": 80, "title": 45}
FIRST_DATA_ROW = 5  # title, presented line, section heading, header


def render_xlsx(report: SessionReport) -> bytes:
    """The workbook written by openpyxl (write-only: no grid of cells held) but for the
    sheets' data rows, written as XML text into each sheet's part, as openpyxl would
    write them: its cell objects and writer were most of the time of 10,000 rows."""
    workbook = Workbook(write_only=True)
    bodies = [_sheet(workbook, section, report) for section in report.sections]
    properties = workbook.properties
    properties.title, properties.subject = report.title, report.presented
    properties.creator = properties.lastModifiedBy = report.title_block.organisation
    properties.language = report.lang
    properties.created = properties.modified = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    buffer = BytesIO()
    workbook.save(buffer)
    return _with_rows(buffer.getvalue(), bodies)


_SHEET_DATA_END = b"</sheetData>"


def _with_rows(package: bytes, bodies: list[Iterator[str]]) -> bytes:
    """The package with each sheet's data rows written before its </sheetData>."""
    output = BytesIO()
    rows_of = {f"xl/worksheets/sheet{number}.xml": rows
               for number, rows in enumerate(bodies, start=1)}  # fmt: skip
    with ZipFile(BytesIO(package)) as source, ZipFile(output, "w", ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename not in rows_of:
                target.writestr(info, data)
                continue
            head, end, tail = data.rpartition(_SHEET_DATA_END)
            if not end:
                raise AssertionError(f"no {_SHEET_DATA_END!r} in {info.filename}")
            part = ZipInfo(info.filename, info.date_time)
            part.compress_type, part.external_attr = ZIP_DEFLATED, info.external_attr
            with target.open(part, "w") as stream:
                stream.write(head)
                write_rows(stream, rows_of[info.filename], "ascii")
                stream.write(end + tail)
    return output.getvalue()


def _text(cell, value: str):
    """Every text cell: a value, never a formula; no control character (Excel refuses them)."""
    cell.value = value = strip_controls(plain_text(value))
    if value and value[0] in "=+-@":
        cell.data_type = "s"  # text, not a formula
        cell.quotePrefix = True
    return cell


def _sheet(workbook, section: Section, report: SessionReport) -> Iterator[str]:
    """The sheet, up to its header row; its data rows as XML text, to be written."""
    labels = report.labels
    sheet = workbook.create_sheet(labels["section_short"][section.key])
    columns = [*section.columns, "keyword"]
    headings = [f"{h}{n}" if n else h for h, n in section.headings] + [labels["keyword_column"]]
    rows = [_values(row, columns, labels) for row in section.rows]
    # The widths come before the rows in the sheet's XML: fitted to the headings and
    # the values.
    for index, column in enumerate(columns):
        longest = max(_longest_line(values[index]) for values in [headings, *rows])
        sheet.column_dimensions[get_column_letter(index + 1)].width = max(
            MIN_WIDTH.get(column, 8), min(longest + 2, MAX_WIDTH.get(column, 30))
        )
    last_row = FIRST_DATA_ROW + max(len(section.rows), 1) - 1
    last_column = get_column_letter(len(columns))
    sheet.freeze_panes = f"B{FIRST_DATA_ROW}"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # written, like the above, with row 1
    sheet.auto_filter.ref = f"A{FIRST_DATA_ROW - 1}:{last_column}{last_row}"
    title = _text(WriteOnlyCell(sheet), report.title)
    title.font = Font(bold=True, size=12)
    heading = _text(WriteOnlyCell(sheet), section.heading)
    heading.font = Font(bold=True)
    sheet.append([title])
    sheet.append([_text(WriteOnlyCell(sheet), report.presented)])
    sheet.append([heading])
    header_fill = PatternFill("solid", fgColor="D9D9D9")
    wrap = Alignment(wrap_text=True, vertical="top")
    header = []
    for text in headings:
        cell = WriteOnlyCell(sheet, text)
        cell.font, cell.fill, cell.alignment = Font(bold=True), header_fill, wrap
        header.append(cell)
    sheet.append(header)
    # The data cells' styles: wrapped (the level's word bold too), quoted when the text
    # would be a formula; registered in the workbook in the order the cells use them.
    model = WriteOnlyCell(sheet)
    model.alignment = wrap
    wrapped = copy(model._style)
    model.font = Font(bold=True)
    level_style = model._style
    level_column = columns.index("execution_level") if "execution_level" in columns else None
    styles = []
    for index in range(len(columns)):
        plain = copy(level_style if index == level_column else wrapped)
        quoted = copy(plain)
        quoted.quotePrefix = 1
        styles.append((plain, quoted))
    ids = {}
    used = []
    for values in rows:
        row_styles = []
        for index, value in enumerate(values):
            style = styles[index][bool(value) and value[0] in _FORMULA_START]
            key = id(style)
            if key not in ids:
                ids[key] = workbook._cell_styles.add(style)
            row_styles.append(ids[key])
        used.append(row_styles)
    _choices(sheet, columns, "priority", ["A", "B", "C"], last_row)
    _choices(sheet, columns, "execution_level", list(labels["levels"].values()), last_row)
    _choices(sheet, columns, "keyword", list(labels["keywords"].values()), last_row)
    if "execution_level" in columns:
        letter = get_column_letter(columns.index("execution_level") + 1)
        cells = f"{letter}{FIRST_DATA_ROW}:{letter}{max(last_row, FIRST_DATA_ROW) + 200}"
        for level, word in labels["levels"].items():
            sheet.conditional_formatting.add(cells, CellIsRule(
                operator="equal", formula=[f'"{word}"'],
                fill=PatternFill(bgColor=LEVEL_COLOURS[level]),
                font=Font(bold=True, color=LEVEL_TEXT_COLOURS[level]),
            ))  # fmt: skip
    sheet.print_options.gridLines = True
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_title_rows = f"{FIRST_DATA_ROW - 1}:{FIRST_DATA_ROW - 1}"
    sheet.oddHeader.left.text = report.title_block.reference
    sheet.oddHeader.right.text = f"{labels['page']} &P / &N"
    letters = [get_column_letter(index) for index in range(1, len(columns) + 1)]
    return _data_rows(rows, used, letters)


_FORMULA_START = "=+-@"


def _data_rows(rows: list[list[str | None]], styles: list[list[int]],
               letters: list[str]) -> Iterator[str]:  # fmt: skip
    """Each row as openpyxl's writer writes it: every cell, its style, its value typed
    as openpyxl types it (text; an error code's text as an error; a formula's as text)."""
    for number, (values, row_styles) in enumerate(zip(rows, styles, strict=True),
                                                   start=FIRST_DATA_ROW):  # fmt: skip
        xml = [f'<row r="{number}">']
        for letter, value, style in zip(letters, values, row_styles, strict=True):
            cell = f'<c r="{letter}{number}" s="{style}"'
            if value is None:
                xml.append(f'{cell} t="n"></c>')
                continue
            value = _checked(value)
            if value in ERROR_CODES:
                xml.append(f'{cell} t="e"><v>{_escape(value)}</v></c>')
            elif not value:
                xml.append(f'{cell} t="inlineStr"></c>')
            else:
                space = ' xml:space="preserve"' if value != value.strip() else ""
                xml.append(f'{cell} t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>')
        xml.append("</row>")
        yield "".join(xml)


def _checked(value: str) -> str:
    """openpyxl's check of a text: at most 32,767 characters, no control character."""
    value = value[:32767]
    if ILLEGAL_CHARACTERS_RE.search(value):
        raise IllegalCharacterError(f"{value} cannot be used in worksheets.")
    return value


def _escape(text: str) -> str:
    """As lxml writes a text in ASCII: markup escaped, other characters as references."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;").encode("ascii", "xmlcharrefreplace").decode("ascii")


def _values(row: Row, columns: list[str], labels: dict) -> list[str | None]:
    """The row's cells: every text as `_text` writes it (no superscript markup, no
    control character)."""
    values = []
    for column in columns:
        if column == "status":
            text = "\n\n".join(p.marked(labels) for p in row.status)
            values.append(strip_controls(plain_text(text)))
        elif column == "execution_level":
            values.append(labels["levels"][row.execution_level] if row.execution_level else None)
        elif column == "keyword":
            values.append(labels["keywords"][row.keyword] if row.keyword else None)
        elif column == "number":
            values.append(row.cells["number"].text)
        else:
            values.append(strip_controls(plain_text(row.cells[column].marked(labels))))
    return values


def _longest_line(value) -> int:
    if not value:
        return 0
    return max(len(line) for line in str(value).split("\n"))


def _choices(sheet, columns, column: str, values: list[str], last_row: int) -> None:
    if column not in columns:
        return
    letter = get_column_letter(columns.index(column) + 1)
    validation = DataValidation(type="list", formula1='"' + ",".join(values) + '"',
                                allow_blank=True, showErrorMessage=True)  # fmt: skip
    validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{max(last_row, FIRST_DATA_ROW) + 200}")
    sheet.data_validations.append(validation)
