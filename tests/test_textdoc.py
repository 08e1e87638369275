"""Reading the real document: golden expectations on every oddity of the export."""

import re

import pytest

from jalon.core.programme import DocumentError
from jalon.core.textdoc import continue_paragraphs, paragraphs, read_text
from tests.conftest import activity


def status_text(document, ref):
    (report,) = activity(document, ref).status_reports
    return report.text["fr"]


def test_reads_all_42_time_bound_and_52_permanent_activities(real_document):
    sections = [(a.section, a.number) for a in real_document.activities]
    assert [n for s, n in sections if s == "time_bound"] == list(range(1, 43))
    assert [n for s, n in sections if s == "permanent"] == list(range(1, 53))


def test_example_row_is_not_an_activity(real_document):
    titles = [a.title["fr"] for a in real_document.activities]
    assert not any(t[-31:] == "concernant le Guichet unique" for t in titles)
    assert activity(real_document, "II.1").title["fr"].startswith("Mener à bien des activités")


def test_programme_title_period_and_body(real_document):
    programme = real_document.programme
    assert programme.title == {"fr": "Programme de travail révisé 2022-2025 du CTP"}
    assert programme.period == (2022, 2025)
    assert programme.body == "CTP"


def test_presenting_session_is_ptc_243_244_and_frozen(real_document):
    (session,) = real_document.sessions
    assert session.id == "CTP-243-244"
    assert session.numbers == [243, 244]
    assert (session.start.isoformat(), session.end.isoformat()) == ("2024-04-23", "2024-04-26")
    assert session.frozen is True
    for a in real_document.activities:
        assert [r.session for r in a.status_reports] == ["CTP-243-244"]
        assert a.status_reports[0].keyword is None  # the document has no separate keyword
        assert a.status_reports[0].execution_level is None  # the colours were lost


def test_first_activity_fields(real_document):
    a = activity(real_document, "I.1")
    assert a.priority == "B"
    assert a.strategic_link is True
    assert a.strategic_codes == ["PS1"]
    assert (a.task_type, a.task_type_raw) == ("update", "Mise à jour")
    assert a.responsible_bodies == ["CTP", "CPG", "CONSEIL"]
    assert a.resources == {"fr": "Un agent de la Sous-direction de la facilitation"}
    assert a.deadline["fr"] == (
        "Printemps 2023, 2024 et 2025 (CTP) Juin 2023, juin 2024 et juin 2025 (CPG et Conseil)"
    )


def test_superscripts_become_plain_text(real_document):
    assert "la 4ème édition du Recueil" in status_text(real_document, "I.1")
    assert "Lors de ses 241ème / 242ème sessions" in status_text(real_document, "I.4")
    assert "Lors de la 63ème réunion de l'EPMD" in status_text(real_document, "II.16")
    deadline = activity(real_document, "I.25").deadline["fr"]
    assert deadline.endswith("(sous réserve de la décision prise lors de la 28ème réunion du GTS)")


def test_no_markup_survives_anywhere(real_document):
    for a in real_document.activities:
        texts = [*a.title.values(), *a.resources.values(), *a.kpi.values(), *a.deadline.values()]
        texts += [t for r in a.status_reports for t in r.text.values()]
        for text in texts:
            assert not re.search(r"<[a-zA-Z/]|\^\{", text), (a.ref, text[:80])


def test_paragraph_markup_becomes_paragraph_breaks(real_document):
    text = status_text(real_document, "I.2")
    assert text.split("\n\n")[0] == "Achevée."
    assert len(text.split("\n\n")) == 3
    assert text.split("\n\n")[1].startswith("Une lettre invitant les Membres")


def test_status_continued_after_a_page_header_is_a_new_paragraph(real_document):
    text = status_text(real_document, "II.9")
    assert text.startswith("Commerce électronique : Tous les experts pré-accrédités")
    parts = text.split("\n\n")
    assert parts[0].endswith("Conseillers techniques et opérationnels (CTO).")
    assert parts[1].startswith("Guichet unique : Deux experts pré-accrédités")
    assert parts[-1].startswith("Transit : Deux experts pré-accrédités spécialistes du transit")


