"""Documents made of titled pages of tables — the forward agenda, the consolidated report —
in Word and PDF with the session document's page (A4 landscape, margins, Arial) and a
WCO title block: the organisation in both languages and the title on the left, the
reference and date on the right; on every page a running header with the reference and
"Page x / y". Execution levels are shown as colour and word, as in the session document.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from io import BytesIO

from jalon.documents import layout
from jalon.documents.labels import LABELS, LEVEL_COLOURS, LEVEL_TEXT_COLOURS


@dataclass
class Table:
    headings: list[str]
    weights: list[float]  # relative column widths
    rows: list[list[str]] = field(default_factory=list)
    level_column: int | None = None  # the column holding a level key (green, blue, red)
    empty: str = ""  # said instead of the table when it has no row


@dataclass
class Page:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[tuple[str, Table]] = field(default_factory=list)  # (caption, table)


@dataclass
class TableDocument:
    lang: str
    title: str
    subtitle: str
    reference: str
    date: str
    pages: list[Page]

    @property
    def labels(self) -> dict:
        return LABELS[self.lang]


def render_docx(document: TableDocument) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
    from docx.shared import Mm, Pt, RGBColor

    from jalon.documents.docx import HEADER_FILL, _border, _field, _shade

    word = Document()
    normal = word.styles["Normal"]
    normal.font.name, normal.font.size = layout.FONT_FAMILY, Pt(layout.BODY_PT + 1)
    normal.paragraph_format.space_after = Pt(2)
    word.core_properties.title = document.title
    word.core_properties.language = {"fr": "fr-FR", "en": "en-GB"}[document.lang]
    section = word.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(layout.PAGE_MM[0]), Mm(layout.PAGE_MM[1])
    margins = layout.MARGINS_MM
    section.top_margin, section.bottom_margin = Mm(margins["top"]), Mm(margins["bottom"])
    section.left_margin, section.right_margin = Mm(margins["left"]), Mm(margins["right"])
    section.header_distance = Mm(8)
    section.different_first_page_header_footer = True  # the title block is there
    header = section.header.paragraphs[0]
    header.style = word.styles["Normal"]  # no tab stops but ours
    header.paragraph_format.tab_stops.add_tab_stop(Mm(layout.TEXT_WIDTH_MM),
                                                   WD_TAB_ALIGNMENT.RIGHT)  # fmt: skip
    header.add_run(document.reference).font.size = Pt(8)
    header.add_run(f"\t{document.labels['page']} ").font.size = Pt(8)
    _field(header, "PAGE", "1")
    header.add_run(" / ").font.size = Pt(8)
    _field(header, "NUMPAGES", "1")
    _border(header, "bottom")

    def paragraph(container, text, *, bold=False, italic=False, size=None, right=False):
        p = container.add_paragraph() if container is not None else word.add_paragraph()
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        if right:
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.space_after = Pt(0)
        return p

    # The title block, on the first page.
    organisation = document.labels["organisation"]
    other = "en" if document.lang == "fr" else "fr"
    block = word.add_table(rows=1, cols=2)
    left, right = block.rows[0].cells
    left.width, right.width = Mm(layout.TEXT_WIDTH_MM * 0.6), Mm(layout.TEXT_WIDTH_MM * 0.4)
    left.paragraphs[0].add_run(organisation[document.lang].upper()).bold = True
    paragraph(left, organisation[other], italic=True, size=8)
    paragraph(right, document.reference, bold=True).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    right.paragraphs[0]._p.getparent().remove(right.paragraphs[0]._p)
    paragraph(right, document.date, right=True)
    _border(word.add_paragraph(), "bottom")
    title = paragraph(None, document.title, bold=True, size=12)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if document.subtitle:
        paragraph(None, document.subtitle, size=10).alignment = WD_ALIGN_PARAGRAPH.CENTER

    for index, page in enumerate(document.pages):
        heading = paragraph(None, page.heading, bold=True, size=11)
        heading.paragraph_format.space_before = Pt(8)
        heading.paragraph_format.keep_with_next = True
        if index:
            heading.paragraph_format.page_break_before = True
        for text in page.paragraphs:
            paragraph(None, text)
        for caption, data in page.tables:
            if caption:
                p = paragraph(None, caption, bold=True)
                p.paragraph_format.space_before = Pt(6)
                p.paragraph_format.keep_with_next = True
            if not data.rows:
                paragraph(None, data.empty, italic=True)
                continue
            table = word.add_table(rows=1, cols=len(data.headings))
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            table.autofit = False
            widths = [Mm(layout.TEXT_WIDTH_MM * w / sum(data.weights)) for w in data.weights]
            for column, width in zip(table.columns, widths, strict=True):
                column.width = width
            for cell, text, width in zip(table.rows[0].cells, data.headings, widths,
                                         strict=True):  # fmt: skip
                cell.width = width
                run = cell.paragraphs[0].add_run(text)
                run.bold, run.font.size = True, Pt(layout.HEADING_PT)
                _shade(cell, HEADER_FILL)
            _repeat_header(table.rows[0])
            for values in data.rows:
                cells = table.add_row().cells
                for column, (cell, text, width) in enumerate(zip(cells, values, widths,
                                                                 strict=True)):  # fmt: skip
                    cell.width = width
                    if column == data.level_column:
                        if text in LEVEL_COLOURS:
                            run = cell.paragraphs[0].add_run(document.labels["levels"][text])
                            run.bold = True
                            run.font.color.rgb = RGBColor.from_string(LEVEL_TEXT_COLOURS[text])
                            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
                            _shade(cell, LEVEL_COLOURS[text])
                        continue
                    lines = text.split("\n")
                    cell.paragraphs[0].add_run(lines[0])
                    for line in lines[1:]:
                        cell.paragraphs[0].add_run().add_break(WD_BREAK.LINE)
                        cell.paragraphs[0].add_run(line)
    out = BytesIO()
    word.save(out)
    return out.getvalue()


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    for tag in ("w:tblHeader", "w:cantSplit"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        properties.append(element)


def render_html(document: TableDocument) -> str:
    e = html.escape
    labels = document.labels
    other = "en" if document.lang == "fr" else "fr"
    parts = [
        f"<!DOCTYPE html><html lang='{document.lang}'><head><meta charset='utf-8'>"
        f"<title>{e(document.title)}</title><style>{_css(document)}</style></head><body>",
        "<header class='title-block'><div>"
        f"<p class='organisation'>{e(labels['organisation'][document.lang].upper())}</p>"
        f"<p class='organisation-other'>{e(labels['organisation'][other])}</p></div>"
        f"<div class='reference'><p class='reference-code'>{e(document.reference)}</p>"
        f"<p>{e(document.date)}</p></div></header>",
        f"<h1>{e(document.title)}</h1>",
    ]
    if document.subtitle:
        parts.append(f"<p class='subtitle'>{e(document.subtitle)}</p>")
    for page in document.pages:
        parts.append(f"<section class='page'><h2>{e(page.heading)}</h2>")
        parts += [f"<p>{e(text)}</p>" for text in page.paragraphs]
        for caption, table in page.tables:
            if caption:
                parts.append(f"<h3>{e(caption)}</h3>")
            if not table.rows:
                parts.append(f"<p class='empty'>{e(table.empty)}</p>")
                continue
            total = sum(table.weights)
            columns = "".join(f"<col style='width:{w / total * 100:.1f}%'>" for w in table.weights)
            head = "".join(f"<th scope='col'>{e(h)}</th>" for h in table.headings)
            parts.append(f"<table><colgroup>{columns}</colgroup><thead><tr>{head}</tr></thead>"
                         "<tbody>")  # fmt: skip
            for values in table.rows:
                cells = []
                for column, text in enumerate(values):
                    if column == table.level_column and text in LEVEL_COLOURS:
                        cells.append(
                            f"<td class='level' style='background:#{LEVEL_COLOURS[text]};"
                            f"color:#{LEVEL_TEXT_COLOURS[text]}'>{e(labels['levels'][text])}</td>"
                        )
                    else:
                        cells.append(f"<td>{e(text).replace(chr(10), '<br>')}</td>")
                parts.append("<tr>" + "".join(cells) + "</tr>")
            parts.append("</tbody></table>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "".join(parts)


def render_pdf(document: TableDocument) -> bytes:
    from jalon.documents.pdf import write_pdf

    return write_pdf(render_html(document))


def _css(document: TableDocument) -> str:
    m = layout.MARGINS_MM
    page = html.escape(document.labels["page"])
    return f"""
