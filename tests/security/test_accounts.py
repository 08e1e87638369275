"""Accounts and sessions: tokens, redirects, the first administrator, brute force,
silent overwrites, import previews, the admin's refusals. (An API fault answered as the
documented JSON error and logged: tests/test_operations.py.)"""

import json
import os
import stat

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from rest_framework.authtoken.models import Token

from jalon.core import interchange
from jalon.interchange.store import load
from jalon.programmes.models import Programme
from jalon.reporting.models import Session, StatusReport
from tests.security.helpers import api_client, signed_in


def test_a_password_change_revokes_the_api_token(people):
    bob = people["bob"]
    client = api_client(bob)
    assert client.get("/api/v1/programmes/").status_code == 200
    bob.set_password("a-new-password-2")
    bob.save()
    assert not Token.objects.filter(user=bob).exists()
    assert client.get("/api/v1/programmes/").status_code == 401


def test_token_rotate_replaces_the_key(people, capsys):
    call_command("token", "bob")
    old = capsys.readouterr().out.strip()
    call_command("token", "bob", "--rotate")
    new = capsys.readouterr().out.strip()
    assert new != old and Token.objects.get(user=people["bob"]).key == new
    stale = Client(HTTP_AUTHORIZATION=f"Token {old}")
    assert stale.get("/api/v1/programmes/").status_code == 401


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example",
                                    "javascript:alert(1)"])  # fmt: skip
def test_next_never_leaves_the_site(people, target):
    """A refused form comes back with its errors; its way back (the Cancel link and the
    next it posts again) is a page of this site, never the `next` it was given."""
    alice = signed_in(people["alice"])
    for data in ({"id": "nonsense", "next": target}, {"id": "CTP-245-246", "next": target}):
        response = alice.post("/rounds/open/", data)  # refused either way: bad id, exists
        assert response.status_code == 200
        assert response.context["back"] == "/", response.context["back"]
        assert "evil.example" not in response.content.decode()
        assert "javascript:" not in response.content.decode()
    kept = alice.post("/rounds/open/", {"id": "nonsense", "next": "/activities/"})
    assert kept.context["back"] == "/activities/"


def test_createadmin_applies_the_password_validators(db, monkeypatch):
    monkeypatch.setenv("JALON_ADMIN_PASSWORD", "a")
    with pytest.raises(CommandError, match="JALON_ADMIN_PASSWORD is refused") as refused:
        call_command("createadmin")
    assert refused.value.returncode == 2
    assert not get_user_model().objects.filter(is_superuser=True).exists()


def test_createadmin_never_writes_through_a_symbolic_link(db, tmp_path, settings, monkeypatch):
    monkeypatch.delenv("JALON_ADMIN_PASSWORD", raising=False)
    settings.VAR_DIR = tmp_path
    target = tmp_path / "elsewhere"
    (tmp_path / "admin-password").symlink_to(target)
    with pytest.raises(CommandError, match="symbolic link"):
        call_command("createadmin")
    assert not target.exists()
    (tmp_path / "admin-password").unlink()
    call_command("createadmin")
    mode = stat.S_IMODE(os.stat(tmp_path / "admin-password").st_mode)
    assert mode == 0o600


@pytest.mark.skipif(not django_settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
                    reason="the SQLite file only")  # fmt: skip
def test_the_sqlite_database_is_readable_by_its_owner_only():
    database = django_settings.VAR_DIR / "jalon.sqlite3"
    if django_settings.DATABASES["default"]["NAME"] == str(database):
        assert stat.S_IMODE(os.stat(database).st_mode) == 0o600


def test_password_spraying_from_one_address_is_limited(people):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for name in ("alice", "bob", "charlie", "nobody"):  # four accounts, one try each
        assert (
            client.post("/login/", {"username": name, "password": "Spring2024!"}).status_code == 200
        )
    assert client.post("/login/", {"username": "root", "password": "x"}).status_code == 429
    assert client.post("/login/", {"username": "bob", "password": "pw-bob-1"}).status_code == 429


