"""The session document as a reader sees it: the PDF (and the Word file, laid out by
LibreOffice) measured page by page — what "checked by looking" found, kept out by tests.

Rules are read from the drawing itself: the table's vertical and horizontal lines are the
thin path objects of the page; text boxes are pdfium's character boxes.
"""

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from docx import Document

from jalon.core.textdoc import read_text
from jalon.documents.formats import render
from jalon.documents.labels import LABELS

RULE = 1.6  # points: thinner than this, a path is a table rule


@pytest.fixture(scope="module")
def programme(real_bytes):
    return read_text("ptc.txt", real_bytes)


@pytest.fixture(scope="module")
def pdf_fr(programme):
    return pypdfium2.PdfDocument(render(programme, "pdf", lang="fr"))


@pytest.fixture(scope="module")
def pdf_en(programme):
    return pypdfium2.PdfDocument(render(programme, "pdf", lang="en"))


@pytest.fixture(scope="module")
def word_fr_as_pdf(programme, tmp_path_factory):
    """The French Word file as LibreOffice lays it out (skipped where it is not installed)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("word")
    (folder / "fr.docx").write_bytes(render(programme, "docx", lang="fr"))
    command = [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(folder)]
    subprocess.run([*command, str(folder / "fr.docx")], check=True, capture_output=True,
                   timeout=600)  # fmt: skip
    return pypdfium2.PdfDocument((folder / "fr.pdf").read_bytes())


class Page:
    """One page: its characters with their boxes, and the table's rules."""

    def __init__(self, pdf, index):
        page = pdf[index]
        self.width, self.height = page.get_size()
        text = page.get_textpage()
        self.chars = []
        for i in range(text.count_chars()):
            char = text.get_text_range(i, 1)
            if char.strip():
                self.chars.append((char, *text.get_charbox(i)))  # left, bottom, right, top
        self.text = text.get_text_range()
        self.textpage = text
        self.vertical, self.horizontal = [], []
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=4):
            left, bottom, right, top = obj.get_bounds()
            if right - left < RULE and top - bottom > 4:
                self.vertical.append(((left + right) / 2, bottom, top))
            elif top - bottom < RULE and right - left > 4:
                self.horizontal.append(((bottom + top) / 2, left, right))

    def words_crossing_rules(self) -> list[str]:
        """Characters drawn across a vertical rule of the table: text outside its cell."""
        crossing = []
        for char, left, bottom, right, top in self.chars:
            for x, rule_bottom, rule_top in self.vertical:
                if left + 0.3 < x < right - 0.3 and rule_bottom < (bottom + top) / 2 < rule_top:
                    crossing.append(char + self.around(left, bottom, right, top))
        return crossing

    def around(self, left, bottom, right, top) -> str:
        return " …" + self.textpage.get_text_bounded(left - 30, bottom, right + 30, top) + "…"

    def heading_cells(self) -> list[str]:
        """The text of each cell of the table's first row (the headings), by column."""
        table_top = max(top for _, _, top in self.vertical)  # where the table's rules start
        below = sorted({round(y, 1) for y, _, _ in self.horizontal if y < table_top - 3},
                       reverse=True)  # fmt: skip
        row_bottom = below[0]
        columns = sorted({round(x, 1) for x, bottom, top in self.vertical
                          if bottom <= row_bottom + 1 and top >= table_top - 1})  # fmt: skip
        return [
            self.textpage.get_text_bounded(left, row_bottom, right, table_top)
            for left, right in zip(columns, columns[1:], strict=False)
        ]

    def lowest_text(self) -> float:
        """How far down the page the body text goes, from the top, as a share of the page
        (running headers and footers, in the margins, do not count)."""
        margin = 40  # points: the header's and footer's zones
        body = [bottom for _, _, bottom, _, top in self.chars
                if bottom > margin and top < self.height - margin]  # fmt: skip
        return max((self.height - bottom for bottom in body), default=0) / self.height

    def top_of(self, words: str) -> float | None:
        """Distance from the top of the page to these words (on one line), if there."""
        found = self.textpage.search(words).get_next()
        if found is None:
            return None
        left, bottom, right, top = self.textpage.get_charbox(found[0])
        return self.height - top


