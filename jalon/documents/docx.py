"""Word: the official layout of the session document (A4 landscape, two tables)."""

from __future__ import annotations

from copy import deepcopy
from io import BytesIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Row

from jalon.documents.labels import LEVEL_COLOURS, LEVEL_TEXT_COLOURS
from jalon.documents.report import Cell, Section, SessionReport

# Column widths in millimetres; they add up to the 267 mm between the margins.
WIDTHS = {
    "number": 8, "priority": 15, "strategic_link": 16, "title": 34, "strategic_codes": 15,
    "task_type": 16, "responsible": 20, "resources": 24, "kpi": 25, "deadline": 21,
    "status": 55, "execution_level": 18,
}  # fmt: skip
HEADER_FILL = "D9D9D9"
FONT = "Arial"


def render_docx(report: SessionReport) -> bytes:
    document = Document()
    _page_setup(document, report)
    _paragraph(document, report.title, bold=True, size=12, centered=True)
    if report.presented:
        _paragraph(document, report.presented, size=11, centered=True)
    if report.untranslated and report.labels["untranslated_note"]:
        _paragraph(document, report.labels["untranslated_note"], size=8, italic=True)
    for section in report.sections:
        document.add_paragraph()
        _paragraph(document, section.heading, bold=True, size=11)
        _table(document, section, report)
    document.add_paragraph()
    for number, note in enumerate(report.footnotes, start=1):
        paragraph = document.add_paragraph()
        mark = paragraph.add_run(str(number))
        mark.font.superscript = True
        _style(paragraph.add_run(f" {note}"), size=7.5)
        _style(mark, size=7.5)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _page_setup(document, report: SessionReport) -> None:
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(8)
    normal.paragraph_format.space_after = Pt(2)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    header = section.header.paragraphs[0]
    header.text = report.session.id if report.session else ""
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{report.labels['page']} ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    footer._p.append(field)


def _paragraph(container, text: str, *, bold=False, italic=False, size=8.0, centered=False):
    paragraph = container.add_paragraph()
    _style(paragraph.add_run(text), bold=bold, italic=italic, size=size)
    if centered:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


# Run properties by style, built once by python-docx and then copied: building them
# element by element was most of the time of a 10,000-activity document.
_RUN_PROPERTIES: dict[tuple, object] = {}


def _style(run, *, bold=False, italic=False, size=8.0, colour: str | None = None):
    key = (bold, italic, size, colour)
    fresh = run._r.rPr is None
    if fresh and key in _RUN_PROPERTIES:
        run._r.insert(0, deepcopy(_RUN_PROPERTIES[key]))
        return run
    run.bold, run.italic = bold, italic
    run.font.size, run.font.name = Pt(size), FONT
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour)
    if fresh:
        _RUN_PROPERTIES[key] = deepcopy(run._r.rPr)
    return run


def _table(document, section: Section, report: SessionReport) -> None:
    table = document.add_table(rows=0, cols=len(section.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [Mm(WIDTHS[c]) for c in section.columns]
    if "execution_level" not in section.columns:
        widths[section.columns.index("status")] += Mm(WIDTHS["execution_level"])
    # Word reads the cell widths, LibreOffice the grid's: the grid's first, and every
    # row added takes them into its cells.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    heading_row, explanation_row = table.add_row(), table.add_row()
    # Like the official document: the headings repeat on every page, the questions don't.
    _repeat_as_header(heading_row)
    _keep_together(explanation_row)
    for index, ((heading, note), explanation) in enumerate(
        zip(section.headings, section.explanations, strict=True)
    ):
        cell = heading_row.cells[index]
        paragraph = cell.paragraphs[0]
        _style(paragraph.add_run(heading), bold=True)
        if note:
            _style(paragraph.add_run(note), bold=True).font.superscript = True
        _shade(cell, HEADER_FILL)
        explanation_cell = explanation_row.cells[index]
        _style(explanation_cell.paragraphs[0].add_run(explanation), italic=True, size=6.5)
        _shade(explanation_cell, HEADER_FILL)
    marker = report.labels["untranslated"]
    empty_row = None  # an empty row as python-docx builds it, copied for the next ones
    for data in section.rows:
        if empty_row is None:
            row = table.add_row()
            _keep_together(row)
            empty_row = deepcopy(row._tr)
        else:
            row = _Row(deepcopy(empty_row), table)
            table._tbl.append(row._tr)
        cells = row.cells
        for index, column in enumerate(section.columns):
            if column == "status":
                _status(cells[index], data, report)
            elif column == "execution_level":
                _level(cells[index], data.execution_level, report)
            else:
                _text(cells[index].paragraphs[0], data.cells[column], marker)


def _text(paragraph, cell: Cell, marker: str) -> None:
    if cell.untranslated and cell.text:
        _style(paragraph.add_run(f"{marker} "), italic=True)
    _style(paragraph.add_run(cell.text))


def _status(cell, data, report: SessionReport) -> None:
    paragraphs = list(data.status)
    first = cell.paragraphs[0]
    if data.keyword:
        # Footnote 6: the progress keyword, stated first (and read back on import).
        label = report.labels["keywords"][data.keyword]
        _style(first.add_run(report.labels["keyword_marker"].format(keyword=label)), bold=True)
        first = None
    for paragraph in paragraphs:
        target = first if first is not None else cell.add_paragraph()
        _text(target, paragraph, report.labels["untranslated"])
        first = None


def _level(cell, level: str | None, report: SessionReport) -> None:
    if not level:
        return
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # The word carries the level as well as the colour: colour is never the only carrier.
    _style(paragraph.add_run(report.labels["levels"][level]), bold=True,
           colour=LEVEL_TEXT_COLOURS[level])  # fmt: skip
    _shade(cell, LEVEL_COLOURS[level])


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_as_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    for tag in ("w:tblHeader", "w:cantSplit"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        properties.append(element)


def _keep_together(row) -> None:
    element = OxmlElement("w:cantSplit")
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)
