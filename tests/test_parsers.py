"""The pure parsers of the programme's columns, on every distinct string of the real document."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jalon.core.bodies import BODIES, parse_responsible
from jalon.core.deadlines import parse_deadline
from jalon.core.resources import parse_resources
from jalon.core.status import stated_keyword, suggest_level
from jalon.core.textdoc import plain
from jalon.core.vocabulary import parse_strategic_codes, parse_task_type
from tests.conftest import REAL_DOCUMENT


def column(index: int) -> set[str]:
    """Every distinct value of a column of the real document's activity rows."""
    values = set()
    for line in REAL_DOCUMENT.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) >= 11 and cells[0][:1].isdigit():
            values.add(plain(cells[index]))
    return values


# Every deadline of the document -> (due date, number of milestones); None: continuous.
DEADLINES = {
    "Printemps 2023, 2024 et 2025 (CTP) Juin 2023, juin 2024 et juin 2025 (CPG et Conseil)":
        ("2025-06-30", 6),
    "Printemps 2023 (CTP) Juin 2023 (CPG et Conseil)": ("2023-06-30", 2),
    "Printemps/automne 2023 et 2024, Printemps 2025 (CTP)": ("2025-05-08", 5),
    "Automne 2023 (CTP) Juin 2024 (Conseil)": ("2024-06-29", 2),
    "Printemps 2023 (CTP)": ("2023-04-27", 1),
    "Automne 2023 (CTP)": ("2023-10-26", 1),
    "Printemps 2024 (CTP) Juin 2024 (Conseil)": ("2024-06-29", 2),
    "Printemps 2025 (CTP) Juin 2025 (Conseil)": ("2025-06-30", 2),
    "Automne 2025 (CTP)": ("2025-11-30", 1),
    "Printemps 2023 (CTP) Juin 2023 (Conseil)": ("2023-06-24", 2),
    "Automne 2024 (CTP) Juin 2025 (Conseil)": ("2025-06-30", 2),
    "CTP printemps 2025 Juin 2025 (Conseil)": ("2025-06-30", 2),
    "Une fois par an au CTP Juin 2023, juin 2024, (Conseil)": ("2024-06-29", 2),
    "2023 (CTP)": ("2023-12-31", 1),
    "Printemps 2025 (CTP) Juin 2025 (CPG et Conseil)": ("2025-06-30", 2),
    "Printemps 2025 (CTP) Juin 2025 (CPG et Conseil) (sous réserve de la décision prise "
    "lors de la 28ème réunion du GTS)": ("2025-06-30", 2),
    "Printemps 2024 (CTP) Juin 2024 (CPG et Conseil)": ("2024-06-30", 2),
    "Mi-2024 Juin 2024 (Conseil)": ("2024-07-31", 2),
    "Juin 2023": ("2023-06-30", 1),
    "Juin 2024": ("2024-06-30", 1),
    "Juin 2026": ("2026-06-30", 1),
    "Décembre 2024": ("2024-12-31", 1),
    "Décembre 2026": ("2026-12-31", 1),
    "Octobre 2024 (CTP) Juin 2025 (Conseil)": ("2025-06-30", 2),
    "Avril 2025 (CTP) Juin 2025 (CPG)": ("2025-06-30", 2),
    "Avril 2025 (CTP) Juin 2025 (Conseil)": ("2025-06-30", 2),
    "Travail continu": None,
}  # fmt: skip


def test_the_table_covers_every_deadline_of_the_document():
    assert column(9) == set(DEADLINES)


@pytest.mark.parametrize("text, expected", DEADLINES.items())
def test_every_deadline_of_the_document_is_understood(text, expected):
    deadline = parse_deadline(text)
    assert deadline is not None
    if expected is None:
        assert deadline.continuous and deadline.due is None
        return
    due, count = expected
    assert deadline.due == date.fromisoformat(due)
    assert len(deadline.milestones) == count
    assert all(m.start <= m.end for m in deadline.milestones)


