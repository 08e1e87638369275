"""Word: the session document as the Secretariat presents it.

A4 landscape; the WCO title block on the first page (organisation in both languages,
committee and sessions, reference, date, original language); on the other pages a running
header with the reference and "Page x / y". Column widths come from the content
(`layout.column_widths`): no heading word is ever broken, body text is hyphenated in the
document's language. The heading row repeats on every page and long rows split across
pages. Footnotes are Word footnotes, referenced from the column headings, so they sit at
the foot of the page where each section's headings first appear, numbered as in the
template (1–7 in section I, 8 in section II).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from copy import deepcopy
from datetime import UTC, datetime
from io import BytesIO
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.run import Run
from lxml import etree

from jalon.documents import layout
from jalon.documents.labels import LEVEL_COLOURS, LEVEL_TEXT_COLOURS
from jalon.documents.report import Cell, Row, Section, SessionReport, superscripts
from jalon.documents.streaming import write_rows

HEADER_FILL = "D9D9D9"
FONT = layout.FONT_FAMILY
LANGUAGE_TAGS = {"fr": "fr-FR", "en": "en-GB"}
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def render_docx(report: SessionReport) -> bytes:
    """The document built with python-docx but for the tables' data rows, which are
    written as XML text straight into the package's document.xml, one row at a time:
    python-docx's tree of a 10,000-activity document took hundreds of MB."""
    document = Document()
    _styles(document, report)
    _properties(document, report)
    _page_setup(document, report)
    notes = _Footnotes(document, report.footnotes)
    _paragraph(document, report.title, bold=True, size=12, centered=True)
    if report.presented:
        _paragraph(document, report.presented, size=11, centered=True)
    if report.untranslated and report.labels["untranslated_note"]:
        _paragraph(document, report.labels["untranslated_note"], size=7.5, italic=True)
    bodies = []
    for section in report.sections:
        heading = _paragraph(document, section.heading, bold=True, size=10)
        heading.paragraph_format.space_before = Pt(10)
        heading.paragraph_format.keep_with_next = True  # never alone at the foot of a page
        bodies.append(_table(document, section, report, notes))
    notes.save()
    buffer = BytesIO()
    document.save(buffer)
    return _with_rows(buffer.getvalue(), bodies)


_DOCUMENT_PART = "word/document.xml"
_TABLE_END = b"</w:tbl>"


def _with_rows(package: bytes, bodies: list[Iterator[str]]) -> bytes:
    """The package with each table's data rows written before its end tag in document.xml
    (the body holds the sections' tables only, in order; the title block is in a header
    part), the other parts copied as they are."""
    output = BytesIO()
    with ZipFile(BytesIO(package)) as source, ZipFile(output, "w", ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename != _DOCUMENT_PART:
                target.writestr(info, data)
                continue
            pieces = data.split(_TABLE_END)
            if len(pieces) != len(bodies) + 1:
                raise AssertionError(f"{len(pieces) - 1} tables in the body, not {len(bodies)}")
            part = ZipInfo(info.filename, info.date_time)
            part.compress_type, part.external_attr = ZIP_DEFLATED, info.external_attr
            with target.open(part, "w") as stream:
                stream.write(pieces[0])
                for rows, piece in zip(bodies, pieces[1:], strict=True):
                    write_rows(stream, rows, "utf-8")
                    stream.write(_TABLE_END + piece)
    return output.getvalue()


def _styles(document, report: SessionReport) -> None:
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(layout.BODY_PT)
    normal.paragraph_format.space_after = Pt(2)
    # The document's language, for Word's hyphenation and spelling.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in run_defaults.findall(qn("w:lang")):
        run_defaults.remove(old)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), LANGUAGE_TAGS[report.lang])
    run_defaults.append(language)
    fonts = run_defaults.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        run_defaults.insert(0, fonts)
    for name in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(name), FONT)
    for name in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(name), None)
    settings = document.settings.element
    tab_stop = settings.find(qn("w:defaultTabStop"))
    # Body text is hyphenated (Word, and LibreOffice, which turns this into hyphenation of
    # its default paragraph style, given the language's patterns: hyphen-fr, hyphen-en-gb);
    # headings, the title block and the running header opt out paragraph by paragraph
    # (w:suppressAutoHyphens).
    hyphenation = OxmlElement("w:autoHyphenation")
    hyphenation.set(qn("w:val"), "true")
    tab_stop.addnext(hyphenation)  # the schema's order: right after defaultTabStop
    # The language of the theme's fonts: python-docx's template says en-US.
    theme_language = settings.find(qn("w:themeFontLang"))
    if theme_language is not None:
        theme_language.set(qn("w:val"), LANGUAGE_TAGS[report.lang])


