"""The API's fast read path: the same bytes as the serializers gave, a number of queries
that does not grow with the programme, and the page size a client asks for."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.renderers import JSONRenderer

from jalon.api.pagination import CLAMPED_HEADER, MAX_PAGE_SIZE
from jalon.api.rows import ACTIVITY_COLUMNS
from jalon.api.serializers import ActivitySerializer
from jalon.core.synthetic import synthetic_programme
from jalon.interchange.store import store
from jalon.programmes.models import Programme
from jalon.reporting.models import Session, with_status
from tests.test_api import client_for

API = "/api/v1/activities/"


def serialized(programme, session, **filters):
    """What the API answered before the fast path: ActivitySerializer on model instances."""
    activities = with_status(programme.activities.current(), session).filter(**filters)
    return ActivitySerializer(activities.order_by("-section", "number"), many=True).data


def page_bytes(results) -> bytes:
    page = {"count": len(results), "next": None, "previous": None, "results": results}
    return JSONRenderer().render(page)


@pytest.mark.parametrize("session", ["CTP-243-244", "CTP-245-246"])
def test_activity_list_gives_the_serializers_bytes(people, imported, session):
    response = client_for(people["bob"]).get(API, {"session": session, "page_size": 100})
    expected = serialized(imported, Session.objects.get(code=session))
    assert len(expected) == 94
    assert response.content == page_bytes(expected)


def test_filtered_list_and_detail_give_the_serializers_bytes(people, imported):
    client = client_for(people["bob"])
    session = Session.objects.get(code="CTP-245-246")
    response = client.get(API, {"section": "time_bound", "page_size": 100})
    assert response.content == page_bytes(serialized(imported, session, section="time_bound"))
    for ref, filters in (("I.30", {"section": "time_bound", "number": 30}),
                         ("II.20", {"section": "permanent", "number": 20})):  # fmt: skip
        detail = client.get(f"{API}{ref}/")
        assert detail.content == JSONRenderer().render(serialized(imported, session, **filters)[0])


def test_activity_without_a_status_at_the_session_has_none(people, imported):
    bob = client_for(people["bob"])
    activity = imported.activities.get(section="time_bound", number=8)
    activity.status_reports.filter(session__code="CTP-245-246").delete()
    assert bob.get(f"{API}I.8/").json()["status"] is None
    listed = bob.get(API, {"page_size": 100}).json()["results"]
    assert next(a for a in listed if a["ref"] == "I.8")["status"] is None


def queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured.captured_queries)


def test_lists_and_detail_take_as_many_queries_for_400_activities_as_for_94(people):
    client = client_for(people["bob"])
    small = {
        "list": queries(client, API, {"page_size": 1000}),
        "filtered": queries(client, API, {"priority": "A", "ordering": "-due", "q": "e"}),
        "detail": queries(client, f"{API}I.8/", {}),
    }
    store(synthetic_programme(400, 3, body="CRC"), "synthetic")
    big = {"programme": "CRC-2022-2025"}
    assert {
        "list": queries(client, API, {**big, "page_size": 1000}),
        "filtered": queries(client, API, {**big, "priority": "A", "ordering": "-due", "q": "e"}),
        "detail": queries(client, f"{API}I.8/", big),
    } == small
    # token, role, data version, programme, session, count, page, bodies, statuses
    assert small["list"] == 9


def test_page_size_is_chosen_by_the_client_up_to_the_maximum(people):
    client = client_for(people["bob"])
    ten = client.get(API, {"page_size": 10})
    assert len(ten.json()["results"]) == 10 and "page_size=10" in ten.json()["next"]
    assert CLAMPED_HEADER not in ten
    everything = client.get(API, {"page_size": 100}).json()
    assert len(everything["results"]) == 94 and everything["next"] is None
    clamped = client.get(API, {"page_size": MAX_PAGE_SIZE + 1})
    assert clamped.status_code == 200 and clamped[CLAMPED_HEADER] == str(MAX_PAGE_SIZE)
    for wrong in ("0", "-5", "ten"):
        refused = client.get(API, {"page_size": wrong})
        assert refused.status_code == 400 and "page_size" in refused.content.decode()


def test_schema_documents_the_page_size(db):
    from django.test import Client

    schema = Client().get("/api/v1/schema/", {"format": "json"}).json()
    parameters = schema["paths"]["/api/v1/activities/"]["get"]["parameters"]
    page_size = next(p for p in parameters if p["name"] == "page_size")
    assert f"at most {MAX_PAGE_SIZE}" in page_size["description"]


def test_pages_sorted_by_priority_hold_each_activity_once_ties_in_programme_order(people):
    client = client_for(people["bob"])
    pages = [client.get(API, {"ordering": "priority", "page_size": 10, "page": n}).json()
             for n in range(1, 11)]  # fmt: skip
    listed = [(a["priority"] or "", a["section"], a["number"])
              for page in pages for a in page["results"]]  # fmt: skip
    assert len(listed) == len(set(listed)) == 94
    priorities = [priority for priority, _, _ in listed]
    assert priorities == sorted(priorities, key=lambda p: (p != "", p)) or priorities == sorted(
        priorities, key=lambda p: (p == "", p)
    )  # missing first (SQLite) or last (PostgreSQL)
    for before, after in itertools.pairwise(listed):  # ties: section I, then II, by number
        if before[0] == after[0]:
            assert (before[1] != "time_bound", before[2]) < (after[1] != "time_bound", after[2])


@pytest.mark.parametrize("ordering", ["", "number", "-number", "priority", "-due", "title"])
def test_every_ordering_of_the_list_reads_an_index_instead_of_sorting_the_programme(
    imported, ordering
):
    from jalon.reporting.filters import ActivityFilter

    if connection.vendor != "sqlite":
        pytest.skip("the query plan is read with SQLite's EXPLAIN QUERY PLAN")
    session = Session.objects.get(code="CTP-243-244")
    activities = with_status(imported.activities.current(), session).order_by("-section", "number")
    page = ActivityFilter({"ordering": ordering}, activities).qs.values(*ACTIVITY_COLUMNS)[:50]
    sql, params = page.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = [row[-1] for row in cursor.fetchall()]
    assert plan[0].startswith("SEARCH programmes_activity USING INDEX activity_by_"), plan
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan  # no sort of every activity


def test_a_repeated_request_is_answered_from_memory_until_the_data_changes(people, imported):
    from jalon.reporting.services import set_status

    bob = client_for(people["bob"])
    params = {"page_size": 100, "section": "time_bound"}
    first = bob.get(API, params)
    detail = bob.get(f"{API}I.8/")
    with CaptureQueriesContext(connection) as captured:
        again = bob.get(API, params)
        detail_again = bob.get(f"{API}I.8/")
    # token, role, data version: each request, and nothing else
    assert len(captured.captured_queries) == 6
    assert again.content == first.content and detail_again.content == detail.content
    assert again["Content-Type"] == first["Content-Type"] == "application/json"
    # any change is seen at once: a status, an activity's title
    session = Session.objects.get(code="CTP-245-246")
    activity = imported.activities.get(section="time_bound", number=8)
    set_status(activity, session, texts={"fr": "Achevé. Nouveau texte.", "en": ""})
    changed = bob.get(API, params).json()["results"]
    assert next(a for a in changed if a["ref"] == "I.8")["status"]["text"]["fr"] == (
        "Achevé. Nouveau texte."
    )
    assert bob.get(f"{API}I.8/").json()["status"]["text"]["fr"] == "Achevé. Nouveau texte."
    activity.title_fr = "Un autre titre"
    activity.save()
    assert bob.get(f"{API}I.8/").json()["title"]["fr"] == "Un autre titre"
    # another user, another page size: answered apart
    assert len(client_for(people["alice"]).get(API, {"page_size": 10}).json()["results"]) == 10


def test_the_clamped_page_size_header_is_remembered_with_the_answer(people):
    client = client_for(people["bob"])
    for _ in range(2):
        clamped = client.get(API, {"page_size": MAX_PAGE_SIZE + 1})
        assert clamped.status_code == 200 and clamped[CLAMPED_HEADER] == str(MAX_PAGE_SIZE)


def test_a_remembered_answer_is_not_served_to_a_reader_who_lost_the_body(people, settings):
    from jalon.accounts.models import BodyAssignment

    settings.JALON_MEMBERS_READ = "assigned"
    bob = client_for(people["bob"])
    given = BodyAssignment.objects.create(user=people["bob"], body=Programme.objects.get().body)
    for _ in range(2):  # the second answer from memory
        assert bob.get(API, {"programme": "CTP-2022-2025"}).status_code == 200
        assert bob.get(f"{API}I.8/", {"programme": "CTP-2022-2025"}).status_code == 200
    given.delete()
    assert bob.get(API, {"programme": "CTP-2022-2025"}).status_code == 403
    assert bob.get(f"{API}I.8/", {"programme": "CTP-2022-2025"}).status_code == 403