def test_deadline_milestones_carry_their_bodies_and_calendar_dates():
    d = parse_deadline("Automne 2024 (CTP) Juin 2025 (Conseil)")
    assert [m.to_dict() for m in d.milestones] == [
        {"bodies": ["CTP"], "start": "2024-09-01", "end": "2024-11-30"},  # dates not published
        {"bodies": ["CONSEIL"], "start": "2025-06-01", "end": "2025-06-30"},
    ]
    spring = parse_deadline("Printemps 2024 (CTP)").milestones[0]
    assert (spring.start, spring.end) == (date(2024, 4, 23), date(2024, 4, 26))  # 243rd/244th
    prefixed = parse_deadline("CTP printemps 2025 Juin 2025 (Conseil)").milestones
    assert [m.bodies for m in prefixed] == [["CTP"], ["CONSEIL"]]
    mid = parse_deadline("Mi-2024 Juin 2024 (Conseil)").milestones
    assert [m.bodies for m in mid] == [[], ["CONSEIL"]]
    yearly = parse_deadline("Une fois par an au CTP Juin 2023, juin 2024, (Conseil)")
    assert yearly.recurring == ["CTP"]
    assert [m.bodies for m in yearly.milestones] == [["CONSEIL"], ["CONSEIL"]]
    conditional = parse_deadline(
        "Printemps 2025 (CTP) Juin 2025 (CPG et Conseil) (sous réserve de la décision)"
    )
    assert conditional.condition == "(sous réserve de la décision)"


def test_english_deadlines_are_understood():
    d = parse_deadline("Spring 2025 (PTC) June 2025 (Policy Commission and Council)")
    assert [m.bodies for m in d.milestones] == [["CTP"], ["CPG", "CONSEIL"]]
    assert parse_deadline("Ongoing work").continuous


@pytest.mark.parametrize(
    "text",
    ["", "Bientôt", "Quand possible (CTP)", "Juin 2025 (XYZ)", "Juin 2025 (CTP", "2025 peut-être"],
)
def test_deadlines_not_understood_are_none_never_a_guess(text):
    assert parse_deadline(text) is None


seasons = st.sampled_from(["Printemps", "Automne", "Spring", "Autumn"])
months = st.sampled_from(["Janvier", "juin", "Décembre", "October", "mars"])
years = st.integers(2015, 2035)
bodies = st.sampled_from(["CTP", "Conseil", "CPG et Conseil", "CTRO", "PTC"])


@given(st.lists(st.tuples(st.one_of(seasons, months), years, bodies), min_size=1, max_size=4))
def test_any_sequence_of_dated_milestones_is_understood(items):
    text = " ".join(f"{when} {year} ({body})" for when, year, body in items)
    deadline = parse_deadline(text)
    assert deadline is not None, text
    assert len(deadline.milestones) == len(items)
    assert deadline.due == max(m.end for m in deadline.milestones)
    assert sorted(m.start.year for m in deadline.milestones) == sorted(y for _, y, _ in items)
    assert all(m.bodies for m in deadline.milestones)