def pages(pdf) -> list[Page]:
    return [Page(pdf, i) for i in range(len(pdf))]


def heading_words(lang: str) -> set[str]:
    return {word for heading, _ in LABELS[lang]["columns"].values() for word in heading.split()}


def unbroken(cell: str, allowed: set[str]) -> bool:
    """Every word of a rendered heading cell is a whole heading word (footnote marks aside)."""
    words = [re.sub(r"\d+$", "", w) for w in cell.split()]
    return bool(words) and set(words) <= allowed


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pdf_text_stays_inside_its_cells(lang, request):
    pdf = request.getfixturevalue(f"pdf_{lang}")
    crossing = [
        (i + 1, c) for i, page in enumerate(pages(pdf)) for c in page.words_crossing_rules()
    ]
    assert pdf[1].get_textpage().count_chars() > 1000 and not crossing, crossing[:10]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pdf_headings_are_never_broken_inside_a_word(lang, request):
    pdf = request.getfixturevalue(f"pdf_{lang}")
    allowed = heading_words(lang)
    for index in (0, 1, len(pdf) - 1):  # section I's first page, a running page, section II
        cells = Page(pdf, index).heading_cells()
        assert len(cells) in (11, 12), (index, cells)
        for cell in cells:
            assert unbroken(cell, allowed), (index + 1, cell)


def test_pdf_title_block_running_header_and_page_numbers(pdf_fr, pdf_en):
    first = Page(pdf_fr, 0).text
    for words in ("ORGANISATION MONDIALE DES DOUANES", "World Customs Organization",
                  "COMITÉ TECHNIQUE PERMANENT", "Bruxelles, 23-26 avril 2024",
                  "Programme de travail 2022-2025 – CTP 243/244", "Original : français",
                  "Programme de travail révisé 2022-2025 du CTP et état d'avancement",
                  "(présenté au CTP en avril 2024)"):  # fmt: skip
        assert words in first, words
    assert "CTP-243-244" not in first and "Page 1" not in first  # the title block instead
    total = len(pdf_fr)
    for index in (1, total - 1):
        page = Page(pdf_fr, index)
        header = page.textpage.get_text_bounded(0, page.height - 60, page.width, page.height)
        assert "Programme de travail 2022-2025 – CTP 243/244" in header
        assert f"Page {index + 1} / {total}" in header
    english = Page(pdf_en, 0).text
    for words in ("WORLD CUSTOMS ORGANIZATION", "Organisation mondiale des douanes",
                  "PERMANENT TECHNICAL COMMITTEE", "Original: French", "Brussels"):  # fmt: skip
        assert words in english, words
    assert "243rd and 244th Sessions" in re.sub(r"(\d+)\s*(rd|th)", r"\1\2", english)
    page = Page(pdf_en, 2)
    assert f"Page 3 / {len(pdf_en)}" in page.text


def test_pdf_footnotes_sit_under_each_sections_headings(pdf_fr):
    everything = pages(pdf_fr)
    first = everything[0]
    section_one_table = first.top_of("I. Activités entreprises dans un délai spécifique")
    note_one = first.top_of("Le Plan stratégique se concentre sur un nombre limité")
    note_seven = first.top_of("Le niveau d'exécution est un code couleur")
    assert section_one_table is not None and note_one is not None and note_seven is not None
    assert section_one_table < note_one < note_seven
    assert note_one > 0.6 * first.height  # at the foot of the page
    (second,) = [p for p in everything if "II. Activités permanentes" in p.text]
    note_eight = second.top_of("En cas d'activité permanente, il y a lieu")
    assert note_eight is not None and note_eight > second.top_of("II. Activités permanentes")
    # Each note once, not on every page.
    assert sum("Le Plan stratégique se concentre" in p.text for p in everything) == 1


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pdf_pages_are_at_least_half_full_but_the_last(lang, request):
    everything = pages(request.getfixturevalue(f"pdf_{lang}"))
    sparse = [i + 1 for i, page in enumerate(everything[:-1]) if page.lowest_text() < 0.5]
    assert len(everything) > 10 and not sparse


