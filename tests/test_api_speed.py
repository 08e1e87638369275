"""The API's fast read path: the same bytes as the serializers gave, a number of queries
that does not grow with the programme, and the page size a client asks for."""

import itertools

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st
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
    requests = {
        "list": (API, {"page_size": 1000}),
        "page 2": (API, {"page_size": 10, "page": 2}),
        "overdue": (API, {"overdue": "true"}),
        "filtered": (API, {"priority": "A", "ordering": "-due", "q": "e"}),
        "section II": (API, {"section": "permanent", "ordering": "title"}),
        "nothing found": (API, {"q": "qqq zzz xxx"}),
        "detail": (f"{API}I.8/", {}),
    }
    small = {name: queries(client, url, params) for name, (url, params) in requests.items()}
    store(synthetic_programme(400, 3, body="CRC"), "synthetic")
    big = {name: queries(client, url, {**params, "programme": "CRC-2022-2025"})
           for name, (url, params) in requests.items()}  # fmt: skip
    assert big == small
    # token with its user's groups (the role), data version, programme, session, count,
    # page, bodies, statuses; the search reads the texts once more; the detail reads its
    # activity instead of a count and a page; a search finding nothing reads no more
    assert small == {"list": 8, "page 2": 8, "overdue": 8, "filtered": 9, "section II": 8,
                     "nothing found": 5, "detail": 7}  # fmt: skip


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
    # token with its user's groups (the role), data version: each request, nothing else
    assert len(captured.captured_queries) == 4
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


def web_filtered(programme, session, params: dict):
    """What the API answered before the fast path for a filtered list: the web's filters
    (reporting.filters.ActivityFilter) on `with_status()`, then ActivitySerializer."""
    from django.http import QueryDict

    from jalon.reporting.filters import ActivityFilter as WebFilter

    activities = with_status(programme.activities.current(), session).order_by("-section",
                                                                              "number")  # fmt: skip
    query = QueryDict(mutable=True)
    for name, value in params.items():
        query.setlist(name, value if isinstance(value, list) else [value])
    filtered = WebFilter(query, activities)
    assert filtered.is_valid(), filtered.errors
    return ActivitySerializer(filtered.qs, many=True).data


@pytest.mark.parametrize(
    "params",
    [
        {"overdue": "true"},
        {"overdue": "false", "ordering": "-due"},
        {"execution_level": "red"},
        {"execution_level": "blue", "ordering": "-due"},
        {"execution_level": "none", "section": "time_bound"},
        {"q": "acheve"},
        {"q": "douane", "ordering": "title"},
        {"body": "CPG"},
        {"priority": "A", "ordering": ["priority", "-number"]},
        {"priority": "none"},
        {"strategic_code": "PS1", "task_type": "development"},
        {"ordering": "-number"},
    ],
)
def test_every_filter_and_ordering_gives_the_web_filters_activities(people, imported, params):
    from jalon.reporting.services import set_status

    session = Session.objects.get(code="CTP-245-246")
    for number, level in ((3, "red"), (8, "blue"), (30, "red")):  # the document sets none
        activity = imported.activities.get(section="time_bound", number=number)
        set_status(activity, session, execution_level=level)
    expected = web_filtered(imported, session, params)
    assert expected  # each filter keeps some activities of the real programme
    response = client_for(people["bob"]).get(API, {**params, "page_size": 100})
    assert response.status_code == 200
    assert response.content == page_bytes(expected)


