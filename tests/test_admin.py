"""The admin site: every model can be browsed from day one."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from jalon.reporting.models import StatusReport


@pytest.fixture
def admin_client_with_data(imported, client):
    user = get_user_model().objects.create_superuser("alice", password="secret-pass-1")
    client.force_login(user)
    return client


def test_every_model_has_a_working_changelist_and_change_page(admin_client_with_data):
    from pathlib import Path

    from jalon.programmes.models import Activity
    from jalon.revisions import services

    call_command("plan", "load", str(Path(__file__).parent / "data/plan-2025-2028.json"),
                 stdout=open("/dev/null", "w"))  # noqa: SIM115  # fmt: skip
    revision = services.draft(Activity.objects.first().programme)
    services.amend_activity(revision, Activity.objects.first(), priority="C")
    client = admin_client_with_data
    apps = {"programmes", "reporting", "revisions"}
    models = [m for m in admin.site._registry if m._meta.app_label in apps]
    assert {m.__name__ for m in models} == {
        "Body", "Meeting", "StrategicCode", "CodeMapping", "Programme", "Activity",
        "Responsibility", "Session", "StatusReport", "Revision", "Change",
    }  # fmt: skip
    for model in models:
        opts = model._meta
        changelist = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        assert changelist.status_code == 200, model
        first = model.objects.first()
        page = client.get(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk])
        )
        assert page.status_code == 200, model


def test_activity_changelist_shows_the_94_activities(admin_client_with_data):
    response = admin_client_with_data.get(reverse("admin:programmes_activity_changelist"))
    assert (
        "94 activities" in response.content.decode() or "94 activités" in response.content.decode()
    )


def test_frozen_status_is_read_only_in_the_admin(admin_client_with_data):
    report = StatusReport.objects.first()
    url = reverse("admin:reporting_statusreport_change", args=[report.pk])
    response = admin_client_with_data.post(url, {"text_fr": "changé"})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.text_fr != "changé"


def test_no_model_change_lacks_a_migration(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_registry_is_seeded_by_migrations(db):
    from jalon.programmes.models import Body, StrategicCode

    assert Body.objects.filter(registered=True).count() == 20
    assert set(StrategicCode.objects.values_list("code", flat=True)) >= {
        "PS5",
        "FA3",
        "ORG2",
        "OS4",
    }


def test_frozen_session_is_read_only_in_the_admin(admin_client_with_data):
    from jalon.reporting.models import Session

    session = Session.objects.get()
    url = reverse("admin:reporting_session_change", args=[session.pk])
    response = admin_client_with_data.post(url, {"code": "X", "frozen": ""})
    assert response.status_code == 403
    delete = reverse("admin:reporting_session_delete", args=[session.pk])
    assert admin_client_with_data.post(delete, {"post": "yes"}).status_code == 403
    session.refresh_from_db()
    assert (session.code, session.frozen) == ("CTP-243-244", True)


def test_history_pages_show_the_audit_trail(admin_client_with_data):
    report = StatusReport.objects.first()
    url = reverse("admin:reporting_statusreport_history", args=[report.pk])
    response = admin_client_with_data.get(url)
    assert response.status_code == 200
    assert "import " in response.content.decode()