def test_pdf_section_heading_is_never_alone_at_the_foot_of_a_page(pdf_fr):
    for page in pages(pdf_fr):
        top = page.top_of("II. Activités permanentes")
        if top is not None:
            assert top < 0.8 * page.height
            below = page.textpage.get_text_bounded(0, 0, page.width, page.height - top)
            assert "Organe" in below and "responsable" in below  # the table's headings


def test_pdf_superscripts_and_no_markup(pdf_fr):
    text = " ".join(p.text for p in pages(pdf_fr)).replace("\ufffe\r\n", "")
    assert "^" not in text and "<p>" not in text
    assert re.search(r"Organiser la 3\s*e\s+Con", text)


def test_pdf_prints_text_as_written_never_as_typesetting_markup(real_document):
    """The PDF's template places every text as a string: Typst markup, code and control
    characters in the data print as themselves (or are dropped), and an unbreakable
    word or a long address stays inside its cell."""
    written = {
        "I.4": '#set page(width: 1pt) ] [ *gras* _x_ $x^2$ <lab> @ref // note \\ "q"',
        "I.5": "x\x0by\x0cz w \u202eRTL 😀",
        "I.6": "Anticonstitutionnellement" * 6,
        "I.7": "https://www.wcoomd.org/fr/topics/facilitation/instrument-and-tools/"
        "frameworks-of-standards/safe_package.aspx?x=1",
    }
    for activity in real_document.activities:
        if activity.ref in written:
            activity.title = {"fr": written[activity.ref]}
    pdf = pypdfium2.PdfDocument(render(real_document, "pdf", lang="fr"))
    everything = pages(pdf)
    text = re.sub(r"\s+|\ufffe", "", " ".join(page.text for page in everything))
    assert re.sub(r"\s+", "", written["I.4"]) in text
    assert len(everything) > 10  # `#set page(width: 1pt)` did not apply
    crossing = [
        (i + 1, c) for i, page in enumerate(everything) for c in page.words_crossing_rules()
    ]
    assert not crossing, crossing[:5]


def test_word_laid_out_by_libreoffice_keeps_text_in_cells_and_headings_whole(word_fr_as_pdf):
    everything = pages(word_fr_as_pdf)
    crossing = [
        (i + 1, c) for i, page in enumerate(everything) for c in page.words_crossing_rules()
    ]
    assert not crossing, crossing[:10]
    allowed = heading_words("fr")
    for index in (0, 1):
        for cell in everything[index].heading_cells():
            assert unbroken(cell, allowed), (index + 1, cell)
    first = everything[0].text
    assert "ORGANISATION MONDIALE DES DOUANES" in first and "Original : français" in first
    assert "Le Plan stratégique se concentre" in first  # footnote 1, under the headings
    second = everything[1]
    header = second.textpage.get_text_bounded(0, second.height - 60, second.width, second.height)
    assert "Programme de travail 2022-2025 – CTP 243/244" in header
    assert f"Page 2 / {len(everything)}" in header
    sparse = [i + 1 for i, page in enumerate(everything[:-1]) if page.lowest_text() < 0.5]
    assert not sparse


def test_word_properties_and_hyphenation(programme):
    word = Document(io.BytesIO(render(programme, "docx", lang="en")))
    properties = word.core_properties
    assert properties.author == "World Customs Organization"
    assert properties.title == "PTC work programme 2022-2025 and status report"
    assert properties.created.year >= 2025


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _suppressed(paragraph) -> bool:
    return paragraph.find(f"{W}pPr/{W}suppressAutoHyphens") is not None


