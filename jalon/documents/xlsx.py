"""Excel: a sheet per section, ready to edit and import back.

Frozen, filtered header; level cells coloured and worded; drop-down lists for priority,
execution level and progress keyword. Text a spreadsheet would run as a formula
("=…", "+…", "-…", "@…") is stored as text, never as a formula.
"""

from __future__ import annotations

from copy import copy
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from jalon.documents.labels import LEVEL_COLOURS, LEVEL_TEXT_COLOURS
from jalon.documents.report import Section, SessionReport

WIDTHS = {
    "number": 6, "priority": 9, "strategic_link": 9, "title": 40, "strategic_codes": 12,
    "task_type": 14, "responsible": 20, "resources": 28, "kpi": 30, "deadline": 24,
    "status": 70, "execution_level": 12, "keyword": 16,
}  # fmt: skip
FIRST_DATA_ROW = 5  # title, presented line, section heading, header


def render_xlsx(report: SessionReport) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for section in report.sections:
        _sheet(workbook, section, report)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text(cell, value: str) -> None:
    cell.value = value
    if value and value[0] in "=+-@":
        cell.data_type = "s"  # text, not a formula
        cell.quotePrefix = True


def _sheet(workbook, section: Section, report: SessionReport) -> None:
    labels = report.labels
    sheet = workbook.create_sheet(labels["section_short"][section.key])
    columns = [*section.columns, "keyword"]
    headings = [f"{h}{n}" if n else h for h, n in section.headings] + [labels["keyword_column"]]
    sheet["A1"], sheet["A2"], sheet["A3"] = report.title, report.presented, section.heading
    sheet["A1"].font = Font(bold=True, size=12)
    sheet["A3"].font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="D9D9D9")
    for index, (column, heading) in enumerate(zip(columns, headings, strict=True), start=1):
        cell = sheet.cell(row=FIRST_DATA_ROW - 1, column=index, value=heading)
        cell.font, cell.fill = Font(bold=True), header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS[column]
    marker = labels["untranslated"]
    wrap = Alignment(wrap_text=True, vertical="top")
    # Styles set once, then copied: openpyxl hashes a style each time one is set.
    wrapped, level_styles = None, {}
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
                _text(cell, "\n\n".join(p.marked(marker) for p in row.status))
            elif column == "execution_level":
                if row.execution_level:
                    level = row.execution_level
                    cell.value = labels["levels"][level]
                    if level in level_styles:
                        cell._style = copy(level_styles[level])
                    else:
                        cell.fill = PatternFill("solid", fgColor=LEVEL_COLOURS[level])
                        cell.font = Font(bold=True, color=LEVEL_TEXT_COLOURS[level])
                        level_styles[level] = cell._style
            elif column == "keyword":
                cell.value = labels["keywords"][row.keyword] if row.keyword else None
            elif column == "number":
                cell.value = row.cells["number"].text
            else:
                _text(cell, row.cells[column].marked(marker))
    last_row = FIRST_DATA_ROW + max(len(section.rows), 1) - 1
    last_column = get_column_letter(len(columns))
    sheet.freeze_panes = f"B{FIRST_DATA_ROW}"
    sheet.auto_filter.ref = f"A{FIRST_DATA_ROW - 1}:{last_column}{last_row}"
    _choices(sheet, columns, "priority", ["A", "B", "C"], last_row)
    _choices(sheet, columns, "execution_level", list(labels["levels"].values()), last_row)
    _choices(sheet, columns, "keyword", list(labels["keywords"].values()), last_row)
    sheet.print_options.gridLines = True
    sheet.page_setup.orientation = "landscape"
    sheet.print_title_rows = f"{FIRST_DATA_ROW - 1}:{FIRST_DATA_ROW - 1}"


def _choices(sheet, columns, column: str, values: list[str], last_row: int) -> None:
    if column not in columns:
        return
    letter = get_column_letter(columns.index(column) + 1)
    validation = DataValidation(type="list", formula1='"' + ",".join(values) + '"',
                                allow_blank=True, showErrorMessage=True)  # fmt: skip
    validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{max(last_row, FIRST_DATA_ROW) + 200}")
    sheet.add_data_validation(validation)
