"""Revisions through the API: the draft, its changes (split included), the states, the
versions that keep two editors from overwriting each other, and the records it refuses."""

import json

import pytest

from jalon.documents.revision import render_revision_html
from jalon.interchange.store import load
from jalon.programmes.models import Activity
from jalon.revisions.models import Revision
from tests.test_api_contract import API, client_for

pytestmark = pytest.mark.django_db


def post(user, url, data=None, **headers):
    return client_for(user).post(f"{API}{url}", json.dumps(data or {}),
                                 content_type="application/json", **headers)  # fmt: skip


def current(ref):
    section, number = ref.split(".")
    return Activity.objects.get(section="time_bound" if section == "I" else "permanent",
                                number=int(number), withdrawn=False)  # fmt: skip


def draft(user):
    answer = post(user, "/revisions/")
    assert answer.status_code == 201, answer.content
    return answer.json()


def test_a_draft_is_edited_moved_through_its_states_and_then_refuses_changes(people):
    alice = people["alice"]
    revision = draft(alice)
    assert (revision["number"], revision["state"], revision["changes"]) == (1, "draft", [])
    assert revision["unlinked"] == ["II.20"]  # flagged before endorsement (footnote 1)
    assert post(alice, "/revisions/").status_code == 200  # the draft there is
    url = f"/revisions/{revision['number']}"
    version = revision["version"]

    def change(data):
        nonlocal version
        answer = post(alice, f"{url}/changes/", {**data, "version": version})
        assert answer.status_code == 200, answer.content
        version = answer.json()["version"]
        return answer.json()

    old_en = current("I.3").title_en
    change({"kind": "amended", "activity": "I.3", "title": {"fr": "Nouveau titre de I.3"}})
    assert current("I.3").title_en == old_en  # the other language is kept
    added = change({"kind": "added", "section": "time_bound",
                    "title": {"fr": "Nouvelle activité", "en": "New activity"},
                    "priority": "A", "deadline": {"fr": "Printemps 2025"}})  # fmt: skip
    new_ref = added["changes"][-1]["after"]
    assert current(new_ref).title_en == "New activity"
    change({"kind": "merged", "activity": "II.35", "related": "II.34", "reason": "doublon"})
    answer = change({"kind": "split", "activity": "I.5", "reason": "two distinct tasks",
                     "parts": [{"title": {"fr": "Partie A", "en": "Part A"}},
                               {"title": {"fr": "Partie B"}, "priority": "C"}]})  # fmt: skip
    kinds = [c["kind"] for c in answer["changes"]]
    assert kinds == ["amended", "added", "merged", "split", "added", "added"]
    split, part_a, part_b = answer["changes"][3:]
    assert part_a["related"] == part_b["related"] == split["activity"]
    assert current(part_b["ref"]).priority == "C"
    assert current(part_a["ref"]).priority == Activity.objects.get(uid=split["activity"]).priority
    assert Activity.objects.get(uid=split["activity"]).withdrawn
    change({"kind": "renumbered", "section": "permanent"})

    # The revision document records the split: the activity split and its parts.
    document = load(Revision.objects.get(number=1).programme)
    english = render_revision_html(document, 1, "en", clean=False).decode()
    assert f"split into {part_a['ref']}, {part_b['ref']}" in english
    assert "split from I.5" in english

    steps = [("presented", {"session": "CTP-245-246", "on": "2025-04-24"}),
             ("endorsed", {"reference": "CTP/246/12", "on": "2025-04-25"}),
             ("adopted", {"reference": "Council 2025", "on": "2025-06-28"})]  # fmt: skip
    for state, extra in steps:
        answer = post(alice, f"{url}/advance/", {"state": state, "version": version, **extra})
        assert answer.status_code == 200, answer.content
        version = answer.json()["version"]
        if state == "presented":  # a record now: no change any more
            renumber = {"kind": "renumbered", "section": "time_bound", "version": version}
            refused = post(alice, f"{url}/changes/", renumber)
            assert refused.status_code == 409 and refused.json()["code"] == "record"
    body = answer.json()
    assert (body["state"], body["session"], body["adopted_on"], body["adoption_reference"]) == (
        "adopted", "CTP-245-246", "2025-06-28", "Council 2025")  # fmt: skip
    assert body["endorsed_on"] == "2025-04-25"
    again = post(alice, f"{url}/advance/", {"state": "adopted", "version": version})
    assert again.status_code == 409 and again.json()["code"] == "record"
    assert client_for(people["bob"]).get(f"{API}{url}/").json() == body


