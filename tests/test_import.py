"""Storing programmes in the database: import, re-import, round trip, failures change nothing."""

import copy
import json
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from hypothesis import HealthCheck, given, settings

from jalon.core import interchange
from jalon.core.programme import DocumentError, SessionData, StatusReportData
from jalon.interchange.store import load, store
from jalon.programmes.models import Activity, Body, Programme
from jalon.reporting.models import FrozenSessionError, Session, StatusReport
from tests.conftest import REAL_DOCUMENT, activity, without_ids
from tests.strategies import programmes


def export_json() -> str:
    return interchange.dumps(load(Programme.objects.get()))


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def empty_the_database():
    """What an administrator must do to throw presented records away."""
    admin = get_user_model().objects.get_or_create(username="root", is_superuser=True)[0]
    for session in Session.objects.frozen():
        session.unfreeze(admin, "test: start from an empty database")
    Programme.objects.all().delete()
    Session.objects.all().delete()


def test_import_stores_the_94_activities_and_their_frozen_statuses(imported):
    assert Activity.objects.time_bound().count() == 42
    assert Activity.objects.permanent().count() == 52
    session = Session.objects.get()
    assert (session.code, session.frozen) == ("CTP-243-244", True)
    assert StatusReport.objects.for_session(session).count() == 94
    i30 = Activity.objects.with_bodies().get(section="time_bound", number=30)
    assert i30.responsible_codes() == ["CTRO", "CTP", "EPMD"]
    assert i30.strategic_codes == ["OS2"]


def test_import_command_reports_changes_then_zero_on_reimport(db):
    first = run("import", str(REAL_DOCUMENT))
    assert "94 activities read" in first
    assert "94 activities added" in first and "94 status reports added" in first
    before = export_json()
    assert run("import", str(REAL_DOCUMENT)).rstrip().endswith("; 0 changes")
    assert export_json() == before


def test_export_then_import_into_an_empty_database_gives_the_same_export(imported, tmp_path):
    exported = export_json()
    path = tmp_path / "backup.json"
    path.write_text(exported, encoding="utf-8")
    empty_the_database()
    run("import", str(path))
    assert export_json() == exported
    assert run("import", str(path)).rstrip().endswith("0 changes")


def test_importing_its_own_json_over_the_text_import_changes_nothing(imported, tmp_path):
    path = tmp_path / "programme.json"
    run("export", "--format", "json", "-o", str(path))
    assert run("import", str(path)).rstrip().endswith("0 changes")


def test_export_of_the_real_document_is_the_document_read(imported, real_document):
    assert without_ids(load(imported)) == real_document


def test_changed_document_updates_only_what_changed(imported, real_document):
    changed = copy.deepcopy(real_document)
    activity(changed, "I.3").priority = "C"
    activity(changed, "II.4").responsible_bodies = ["GTS", "CTP"]
    summary = store(changed)
    assert str(summary) == "2 changes (2 activities updated)"
    assert Activity.objects.get(section="time_bound", number=3).priority == "C"
    assert without_ids(load(imported)) == changed


def test_new_activity_is_added_without_touching_the_others(imported, real_document):
    changed = copy.deepcopy(real_document)
    extra = copy.deepcopy(activity(changed, "I.42"))
    extra.number, extra.status_reports = 43, []
    changed.activities.insert(42, extra)
    assert str(store(changed)) == "1 change (1 activity added)"
    assert without_ids(load(imported)) == changed


def test_a_frozen_status_cannot_be_changed_by_import(imported, real_document):
    before = export_json()
    changed = copy.deepcopy(real_document)
    activity(changed, "I.8").status_reports[0].text = {"fr": "Achevé."}
    with pytest.raises(DocumentError, match=r"I\.8 in frozen session CTP-243-244 would change"):
        store(changed, "changed.txt")
    assert export_json() == before


def test_an_activity_with_a_frozen_status_is_not_deleted(imported, real_document):
    before = export_json()
    changed = copy.deepcopy(real_document)
    changed.activities = [a for a in changed.activities if a.ref != "II.52"]
    with pytest.raises(DocumentError, match=r"II\.52 is not in the document .* frozen"):
        store(changed)
    assert export_json() == before


def test_frozen_session_cannot_be_unfrozen_by_import(imported, real_document):
    changed = copy.deepcopy(real_document)
    changed.sessions[0].frozen = False
    with pytest.raises(DocumentError, match="only an administrator can unfreeze"):
        store(changed)
    assert Session.objects.get().frozen


