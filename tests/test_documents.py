"""The session document: structure of every format, both languages, reading back."""

import copy
import csv
import io
import json
import re
import zipfile
from io import StringIO

import pypdfium2
import pytest
from django.core.management import call_command
from docx import Document
from docx.oxml.ns import qn
from lxml import etree
from openpyxl import load_workbook

from jalon.core import interchange
from jalon.documents.formats import render
from jalon.documents.labels import LEVEL_COLOURS
from jalon.documents.readers import read_docx, read_xlsx
from jalon.interchange.store import load
from tests.conftest import activity, without_ids
from tests.test_import import empty_the_database


@pytest.fixture
def coloured(real_document):
    """The real document with a few recorded keywords and levels (the export lost them)."""
    document = copy.deepcopy(real_document)
    recorded = [
        ("I.2", "completed", "green"),
        ("I.1", None, "blue"),
        ("I.8", "not_started", "red"),
        ("II.3", "in_progress", None),
    ]
    for ref, keyword, level in recorded:
        report = activity(document, ref).status_reports[0]
        report.keyword, report.execution_level = keyword, level
    return document


def docx_of(document, lang=None):
    return Document(io.BytesIO(render(document, "docx", lang=lang)))


def cell_fill(cell):
    shading = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
    return shading.get(qn("w:fill")) if shading is not None else None


def row_flags(row):
    properties = row._tr.trPr
    return {tag for tag in ("tblHeader", "cantSplit") if properties is not None
            and properties.find(qn(f"w:{tag}")) is not None}  # fmt: skip


def footnote_ids(cell):
    return [r.get(qn("w:id")) for r in cell._tc.iter(qn("w:footnoteReference"))]


def footnotes(word) -> dict[str, str]:
    """The Word footnotes by number (the normal ones, not the separators)."""
    part = next(rel.target_part for rel in word.part.rels.values()
                if rel.reltype.endswith("/footnotes"))  # fmt: skip
    root = etree.fromstring(part.blob)
    return {
        note.get(qn("w:id")): "".join(note.itertext()).strip()
        for note in root.iter(qn("w:footnote"))
        if note.get(qn("w:type")) is None
    }


def test_word_official_layout_in_french(coloured):
    word = docx_of(coloured)
    section = word.sections[0]
    assert section.page_width > section.page_height  # A4 landscape
    assert round(section.page_width.mm) == 297
    texts = [p.text for p in word.paragraphs]
    assert "Programme de travail révisé 2022-2025 du CTP et état d'avancement" in texts
    assert "(présenté au CTP en avril 2024)" in texts
    assert "I. Activités entreprises dans un délai spécifique" in texts
    assert "II. Activités permanentes" in texts
    time_bound, permanent = word.tables
    assert (len(time_bound.rows), len(permanent.rows)) == (2 + 42, 2 + 52)
    headings = [c.text for c in time_bound.rows[0].cells]
    assert headings == [
        "N°", "Niveau de priorité", "Lien avec le Plan stratégique", "Activités",
        "Plan stratégique de l'OMD", "Type de tâches associées", "Organe responsable",
        "Ressources", "Indicateurs de performance clés", "Délai", "Etat d'avancement",
        "Niveau d'exécution",
    ]  # fmt: skip
    # Footnotes 1–7 are Word footnotes on section I's headings, 8 on section II's deadline;
    # section II's headings repeat the marks of section I's notes.
    assert [footnote_ids(c) for c in time_bound.rows[0].cells] == [
        [], [], ["1"], ["2"], ["3"], ["4"], ["5"], [], [], [], ["6"], ["7"]]  # fmt: skip
    second = permanent.rows[0].cells
    assert (second[2].text, footnote_ids(second[2])) == ("Lien avec le Plan stratégique1", [])
    assert (second[9].text, footnote_ids(second[9])) == ("Délai8", [])
    assert footnote_ids(permanent.rows[1].cells[9]) == ["8"]  # anchored in the explanation
    notes = footnotes(word)
    assert list(notes) == [str(n) for n in range(1, 9)]
    assert notes["8"] == "En cas d'activité permanente, il y a lieu d'indiquer « Travail continu »"
    assert not [t for t in texts if t.startswith("8 ")]  # not at the end of the document
    assert len(permanent.columns) == 11
    assert time_bound.rows[1].cells[1].text.startswith("Quel est le niveau de priorité")
    # Headings repeat on every page and never split; a long row may split across pages
    # (I.1's status is 1,200 characters), a short one stays whole (I.8).
    assert row_flags(time_bound.rows[0]) == {"tblHeader", "cantSplit"}
    assert row_flags(time_bound.rows[1]) == {"cantSplit"}
    assert row_flags(time_bound.rows[2]) == set()
    assert row_flags(time_bound.rows[9]) == {"cantSplit"}
    # Execution level: the colour and the word.
    levels = {row.cells[0].text: (row.cells[11].text, cell_fill(row.cells[11]))
              for row in time_bound.rows[2:]}  # fmt: skip
    assert levels["2."] == ("Vert", LEVEL_COLOURS["green"])
    assert levels["1."] == ("Bleu", LEVEL_COLOURS["blue"])
    assert levels["8."] == ("Rouge", LEVEL_COLOURS["red"])
    assert levels["3."] == ("", None)
    # Status paragraphs stay paragraphs; a recorded keyword is stated first, unless the
    # text already starts with it: then the label is there for the import, but hidden.
    status = time_bound.rows[3].cells[10].paragraphs
    assert [p.text for p in status[:2]] == ["Avancement : Achevé", "Achevée."]
    assert all(run.font.hidden for run in status[0].runs) and len(status) == 4
    assert not any(run.font.hidden for p in status[1:] for run in p.runs)
    not_started = time_bound.rows[9].cells[10].paragraphs  # I.8: the text does not say it
    assert not_started[0].text == "Avancement : Pas encore commencé"
    assert not any(run.font.hidden for run in not_started[0].runs)