def test_status_continued_after_a_separator_row_joins_the_broken_sentence(real_document):
    text = status_text(real_document, "II.12")
    assert text.endswith(
        "aux réunions sur l'Annexe D organisées par le MAFE de l'OMC."
    )  # two continuation rows, the second after a row of dashes
    assert "L'OMD a contribué en novembre 2022" in text
    text = status_text(real_document, "II.16")
    assert "conjointement avec l'ICC et le CODEX, concernant l'utilisation du MD" in text


def test_status_continued_twice_keeps_every_part_in_order(real_document):
    text = status_text(real_document, "II.25")
    first = text.index("La CPG a approuvé la création du Groupe de travail")
    middle = text.index("le CTP a été informé du rôle du Modèle de données de l'OMD dans")
    last = text.index("d'actualiser le document sur la Stratégie de l'OMD en matière de données")
    assert first < middle < last
    assert text.endswith(
        "le CTP sera invité à fournir des orientations sur la proposition de l'EPMD."
    )


def test_numbers_written_with_or_without_a_dot(real_document):
    for ref in ("I.16", "I.17", "I.18", "II.7", "II.51"):
        assert activity(real_document, ref).title["fr"]
    assert activity(real_document, "I.18").strategic_codes == ["FA3"]


def test_missing_priorities_are_none(real_document):
    missing = [a.ref for a in real_document.activities if a.priority is None]
    assert missing == ["I.22", "I.23", "I.24", "I.25", "I.27", "II.25"]


def test_strategic_link_oui_o_and_n(real_document):
    assert activity(real_document, "I.5").strategic_link is True  # "Oui"
    assert activity(real_document, "II.1").strategic_link is True  # "O"
    unlinked = [a.ref for a in real_document.activities if a.strategic_link is not True]
    assert unlinked == ["II.20"]  # "N"


def test_strategic_codes_with_every_separator_and_codes_outside_the_legend(real_document):
    assert activity(real_document, "I.9").strategic_codes == ["FA1", "FA2"]  # "FA1/FA2"
    assert activity(real_document, "I.33").strategic_codes == ["FA1", "PS1", "PS4"]  # spaces
    assert activity(real_document, "II.40").strategic_codes == ["ORG1", "PS1", "FA1"]  # commas
    assert activity(real_document, "I.30").strategic_codes == ["OS2"]  # kept as written
    assert activity(real_document, "I.35").strategic_codes == ["OS1", "FA2"]


@pytest.mark.parametrize(
    "ref, task_type, raw",
    [
        ("I.12", "update", "Mettre à jour"),
        ("I.29", "update", "Actualisation"),
        ("I.2", "maintenance", "Suivi"),
        ("I.4", "development", "Développement"),
    ],
)
def test_task_type_variants_normalised_and_kept_as_written(real_document, ref, task_type, raw):
    a = activity(real_document, ref)
    assert (a.task_type, a.task_type_raw) == (task_type, raw)


@pytest.mark.parametrize(
    "ref, bodies",
    [
        ("I.30", ["CTRO", "CTP", "EPMD"]),  # "CTRO avec le soutien du CTP, EPMD"
        ("I.39", ["CTP", "CPG", "CONSEIL"]),  # "CTP CPG Conseil"
        ("I.4", ["CTP", "CLF", "CSH", "CPG", "CONSEIL"]),  # "Commission de politique générale"
        ("I.16", ["CG/CKR", "CTP", "CONSEIL"]),
        ("II.4", ["CTP", "GTS", "CRC", "CONSEIL"]),  # "GT-SAFE"
        ("II.27", ["CTP", "CG/CKR", "CONSEIL"]),  # "Comité de gestion de la CKR"
        ("II.48", ["CG-ATA-ISTANBUL", "CTP", "CONSEIL"]),  # "PC à la Convention ATA"
    ],
)
def test_responsible_bodies_to_canonical_codes_lead_first(real_document, ref, bodies):
    assert activity(real_document, ref).responsible_bodies == bodies


def test_permanent_deadline_as_written(real_document):
    assert activity(real_document, "II.1").deadline == {"fr": "Travail continu"}
    assert activity(real_document, "II.23").deadline == {"fr": "Juin 2023"}


