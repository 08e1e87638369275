"""The REST API: permissions, filters, history, writes, conflicts, schema."""

import json
from io import StringIO

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from jalon.reporting.models import Session, StatusReport

API = "/api/v1"


def client_for(user) -> Client:
    if user is None:
        return Client()
    token, _ = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def get(user, url, **params):
    return client_for(user).get(f"{API}{url}", params)


def post(user, url, data):
    return client_for(user).post(f"{API}{url}", json.dumps(data), content_type="application/json")


def results(response):
    assert response.status_code == 200, response.content
    return [item["ref"] for item in response.json()["results"]]


READS = ["/programmes/", "/programmes/CTP-2022-2025/", "/activities/", "/activities/I.8/",
         "/activities/I.8/history/", "/sessions/", "/sessions/CTP-243-244/",
         "/status-reports/", "/findings/", "/exports/md/"]  # fmt: skip
WRITES = [
    ("/sessions/", {"id": "CTP-247-248"}, 201),
    ("/sessions/CTP-245-246/freeze/", {}, 200),
    (
        "/status-reports/",
        {"activity": "I.8", "session": "CTP-245-246", "keyword": "completed"},
        201,
    ),
]


@pytest.mark.parametrize("url", READS)
def test_reads_by_role(people, url):
    assert get(None, url).status_code == 401
    assert get(None, url)["WWW-Authenticate"] == "Token"
    assert get(people["charlie"], url).status_code == 403
    for name in ("bob", "alice", "root"):
        assert get(people[name], url).status_code == 200, (name, url)


@pytest.mark.parametrize("url, data, expected", WRITES)
def test_writes_by_role(people, url, data, expected):
    assert post(None, url, data).status_code == 401
    assert post(people["charlie"], url, data).status_code == 403
    refused = post(people["bob"], url, data)
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Members read the programme; only the Secretariat edits it."
    assert post(people["alice"], url, data).status_code == expected


def test_unfreeze_is_for_administrators_only(people):
    url, data = "/sessions/CTP-243-244/unfreeze/", {"reason": "typo in I.8"}
    assert post(None, url, data).status_code == 401
    for name in ("charlie", "bob", "alice"):
        assert post(people[name], url, data).status_code == 403
    assert post(people["root"], url, data).json()["frozen"] is False


def test_web_session_authenticates_too(people):
    client = Client()
    client.force_login(people["bob"])
    assert client.get(f"{API}/activities/").status_code == 200


def test_list_filters_sort_and_paginate(people, django_assert_max_num_queries):
    bob = people["bob"]
    client = client_for(bob)
    # Token, role, programme, session, count, activities, bodies (2), statuses: a fixed
    # number of queries however many activities there are; and the token's rate count in
    # the shared cache (database by default): read, cull count, write (3 queries) + 3.
    with django_assert_max_num_queries(15):
        response = client.get(f"{API}/activities/")
    page = response.json()
    assert page["count"] == 94 and len(page["results"]) == 50 and page["next"]
    assert results(get(bob, "/activities/", priority="none")) == [
        "I.22", "I.23", "I.24", "I.25", "I.27", "II.25"]  # fmt: skip
    assert results(get(bob, "/activities/", strategic_code="OS2")) == ["I.30", "I.31", "I.32"]
    assert results(get(bob, "/activities/", body="CTRO", section="time_bound")) == [
        "I.30", "I.31", "I.32", "I.36"]  # fmt: skip
    assert len(results(get(bob, "/activities/", task_type="update"))) == 13
    assert results(get(bob, "/activities/", session="CTP-243-244", overdue="true")) == ["I.8"]
    assert results(get(bob, "/activities/", q="chaîne de blocs")) == ["I.11"]
    ordered = get(bob, "/activities/", ordering="-due", section="time_bound").json()["results"]
    assert ordered[0]["ref"] == "I.33"  # due December 2026
    assert get(bob, "/activities/", priority="Z").status_code == 400