@page {{ size: A4 landscape; margin: {m["top"]}mm {m["right"]}mm {m["bottom"]}mm {m["left"]}mm;
  @top-left {{ content: string(reference); font: 8pt Arial, 'Liberation Sans', sans-serif;
              vertical-align: bottom; padding-bottom: 2pt; border-bottom: 0.5pt solid #444; }}
  @top-right {{ content: "{page} " counter(page) " / " counter(pages);
               font: 8pt Arial, 'Liberation Sans', sans-serif; vertical-align: bottom;
               padding-bottom: 2pt; border-bottom: 0.5pt solid #444; }} }}
@page :first {{ @top-left {{ content: none; border: none; }}
               @top-right {{ content: none; border: none; }} }}
html {{ font-family: Arial, 'Liberation Sans', sans-serif; font-size: {layout.BODY_PT + 1}pt; }}
body {{ margin: 0 auto; max-width: 1400px; }}
.title-block {{ display: flex; justify-content: space-between; border-bottom: 0.5pt solid #444;
               padding-bottom: 4pt; margin-bottom: 8pt; font-size: 9pt; }}
.title-block p {{ margin: 0; }}
.organisation, .reference-code {{ font-weight: bold; font-size: 10pt; }}
.reference-code {{ string-set: reference content(); }}
.organisation-other {{ font-style: italic; font-size: 8pt; }}
.reference {{ text-align: right; }}
h1 {{ font-size: 12pt; text-align: center; margin: 0; }}
.subtitle {{ text-align: center; font-size: 10pt; margin: 2pt 0 8pt; }}
h2 {{ font-size: 11pt; margin: 8pt 0 4pt; }}
h3 {{ font-size: 9pt; margin: 8pt 0 3pt; break-after: avoid; }}
section.page + section.page {{ break-before: page; }}
p {{ margin: 0 0 2pt; }}
.empty {{ font-style: italic; }}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; }}
th, td {{ border: 0.5pt solid #000; padding: 1.5pt 1.2mm; vertical-align: top; text-align: left;
         hyphens: auto; overflow-wrap: anywhere; font-size: {layout.BODY_PT}pt; }}
th {{ background: #D9D9D9; hyphens: none; }}
td.level {{ text-align: center; font-weight: bold; }}
tr {{ break-inside: avoid; }}
"""