@pytest.mark.parametrize("lang, tag", [("fr", "fr-FR"), ("en", "en-GB")])
def test_word_hyphenates_body_text_in_its_language_and_never_headings(programme, lang, tag):
    """What makes Word and LibreOffice hyphenate: the document's setting, the language of
    the text (the document's by default, the original's on a run left untranslated) and no
    paragraph opting out, but every heading does."""
    word = Document(io.BytesIO(render(programme, "docx", lang=lang)))
    settings = word.settings.element
    assert settings.find(f"{W}autoHyphenation").get(f"{W}val") == "true"
    assert settings.find(f"{W}doNotHyphenateCaps") is None
    styles = word.styles.element
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert defaults.get(f"{W}val") == tag
    assert not styles.findall(f".//{W}suppressAutoHyphens")  # no style opts out
    assert settings.find(f"{W}themeFontLang").get(f"{W}val") == tag

    body = word.element.body
    title, *_ = body.findall(f"{W}p")
    assert _suppressed(title)
    section_headings = [p for p in body.findall(f"{W}p") if p.findall(f".//{W}b")]
    assert len(section_headings) >= 3 and all(map(_suppressed, section_headings))
    header_paragraphs = [
        *word.sections[0].first_page_header._element.iter(f"{W}p"),
        *word.sections[0].header._element.iter(f"{W}p"),
    ]
    texts = [p for p in header_paragraphs if "".join(p.itertext()).strip()]
    assert len(texts) >= 5 and all(map(_suppressed, texts))

    body_paragraphs, heading_cells = 0, 0
    for table in word.tables:
        for row in table._tbl.tr_lst:
            heading_row = row.find(f"{W}trPr/{W}tblHeader") is not None
            for cell in row.tc_lst:
                for paragraph in cell.findall(f"{W}p"):
                    if not "".join(paragraph.itertext()).strip():
                        continue
                    if heading_row:
                        heading_cells += 1
                        assert _suppressed(paragraph), "".join(paragraph.itertext())
                    elif cell.find(f"{W}tcPr/{W}shd") is None:  # not a level's shaded cell
                        body_paragraphs += 1
                        assert not _suppressed(paragraph), "".join(paragraph.itertext())
    assert heading_cells == sum(len(s.headings) for s in _report(programme, lang).sections)
    assert body_paragraphs > 500
    run_languages = {e.get(f"{W}val") for e in body.iter(f"{W}lang")}
    # An untranslated French original in the English document is hyphenated as French.
    assert run_languages == ({"fr-FR"} if lang == "en" else set())


def _report(programme, lang):
    from jalon.documents.report import build_report

    return build_report(programme, None, lang)


HTML_CHECK = Path(__file__).resolve().parent.parent / "tools" / "html-check"


def nu_validator() -> str:
    """vnu.jar: JALON_VNU_JAR, else the npm package installed (npm ci) into
    tools/html-check/ on first use."""
    if shutil.which("java") is None:
        pytest.skip("java is not installed: cannot run the Nu HTML checker")
    if jar := os.environ.get("JALON_VNU_JAR"):
        return jar
    jar = HTML_CHECK / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if not jar.exists():
        if shutil.which("npm") is None:
            pytest.skip("npm is not installed: cannot install the Nu HTML checker")
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--prefix", str(HTML_CHECK)],
                       check=True, capture_output=True, timeout=600)  # fmt: skip
    return str(jar)


def test_html_passes_the_nu_validator(programme, tmp_path):
    """The Nu HTML checker, errors only, on the French and English pages, with and
    without the annex."""
    jar = nu_validator()
    pages = []
    for lang in ("fr", "en"):
        for annex in (False, True):
            path = tmp_path / f"{lang}-{annex}.html"
            path.write_bytes(render(programme, "html", lang=lang, annex=annex))
            pages.append(str(path))
    result = subprocess.run(["java", "-jar", jar, "--errors-only", *pages],
                            capture_output=True, text=True, timeout=600)  # fmt: skip
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr[:2000]
