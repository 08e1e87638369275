"""The jalon.programme/1 JSON format: exact round trip and clear errors (no database)."""

import json

import pytest
from hypothesis import given, settings

from jalon.core import interchange
from jalon.core.programme import DocumentError
from tests.strategies import programmes


def test_real_document_survives_the_json_round_trip(real_document):
    text = interchange.dumps(real_document)
    assert interchange.loads("export.json", text.encode()) == real_document


def test_export_has_the_fields_of_the_design(real_document):
    data = json.loads(interchange.dumps(real_document))
    assert data["format"] == "jalon.programme/2"
    assert data["programme"] == {
        "body": "CTP",
        "title": {"fr": "Programme de travail révisé 2022-2025 du CTP"},
        "period": [2022, 2025],
    }
    assert data["sessions"] == [
        {
            "id": "CTP-243-244",
            "body": "CTP",
            "numbers": [243, 244],
            "start": "2024-04-23",
            "end": "2024-04-26",
            "frozen": True,
        }
    ]
    first = data["activities"][0]
    assert list(first) == [
        "section", "number", "priority", "strategic_link", "title", "strategic_codes",
        "task_type", "task_type_raw", "responsible_bodies", "responsible_raw", "resources",
        "resources_parsed", "kpi", "deadline", "deadline_parsed", "status_reports",
    ]  # fmt: skip
    assert "en" not in first["title"]  # a missing translation is absent, never a copy


@settings(max_examples=60, deadline=None)
@given(programmes())
def test_any_programme_survives_the_json_round_trip(document):
    assert interchange.loads("x.json", interchange.dumps(document).encode()) == document


@pytest.mark.parametrize(
    "mutate, where, message",
    [
        (lambda d: d.update(format="other/1"), "format", "jalon.programme/2"),
        (lambda d: d["activities"][3].update(priority="D"), "activities[3].priority", "'D'"),
        (lambda d: d["activities"][0].pop("section"), "activities[0]", "'section'"),
        (lambda d: d["activities"][1]["title"].update(de="Titel"), "activities[1].title.de", "de"),
        (lambda d: d["sessions"][0].update(start="April"), "sessions[0].start", "April"),
        (lambda d: d["activities"][2].update(number=0), "activities[2].number", "minimum"),
        (lambda d: d["activities"][5].update(kpi={"fr": "a\x00b"}), "activities[5].kpi.fr", "NUL"),
        (lambda d: d["sessions"][0].update(end="2024-02-30"), "sessions[0].end", "not a 'date'"),
        (lambda d: d.update(comment="x"), "comment", "unknown key 'comment'"),
        (lambda d: d["programme"].update(titel={}), "programme.titel", "did you mean 'title'?"),
        (
            lambda d: d["activities"][0]["status_reports"][0].update(lang="fr"),
            "activities[0].status_reports[0].lang",
            "unknown key 'lang'",
        ),
        (
            lambda d: d["activities"][0]["deadline_parsed"].update(due="soon"),
            "activities[0].deadline_parsed.due",
            "not a 'date'",
        ),
        (
            lambda d: d["activities"][0]["resources_parsed"].update(fte_min="one"),
            "activities[0].resources_parsed.fte_min",
            "'one'",
        ),
        (
            lambda d: d["activities"].append(dict(d["activities"][4])),
            "activities[94]",
            "appears twice (also activities[4])",
        ),
        (lambda d: d["sessions"].append(dict(d["sessions"][0])), "sessions[1].id", "twice"),
        (
            lambda d: d["activities"][2]["status_reports"].append({"session": "CTP-243-244"}),
            "activities[2].status_reports[1].session",
            "a second status for session CTP-243-244",
        ),
    ],
)
def test_invalid_json_names_the_path_at_fault(real_document, mutate, where, message):
    data = interchange.to_dict(real_document)
    mutate(data)
    with pytest.raises(DocumentError) as caught:
        interchange.loads("bad.json", json.dumps(data).encode())
    assert (caught.value.source, caught.value.where) == ("bad.json", where)
    assert message in caught.value.message


def test_a_typo_in_a_key_is_refused_with_its_path(real_document):
    """`priorty` used to import silently as "no priority"."""
    data = interchange.to_dict(real_document)
    data["activities"][3]["priorty"] = data["activities"][3].pop("priority")
    with pytest.raises(DocumentError) as caught:
        interchange.loads("typo.json", json.dumps(data).encode())
    assert str(caught.value) == (
        "typo.json: activities[3].priorty: unknown key 'priorty'; did you mean 'priority'?"
    )


def test_malformed_json_names_line_and_column():
    with pytest.raises(DocumentError, match=r"bad.json: line 2, column 3: invalid JSON"):
        interchange.loads("bad.json", b'{"format":\n  oops}')