def _properties(document, report: SessionReport) -> None:
    properties = document.core_properties
    properties.title = report.title
    properties.subject = report.presented
    properties.author = properties.last_modified_by = report.title_block.organisation
    properties.language = LANGUAGE_TAGS[report.lang]
    properties.keywords = report.session.id if report.session else ""
    properties.comments = ""
    now = datetime.now(UTC).replace(microsecond=0)
    properties.created = properties.modified = now
    properties.revision = 1


def _page_setup(document, report: SessionReport) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(layout.PAGE_MM[0]), Mm(layout.PAGE_MM[1])
    margins = layout.MARGINS_MM
    section.top_margin, section.bottom_margin = Mm(margins["top"]), Mm(margins["bottom"])
    section.left_margin, section.right_margin = Mm(margins["left"]), Mm(margins["right"])
    section.header_distance = section.footer_distance = Mm(8)
    section.different_first_page_header_footer = True
    _title_block(section.first_page_header, report)
    # The other pages: the reference on the left, "Page x / y" on the right.
    block = report.title_block
    header = section.header.paragraphs[0]
    header.style = document.styles["Normal"]  # no tab stops but ours
    header.paragraph_format.tab_stops.add_tab_stop(Mm(layout.TEXT_WIDTH_MM),
                                                   WD_TAB_ALIGNMENT.RIGHT)  # fmt: skip
    _no_hyphenation(header)
    _style(header.add_run(block.reference), size=8)
    _style(header.add_run(f"\t{report.labels['page']} "), size=8)
    _field(header, "PAGE", "1")
    _style(header.add_run(" / "), size=8)
    _field(header, "NUMPAGES", "1")
    _border(header, "bottom")


def _title_block(header, report: SessionReport) -> None:
    """WCO's first page: the organisation and the meeting on the left; the reference, the
    date and the original language on the right."""
    block = report.title_block
    table = header.add_table(rows=1, cols=2, width=Mm(layout.TEXT_WIDTH_MM))
    table.autofit = False
    left, right = table.rows[0].cells
    widths = (Mm(layout.TEXT_WIDTH_MM * 0.6), Mm(layout.TEXT_WIDTH_MM * 0.4))
    for cell, width in zip((left, right), widths, strict=True):
        cell.width = width
    lines = [(block.organisation.upper(), True, False, 10), (block.organisation_other, False,
             True, 8), ("", False, False, 4), (block.committee.upper(), True, False, 9),
             (block.sessions, True, False, 9), (block.place_dates, False, False, 9)]  # fmt: skip
    _lines(left, [line for line in lines if line[0] or line[3] == 4])
    _lines(right, [(block.reference, True, False, 10), (block.date, False, False, 9),
                   (block.original, False, False, 9)])  # fmt: skip
    for paragraph in right.paragraphs:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.paragraphs[0].text = ""
    _border(header.add_paragraph(), "bottom")


def _lines(cell, lines) -> None:
    first = True
    for text, bold, italic, size in lines:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        _no_hyphenation(paragraph)
        _runs(paragraph, text, bold=bold, italic=italic, size=size)
        first = False


def _field(paragraph, instruction: str, placeholder: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "16")
    properties.append(size)
    run.append(properties)
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _border(paragraph, side: str) -> None:
    borders = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{side}")
    for name, value in (("val", "single"), ("sz", "4"), ("space", "1"), ("color", "444444")):
        line.set(qn(f"w:{name}"), value)
    borders.append(line)
    _in_order(paragraph._p.get_or_add_pPr(), borders)


