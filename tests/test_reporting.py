"""The reporting cycle: rounds, carry-forward, freeze, history, diff, no lost updates."""

import json
import threading
from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from jalon.core import interchange
from jalon.interchange.store import load, store
from jalon.programmes.models import Activity
from jalon.reporting.models import FrozenSessionError, Session, StaleVersionError, StatusReport
from jalon.reporting.services import (
    ReportingError,
    find_activity,
    freeze_session,
    open_session,
    set_status,
)
from tests.conftest import activity


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def admin(db):
    return get_user_model().objects.create_superuser("alice", password="x")


@pytest.fixture
def round_245(imported):
    """The real programme with the autumn 2024 round open."""
    return open_session("CTP-245-246", date(2024, 10, 22), date(2024, 10, 24)).session


def i8(programme):
    return find_activity("I.8", programme)


def test_the_reporting_cycle_end_to_end(imported):
    run("session", "open", "CTP-245-246", "--start", "2024-10-22", "--end", "2024-10-24")
    run("status", "set", "I.8", "--session", "CTP-245-246", "--keyword", "completed",
        "--level", "green")  # fmt: skip
    run("session", "freeze", "CTP-245-246")
    result = json.loads(run("diff", "--from", "CTP-243-244", "--to", "CTP-245-246",
                            "--format", "json"))  # fmt: skip
    assert [c["activity"] for c in result["changes"]] == [{"section": "time_bound", "number": 8}]
    change = result["changes"][0]
    assert change["fields"] == ["keyword", "execution_level"]
    assert (change["from"]["keyword"], change["to"]["keyword"]) == (None, "completed")
    assert (change["from"]["execution_level"], change["to"]["execution_level"]) == (None, "green")
    assert result["completed"] == [{"section": "time_bound", "number": 8}]
    assert result["added"] == result["removed"] == []
    # June 2024 deadlines passed between the two sessions without completion:
    assert [o["number"] for o in result["newly_overdue"]] == [11, 20, 26, 27, 29, 30, 32]
    text = run("diff", "--from", "CTP-243-244", "--to", "CTP-245-246")
    assert "1 status(es) changed; newly completed: I.8" in text
    assert "keyword: — → completed" in text


def test_any_attempt_to_alter_a_frozen_session_fails_and_changes_nothing(round_245, imported):
    freeze_session(round_245)
    before = interchange.dumps(load(imported))
    report = StatusReport.objects.filter(session=round_245).first()
    frozen_reports = StatusReport.objects.filter(session__frozen=True)
    attempts = {
        "cli": lambda: run("status", "set", "I.8", "--session", "CTP-243-244", "--level", "red"),
        "save": lambda: (setattr(report, "text_fr", "x"), report.save()),
        "delete": lambda: report.delete(),
        "update": lambda: frozen_reports.update(text_fr="x"),
        "queryset delete": lambda: frozen_reports.delete(),
        "bulk_update": lambda: StatusReport.objects.bulk_update(
            [setattr(report, "keyword", "postponed") or report], ["keyword"]
        ),
        "bulk_create": lambda: StatusReport.objects.bulk_create(
            [
                StatusReport(
                    activity=report.activity, session=Session.objects.get(code="CTP-243-244")
                )
            ]
        ),
        "activity delete": lambda: Activity.objects.get(pk=report.activity_id).delete(),
        "session dates": lambda: Session.objects.filter(code="CTP-243-244").update(
            start=date.today()
        ),
        "session save": lambda: (setattr(round_245, "end", date(2024, 10, 25)), round_245.save()),
        "session delete": lambda: Session.objects.get(code="CTP-245-246").delete(),
        "set_status": lambda: set_status(i8(imported), round_245, keyword="postponed"),
    }
    for name, attempt in attempts.items():
        with pytest.raises((FrozenSessionError, CommandError)) as caught, transaction.atomic():
            attempt()
        assert "frozen" in str(caught.value), name
        report.refresh_from_db()
        round_245.refresh_from_db()
    assert interchange.dumps(load(imported)) == before


def test_opening_a_round_carries_every_latest_status_forward(imported, round_245):
    drafts = StatusReport.objects.for_session(round_245).select_related("activity")
    assert drafts.count() == 94
    assert all(d.carried_forward and d.version == 1 for d in drafts)
    previous = {
        r.activity_id: r.text_fr for r in StatusReport.objects.filter(session__code="CTP-243-244")
    }
    assert {d.activity_id: d.text_fr for d in drafts} == previous
    assert not round_245.frozen


def test_the_next_round_carries_from_the_latest_session(imported, round_245):
    set_status(i8(imported), round_245, keyword="completed", text="Achevé en octobre 2024.")
    opened = open_session("CTP-247-248")  # dates from the calendar
    assert (opened.session.start, opened.session.end) == (date(2025, 5, 5), date(2025, 5, 8))
    carried = StatusReport.objects.get(session=opened.session, activity=i8(imported))
    assert (carried.keyword, carried.text_fr) == ("completed", "Achevé en octobre 2024.")


@pytest.mark.parametrize(
    "code, start, message",
    [
        ("CTP-243-244", None, "exists already"),
        ("CTP-245", None, "not a session id"),
        ("CTP-245-247", None, "not a session id"),
        ("CTP-249-250", None, "give --start"),
        ("XYZ-1-2", date(2025, 1, 1), "no body XYZ"),
    ],
)
def test_opening_a_round_refuses_bad_sessions(imported, code, start, message):
    with pytest.raises(ReportingError, match=message):
        open_session(code, start)
    assert Session.objects.count() == 1