# Every resources string of the document -> (fte_min, fte_max); None: no count given.
RESOURCES = {
    "Un agent de la Sous-direction de la facilitation": (1, 1),
    "Deux agents de la Sous-direction de la facilitation": (2, 2),
    "Un/deux agent(s) de l'Unité de recherche, un/deux agent(s) de la Sous-direction de la "
    "facilitation, un/deux agent(s) de la Sous-direction du contrôle et un/deux agent(s) de la "
    "Direction des questions tarifaires et commerciales": (4, 8),
    "Un/deux agent(s) de la Sous-direction de la facilitation, un/deux agent(s) de la "
    "Sous-direction du contrôle et un/deux agent(s) de la Direction des questions tarifaires "
    "et commerciales": (3, 6),
    "Un/deux agent(s) de la Sous-direction de la facilitation et les Membres intéressés": (1, 2),
    "Deux agents de la Sous-direction de la facilitation et les Membres intéressés": (2, 2),
    "Un/deux agent(s) de la Sous-direction de la facilitation": (1, 2),
    "2,5 agents de la Sous-direction de la facilitation": (2.5, 2.5),
    "Un/deux agent(s) agents de la Sous-direction de la facilitation": (1, 2),
    "Un/deux agent(s) de la Sous-direction de la facilitation et un agent du SIT": (2, 3),
    "Deux/trois agent(s) de la Sous-direction de la facilitation et un/deux agent(s) du "
    "SIT.": (3, 5),
    "Deux/trois agents de la Sous-direction de la facilitation et deux/trois agents de l'Unité "
    "événements": (4, 6),
    "Trois agents de la Sous-direction de la facilitation": (3, 3),
    "Trois agents de la Sous-direction de la facilitation et deux agents de l'Unité "
    "événements": (5, 5),
    "Équipe en charge du projet COVID-19": None,
    "Équipe en charge du Projet COVID-19": None,
    "Un/deux agent(s) agents de la Sous-direction de la facilitation et les Membres "
    "intéressés": (1, 2),
    "Fonctionnaires de la Sous-Direction de l'Origine et de la Sous-Direction Facilitation et "
    "Membres intéressés": None,
    "Fonctionnaires de la Sous-Direction de l'Origine": None,
    "Un/deux fonctionnaires, un responsable de projet et un assistant de projet de la "
    "Sous-Direction Facilitation": (3, 4),
    "Un/deux fonctionnaires de la Sous-Direction Facilitation": (1, 2),
    "Trois fonctionnaires de la Sous-Direction Facilitation": (3, 3),
    "Fonctionnaires de la Sous-Direction de l'Origine et de la Sous-Direction Facilitation": None,
    "Deux/trois fonctionnaires de la Sous-Direction Facilitation et un/deux fonctionnaires de "
    "l'équipe CLiKC!, DRC": (3, 5),
    "Deux/trois fonctionnaires de la Sous-Direction Facilitation": (2, 3),
    "Un fonctionnaire de la Sous-Direction Facilitation": (1, 1),
    "0,5 agent de la Sous-direction de la facilitation": (0.5, 0.5),
    "Un/deux agent(s) de la Sous-direction de la facilitation et un/deux agent(s) de la "
    "Direction du renforcement des capacités": (2, 4),
    "Un/deux agent(s) de la Sous-direction de la facilitation et un/deux agent(s) de la "
    "Sous-direction du contrôle": (2, 4),
    "Un agent de l'Unité de recherche et un agent de la Sous-direction de la facilitation": (2, 2),
    "0,5 agent de la Direction du renforcement des capacités": (0.5, 0.5),
    "0,5 agent de la Sous-direction du contrôle": (0.5, 0.5),
    "1 agent de la Sous-direction des procédures et de la facilitation, 1 agent de la Direction "
    "du renforcement des capacités": (2, 2),
    "0,5 agent de la Direction du renforcement des capacités 1,5 agent de la Sous-direction de "
    "la facilitation 0,5 agent de la Sous-direction du contrôle": (2.5, 2.5),
}  # fmt: skip


def test_the_table_covers_every_resources_string_of_the_document():
    assert column(7) == set(RESOURCES)


@pytest.mark.parametrize("text, expected", RESOURCES.items())
def test_every_resources_string_of_the_document_is_read(text, expected):
    resources = parse_resources(text)
    assert resources is not None and resources.units
    assert (resources.fte_min, resources.fte_max) == (expected or (None, None))


def test_resources_units_are_named_without_their_article():
    r = parse_resources(
        "1 agent de la Sous-direction des procédures et de la facilitation, "
        "1 agent de la Direction du renforcement des capacités"
    )
    assert r.units == [
        "Sous-direction des procédures et de la facilitation",
        "Direction du renforcement des capacités",
    ]
    assert parse_resources("Un agent de l'Unité de recherche").units == ["Unité de recherche"]
    assert parse_resources("Deux agents de la Sous-direction et les Membres intéressés").others == [
        "les Membres intéressés"
    ]