def _paragraph(container, text: str, *, bold=False, italic=False, size=layout.BODY_PT,
               centered=False):  # fmt: skip
    """A heading or a line of the title page: never hyphenated."""
    paragraph = container.add_paragraph()
    _no_hyphenation(paragraph)
    _runs(paragraph, text, bold=bold, italic=italic, size=size)
    if centered:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def _runs(paragraph, text: str, lang: str = "", **style) -> None:
    """The text as runs, ordinals and exponents ("3e", "243ème") as real superscripts;
    an original in another language keeps its language (Word hyphenates it as such)."""
    for piece, superscript in superscripts(text):
        run = _style(_add_run(paragraph, piece), **style)
        if superscript:
            run.font.superscript = True
        if lang:
            language = OxmlElement("w:lang")
            language.set(qn("w:val"), LANGUAGE_TAGS[lang])
            run._r.get_or_add_rPr().append(language)


# What python-docx's run text setter turns into elements of their own (tab, break).
_SPECIAL = re.compile(r"[\t\r\n]")
_R, _T, _SPACE = qn("w:r"), qn("w:t"), qn("xml:space")


def _add_run(paragraph, text: str) -> Run:
    """`paragraph.add_run(text)`, the same XML, built directly for plain text: python-docx
    clears the new run with an XPath query and reads the text character by character."""
    if not text or _SPECIAL.search(text):
        return paragraph.add_run(text)
    r = etree.SubElement(paragraph._p, _R)
    t = etree.SubElement(r, _T)
    t.text = text
    if len(text.strip()) < len(text):
        t.set(_SPACE, "preserve")
    return Run(r, paragraph)


# Run properties by style, built once by python-docx and then copied: building them
# element by element was most of the time of a 10,000-activity document.
_RUN_PROPERTIES: dict[tuple, object] = {}


def _style(run, *, bold=False, italic=False, size=layout.BODY_PT, colour: str | None = None):
    # Only what differs from the Normal style: a run's properties cost time and bytes.
    key = (bold, italic, size, colour)
    fresh = run._r.rPr is None
    if fresh and key in _RUN_PROPERTIES:
        if _RUN_PROPERTIES[key] is not None:
            run._r.insert(0, deepcopy(_RUN_PROPERTIES[key]))
        return run
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if size != layout.BODY_PT:
        run.font.size = Pt(size)
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour)
    if fresh:
        rPr = run._r.rPr
        _RUN_PROPERTIES[key] = deepcopy(rPr) if rPr is not None else None
    return run


class _Footnotes:
    """Word footnotes (python-docx writes none): the part, and references to its notes."""

    def __init__(self, document, texts: list[str]):
        self.document, self.texts = document, texts
        self.marked: set[int] = set()  # notes whose number the text writes itself

    def reference(self, paragraph, number: int, *, size: float, hidden_mark=False) -> None:
        run = paragraph.add_run()
        _style(run, bold=True, size=size).font.superscript = True
        element = OxmlElement("w:footnoteReference")
        element.set(qn("w:id"), str(number))
        if hidden_mark:  # the mark is written elsewhere; this only anchors the note
            element.set(qn("w:customMarkFollows"), "1")
            self.marked.add(number)
        run._r.append(element)

    def save(self) -> None:
        notes = "".join(
            f'<w:footnote w:id="{number}"><w:p><w:pPr><w:spacing w:after="0"/>'
            "<w:suppressAutoHyphens/></w:pPr>"
            f'<w:r><w:rPr>{_run_xml(6.5)}<w:vertAlign w:val="superscript"/></w:rPr>'
            f"<w:footnoteRef/></w:r><w:r><w:rPr>{_run_xml(6.5)}</w:rPr>"
            f'<w:t xml:space="preserve"> {_escape(text)}</w:t></w:r></w:p></w:footnote>'
            for number, text in enumerate(self.texts, start=1)
        )
        separators = "".join(
            f'<w:footnote w:type="{kind}" w:id="{number}"><w:p><w:pPr><w:spacing w:after="0"/>'
            f"</w:pPr><w:r><w:{kind}/></w:r></w:p></w:footnote>"
            for number, kind in ((-1, "separator"), (0, "continuationSeparator"))
        )
        xml = f"<w:footnotes {nsdecls('w')}>{separators}{notes}</w:footnotes>"
        part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_TYPE, xml.encode("utf-8"),
                    self.document.part.package)  # fmt: skip
        self.document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
        properties = parse_xml(f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/>'
                               '<w:footnote w:id="0"/></w:footnotePr>')  # fmt: skip
        self.document.settings.element.find(qn("w:compat")).addprevious(properties)