def test_pages_of_a_filtered_list_count_and_cut_it_as_the_whole(people, imported):
    client = client_for(people["bob"])
    params = {"section": "time_bound", "ordering": "-due"}
    whole = client.get(API, {**params, "page_size": 100}).json()["results"]
    pages = [client.get(API, {**params, "page_size": 7, "page": n}).json()
             for n in range(1, -(-len(whole) // 7) + 1)]  # fmt: skip
    assert {page["count"] for page in pages} == {len(whole)}
    assert [a for page in pages for a in page["results"]] == whole
    assert pages[-1]["next"] is None and "page=2" in pages[0]["next"]


def test_the_default_programme_and_the_body_parameter_are_read_as_before(people, imported):
    client = client_for(people["bob"])
    store(synthetic_programme(30, 3, body="CRC"), "synthetic")
    default = client.get(API, {"page_size": 100}).json()
    # the most recent programme: the synthetic CRC-2022-2025 is as recent as the CTP's
    assert default == client.get(API, {"programme": "CRC-2022-2025", "page_size": 100}).json()
    ctp = client.get("/api/v1/programmes/", {"body": "CTP"}).json()["results"]
    assert [p["id"] for p in ctp] == ["CTP-2022-2025"]
    assert client.get(f"{API}I.8/", {"programme": "CTP-2022-2025"}).json()["ref"] == "I.8"
    assert client.get(f"{API}I.999/").status_code == 404
    assert client.get(API, {"programme": "XYZ-2022-2025"}).status_code == 404


def test_a_token_of_an_inactive_user_is_refused_and_a_role_change_is_seen_at_once(people):
    from django.contrib.auth.models import Group

    bob = people["bob"]
    client = client_for(bob)
    assert client.get(API).status_code == 200
    bob.groups.set([])  # no role any more
    assert client.get(API).status_code == 403
    bob.groups.set([Group.objects.get(name="member"), Group.objects.get(name="secretariat")])
    assert client.get(API).status_code == 200
    bob.is_active = False
    bob.save()
    refused = client.get(API)
    assert refused.status_code == 401 and "inactive" in refused.json()["detail"]
    wrong = Client(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    assert wrong.get(API).status_code == 401
    root = client_for(people["root"])  # an administrator has no group: the role of is_superuser
    assert root.get(API).status_code == 200


PLAIN_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(PLAIN_JSON)
def test_the_fast_json_gives_drf_json_renderers_bytes(data):
    from jalon.api.rows import render

    renderer = JSONRenderer()
    for media_type in ("application/json", "application/json; indent=2"):
        expected = renderer.render(data, media_type, {})
        assert render(data, renderer, media_type, {}) == expected


def test_line_and_paragraph_separators_are_escaped_as_drf_escapes_them(people, imported):
    activity = imported.activities.get(section="time_bound", number=8)
    activity.title_fr = 'Ligne\u2028suivante\u2029« guillemets » "\\ \x01 \U0001f600'
    activity.save()
    session = Session.objects.get(code="CTP-245-246")
    response = client_for(people["bob"]).get(f"{API}I.8/")
    expected = serialized(imported, session, section="time_bound", number=8)[0]
    assert response.content == JSONRenderer().render(expected)
    assert b"\\u2028" in response.content and "\u2028".encode() not in response.content


def test_a_count_reads_the_index_of_current_activities_and_a_lookup_by_ref_its_own(imported):
    from jalon.api.rows import CurrentActivities
    from jalon.reporting.services import find_activity

    if connection.vendor != "sqlite":
        pytest.skip("the query plan is read with SQLite's EXPLAIN QUERY PLAN")

    def plan(action) -> str:
        with CaptureQueriesContext(connection) as captured:
            action()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {captured.captured_queries[-1]['sql']}")
            return " ".join(row[-1] for row in cursor.fetchall())

    assert CurrentActivities(imported).count() == 94
    assert "USING INDEX activity_current " in plan(CurrentActivities(imported).count)
    by_ref = plan(lambda: find_activity("I.8", imported))
    assert "(programme_id=? AND section=? AND number=?)" in by_ref, by_ref


def test_detail_of_a_number_beyond_any_stored_one_is_not_found(people, imported):
    # The plain statement gets the number as a parameter: one beyond 64 bits made SQLite's
    # driver raise (500); the ORM answered "no such activity".
    bob = client_for(people["bob"])
    for ref in ("I.99999999999999999999999", "II.4294967296", "I.40000"):
        response = bob.get(f"{API}{ref}/")
        assert response.status_code == 404, ref
        assert response.json()["code"] == "not_found"
