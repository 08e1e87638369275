"""Per-body permissions (issue 17): a matrix of role × own body / other body × surface
(web, API, command line, admin), the Members' reading setting, the constant cost of the
checks, and the programmes of two bodies side by side (the header's picker, ?body=)."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jalon.accounts.roles import bodies_of, create_user, set_bodies
from jalon.core.synthetic import synthetic_programme
from jalon.interchange.store import store
from jalon.programmes.models import Programme
from jalon.reporting.models import Session, StatusReport
from jalon.reporting.services import open_session

PTC, CTRO = "CTP-2022-2025", "CTRO-2022-2025"
ROUND = {"CTP": "CTP-245-246", "CTRO": "CTRO-237"}  # each body's open round
ROLES = ["secretariat", "coordinator", "member", "admin"]


@pytest.fixture
def two_bodies(imported):
    """The real PTC programme with its round open, and a small second body's programme
    (10 activities of the CTRO, its last session open); users who work for the CTRO."""
    open_session(ROUND["CTP"], date(2024, 10, 22))
    store(synthetic_programme(10, 2, body="CTRO"), "ctro.json")
    users = {role: create_user(f"{role}-ctro", role, "pw-ctro-12345",
                               bodies=[] if role == "admin" else ["CTRO"])
             for role in ROLES}  # fmt: skip
    return users


def client_for(user, language="en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def may_edit(role: str, body: str) -> bool:
    return role == "admin" or (role in ("secretariat", "coordinator") and body == "CTRO")


MATRIX = [(role, body) for role in ROLES for body in ("CTRO", "CTP")]


@pytest.mark.parametrize(("role", "body"), MATRIX)
def test_web_edit_pages_and_writes(two_bodies, role, body):
    client = client_for(two_bodies[role])
    code = ROUND[body]
    allowed = may_edit(role, body)
    page = client.get(f"/rounds/{code}/I.1/edit/")
    assert page.status_code == (200 if allowed else 403)
    due = client.post(f"/rounds/{code}/due/", {"documents_due": "2024-10-01"})
    assert due.status_code == (302 if allowed else 403)
    assert (Session.objects.get(code=code).documents_due is not None) == allowed
    draft = client.post(f"/revisions/draft/?programme={body}-2022-2025")
    assert draft.status_code == (302 if allowed else 403)
    # The to-do list shows the edit controls only where the user may edit.
    todo = client.get(f"/rounds/{code}/").content.decode()
    assert ("Edit as a grid" in todo) == allowed
    assert (f"/rounds/{code}/I.1/edit/" in todo) == allowed


@pytest.mark.parametrize(("role", "body"), MATRIX)
def test_api_status_writes(two_bodies, role, body):
    client = client_for(two_bodies[role])
    code = ROUND[body]
    report = StatusReport.objects.get(session__code=code, activity__section="time_bound",
                                      activity__number=1)  # fmt: skip
    response = client.post(
        "/api/v1/status-reports/",
        {"activity": "I.1", "session": code, "keyword": "in_progress",
         "text": {"en": "Under way."}, "version": report.version},
        content_type="application/json",
    )  # fmt: skip
    if may_edit(role, body):
        assert response.status_code == 201, response.content
    else:
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"
        assert response.json()["detail"]
        assert StatusReport.objects.get(pk=report.pk).version == report.version
    # An update by its id goes through the object permission of the viewset.
    update = client.patch(
        f"/api/v1/status-reports/{report.pk}/", {"text": {"fr": "En cours."},
        "version": StatusReport.objects.get(pk=report.pk).version},
        content_type="application/json",
    )  # fmt: skip
    assert update.status_code == (200 if may_edit(role, body) else 403)


@pytest.mark.parametrize(("role", "body"), MATRIX)
def test_cli_as_user(two_bodies, role, body, capsys):
    user = two_bodies[role].username
    command = ["status", "set", "I.1", "--session", ROUND[body], "--text", "CLI.", "--as", user]
    if may_edit(role, body):
        call_command(*command)
        assert "I.1 @" in capsys.readouterr().out
    else:
        with pytest.raises(CommandError) as refused:
            call_command(*command)
        assert refused.value.returncode == 2
        assert body in str(refused.value) or "Members" in str(refused.value)
    # Without --as the operator of the command line acts, as before.
    call_command("status", "set", "I.1", "--session", ROUND[body], "--text", "Operator.")


@pytest.mark.parametrize(("role", "body"), MATRIX)
def test_admin_change_and_delete(two_bodies, role, body):
    user = two_bodies[role]
    user.is_staff = True  # the Secretariat may be given the admin site
    user.save()
    client = client_for(user)
    programme = Programme.objects.find(f"{body}-2022-2025")
    activity = programme.activities.get(section="time_bound", number=1)
    change = f"/admin/programmes/activity/{activity.pk}/change/"
    if role == "member":
        assert client.get(change).status_code == 200  # read-only, as members read all
        assert client.post(change, {}).status_code == 403
        return
    allowed = may_edit(role, body)
    # POSTing an empty form: the form's errors (200) when allowed, 403 when not.
    assert client.post(change, {}).status_code == (200 if allowed else 403)
    page = client.get(change).content.decode()
    assert ('name="_save"' in page) == allowed
    assert client.get(f"/admin/programmes/programme/{programme.pk}/delete/").status_code == (
        200 if allowed else 403
    )


def test_coordinator_approves_only_its_bodies(two_bodies):
    client = client_for(two_bodies["coordinator"])
    for body, expected in (("CTRO", 302), ("CTP", 403)):
        code = ROUND[body]
        report = StatusReport.objects.get(session__code=code, activity__section="time_bound",
                                          activity__number=2)  # fmt: skip
        response = client.post(f"/rounds/{code}/I.2/review/", {"action": "approve"})
        assert response.status_code == expected
        assert (StatusReport.objects.get(pk=report.pk).review == "approved") == (expected == 302)


def test_members_read_only_their_bodies_when_configured(two_bodies, settings):
    member = two_bodies["member"]
    client = client_for(member)
    assert client.get(f"/?programme={PTC}").status_code == 200  # default: read all
    settings.JALON_MEMBERS_READ = "assigned"
    assert client.get(f"/?programme={PTC}").status_code == 403
    assert client.get(f"/?programme={CTRO}").status_code == 200
    assert client.get(f"/rounds/{ROUND['CTP']}/").status_code == 403
    listed = client.get("/api/v1/programmes/").json()
    assert [p["id"] for p in listed["results"]] == [CTRO]
    assert client.get(f"/api/v1/activities/?programme={PTC}").status_code == 403
    assert {s["id"] for s in client.get("/api/v1/sessions/").json()} <= {
        "CTRO-235", "CTRO-237"}  # fmt: skip
    # The picker offers only the readable programme.
    page = client.get("/").content.decode()
    assert f'value="{CTRO}"' in page and f'value="{PTC}"' not in page
    # The Secretariat still reads every body.
    secretariat = client_for(two_bodies["secretariat"])
    assert secretariat.get(f"/?programme={PTC}").status_code == 200


def test_assigning_bodies_from_the_command_line(two_bodies, capsys):
    call_command("bodies", "secretariat-ctro", "--set", "CTRO", "CTP")
    assert bodies_of(two_bodies["secretariat"]) == ["CTP", "CTRO"]
    with pytest.raises(CommandError, match="no body XYZ"):
        call_command("bodies", "secretariat-ctro", "--set", "XYZ")
    assert bodies_of(two_bodies["secretariat"]) == ["CTP", "CTRO"]  # unchanged
    call_command("bodies", "secretariat-ctro")
    assert capsys.readouterr().out.strip().endswith("secretariat-ctro: CTP, CTRO")
    with pytest.raises(ValueError):
        set_bodies(two_bodies["member"], ["NOPE"])


def test_assigning_bodies_in_the_admin(two_bodies, admin_client):
    user = two_bodies["member"]
    page = admin_client.get(f"/admin/auth/user/{user.pk}/change/").content.decode()
    assert "body_assignments-TOTAL_FORMS" in page


def _queries(client, url) -> int:
    client.get(url)  # warm the caches (findings, the data version)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(("role", "members_read"),
                         [("secretariat", "all"), ("member", "all"), ("member", "assigned"),
                          ("admin", "all")])  # fmt: skip
def test_permission_checks_cost_the_same_for_94_and_10_activities(
    two_bodies, role, members_read, settings
):
    """The PTC's 94 activities and the CTRO's 10 cost the same queries, the user's
    permissions the same on both (each page checks per body, never per row)."""
    settings.JALON_MEMBERS_READ = members_read
    set_bodies(two_bodies[role], [] if role == "admin" else ["CTRO", "CTP"])
    client = client_for(two_bodies[role])
    pairs = [
        (f"/activities/?programme={PTC}", f"/activities/?programme={CTRO}"),
        (f"/rounds/{ROUND['CTP']}/", f"/rounds/{ROUND['CTRO']}/"),
        (f"/api/v1/activities/?programme={PTC}&page_size=100",
         f"/api/v1/activities/?programme={CTRO}&page_size=100"),
        (f"/api/v1/status-reports/?session={ROUND['CTP']}",
         f"/api/v1/status-reports/?session={ROUND['CTRO']}"),
    ]  # fmt: skip
    for big, small in pairs:
        assert _queries(client, big) == _queries(client, small), (big, small)


def test_side_by_side_the_header_picker_remembers_the_choice(two_bodies):
    client = client_for(two_bodies["member"], "fr")
    page = client.get("/").content.decode()
    assert 'id="programme-picker"' in page and f'value="{CTRO}"' in page
    chosen = client.post("/choose/", {"programme": CTRO, "next": "/activities/?page=2"})
    assert chosen.status_code == 302 and chosen["Location"] == f"/activities/?programme={CTRO}"
    listed = client.get("/activities/").content.decode()  # no parameter: the session's choice
    assert f'<option value="{CTRO}" selected>' in listed
    assert client.post("/choose/", {"programme": "XYZ-2022-2025"}).status_code == 404
    # A page of no programme sends back to the dashboard.
    chosen = client.post("/choose/", {"programme": PTC, "next": f"/rounds/{ROUND['CTRO']}/"})
    assert chosen["Location"] == f"/?programme={PTC}"


def test_dashboard_of_every_body(two_bodies):
    client = client_for(two_bodies["member"])
    chosen = client.post("/choose/", {"programme": "all"})
    assert chosen["Location"] == "/?body=all"
    page = client.get("/").content.decode()  # remembered
    assert f"?programme={PTC}" in page and f"?programme={CTRO}" in page
    assert '<option value="all" selected>' in page
    # One body's dashboard.
    assert client.get("/?body=CTRO").status_code == 200
    assert client.get("/?body=XYZ").status_code == 404


def test_api_body_parameter(two_bodies):
    client = client_for(two_bodies["member"])
    programmes = client.get("/api/v1/programmes/?body=CTRO").json()["results"]
    assert [p["id"] for p in programmes] == [CTRO]
    sessions = client.get("/api/v1/sessions/?body=CTRO").json()
    assert {s["id"] for s in sessions} == {"CTRO-235", "CTRO-237"}
    reports = client.get("/api/v1/status-reports/?body=CTRO&page_size=1000").json()
    assert reports["count"] == 20
    findings = client.get("/api/v1/findings/?body=CTRO").json()
    assert findings["session"] == ROUND["CTRO"]
    wrong = client.get(f"/api/v1/findings/?body=CTRO&programme={PTC}")
    assert wrong.status_code == 400
    assert client.get("/api/v1/programmes/?body=ctro").status_code == 400
    schema = client.get("/api/v1/schema/?format=json").json()
    for path in ("/api/v1/programmes/", "/api/v1/sessions/", "/api/v1/status-reports/",
                 "/api/v1/findings/"):  # fmt: skip
        names = {p["name"] for p in schema["paths"][path]["get"].get("parameters", [])}
        assert "body" in names, path


@pytest.mark.parametrize("role", ROLES)
def test_cli_import_as_user(two_bodies, role, capsys):
    """`jalon import FILE --as USER` writes a body's programme only for its Secretariat."""
    from tests.conftest import REAL_DOCUMENT

    command = ["import", str(REAL_DOCUMENT), "--as", two_bodies[role].username]
    if role == "admin":
        call_command(*command)
        assert "0 changes" in capsys.readouterr().out
    else:  # the real document is the PTC's: none of these users works for it
        with pytest.raises(CommandError, match="may not edit CTP's programme") as refused:
            call_command(*command)
        assert refused.value.returncode == 2
    set_bodies(two_bodies["secretariat"], ["CTP"])
    call_command("import", str(REAL_DOCUMENT), "--as", "secretariat-ctro")


def test_upgrade_gives_existing_secretariat_accounts_every_body_with_a_programme(two_bodies):
    """The data migration: accounts made before bodies were assigned keep what they could
    edit (every body that has a programme); members are given nothing."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("jalon.accounts.migrations.0004_existing_secretariat_bodies")
    older = create_user("older", "secretariat", "pw-older-12345")
    member = create_user("older-member", "member", "pw-older-12345")
    migration.keep_what_they_could_do(apps, None)
    assert bodies_of(older) == ["CTP", "CTRO"]
    assert bodies_of(member) == []
    assert bodies_of(two_bodies["secretariat"]) == ["CTP", "CTRO"]  # and once only
    migration.keep_what_they_could_do(apps, None)
    assert bodies_of(older) == ["CTP", "CTRO"]