@pytest.mark.parametrize("text", ["", "À déterminer", "Budget ordinaire"])
def test_resources_not_understood_are_none(text):
    assert parse_resources(text) is None


counts = st.sampled_from([("Un", 1), ("deux", 2), ("Trois", 3), ("0,5", 0.5), ("2,5", 2.5)])
units = st.sampled_from(["la Sous-direction du contrôle", "l'Unité de recherche", "du SIT"])


@given(st.lists(st.tuples(counts, counts, units), min_size=1, max_size=4))
def test_staff_counts_add_up(parts):
    text = " et ".join(
        f"{low[0]}/{high[0]} agent(s) de {unit}" if low != high else f"{low[0]} agent(s) de {unit}"
        for low, high, unit in parts
    )
    r = parse_resources(text)
    assert r.fte_min == pytest.approx(sum(min(lo[1], hi[1]) for lo, hi, _ in parts))
    assert r.fte_max == pytest.approx(sum(max(lo[1], hi[1]) for lo, hi, _ in parts))


def test_every_responsible_string_resolves_to_registered_bodies():
    known = {b.code for b in BODIES}
    for text in column(6):
        codes = parse_responsible(text)
        assert codes and set(codes) <= known, text


@given(st.lists(st.sampled_from(BODIES), min_size=1, max_size=5, unique=True), st.booleans())
def test_bodies_written_any_known_way_resolve_in_order(chosen, english):
    written = [b.acronym_en if english else b.name_fr for b in chosen]
    assert parse_responsible(", ".join(written)) == [b.code for b in chosen]


@pytest.mark.parametrize(
    "text, codes",
    [("PS1", ["PS1"]), ("FA1/FA2", ["FA1", "FA2"]), ("ORG1, PS1, FA1", ["ORG1", "PS1", "FA1"]),
     ("PS2 PS5", ["PS2", "PS5"]), ("SP5", ["PS5"]), ("OS2", ["OS2"]), ("XY9", ["XY9"]), ("", [])],
)  # fmt: skip
def test_strategic_codes(text, codes):
    assert parse_strategic_codes(text) == codes


def test_every_task_type_of_the_document_is_known():
    assert {t: parse_task_type(t) for t in column(5)} == {
        "Suivi": "maintenance", "Mise à jour": "update", "Mettre à jour": "update",
        "Actualisation": "update", "Développement": "development",
    }  # fmt: skip


@pytest.mark.parametrize(
    "text, keyword",
    [
        ("Achevée. Le rapport a été publié.", "completed"),
        ("Achevés : les deux documents.", "completed"),
        ("Completed. The report was published in June 2023.", "completed"),
        ("En cours.", "in_progress"),
        ("Statut : en cours. Prochaine réunion en 2025.", "in_progress"),
        ("Reportée.", "postponed"),
        ("Reportés - faute de financement.", "postponed"),
        ("Pas encore commencé.", "not_started"),
        ("Non commencée.", "not_started"),
        ("Not yet started.", "not_started"),
        ("La possibilité de soutenir financièrement cette activité est en cours d'examen.", None),
        ("Le rapport est achevé depuis juin.", None),
    ],
)
def test_stated_keyword(text, keyword):
    assert stated_keyword(text) == keyword


@pytest.mark.parametrize(
    "text, level, basis",
    [
        ("Achevée. Tout est fait.", "green", "keyword"),
        ("Reporté à 2025.", "red", "keyword"),
        ("La seconde étape débutera une fois atteints les résultats.", "red", "text"),
        ("Il est prévu de démarrer cette activité en juin 2024.", "red", "text"),
        ("Les Orientations seront actualisées en temps voulu.", "red", "text"),
        ("Le projet a débuté le 11 décembre 2023.", "blue", "text"),
        ("Un projet sera présenté au CTP en avril 2024.", "blue", "text"),
    ],
)
def test_suggested_level(text, level, basis):
    suggestion = suggest_level(text)
    assert (suggestion.execution_level, suggestion.basis) == (level, basis)


def test_no_suggestion_for_an_empty_status():
    assert suggest_level("") is None
