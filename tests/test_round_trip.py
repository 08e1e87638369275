"""The Excel round trip of a reporting round: export, edit some statuses, import back.

A session document is one language's view: a cell left empty never clears what the
database holds (the other language least of all); an explicit marker does. The import
preview lists every change by activity and field, old → new."""

import io

import pytest
from openpyxl import load_workbook

from jalon.documents.formats import render
from jalon.documents.readers import read_xlsx
from jalon.interchange.store import load, store
from jalon.programmes.models import Programme
from jalon.reporting.models import StatusReport
from jalon.reporting.services import find_activity, set_status
from tests.test_web import signed_in

ROUND = "CTP-245-246"


@pytest.fixture
def translated(people):
    """The open round with an English status for the first 15 activities of section I."""
    programme = Programme.objects.get()
    for number in range(1, 16):
        activity = find_activity(f"I.{number}", programme)
        set_status(activity, activity.status_reports.get(session__code=ROUND).session,
                   text=f"English status of I.{number}.", lang="en")  # fmt: skip
    return programme


def english(programme) -> dict[int, str]:
    reports = StatusReport.objects.filter(session__code=ROUND, activity__section="time_bound")
    return dict(reports.values_list("activity__number", "text_en"))


def exported(programme, lang="fr"):
    return load_workbook(io.BytesIO(render(load(programme), "xlsx", ROUND, lang)))


def status_column(sheet) -> int:
    header = [cell.value or "" for cell in sheet[4]]
    return next(i for i, h in enumerate(header, 1) if h.startswith(("Etat", "État", "Status")))


def edited(workbook, rows: dict[int, str], column_of=status_column) -> bytes:
    sheet = workbook.worksheets[0]
    column = column_of(sheet)
    for number, value in rows.items():
        sheet.cell(row=4 + number, column=column).value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_editing_ten_french_statuses_in_excel_leaves_every_english_text_intact(translated):
    before = english(translated)
    changes = {n: f"En cours : révision {n} présentée en octobre 2024. Prochaine étape : juin 2025."
               for n in range(1, 11)}  # fmt: skip
    data = edited(exported(translated), changes)
    summary = store(read_xlsx("round.xlsx", data), "round.xlsx")
    assert english(translated) == before  # nothing emptied in the other language
    assert sum(1 for n in range(1, 16) if before[n]) == 15
    texts = StatusReport.objects.filter(session__code=ROUND, activity__section="time_bound")
    french = dict(texts.values_list("activity__number", "text_fr"))
    assert all(french[n] == changes[n] for n in changes)
    assert summary.changes == 10  # the session's dates are not the workbook's to change
    fields = [(c.ref, c.session, c.name) for c in summary.details]
    assert sorted(fields) == sorted((f"I.{n}", ROUND, "text_fr") for n in changes)
    first = next(c for c in summary.details if c.ref == "I.1")
    assert first.label == "status (French)"
    assert first.after == changes[1] and first.before and first.before != first.after


def test_an_empty_cell_keeps_the_text_and_the_marker_clears_it(translated):
    data = edited(exported(translated), {1: None, 2: "[vide]"})
    summary = store(read_xlsx("round.xlsx", data), "round.xlsx")
    chosen = StatusReport.objects.filter(
        session__code=ROUND, activity__section="time_bound", activity__number__in=[1, 2]
    )
    reports = {r.activity.number: r for r in chosen}
    assert reports[1].text_fr  # an empty cell never clears
    assert reports[2].text_fr == ""  # the marker does
    assert reports[2].text_en == "English status of I.2."  # and only in its language
    assert [(c.ref, c.name, c.after) for c in summary.details] == [("I.2", "text_fr", "")]


def test_an_english_workbook_changes_english_only(translated):
    french_before = dict(StatusReport.objects.filter(session__code=ROUND).values_list(
        "activity_id", "text_fr"))  # fmt: skip
    data = edited(exported(translated, "en"), {3: "In progress: revised in October 2024."})
    store(read_xlsx("round.xlsx", data), "round.xlsx")
    assert dict(StatusReport.objects.filter(session__code=ROUND).values_list(
        "activity_id", "text_fr")) == french_before  # fmt: skip
    assert english(translated)[3] == "In progress: revised in October 2024."


def test_the_import_preview_lists_every_change_old_and_new(people, translated, tmp_path):
    alice = signed_in(people["alice"])
    data = edited(exported(translated), {4: "Achevé : adopté en octobre 2024."})
    upload = tmp_path / "round.xlsx"
    upload.write_bytes(data)
    with upload.open("rb") as handle:
        page = alice.post("/import/", {"file": handle}).content.decode()
    assert "Achevé : adopté en octobre 2024." in page
    assert "status (French)" in page
    assert "I.4" in page