def test_execution_level_filter_follows_the_session(people):
    alice, bob = people["alice"], people["bob"]
    post(alice, "/status-reports/", {"activity": "I.8", "session": "CTP-245-246",
                                    "execution_level": "green"})  # fmt: skip
    assert results(get(bob, "/activities/", execution_level="green")) == ["I.8"]
    assert results(get(bob, "/activities/", execution_level="green", session="CTP-243-244")) == []


def test_activity_detail_and_history(people):
    activity = get(people["bob"], "/activities/I.30/").json()
    assert activity["responsible_bodies"] == ["CTRO", "CTP", "EPMD"]
    assert activity["strategic_codes"] == ["OS2"] and activity["due"] == "2024-06-29"
    assert activity["status"]["session"] == "CTP-245-246"
    history = get(people["bob"], "/activities/I.8/history/").json()
    assert [h["session"] for h in history] == ["CTP-243-244", "CTP-245-246"]
    assert get(people["bob"], "/activities/I.99/").status_code == 404


def test_status_write_update_and_conflicts(people):
    alice = people["alice"]
    created = post(alice, "/status-reports/", {
        "activity": "I.8", "session": "CTP-245-246", "keyword": "completed",
        "execution_level": "green", "text": "Achevé en octobre 2024.", "version": 1,
    })  # fmt: skip
    assert created.status_code == 201
    body = created.json()
    assert (body["version"], body["progress"], body["text"]) == (
        2, "completed", {"fr": "Achevé en octobre 2024."})  # fmt: skip
    stale = post(alice, "/status-reports/", {"activity": "I.8", "session": "CTP-245-246",
                                             "keyword": "postponed", "version": 1})  # fmt: skip
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_version" and stale.json()["current_version"] == 2
    patch = client_for(alice).patch(f"{API}/status-reports/{body['id']}/",
                                    json.dumps({"execution_level": "blue", "version": 2}),
                                    content_type="application/json")  # fmt: skip
    assert patch.status_code == 200 and patch.json()["version"] == 3
    frozen = post(alice, "/status-reports/", {"activity": "I.8", "session": "CTP-243-244",
                                              "keyword": "completed"})  # fmt: skip
    assert frozen.status_code == 409 and frozen.json()["code"] == "frozen"
    assert StatusReport.objects.get(session__code="CTP-243-244", activity__number=8,
                                    activity__section="time_bound").keyword is None  # fmt: skip


def test_open_and_freeze_a_round(people):
    alice = people["alice"]
    opened = post(alice, "/sessions/", {"id": "CTP-247-248"})
    assert opened.status_code == 201 and opened.json()["start"] == "2025-05-05"
    assert post(alice, "/sessions/", {"id": "CTP-247-248"}).status_code == 400
    assert post(alice, "/sessions/CTP-247-248/freeze/", {}).json()["frozen"] is True
    assert Session.objects.get(code="CTP-247-248").frozen


def test_findings_and_exports(people):
    findings = get(people["bob"], "/findings/", session="CTP-243-244").json()
    assert findings["summary"]["by_rule"]["overdue"] == 1
    word = get(people["bob"], "/exports/docx/", lang="en")
    assert word["Content-Type"].startswith("application/vnd.openxmlformats")
    assert word["Content-Disposition"].endswith('_en.docx"')
    assert get(people["bob"], "/exports/odt/").status_code == 404


def test_revoked_token_no_longer_works(people):
    from django.core.management import call_command

    client = client_for(people["bob"])
    assert client.get(f"{API}/activities/").status_code == 200
    call_command("token", "bob", "--revoke", stdout=StringIO())
    assert client.get(f"{API}/activities/").status_code == 401


def test_schema_and_documentation_page(db):
    client = Client()
    schema = client.get(f"{API}/schema/", {"format": "json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/status-reports/" in paths and "/api/v1/activities/{ref}/history/" in paths
    docs = client.get(f"{API}/docs/")
    assert docs.status_code == 200 and b"swagger-ui" in docs.content
    assert b"cdn.jsdelivr" not in docs.content  # served locally (sidecar), no network
