"""The forward agenda's page, API endpoint and calendar feeds (issue 17 part 4)."""

from datetime import date

import icalendar
import ics
import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from jalon.agenda.models import CalendarToken
from jalon.interchange.store import store
from jalon.programmes.models import Activity, Body
from jalon.reporting.models import Assignment, Session
from tests.test_agenda import ctro_programme

JUNE = {"body": "CONSEIL", "start": "2025-06-01", "end": "2025-06-30"}


@pytest.fixture
def setting(people):
    store(ctro_programme(), "ctro.json")
    Session.objects.create(
        code="CONSEIL-145-146",
        body=Body.objects.get(code="CONSEIL"),
        numbers=[145, 146],
        start=date(2025, 6, 26),
        end=date(2025, 6, 28),
    )
    return people


def signed_in(user, lang="en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    client.force_login(user)
    return client


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_agenda_page_lists_both_programmes_and_offers_the_documents(setting, lang):
    client = signed_in(setting["bob"], lang)
    page = client.get("/agenda/", {"body": "CONSEIL", "session": "CONSEIL-145-146"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Update the rules of origin guide" in html  # the CTRO's, in English only
    assert "I.12" in html and "?programme=CTRO-2024-2026" in html
    assert ("Forward agenda" if lang == "en" else "Ordre du jour prévisionnel") in html
    # The heading names the body as the page's language does, not by its stored code.
    assert f"<h2>{'Council' if lang == 'en' else 'Conseil'}, " in html
    for name, media in (("csv", "text/csv"), ("docx", "wordprocessingml"), ("pdf", "pdf")):
        download = client.get("/agenda/", {**JUNE, "format": name})
        assert download.status_code == 200 and media in download["Content-Type"]
        assert "attachment" in download["Content-Disposition"]


def test_the_agenda_page_explains_what_is_missing_or_wrong(setting):
    client = signed_in(setting["bob"])
    assert "Choose a session of the body, or give both dates." in client.get(
        "/agenda/", {"body": "CONSEIL"}).content.decode()  # fmt: skip
    assert "The period ends before it starts." in client.get(
        "/agenda/", {**JUNE, "end": "2025-05-01"}).content.decode()  # fmt: skip
    assert "not one of the body" in client.get(
        "/agenda/", {"body": "CTRO", "session": "CONSEIL-145-146"}).content.decode()  # fmt: skip
    assert Client().get("/agenda/").status_code == 302  # sign-in first


def test_the_api_answers_the_agenda_as_its_schema_says(setting):
    token = Token.objects.create(user=setting["bob"])
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    answer = api.get("/api/v1/agenda/", {"body": "CONSEIL", "from": "2025-06-01",
                                         "to": "2025-06-30"})  # fmt: skip
    assert answer.status_code == 200, answer.content
    data = answer.json()
    assert (data["body"], data["start"], data["end"]) == ("CONSEIL", "2025-06-01", "2025-06-30")
    refs = {(e["programme"], e["ref"]) for e in data["entries"]}
    assert ("CTRO-2024-2026", "I.1") in refs and ("CTP-2022-2025", "I.12") in refs
    by_session = api.get("/api/v1/agenda/", {"body": "CONSEIL", "session": "CONSEIL-145-146"})
    assert by_session.json()["entries"] == data["entries"]
    assert api.get("/api/v1/agenda/", {"body": "CONSEIL", "session": "CONSEIL-1-2"}).status_code \
        == 404  # fmt: skip
    assert (
        api.get(
            "/api/v1/agenda/", {"body": "XYZ", **{"from": "2025-06-01", "to": "2025-06-30"}}
        ).status_code
        == 400
    )
    assert api.get("/api/v1/agenda/", {"body": "CONSEIL", "from": "June"}).status_code == 400
    schema = Client().get("/api/v1/schema/?format=json").json()
    assert "/api/v1/agenda/" in schema["paths"]


def feed_events(content: bytes) -> dict:
    """The feed read by two independent parsers; the events by UID (they must agree)."""
    calendar = icalendar.Calendar.from_ical(content)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    other = ics.Calendar(content.decode("utf-8"))
    assert {e.uid for e in other.events} == set(events)
    for event in other.events:
        mine = events[event.uid]
        assert event.all_day
        assert event.begin.date() == mine.decoded("DTSTART")
        assert event.name == str(mine["SUMMARY"])
    return events


def test_a_body_feed_is_read_by_two_calendar_parsers_and_a_revoked_one_is_gone(setting):
    bob = setting["bob"]
    client = signed_in(bob)
    assert client.post("/calendars/new/", {"body": "CONSEIL"}).status_code == 302
    token = CalendarToken.objects.get(user=bob)
    assert token.body.code == "CONSEIL" and token.lang == "en"
    account = client.get("/account/").content.decode()
    assert f"/calendar/{token.key}.ics" in account
    # The body by its acronym in the page's language, not its stored code (CONSEIL).
    assert "Agenda of Council</strong>" in account and "Agenda of CONSEIL" not in account
    anonymous = Client()  # a calendar client: no session
    feed = anonymous.get(f"/calendar/{token.key}.ics")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    events = feed_events(feed.content)
    ctro = [e for e in events.values() if str(e["SUMMARY"]).startswith("TCRO I.1 ")]
    assert len(ctro) == 1
    event = ctro[0]
    assert str(event["SUMMARY"]) == "TCRO I.1 Update the rules of origin guide"
    assert event.decoded("DTSTART") == date(2025, 6, 1)
    assert event.decoded("DTEND") == date(2025, 7, 1)  # all day, the end exclusive
    assert "Execution level: Blue" in str(event["DESCRIPTION"])
    assert str(event["URL"]).endswith("/activities/I.1/?programme=CTRO-2024-2026")
    # The same activity and milestone keep their UID from one reading to the next.
    assert set(feed_events(anonymous.get(f"/calendar/{token.key}.ics").content)) == set(events)
    assert client.post(f"/calendars/{token.pk}/revoke/").status_code == 302
    assert anonymous.get(f"/calendar/{token.key}.ics").status_code == 404
    assert anonymous.get("/calendar/" + "x" * 43 + ".ics").status_code == 404
    other = signed_in(setting["alice"])  # nobody revokes someone else's address
    live = CalendarToken.objects.create(user=bob)
    assert other.post(f"/calendars/{live.pk}/revoke/").status_code == 404


def test_a_users_feed_holds_the_activities_they_are_officer_or_deputy_of(setting):
    alice = setting["alice"]
    ctro = Activity.objects.get(programme__body__code="CTRO", number=1)
    ctp = Activity.objects.get(programme__body__code="CTP", section="time_bound", number=12)
    Assignment.objects.update_or_create(activity=ctro, defaults={"officer": alice})
    Assignment.objects.update_or_create(activity=ctp, defaults={"deputy": alice})
    client = signed_in(alice, "fr")
    client.post("/calendars/new/", {"body": ""})
    token = CalendarToken.objects.get(user=alice)
    assert token.body is None and token.lang == "fr"
    events = feed_events(Client().get(f"/calendar/{token.key}.ics").content)
    summaries = sorted(str(e["SUMMARY"]).split(" ", 2)[1] for e in events.values())
    assert summaries == ["I.1", "I.12", "I.12"]  # I.12: spring 2025 (PTC), June 2025 (Council)
    assert all(str(uid).startswith((str(ctro.uid), str(ctp.uid))) for uid in events)
    assert any("Dernier état (CTP-245-246)" in str(e["DESCRIPTION"]) for e in events.values())


def test_a_member_who_reads_only_their_bodies_sees_only_their_programmes(setting, settings):
    from jalon.accounts.models import BodyAssignment

    settings.JALON_MEMBERS_READ = "assigned"
    bob = setting["bob"]
    BodyAssignment.objects.create(user=bob, body=Body.objects.get(code="CTRO"))
    html = signed_in(bob).get("/agenda/", JUNE).content.decode()
    assert "Update the rules of origin guide" in html and "?programme=CTP-2022-2025" not in html
    token = Token.objects.create(user=bob)
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    entries = api.get("/api/v1/agenda/", {"body": "CONSEIL", "from": "2025-06-01",
                                          "to": "2025-06-30"}).json()["entries"]  # fmt: skip
    assert {e["programme"] for e in entries} == {"CTRO-2024-2026"}
    feed = CalendarToken.objects.create(user=bob, body=Body.objects.get(code="CONSEIL"))
    events = feed_events(Client().get(f"/calendar/{feed.key}.ics").content)
    assert {str(e["SUMMARY"]).split(" ")[0] for e in events.values()} == {"CTRO"}  # in French