def test_session_list_and_commands_exit_2_on_bad_ids(imported, round_245):
    listing = run("session", "list")
    assert "CTP-243-244    2024-04-23 – 2024-04-26   frozen  94 statuses" in listing
    assert "CTP-245-246    2024-10-22 – 2024-10-24   open    94 statuses" in listing
    for args in (["status", "set", "I.99", "--session", "CTP-245-246", "--keyword", "completed"],
                 ["status", "set", "I.8", "--session", "CTP-999-1000", "--level", "red"],
                 ["session", "freeze", "CTP-1-2"]):  # fmt: skip
        with pytest.raises(CommandError) as caught:
            run(*args)
        assert caught.value.returncode == 2


def test_a_stale_edit_is_refused_and_loses_nothing(imported, round_245):
    activity_i8 = i8(imported)
    first = set_status(activity_i8, round_245, keyword="in_progress", expected_version=1)
    assert first.version == 2
    with pytest.raises(StaleVersionError) as caught:
        set_status(activity_i8, round_245, keyword="postponed", text="Reporté.", expected_version=1)
    assert caught.value.current_version == 2
    stored = StatusReport.objects.get(activity=activity_i8, session=round_245)
    assert (stored.keyword, stored.version) == ("in_progress", 2)
    assert stored.text_fr.startswith("La possibilité de soutenir")
    with pytest.raises(CommandError, match="changed by someone else") as cli:
        run("status", "set", "I.8", "--session", "CTP-245-246", "--keyword", "postponed",
            "--version", "1")  # fmt: skip
    assert cli.value.returncode == 2


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_writers_one_wins_the_other_gets_a_conflict(real_document):
    programme = store(real_document).programme
    session = open_session("CTP-245-246", date(2024, 10, 22)).session
    target = i8(programme)
    barrier = threading.Barrier(2)
    outcomes = []

    def writer(keyword):
        try:
            barrier.wait(timeout=10)
            set_status(target, session, keyword=keyword, text=keyword, expected_version=1)
            outcomes.append(("ok", keyword))
        except StaleVersionError:
            outcomes.append(("conflict", keyword))
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(k,)) for k in ("completed", "postponed")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(o[0] for o in outcomes) == ["conflict", "ok"]
    winner = next(k for state, k in outcomes if state == "ok")
    stored = StatusReport.objects.get(activity=target, session=session)
    assert (stored.keyword, stored.text_fr, stored.version) == (winner, winner, 2)


def test_only_an_administrator_can_unfreeze_and_the_reason_is_recorded(imported, admin):
    session = Session.objects.get(code="CTP-243-244")
    member = get_user_model().objects.create_user("bob", password="x")
    with pytest.raises(PermissionDenied):
        session.unfreeze(member, "typo")
    with pytest.raises(ValidationError):
        session.unfreeze(admin, "  ")
    with pytest.raises(CommandError, match="administrator"):
        run("session", "unfreeze", "CTP-243-244", "--reason", "typo", "--user", "bob")
    run("session", "unfreeze", "CTP-243-244", "--reason", "typo in I.8", "--user", "alice")
    session.refresh_from_db()
    assert not session.frozen
    last = session.history.first()
    assert (last.history_change_reason, last.history_user) == ("unfrozen: typo in I.8", admin)


def test_every_status_change_is_in_the_audit_trail(imported, round_245, admin):
    target = i8(imported)
    set_status(target, round_245, keyword="in_progress", user=admin)
    set_status(target, round_245, keyword="completed", execution_level="green", user=admin)
    report = StatusReport.objects.get(activity=target, session=round_245)
    history = list(report.history.order_by("history_date"))
    assert [h.keyword for h in history] == [None, "in_progress", "completed"]
    assert [h.history_user for h in history] == [None, admin, admin]
    assert history[0].history_change_reason == "opened CTP-245-246"
    # Every status of every session is kept.
    statuses = StatusReport.objects.filter(activity=target).order_by("session__start")
    assert [s.session.code for s in statuses] == ["CTP-243-244", "CTP-245-246"]


def test_a_revised_programme_keeps_the_old_version_queryable(imported, real_document):
    import copy

    before = timezone.now()
    revised = copy.deepcopy(real_document)
    activity(revised, "I.3").priority = "C"  # re-prioritised
    extra = copy.deepcopy(activity(revised, "I.42"))
    extra.number, extra.status_reports = 43, []
    revised.activities.insert(42, extra)  # added
    store(revised)
    store(real_document)  # and back: I.43 removed, I.3 re-prioritised again
    then = Activity.history.as_of(before)
    assert then.count() == 94
    assert then.get(section="time_bound", number=3).priority == "A"
    middle = Activity.history.filter(section="time_bound", number=43)
    assert [h.history_type for h in middle.order_by("history_date")] == ["+", "-"]
    assert Activity.objects.get(section="time_bound", number=3).priority == "A"


def test_the_audit_trail_records_imports(imported):
    entry = Activity.history.filter(section="time_bound", number=1).first()
    assert entry.history_type == "+"
    assert entry.history_change_reason.startswith("import ")
    assert entry.history_date > timezone.now() - timedelta(minutes=5)


def test_an_import_changing_a_status_makes_an_open_edit_stale(imported, round_245, real_document):
    import copy

    from jalon.core.programme import SessionData, StatusReportData

    document = copy.deepcopy(real_document)
    document.sessions.append(SessionData("CTP-245-246", "CTP", [245, 246], date(2024, 10, 22)))
    for a in document.activities:
        a.status_reports.append(StatusReportData("CTP-245-246", text=a.status_reports[0].text))
    target = activity(document, "I.8")
    target.status_reports[1].text = {"fr": "Mis à jour par import."}
    store(document)
    with pytest.raises(StaleVersionError):
        set_status(i8(imported), round_245, keyword="completed", expected_version=1)