def test_continuation_joins_mid_sentence_only():
    parts = ["Fin de phrase."]
    continue_paragraphs(parts, ["suite en minuscule"])
    assert parts == ["Fin de phrase.", "suite en minuscule"]
    parts = ["coupé au milieu du"]
    continue_paragraphs(parts, ["texte.", "Nouveau paragraphe."])
    assert parts == ["coupé au milieu du texte.", "Nouveau paragraphe."]


def test_cell_cleaning_strips_markup_and_unescapes_entities():
    assert paragraphs("<p>R&amp;D <b>gras</b></p><p>243 ^{ème}</p>") == ["R&D gras", "243ème"]
    assert paragraphs("<script>alert(1)</script>texte") == ["texte"]


HEADER = (
    "N°\tNiveau de priorité\tLien avec le Plan stratégique\tActivités\tDélai\tEtat d'avancement"
)
PREAMBLE = "Programme de travail 2022-2025 du CTP\n(présenté au CTP en octobre 2023)\n"


def read(text: str):
    return read_text("prog.txt", text.encode())


def test_minimal_table_in_autumn_is_the_autumn_session():
    doc = read(PREAMBLE + "I. Activités\n" + HEADER + "\n1.\tA\tOui\tTitre\tJuin 2024\tEn cours.\n")
    assert doc.sessions[0].id == "CTP-241-242"
    assert doc.activities[0].status_reports[0].text == {"fr": "En cours."}


@pytest.mark.parametrize(
    "content, where, message",
    [
        ("", "", "empty"),
        ("   \n\n", "", "empty"),
        ("hello\nworld\n", "line 1", "no header row"),
        (PREAMBLE + "I. A\n" + HEADER + "\nX8\tA\tOui\tT\tD\tS\n", "line 5, column «N°»", "X8"),
        (
            PREAMBLE + "I. A\n" + HEADER + "\n1.\tD\tOui\tT\tD\tS\n",
            "line 5, column «Niveau de priorité»",
            "priority 'D'",
        ),
        (
            PREAMBLE + "I. A\n" + HEADER + "\n1.\tA\tPeut-être\tT\tD\tS\n",
            "line 5, column «Lien avec le Plan stratégique»",
            "Oui/Non",
        ),
        (PREAMBLE + HEADER + "\n1.\tA\tOui\tT\tD\tS\n", "line 4", "section heading"),
        ("1.\tA\tOui\tT\tD\tS\n", "line 1", "before any header"),
        (PREAMBLE + "I. A\n" + HEADER + "\n1.\tA\tOui\tT\tD\tS\tx\ty\n", "line 5", "8 cells"),
        (PREAMBLE + "I. A\n" + HEADER + "\n\t\t\t\t\tsuite\n", "line 5", "no activity precedes"),
        (
            PREAMBLE + "I. A\n" + HEADER + "\n1.\tA\tOui\tT\tD\tS\n1\tB\tOui\tU\tD\tS\n",
            "line 6",
            "I.1 appears twice (first on line 5)",
        ),
        ("I. A\n" + HEADER + "\n1.\tA\tOui\tT\tD\tS\n", "line 1", "no programme title"),
        (
            "Programme 2022-2025 du CTP\nI. A\n" + HEADER + "\n1.\tA\tOui\tT\tD\tS\n",
            "line 1",
            "for which session",
        ),
    ],
)
def test_bad_text_names_the_file_and_line(content, where, message):
    with pytest.raises(DocumentError) as caught:
        read(content)
    assert caught.value.source == "prog.txt"
    assert caught.value.where == where
    assert message in caught.value.message


def test_binary_and_non_utf8_content_are_refused_with_their_line():
    with pytest.raises(DocumentError, match=r"prog.bin: line 2: binary content"):
        read_text("prog.bin", b"PK\x03\x04\nab\x00cd")
    with pytest.raises(DocumentError, match=r"prog.txt: line 3: not UTF-8 text \(byte 0xe9\)"):
        read_text("prog.txt", b"a\nb\ncaf\xe9\n")