def test_word_title_block_and_running_header(coloured):
    word = docx_of(coloured)
    section = word.sections[0]
    assert section.different_first_page_header_footer
    block = [c.text for row in section.first_page_header.tables[0].rows for c in row.cells]
    assert block[0].split("\n") == [
        "ORGANISATION MONDIALE DES DOUANES", "World Customs Organization",
        "", "COMITÉ TECHNIQUE PERMANENT", "243ème et 244ème sessions",
        "Bruxelles, 23-26 avril 2024",
    ]  # fmt: skip
    assert block[1].split("\n") == [
        "Programme de travail 2022-2025 – CTP 243/244", "23 avril 2024", "Original : français"
    ]  # fmt: skip
    running = section.header.paragraphs[0]
    assert running.text.startswith("Programme de travail 2022-2025 – CTP 243/244\tPage ")
    instructions = [f.get(qn("w:instr")) for f in running._p.iter(qn("w:fldSimple"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert "CTP-243-244" not in running.text
    # Superscript ordinals: "243" then a superscript "ème".
    runs = section.first_page_header.tables[0].rows[0].cells[0].paragraphs[4].runs
    assert [(r.text, bool(r.font.superscript)) for r in runs[:2]] == [("243", False), ("ème", True)]


def test_word_in_english_uses_the_glossary_and_marks_untranslated_content(coloured):
    word = docx_of(coloured, "en")
    texts = [p.text for p in word.paragraphs]
    assert "(presented to the PTC in April 2024)" in texts
    assert "I. Time-bound activities" in texts and "II. Permanent activities" in texts
    assert texts[0] == "PTC work programme 2022-2025 and status report"
    time_bound = word.tables[0]
    assert [c.text for c in time_bound.rows[0].cells][:4] == [
        "No.",
        "Level of priority",
        "Link to the Strategic Plan",
        "Activities",
    ]
    first = time_bound.rows[2].cells
    assert first[2].text == "Yes"
    # The original, in italics after an italic lead-in, the same way in every cell.
    assert first[3].text.startswith("[French original] Compiler les mises à jour annuelles")
    lead_in = first[3].paragraphs[0].runs[0]
    assert lead_in.text == "[French original] " and lead_in.italic
    assert first[5].text == "Update"
    assert first[6].text == "PTC, PC, Council"
    assert first[11].text == "Blue"
    assert any("“[French original]” has not been translated" in t for t in texts)
    assert footnotes(word)["8"] == "For a permanent activity, indicate “Ongoing work”."


def test_word_rows_written_as_text_are_what_lxml_writes_and_python_docx_reads(coloured):
    """The tables' data rows go into document.xml as text, not through python-docx's
    tree: the part is exactly lxml's writing of what it parses to (escapes, empty
    elements, spaces kept), and python-docx reads tabs and line breaks back."""
    document = copy.deepcopy(coloured)
    report = activity(document, "I.8").status_reports[0]
    report.text = {"fr": "  Réunion <CTP> & « suivi » >\tétape 2\nétape 3 ", "en": ""}
    activity(document, "I.1").kpi = {"fr": "", "en": "KPI in English only 1st"}
    for lang in ("fr", "en"):
        content = render(document, "docx", lang=lang)
        xml = zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml")
        assert etree.tostring(etree.fromstring(xml), encoding="UTF-8", standalone=True) == xml
        table = Document(io.BytesIO(content)).tables[0]
        rows = {row.cells[0].text: row.cells for row in table.rows[2:]}
        status = rows["8."][10].paragraphs[-1]
        lead_in = "[French original] " if lang == "en" else ""
        assert status.text == lead_in + "  Réunion <CTP> & « suivi » >\tétape 2\nétape 3 "
        spaced = [t for t in status._p.iter(qn("w:t")) if t.text.strip() != t.text]
        assert spaced and all(t.get(qn("xml:space")) == "preserve" for t in spaced)
        kpi = rows["1."][8].paragraphs[0]
        if lang == "fr":  # the English original, marked, its ordinal a superscript
            assert kpi.text == "[original anglais] KPI in English only 1st"
            assert [r.font.superscript for r in kpi.runs] == [None, None, True]
            assert kpi.runs[1]._r.rPr.find(qn("w:lang")).get(qn("w:val")) == "en-GB"


def test_word_and_excel_read_back_to_the_same_data(coloured):
    for name, reader in (("docx", read_docx), ("xlsx", read_xlsx)):
        assert reader(f"round-trip.{name}", render(coloured, name)) == coloured, name


NORMALISED_FIELDS = (
    "title", "priority", "strategic_link", "strategic_codes", "task_type",
    "responsible_bodies", "resources", "kpi", "deadline", "status_reports",
)  # fmt: skip


def test_english_word_reads_back_to_the_same_normalised_data(coloured):
    back = read_docx("en.docx", render(coloured, "docx", lang="en"))
    for before, after in zip(coloured.activities, back.activities, strict=True):
        for field in NORMALISED_FIELDS:
            assert getattr(before, field) == getattr(after, field), (before.ref, field)


@pytest.mark.parametrize("name", ["docx", "xlsx"])
def test_export_import_into_an_empty_database_export_gives_the_same_json(imported, tmp_path, name):
    before = interchange.dumps(without_ids(load(imported)))  # the ids are not in Word/Excel
    path = tmp_path / f"programme.{name}"
    call_command("export", "--format", name, "-o", str(path), stderr=StringIO())
    empty_the_database()
    call_command("import", str(path), stdout=StringIO())
    from jalon.programmes.models import Programme

    assert interchange.dumps(without_ids(load(Programme.objects.get()))) == before


def test_an_open_round_reads_back_as_an_open_session(imported):
    from datetime import date

    from jalon.reporting.services import find_activity, open_session, set_status

    session = open_session("CTP-245-246", date(2024, 10, 22)).session
    set_status(find_activity("I.8", imported), session, keyword="completed",
               execution_level="green", text="Achevé en octobre 2024.")  # fmt: skip
    document = load(imported)
    word = docx_of(document)
    assert "(à présenter au CTP en octobre 2024)" in [p.text for p in word.paragraphs]
    back = read_docx("round.docx", render(document, "docx"))
    assert [(s.id, s.frozen) for s in back.sessions] == [("CTP-245-246", False)]
    (report,) = activity(back, "I.8").status_reports
    assert (report.keyword, report.execution_level, report.text) == (
        "completed",
        "green",
        {"fr": "Achevé en octobre 2024."},
    )


def test_word_table_laid_out_like_the_official_document_is_read(tmp_path):
    """A Word file typed by hand, not written by jalon: header repeated, a status
    continued in the next row, a row of dashes."""
    word = Document()
    word.add_paragraph("Programme de travail révisé 2022-2025 du CTP et état d'avancement")
    word.add_paragraph("(présenté au CTP en avril 2024)")
    word.add_paragraph("I. Activités entreprises dans un délai spécifique")
    headings = ["N°", "Niveau de priorité", "Lien avec le Plan stratégique", "Activités",
                "Plan stratégique de l'OMD", "Type de tâches associées", "Organe responsable",
                "Ressources", "Indicateurs de performance clés", "Délai", "Etat d'avancement",
                "Niveau d'exécution"]  # fmt: skip
    rows = [
        headings,
        ["1.", "A", "Oui", "Titre un", "PS1", "Développement", "CTP, Conseil", "Un agent",
         "Adopté", "Printemps 2025 (CTP)", "Début du texte, coupé au milieu de la", "Bleu"],
        headings,
        ["", "", "", "", "", "", "", "", "", "", "phrase. Fin.", ""],
        ["--"] * 12,
        ["2", "B", "Non", "Titre deux", "FA1/FA2", "Mettre à jour", "GT-SAFE", "0,5 agent",
         "Publié", "Juin 2024", "Achevé.", "Vert"],
    ]  # fmt: skip
    table = word.add_table(rows=0, cols=12)
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    path = tmp_path / "typed.docx"
    word.save(path)
    from jalon.interchange.readers import read_document

    document = read_document(path)
    first, second = document.activities
    assert first.status_reports[0].text == {
        "fr": "Début du texte, coupé au milieu de la phrase. Fin."
    }
    assert (first.status_reports[0].execution_level, second.status_reports[0].execution_level) == (
        "blue",
        "green",
    )
    assert (second.strategic_link, second.strategic_codes, second.task_type) == (
        False,
        ["FA1", "FA2"],
        "update",
    )
    assert second.responsible_bodies == ["GTS"]


def test_excel_sheets_headers_validation_colours_and_formula_safety(coloured):
    document = copy.deepcopy(coloured)
    activity(document, "I.4").title = {"fr": '=HYPERLINK("http://x","clic")'}
    workbook = load_workbook(io.BytesIO(render(document, "xlsx")))
    assert workbook.sheetnames == ["I. Délai spécifique", "II. Permanentes"]
    sheet = workbook["I. Délai spécifique"]
    assert sheet["A1"].value.startswith("Programme de travail révisé 2022-2025 du CTP")
    assert sheet["A2"].value == "(présenté au CTP en avril 2024)"
    assert sheet["A4"].value == "N°" and sheet["M4"].value == "Mot clé d'avancement"
    assert sheet.freeze_panes == "B5"
    assert sheet.auto_filter.ref == "A4:M46"
    assert sheet.max_row == 4 + 42
    validations = {
        str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation
    }
    assert validations == {"B5": '"A,B,C"', "L5": '"Vert,Bleu,Rouge"',
                           "M5": '"Achevé,En cours,Reporté,Pas encore commencé"'}  # fmt: skip
    assert sheet["L6"].value == "Vert"  # I.2
    # The colour follows the word, also when someone picks another level in the drop-down.
    rules = {rule.formula[0]: rule.dxf.fill.bgColor.rgb[-6:]
             for cf in sheet.conditional_formatting for rule in cf.rules}  # fmt: skip
    assert rules == {'"Vert"': LEVEL_COLOURS["green"], '"Bleu"': LEVEL_COLOURS["blue"],
                     '"Rouge"': LEVEL_COLOURS["red"]}  # fmt: skip
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth) == ("landscape", 9, 1)
    assert sheet.print_title_rows == "$4:$4"
    assert 40 <= sheet.column_dimensions["K"].width <= 80  # the status, fitted
    assert sheet.column_dimensions["A"].width < 10
    assert workbook.properties.creator == "Organisation mondiale des douanes"
    title = sheet["D8"]  # I.4
    assert title.data_type == "s" and title.value.startswith("=HYPERLINK")
    assert read_xlsx("x.xlsx", render(document, "xlsx")) == document


def pdf_pages(data: bytes):
    return pypdfium2.PdfDocument(data)


def page_text(pdf, index: int) -> str:
    return pdf[index].get_textpage().get_text_range()


def flat(text: str) -> str:
    """The text as read: lines joined, words hyphenated at a line's end made whole again
    (pdfium reports such a hyphen as U+FFFE, with or without the line break after it)."""
    return re.sub(r"\s+", " ", re.sub(r"[-\u2010]\r\n|\ufffe(?:\r\n)?", "", text))


def render_page(pdf, index: int):
    """The page as a person sees it: a picture."""
    return pdf[index].render(scale=1).to_pil().convert("RGB")


SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def test_excel_rows_written_as_text_are_what_openpyxl_reads_back(coloured):
    """The data rows go into each sheet as text, not through openpyxl's cells: the part
    is well-formed, and openpyxl reads every value, type and style back (text that would
    be a formula quoted, an error code's text as written)."""
    document = copy.deepcopy(coloured)
    written = {"I.4": "+33 & <b>« x »</b> > ", "I.5": "#N/A", "I.6": "  a\tb\nc ",
               "I.7": "-1 😀"}  # fmt: skip
    for ref, text in written.items():
        activity(document, ref).title = {"fr": text}
    content = render(document, "xlsx")
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        xml = package.read("xl/worksheets/sheet1.xml")
    assert len(etree.fromstring(xml).find(f"{{{SHEET_NS}}}sheetData")) == 4 + 42
    sheet = load_workbook(io.BytesIO(content))["I. Délai spécifique"]
    titles = {sheet[f"A{row}"].value: sheet[f"D{row}"] for row in range(5, sheet.max_row + 1)}
    for ref, text in written.items():
        cell = titles[ref.split(".")[1] + "."]
        assert cell.value == text, ref
        assert cell.alignment.wrap_text and cell.alignment.vertical == "top"
        assert cell.quotePrefix == (text[0] in "=+-@"), ref
    assert titles["5."].data_type == "e" and titles["4."].data_type == "s"
    levels = {sheet[f"L{row}"].value: sheet[f"L{row}"].font.b for row in range(5, 47)}
    assert levels == {"Vert": True, "Bleu": True, "Rouge": True, None: True}


def test_pdf_says_what_the_word_file_says_and_the_summary_is_an_optional_annex(coloured):
    pdf = pdf_pages(render(coloured, "pdf"))
    assert len(pdf) > 10
    width, height = pdf[0].get_size()
    assert width > height  # landscape
    first = page_text(pdf, 0)
    assert "Programme de travail révisé 2022-2025 du CTP et état d'avancement" in first
    properties = pdf.get_metadata_dict()
    assert properties["Author"] == "Organisation mondiale des douanes"
    assert properties["Title"].startswith("Programme de travail révisé 2022-2025 du CTP")
    assert properties["CreationDate"].startswith("D:20")
    everything = " ".join(page_text(pdf, i) for i in range(len(pdf)))
    headings = ("I. Activités entreprises dans un délai spécifique", "II. Activités permanentes",
                "Niveau d'exécution", "Rouge", "Vert", "Bleu")  # fmt: skip
    for heading in headings:
        assert heading in everything
    # The internal checker is not part of the document presented.
    assert "Synthèse de la session" not in everything and "Constats" not in everything
    # Every activity title is there (line breaks and hyphenation aside).
    text = flat(everything)
    for a in coloured.activities[:5] + coloured.activities[-5:]:
        assert a.title["fr"][:40] in text
    # "Avancement : Achevé" is not printed before a text that starts "Achevée." (I.2) …
    assert "Avancement : Achevé" not in text
    # … but it is where the text does not say it (I.8).
    assert "Avancement : Pas encore commencé" in text


def test_pdf_annex_has_the_summary_and_the_charts(coloured):
    pdf = pdf_pages(render(coloured, "pdf", annex=True))
    last = page_text(pdf, len(pdf) - 1)
    assert "Annexe – Synthèse de la session CTP-243-244" in last
    assert "94 activités : 42 dans un délai spécifique, 52 permanentes" in last
    assert "Activités en retard" in last and "Constats du contrôle des règles" in last
    annex = render_page(pdf, len(pdf) - 1)
    colours = {annex.getpixel((x, y)) for x in range(0, annex.width, 2)
               for y in range(0, annex.height, 2)}  # fmt: skip
    for level in ("green", "blue", "red"):  # the execution-level chart's bars
        assert tuple(int(LEVEL_COLOURS[level][i : i + 2], 16) for i in (0, 2, 4)) in colours
    table_page = render_page(pdf, 1)
    ink = sum(1 for pixel in table_page.get_flattened_data() if pixel != (255, 255, 255))
    assert ink / (table_page.width * table_page.height) > 0.02  # a table, not a blank page


def test_pdf_in_english(coloured):
    pdf = pdf_pages(render(coloured, "pdf", lang="en"))
    first = page_text(pdf, 0)
    assert "(presented to the PTC in April 2024)" in first
    assert "“[French original]” has not been translated into English yet" in first
    everything = " ".join(page_text(pdf, i) for i in range(len(pdf)))
    text = flat(everything)
    assert "[FR]" not in text and "[French original] Compiler les mises" in text  # I.1


def test_html_is_valid_self_contained_printable_and_escaped(coloured):
    document = copy.deepcopy(coloured)
    activity(document, "I.4").title = {"fr": "<script>alert(1)</script> & co"}
    page = render(document, "html").decode()
    assert page.startswith("<!DOCTYPE html>") and '<html lang="fr">' in page
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    assert not re.search(r"(src|href)=\"https?://", page)
    assert page.count('<table class="programme">') == 2
    assert "@page" in page and "display: table-header-group" in page
    assert '<td class="level level-green">Vert</td>' in page
    assert '<meta name="author" content="Organisation mondiale des douanes">' in page
    assert "<svg" not in page  # the charts are the annex's
    annexed = render(document, "html", annex=True).decode()
    assert annexed.count("<svg") == 3 and "<metadata" not in annexed
    ids = re.findall(r'\bid="([^"]+)"', annexed)
    assert len(ids) == len(set(ids)) > 100
    assert "Organiser la 3<sup>e</sup> Conférence" in page


def test_markdown_and_csv(coloured):
    markdown = render(coloured, "md").decode()
    assert markdown.startswith("# Programme de travail révisé 2022-2025 du CTP")
    assert markdown.count("\n## ") == 2
    assert "| 2. | A | Oui |" in markdown
    assert "Organiser la 3e Conférence" in markdown and "^" not in markdown
    document = copy.deepcopy(coloured)
    activity(document, "I.5").title = {"fr": "=1+1"}
    activity(document, "I.6").title = {"fr": "<img src=x onerror=alert(1)>"}
    assert "<img" not in render(document, "md").decode()
    french = render(document, "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(french), delimiter=";"))
    assert len(rows) == 1 + 94 and french.startswith('"Section";"N°";')
    assert rows[0][:3] == ["Section", "N°", "Niveau de priorité"]
    assert rows[1][1] == "1." and rows[5][4] == "'=1+1"
    assert rows[2][12] == "Vert" and rows[2][13] == "Achevé"
    assert rows[21][4].startswith("Organiser la 3e Conférence")
    english = render(document, "csv", lang="en").decode("utf-8-sig")
    assert english.startswith('"Section","No.",')
    assert list(csv.reader(io.StringIO(english)))[1][4].startswith("[French original] ")
    tabs = render(document, "csv", delimiter="\t").decode("utf-8-sig")
    assert tabs.startswith('"Section"\t"N°"\t')


def test_export_check_translations_lists_what_is_missing(imported, capsys):
    with pytest.raises(SystemExit) as exit:
        call_command("export", "--check-translations", "--lang", "en")
    assert exit.value.code == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0] == "I.1\ttitle, resources, kpi, deadline, status"
    assert len(lines) == 94 and "texts in 94 activities have no translation (English)" in err
    call_command("export", "--check-translations", "--lang", "fr")
    assert "every text is translated (français)" in capsys.readouterr().err


def test_export_command_writes_every_format(imported, tmp_path):
    for name in ("docx", "pdf", "xlsx", "html", "md", "csv", "json"):
        path = tmp_path / f"out.{name}"
        call_command("export", "--format", name, "--lang", "en", "-o", str(path), stderr=StringIO())
        assert path.stat().st_size > 1000, name
    out = StringIO()
    call_command("export", "--format", "md", "--session", "CTP-243-244", stdout=out)
    assert out.getvalue().startswith("# Programme de travail")
    assert json.loads(render(load(imported), "json"))["format"] == "jalon.programme/2"