def test_one_account_attacked_from_many_addresses_is_limited(people):
    for n in range(4):
        Client(REMOTE_ADDR=f"198.51.100.{n}").post("/login/", {"username": "bob", "password": "x"})
    locked = Client(REMOTE_ADDR="192.0.2.1").post("/login/", {"username": "bob", "password": "x"})
    assert locked.status_code == 429


def test_forwarded_addresses_count_only_from_trusted_proxies(people, settings):
    spoofed = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(4):  # a new X-Forwarded-For each time: ignored, the address is the same
        spoofed.post("/login/", {"username": f"user{n}", "password": "x"},
                     HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")  # fmt: skip
    assert spoofed.post("/login/", {"username": "u", "password": "x"}).status_code == 429
    settings.TRUSTED_PROXIES = {"127.0.0.5"}
    proxy = Client(REMOTE_ADDR="127.0.0.5")
    for n in range(5):  # behind the proxy, five visitors fail once each: nobody is locked
        response = proxy.post("/login/", {"username": f"user{n}", "password": "x"},
                              HTTP_X_FORWARDED_FOR=f"198.18.0.{n}")  # fmt: skip
        assert response.status_code == 200


def status_url(report):
    return f"/api/v1/status-reports/{report.pk}/"


def test_a_write_without_version_is_refused_with_428_and_if_match_is_honoured(people):
    alice = api_client(people["alice"])
    report = StatusReport.objects.filter(session__code="CTP-245-246").first()
    body = json.dumps({"keyword": "completed"})
    refused = alice.patch(status_url(report), body, content_type="application/json")
    assert refused.status_code == 428 and refused.json()["code"] == "version_required"
    created = alice.post("/api/v1/status-reports/", json.dumps({
        "activity": report.activity.ref, "session": "CTP-245-246"}),
        content_type="application/json")  # fmt: skip
    assert created.status_code == 428
    matched = alice.patch(status_url(report), body, content_type="application/json",
                          HTTP_IF_MATCH=f'"{report.version}"')  # fmt: skip
    assert matched.status_code == 200
    stale = alice.patch(status_url(report), body, content_type="application/json",
                        HTTP_IF_MATCH=f'"{report.version}"')  # fmt: skip
    assert stale.status_code == 409


def test_each_import_preview_confirms_its_own_file(people, tmp_path):
    alice = signed_in(people["alice"])
    backup = interchange.dumps(load(Programme.objects.get()))
    previews = {}
    for name, priority in (("a.json", "A"), ("b.json", "C")):
        upload = tmp_path / name
        upload.write_text(backup.replace('"priority": "B"', f'"priority": "{priority}"', 1))
        with upload.open("rb") as handle:
            previews[name] = alice.post("/import/", {"file": handle}).context["token"]
    alice.post("/import/confirm/", {"token": previews["a.json"]})
    assert '"priority": "A"' in interchange.dumps(load(Programme.objects.get()))[:3000]
    again = alice.post("/import/confirm/", {"token": previews["a.json"]}, follow=True)
    assert b"already imported or has expired" in again.content


def test_the_admin_shows_a_message_when_a_revert_touches_a_frozen_session(people):
    root = signed_in(people["root"])
    session = Session.objects.get(code="CTP-245-246")
    first = session.history.earliest()
    session.frozen = True
    session.save()
    url = f"/admin/reporting/session/{session.pk}/history/{first.history_id}/"
    page = root.get(url)
    assert page.status_code in (200, 403)
    reverted = root.post(url, {"code": session.code, "body": session.body_id, "numbers":
                               json.dumps(session.numbers), "start": "2024-10-01", "end": "",
                               "frozen": ""}, follow=True)  # fmt: skip
    assert reverted.status_code in (200, 403)
    assert Session.objects.get(pk=session.pk).frozen