def test_failure_late_in_an_import_leaves_the_database_exactly_as_it_was(imported, real_document):
    before = export_json()
    counts = (Activity.objects.count(), StatusReport.objects.count(), Body.objects.count())
    changed = copy.deepcopy(real_document)
    changed.programme.period = (2026, 2029)  # a new programme: everything would be created …
    changed.sessions[0] = SessionData("CTP-251-252", "CTP", [251, 252], frozen=True)
    for a in changed.activities:
        a.status_reports[0].session = "CTP-251-252"
    activity(changed, "II.52").status_reports[0].session = "CTP-999-1000"  # … until the last one
    activity(changed, "II.51").responsible_bodies = ["NOUVEAU-GROUPE"]
    with pytest.raises(DocumentError, match="CTP-999-1000"):
        store(changed)
    assert export_json() == before
    assert counts == (Activity.objects.count(), StatusReport.objects.count(), Body.objects.count())
    assert Programme.objects.count() == 1
    assert list(Session.objects.values_list("code", flat=True)) == ["CTP-243-244"]


def test_unknown_body_is_kept_as_written_outside_the_registry(imported, real_document):
    changed = copy.deepcopy(real_document)
    activity(changed, "II.51").responsible_bodies = ["CTP", "Groupe nouveau"]
    store(changed)
    body = Body.objects.get(code="Groupe nouveau")
    assert body.registered is False
    assert without_ids(load(imported)) == changed


def test_orm_refuses_to_change_a_frozen_status(imported):
    report = StatusReport.objects.select_related("session").first()
    report.text_fr = "changé"
    with pytest.raises(FrozenSessionError):
        report.save()
    with pytest.raises(FrozenSessionError):
        report.delete()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.txt", b"", "empty.txt: the file is empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary.txt: line 3: binary content"),
        ("latin1.txt", "caf\xe9".encode("latin-1"), "latin1.txt: line 1: not UTF-8"),
        ("notes.txt", b"just some notes\n", "notes.txt: line 1: not a work programme table"),
        ("broken.json", b'{"format": ', "broken.json: line 1, column 12: invalid JSON"),
        ("report.docx", b"PK\x03\x04", "report.docx: not a Word .docx file"),
        ("report.xlsx", b"not a zip", "report.xlsx: not an Excel .xlsx file"),
        ("report.pdf", b"%PDF-1.7", "report.pdf: jalon cannot read .pdf files"),
    ],
)
def test_bad_files_exit_2_naming_the_file_and_change_nothing(
    imported, tmp_path, name, content, message
):
    before = export_json()
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError) as caught:
        run("import", str(path))
    assert caught.value.returncode == 2
    assert message.split(": ", 1)[1] in str(caught.value)
    assert str(path) in str(caught.value)
    assert export_json() == before


def test_missing_file_and_directory_exit_2(db, tmp_path):
    for path in (tmp_path / "absent.txt", tmp_path):
        with pytest.raises(CommandError) as caught:
            run("import", str(path))
        assert caught.value.returncode == 2
        assert str(path) in str(caught.value)


def test_truncated_real_document_with_a_bad_row_names_its_line(db, tmp_path, real_bytes):
    lines = real_bytes.decode().split("\n")
    lines[83] = lines[83].replace("18\tA\t", "18\tZ\t", 1)  # line 84: activity I.18
    path = tmp_path / "ptc.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(CommandError, match=r"ptc.txt: line 84, column «Niveau de priorité»"):
        run("import", str(path))
    assert not Activity.objects.exists()


def test_export_without_a_programme_is_a_usage_error(db):
    with pytest.raises(CommandError, match="no programme yet") as caught:
        run("export")
    assert caught.value.returncode == 2


def test_export_json_to_a_file_matches_the_interchange_format(imported, tmp_path):
    path = tmp_path / "out.json"
    run("export", "-o", str(path), "--programme", "CTP-2022-2025")
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    assert data["format"] == "jalon.programme/2"
    assert len(data["activities"]) == 94


def test_export_reads_the_programme_in_a_fixed_number_of_queries(
    imported, django_assert_max_num_queries
):
    with django_assert_max_num_queries(7):  # +1: the codes of the programme's plan edition
        load(imported)


class Rollback(Exception):
    pass


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(document=programmes())
def test_any_programme_survives_store_then_load(document):
    try:
        with transaction.atomic():
            programme = store(document).programme
            assert load(programme) == document
            assert str(store(document)) == "0 changes"
            raise Rollback
    except Rollback:
        pass


def test_sessions_of_other_bodies_holding_statuses_are_exported(imported, real_document):
    document = copy.deepcopy(real_document)
    document.sessions.append(SessionData("CPG-90", "CPG", [90]))
    activity(document, "I.1").status_reports.append(
        StatusReportData("CPG-90", text={"fr": "Examiné par la Commission."})
    )
    store(document)
    assert without_ids(load(imported)) == document
