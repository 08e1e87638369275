"""The session document: structure of every format, both languages, reading back."""

import copy
import csv
import io
import json
import re
from io import StringIO

import pypdfium2
import pytest
from django.core.management import call_command
from docx import Document
from docx.oxml.ns import qn
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
        "N°", "Niveau de priorité", "Lien avec le Plan stratégique1", "Activités2",
        "Plan stratégique de l'OMD3", "Type de tâches associées4", "Organe responsable5",
        "Ressources", "Indicateurs de performance clés", "Délai", "Etat d'avancement6",
        "Niveau d'exécution7",
    ]  # fmt: skip
    assert [c.text for c in permanent.rows[0].cells][9] == "Délai8"
    assert len(permanent.columns) == 11
    assert time_bound.rows[1].cells[1].text.startswith("Quel est le niveau de priorité")
    # Headings repeat on every page; no row is split across pages.
    assert row_flags(time_bound.rows[0]) == {"tblHeader", "cantSplit"}
    assert all(row_flags(row) == {"cantSplit"} for row in time_bound.rows[1:])
    # Execution level: the colour and the word.
    levels = {row.cells[0].text: (row.cells[11].text, cell_fill(row.cells[11]))
              for row in time_bound.rows[2:]}  # fmt: skip
    assert levels["2."] == ("Vert", LEVEL_COLOURS["green"])
    assert levels["1."] == ("Bleu", LEVEL_COLOURS["blue"])
    assert levels["8."] == ("Rouge", LEVEL_COLOURS["red"])
    assert levels["3."] == ("", None)
    # Status paragraphs stay paragraphs; a recorded keyword is stated first.
    status = [p.text for p in time_bound.rows[3].cells[10].paragraphs]
    assert status[:2] == ["Avancement : Achevé", "Achevée."]
    assert len(status) == 4
    notes = [t for t in texts if t[:1].isdigit()]
    assert [n[0] for n in notes] == list("12345678")
    assert notes[7] == "8 En cas d'activité permanente, il y a lieu d'indiquer « Travail continu »"


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
        "Link to the Strategic Plan1",
        "Activities2",
    ]
    first = time_bound.rows[2].cells
    assert first[2].text == "Yes"
    assert first[3].text.startswith("[FR] Compiler les mises à jour annuelles")
    assert first[5].text == "Update"
    assert first[6].text == "PTC, PC, Council"
    assert first[11].text == "Blue"
    assert any("[FR] marks text that has no English translation" in t for t in texts)
    assert [n for n in texts if n.startswith("8 ")] == [
        "8 For a permanent activity, indicate “Ongoing work”."
    ]


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
    level = sheet["L6"]  # I.2
    assert (level.value, level.fill.fgColor.rgb[-6:]) == ("Vert", LEVEL_COLOURS["green"])
    title = sheet["D8"]  # I.4
    assert title.data_type == "s" and title.value.startswith("=HYPERLINK")
    assert read_xlsx("x.xlsx", render(document, "xlsx")) == document


def pdf_pages(data: bytes):
    return pypdfium2.PdfDocument(data)


def page_text(pdf, index: int) -> str:
    return pdf[index].get_textpage().get_text_range()


def render_page(pdf, index: int):
    """The page as a person sees it: a picture."""
    return pdf[index].render(scale=1).to_pil().convert("RGB")


def test_pdf_says_what_the_word_file_says_with_a_summary_first(coloured):
    pdf = pdf_pages(render(coloured, "pdf"))
    assert len(pdf) > 10
    width, height = pdf[0].get_size()
    assert width > height  # landscape
    first = page_text(pdf, 0)
    assert "Programme de travail révisé 2022-2025 du CTP et état d'avancement" in first
    assert "Synthèse de la session CTP-243-244" in first
    assert "94 activités : 42 dans un délai spécifique, 52 permanentes" in first
    assert "Activités en retard" in first and "Constats du contrôle des règles" in first
    assert "Page 1 sur" in first and "CTP-243-244" in first
    everything = " ".join(page_text(pdf, i) for i in range(len(pdf)))
    headings = ("I. Activités entreprises dans un délai spécifique", "II. Activités permanentes",
                "Niveau d'exécution", "Rouge", "Vert", "Bleu")  # fmt: skip
    for heading in headings:
        assert heading in everything
    # Every activity title is there (line breaks aside).
    flat = re.sub(r"\s+", " ", everything)
    for a in coloured.activities[:5] + coloured.activities[-5:]:
        assert a.title["fr"][:40] in flat


def test_pdf_pages_look_right(coloured):
    pdf = pdf_pages(render(coloured, "pdf"))
    summary = render_page(pdf, 0)
    colours = {summary.getpixel((x, y)) for x in range(0, summary.width, 2)
               for y in range(0, summary.height, 2)}  # fmt: skip
    for level in ("green", "blue", "red"):  # the execution-level chart's bars
        assert tuple(int(LEVEL_COLOURS[level][i : i + 2], 16) for i in (0, 2, 4)) in colours
    table_page = render_page(pdf, 1)
    ink = sum(1 for pixel in table_page.get_flattened_data() if pixel != (255, 255, 255))
    assert ink / (table_page.width * table_page.height) > 0.02  # a table, not a blank page


def test_pdf_in_english(coloured):
    pdf = pdf_pages(render(coloured, "pdf", lang="en"))
    first = page_text(pdf, 0)
    assert "Summary of session CTP-243-244" in first and "Page 1 of" in first
    assert "(presented to the PTC in April 2024)" in first


def test_html_is_self_contained_and_printable(coloured):
    page = render(coloured, "html").decode()
    assert page.startswith("<!DOCTYPE html>") and '<html lang="fr">' in page
    assert not re.search(r"(src|href)=\"https?://", page)
    assert page.count('<table class="programme">') == 2
    assert "@page" in page and "display: table-header-group" in page
    assert '<td class="level level-green">Vert</td>' in page
    assert page.count("<svg") == 3  # the charts, inline


def test_markdown_and_csv(coloured):
    markdown = render(coloured, "md").decode()
    assert markdown.startswith("# Programme de travail révisé 2022-2025 du CTP")
    assert markdown.count("\n## ") == 2
    assert "| 2. | A | Oui |" in markdown
    document = copy.deepcopy(coloured)
    activity(document, "I.5").title = {"fr": "=1+1"}
    rows = list(csv.reader(io.StringIO(render(document, "csv").decode("utf-8-sig"))))
    assert len(rows) == 1 + 94
    assert rows[0][:3] == ["Section", "N°", "Niveau de priorité"]
    assert rows[5][4] == "'=1+1"
    assert rows[2][12] == "Vert" and rows[2][13] == "Achevé"


def test_export_command_writes_every_format(imported, tmp_path):
    for name in ("docx", "pdf", "xlsx", "html", "md", "csv", "json"):
        path = tmp_path / f"out.{name}"
        call_command("export", "--format", name, "--lang", "en", "-o", str(path), stderr=StringIO())
        assert path.stat().st_size > 1000, name
    out = StringIO()
    call_command("export", "--format", "md", "--session", "CTP-243-244", stdout=out)
    assert out.getvalue().startswith("# Programme de travail")
    assert json.loads(render(load(imported), "json"))["format"] == "jalon.programme/2"
