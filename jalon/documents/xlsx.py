"""Excel: a sheet per section, ready to edit and import back.

Frozen, filtered header; level cells worded, and coloured by conditional formatting so the
colour follows the drop-down when someone changes the level; drop-down lists for priority,
execution level and progress keyword; column widths fitted to the content; A4 landscape
print settings with the title rows repeated. Every cell is a plain value: text a
spreadsheet would run as a formula ("=…", "+…", "-…", "@…") is stored as text.
"""

from __future__ import annotations

from copy import copy
from datetime import UTC, datetime
from io import BytesIO

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from jalon.core.validation import strip_controls
from jalon.documents.labels import LEVEL_COLOURS, LEVEL_TEXT_COLOURS
from jalon.documents.report import Section, SessionReport, plain_text

# Column widths, in characters: fitted to the content, within these bounds.
MIN_WIDTH, MAX_WIDTH = {"number": 5, "status": 40}, {"status": 80, "title": 45}
FIRST_DATA_ROW = 5  # title, presented line, section heading, header


def render_xlsx(report: SessionReport) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for section in report.sections:
        _sheet(workbook, section, report)
    properties = workbook.properties
    properties.title, properties.subject = report.title, report.presented
    properties.creator = properties.lastModifiedBy = report.title_block.organisation
    properties.language = report.lang
    properties.created = properties.modified = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text(cell, value: str) -> None:
    """Every text cell: a value, never a formula; no control character (Excel refuses them)."""
    cell.value = value = strip_controls(plain_text(value))
    if value and value[0] in "=+-@":
        cell.data_type = "s"  # text, not a formula
        cell.quotePrefix = True


def _sheet(workbook, section: Section, report: SessionReport) -> None:
    labels = report.labels
    sheet = workbook.create_sheet(labels["section_short"][section.key])
    columns = [*section.columns, "keyword"]
    headings = [f"{h}{n}" if n else h for h, n in section.headings] + [labels["keyword_column"]]
    _text(sheet["A1"], report.title)
    _text(sheet["A2"], report.presented)
    _text(sheet["A3"], section.heading)
    sheet["A1"].font = Font(bold=True, size=12)
    sheet["A3"].font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="D9D9D9")
    for index, heading in enumerate(headings, start=1):
        cell = sheet.cell(row=FIRST_DATA_ROW - 1, column=index, value=heading)
        cell.font, cell.fill = Font(bold=True), header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    wrap = Alignment(wrap_text=True, vertical="top")
    # Styles set once, then copied: openpyxl hashes a style each time one is set.
    wrapped = level_style = None
    for offset, row in enumerate(section.rows):
        number = FIRST_DATA_ROW + offset
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(row=number, column=index)
            if wrapped is None:
                cell.alignment = wrap
                wrapped = cell._style
            else:
                cell._style = copy(wrapped)
            if column == "status":
                _text(cell, "\n\n".join(p.marked(labels) for p in row.status))
            elif column == "execution_level":
                if row.execution_level:
                    cell.value = labels["levels"][row.execution_level]
                if level_style is None:
                    cell.font = Font(bold=True)
                    level_style = cell._style
                else:
                    cell._style = copy(level_style)
            elif column == "keyword":
                cell.value = labels["keywords"][row.keyword] if row.keyword else None
            elif column == "number":
                cell.value = row.cells["number"].text
            else:
                _text(cell, row.cells[column].marked(labels))
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        longest = max((_longest_line(c.value) for c in sheet[letter][FIRST_DATA_ROW - 2 :]),
                      default=8)  # fmt: skip
        sheet.column_dimensions[letter].width = max(
            MIN_WIDTH.get(column, 8), min(longest + 2, MAX_WIDTH.get(column, 30))
        )
    last_row = FIRST_DATA_ROW + max(len(section.rows), 1) - 1
    last_column = get_column_letter(len(columns))
    sheet.freeze_panes = f"B{FIRST_DATA_ROW}"
    sheet.auto_filter.ref = f"A{FIRST_DATA_ROW - 1}:{last_column}{last_row}"
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
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{FIRST_DATA_ROW - 1}:{FIRST_DATA_ROW - 1}"
    sheet.oddHeader.left.text = report.title_block.reference
    sheet.oddHeader.right.text = f"{labels['page']} &P / &N"


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
    sheet.add_data_validation(validation)