def _run_xml(size: float) -> str:
    half_points = round(size * 2)
    return (f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>'
            f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>')  # fmt: skip


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _table(document, section: Section, report: SessionReport, notes: _Footnotes) -> Iterator[str]:
    """The table with its two heading rows; its data rows as XML text, to be written."""
    table = document.add_table(rows=0, cols=len(section.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _cell_margins(table)
    millimetres = layout.column_widths(section)
    widths = [Mm(w) for w in millimetres]
    # Word reads the cell widths, LibreOffice the grid's: the grid's first, and every row
    # added takes them into its cells.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    heading_row, explanation_row = table.add_row(), table.add_row()
    # The headings repeat on every page (never split); the questions appear once.
    _row_flags(heading_row, "w:tblHeader", "w:cantSplit")
    _row_flags(explanation_row, "w:cantSplit")
    first_section = section is report.sections[0]
    for index, ((heading, note), explanation) in enumerate(
        zip(section.headings, section.explanations, strict=True)
    ):
        cell = heading_row.cells[index]
        paragraph = cell.paragraphs[0]
        _no_hyphenation(paragraph)
        _runs(paragraph, heading, bold=True, size=layout.HEADING_PT)
        if note:
            # A note is a footnote where it first appears (1–7 in section I, 8 in II);
            # section II's headings repeat the numbers of section I's notes. Note 8 is
            # anchored in the explanation row: LibreOffice drops a footnote anchored in
            # the repeated heading row of a document's second table.
            if first_section:
                notes.reference(paragraph, int(note), size=layout.HEADING_PT)
            else:
                _style(paragraph.add_run(note), bold=True,
                       size=layout.HEADING_PT).font.superscript = True  # fmt: skip
        _shade(cell, HEADER_FILL)
        explanation_cell = explanation_row.cells[index]
        _runs(explanation_cell.paragraphs[0], explanation, italic=True,
              size=layout.EXPLANATION_PT)  # fmt: skip
        if note and not first_section and int(note) > 7:
            notes.reference(explanation_cell.paragraphs[0], int(note),
                            size=layout.EXPLANATION_PT, hidden_mark=True)  # fmt: skip
        _shade(explanation_cell, HEADER_FILL)
    # Each data cell's width as python-docx gives it to every row it adds (the grid's).
    cell_widths = [tc.tcPr.tcW for tc in heading_row._tr.tc_lst]
    opening = [f'<w:tc><w:tcPr><w:tcW w:type="{w.get(_TYPE)}" w:w="{w.get(_W)}"/>'
               for w in cell_widths]  # fmt: skip
    return _data_rows(section, report.labels, opening, millimetres)


# A data row as python-docx and lxml would write it (the heading rows above are built by
# python-docx): every run's properties are those of `_style`, in the schema's order.
_TYPE, _W = qn("w:type"), qn("w:w")
_CANT_SPLIT = '<w:trPr><w:cantSplit w:val="true"/></w:trPr>'
_SUPERSCRIPT_PR = '<w:vertAlign w:val="superscript"/>'
_HIDDEN_MARK = "<w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr>"
_LEVEL_PARAGRAPH = '<w:pPr><w:suppressAutoHyphens/><w:jc w:val="center"/></w:pPr>'


def _data_rows(section: Section, labels: dict, opening: list[str],
               millimetres: list[float]) -> Iterator[str]:  # fmt: skip
    columns = section.columns
    for data, may_split in zip(section.rows, layout.rows_that_may_split(section, millimetres),
                               strict=True):  # fmt: skip
        # A long row may split across pages, a short one stays whole.
        xml = ["<w:tr>" if may_split else "<w:tr>" + _CANT_SPLIT]
        for index, column in enumerate(columns):
            xml.append(opening[index])
            if column == "status":
                xml.append("</w:tcPr>")
                xml.append(_status_xml(data, labels))
            elif column == "execution_level":
                xml.append(_level_xml(data.execution_level, labels))
            else:
                xml.append("</w:tcPr>")
                xml.append(_paragraph_xml(_text_xml(data.cells[column], labels)))
            xml.append("</w:tc>")
        xml.append("</w:tr>")
        yield "".join(xml)


def _paragraph_xml(content: str) -> str:
    return f"<w:p>{content}</w:p>" if content else "<w:p/>"


def _text_xml(cell: Cell, labels: dict) -> str:
    """`_text`: the original's lead-in in italics, then the text's runs."""
    lead_in = ""
    if cell.marker_shown:
        lead_in = _run_of(f"{labels['original_marker'][cell.original]} ", "<w:i/>")
    return lead_in + _runs_xml(cell.text, cell.original)


def _runs_xml(text: str, lang: str = "") -> str:
    """`_runs` with the body's style: superscripts, and the original's language."""
    language = f'<w:lang w:val="{LANGUAGE_TAGS[lang]}"/>' if lang else ""
    return "".join(
        _run_of(piece, (_SUPERSCRIPT_PR if superscript else "") + language)
        for piece, superscript in superscripts(text)
    )


def _status_xml(data: Row, labels: dict) -> str:
    """`_status`: the keyword stated first (hidden when the text states it), then a
    paragraph per paragraph of the status."""
    paragraphs = []
    if data.keyword:
        label = labels["keyword_marker"].format(keyword=labels["keywords"][data.keyword])
        if data.keyword_stated:
            paragraphs.append(_HIDDEN_MARK + _run_of(label, "<w:b/><w:vanish/>"))
        else:
            paragraphs.append(_run_of(label, "<w:b/>"))
    paragraphs += [_text_xml(paragraph, labels) for paragraph in data.status]
    return "".join(_paragraph_xml(p) for p in paragraphs) if paragraphs else "<w:p/>"


def _level_xml(level: str | None, labels: dict) -> str:
    """`_level`, from the end of the cell's properties: the shade and the level's word."""
    if not level:
        return "</w:tcPr><w:p/>"
    shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{LEVEL_COLOURS[level]}"/>'
    colour = str(RGBColor.from_string(LEVEL_TEXT_COLOURS[level]))
    word = _run_of(labels["levels"][level], f'<w:b/><w:color w:val="{colour}"/>')
    return f"{shade}</w:tcPr><w:p>{_LEVEL_PARAGRAPH}{word}</w:p>"


def _run_of(text: str, properties: str = "") -> str:
    """A run as `_add_run` and python-docx's text setter build it: a tab, a line break
    (CR or LF) each an element of their own, a text with outer spaces preserved."""
    content = []
    for piece in _SPECIAL_SPLIT.split(text) if _SPECIAL.search(text) else (text,):
        if piece == "\t":
            content.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            content.append("<w:br/>")
        elif piece:
            _check_xml_text(piece)
            escaped = piece.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            content.append(f"<w:t{space}>{escaped}</w:t>")
    if properties:
        content.insert(0, f"<w:rPr>{properties}</w:rPr>")
    return f"<w:r>{''.join(content)}</w:r>" if content else "<w:r/>"


_SPECIAL_SPLIT = re.compile(r"([\t\r\n])")
# What lxml refuses in a text (python-docx raised ValueError on it): not XML characters.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _check_xml_text(text: str) -> None:
    if _NOT_XML.search(text):
        raise ValueError("All strings must be XML compatible: Unicode or ASCII, no NULL bytes "
                         "or control characters")  # fmt: skip


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _no_hyphenation(paragraph) -> None:
    _in_order(paragraph._p.get_or_add_pPr(), OxmlElement("w:suppressAutoHyphens"))


# The schema's order of a paragraph's and a table's properties: Word refuses others.
_ORDER = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
    "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct "
    "topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind "
    "contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize "
    "tblW jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook",
}


def _in_order(parent, child) -> None:
    names = _ORDER[parent.tag.split("}")[1]].split()
    rank = names.index(child.tag.split("}")[1])
    for index, existing in enumerate(parent):
        if names.index(existing.tag.split("}")[1]) > rank:
            parent.insert(index, child)
            return
    parent.append(child)


def _cell_margins(table) -> None:
    margins = OxmlElement("w:tblCellMar")
    padding = str(round(layout.CELL_PADDING_MM / 2 / 25.4 * 1440 * 0.8))  # twips, each side
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), padding)
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    _in_order(table._tbl.tblPr, margins)


def _row_flags(row, *tags: str) -> None:
    properties = row._tr.get_or_add_trPr()
    for tag in tags:
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        properties.append(element)