def test_an_edit_without_the_version_gets_428_and_a_stale_one_409(people):
    alice = people["alice"]
    revision = draft(alice)
    url = f"/revisions/{revision['number']}/changes/"
    edit = {"kind": "amended", "activity": "I.3", "title": {"en": "Reworded"}}
    missing = post(alice, url, edit)
    assert missing.status_code == 428 and missing.json()["code"] == "version_required"
    assert post(alice, url, {**edit, "version": revision["version"]}).status_code == 200
    stale = post(alice, url, {**edit, "title": {"en": "Mine"}, "version": revision["version"]})
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_version"
    assert stale.json()["current_version"] == revision["version"] + 1
    assert current("I.3").title_en == "Reworded"  # nothing overwritten
    # If-Match names the version as well.
    done = post(alice, url, {**edit, "title": {"en": "Mine"}},
                HTTP_IF_MATCH=f'"{revision["version"] + 1}"')  # fmt: skip
    assert done.status_code == 200


@pytest.mark.parametrize(("data", "field"), [
    ({"kind": "merged", "activity": "II.35", "reason": "x"}, "related"),
    ({"kind": "split", "activity": "I.5", "reason": "x",
      "parts": [{"title": {"fr": "Seule"}}]}, "parts"),
    ({"kind": "added", "section": "time_bound"}, "title"),
    ({"kind": "amended", "activity": "I.3", "title": "une chaîne"}, "title"),
])  # fmt: skip
def test_an_incomplete_change_is_refused_naming_the_field_and_changes_nothing(people, data, field):
    alice = people["alice"]
    revision = draft(alice)
    answer = post(alice, f"/revisions/{revision['number']}/changes/",
                  {**data, "version": revision["version"]})  # fmt: skip
    assert answer.status_code == 400, answer.content
    assert field in answer.json()["fields"]
    assert Revision.objects.get(number=revision["number"]).changes.count() == 0


def test_a_refused_split_changes_nothing(people):
    alice = people["alice"]
    revision = draft(alice)
    before = Activity.objects.count()
    answer = post(alice, f"/revisions/{revision['number']}/changes/", {
        "kind": "split", "activity": "I.5", "reason": "x", "version": revision["version"],
        "parts": [{"title": {"fr": "A"}}, {"title": {"fr": "B"}, "number": 6}],
    })  # fmt: skip
    # Part B names I.6, which exists: refused (a number is unique among current ones).
    assert answer.status_code in (400, 409), answer.content
    assert Activity.objects.count() == before
    assert not current("I.5").withdrawn


def test_members_read_revisions_and_cannot_write_them(people):
    draft(people["alice"])
    bob = client_for(people["bob"])
    assert bob.get(f"{API}/revisions/").status_code == 200
    assert post(people["bob"], "/revisions/").status_code == 403


def test_a_status_is_written_to_the_sessions_own_programme_once_programmes_coexist(people):
    """Starting 2025-2028 does not move the open round's statuses to it silently."""
    from jalon.programmes.models import Programme, StrategicCode
    from jalon.reporting.models import StatusReport

    old = Programme.objects.get()
    new = Programme.objects.create(body=old.body, period_start=2025, period_end=2028,
                                   plan=StrategicCode.objects.first().plan)  # fmt: skip
    Activity.objects.create(programme=new, section="time_bound", number=8, title_fr="Autre")
    answer = post(people["alice"], "/status-reports/", {
        "activity": "I.8", "session": "CTP-245-246", "keyword": "completed",
        "version": StatusReport.objects.get(activity__programme=old, activity__number=8,
                                            activity__section="time_bound",
                                            session__code="CTP-245-246").version,
    })  # fmt: skip
    assert answer.status_code == 201, answer.content
    report = StatusReport.objects.get(pk=answer.json()["id"])
    assert report.activity.programme == old
    named = client_for(people["alice"]).post(
        f"{API}/status-reports/?programme=CTP-2025-2028",
        json.dumps({"activity": "I.8", "session": "CTP-245-246", "keyword": "in_progress"}),
        content_type="application/json",
    )
    assert named.status_code == 201, named.content
    assert StatusReport.objects.get(pk=named.json()["id"]).activity.programme == new


def test_the_secretariat_of_another_body_cannot_revise_this_programme(people):
    from jalon.accounts.roles import create_user
    from jalon.programmes.models import Body

    other = Body.objects.exclude(code="CTP").filter(registered=True).first()
    dave = create_user("dave", "secretariat", "pw-dave-1", bodies=[other.code])
    revision = draft(people["alice"])
    assert post(dave, "/revisions/?programme=CTP-2022-2025").status_code == 403
    renumber = {"kind": "renumbered", "section": "permanent", "version": revision["version"]}
    answer = post(dave, f"/revisions/{revision['number']}/changes/", renumber)
    assert answer.status_code == 403
    assert Revision.objects.get().version == revision["version"]
