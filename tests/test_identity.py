"""Every activity keeps a permanent identifier: renumbering is a change of number."""

import copy
import json
import re
import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jalon.core import interchange
from jalon.core.matching import match_activities
from jalon.core.programme import ActivityData, DocumentError
from jalon.interchange.store import UncertainMatchError, load, store
from jalon.programmes.models import Activity
from tests.conftest import activity, without_ids


def renumbered_section_two(document):
    """A new activity put after II.34: the rest of section II moves down by one."""
    document = copy.deepcopy(document)
    for item in document.activities:
        if item.section == "permanent" and item.number >= 35:
            item.number += 1
    new = ActivityData("permanent", 35, title={"fr": "Zzz: quelque chose d'inédit"})
    position = next(i for i, a in enumerate(document.activities) if a.ref == "II.36")
    document.activities.insert(position, new)
    return document


def test_every_stored_activity_has_an_identifier_in_the_json(imported):
    data = json.loads(interchange.dumps(load(imported)))
    ids = [item["id"] for item in data["activities"]]
    assert len(set(ids)) == len(ids) == 94
    assert ids[0] == str(Activity.objects.get(section="time_bound", number=1).uid)


def test_a_renumbered_json_keeps_every_activity_and_its_statuses(imported):
    i8 = Activity.objects.get(section="time_bound", number=8)
    ii36 = Activity.objects.get(section="permanent", number=36)
    document = load(imported)
    for item in document.activities:
        if item.section == "time_bound":
            item.number += 100
    summary = store(document)
    assert str(summary) == "42 changes (42 activities renumbered)"
    i8.refresh_from_db()
    assert i8.ref == "I.108" and i8.status_reports.count() == 1
    assert Activity.objects.get(pk=ii36.pk).uid == ii36.uid


def test_the_text_document_read_twice_matches_by_number_and_text(imported, real_document):
    summary = store(real_document)
    assert str(summary) == "0 changes"
    assert {m.reason for m in summary.matches} == {"number_and_text"}


def test_a_renumbered_word_table_stops_on_the_matches_it_is_unsure_of(imported, real_document):
    before = interchange.dumps(load(imported))
    with pytest.raises(UncertainMatchError) as caught:
        store(renumbered_section_two(real_document), "revised.txt")
    unsure = {m.ref: m for m in caught.value.summary.uncertain}
    ii35 = str(Activity.objects.get(section="permanent", number=35).uid)
    assert unsure["II.36"].target == ii35 and unsure["II.36"].reason == "renumbered"
    assert "II.36: probably II.35 (renumbered" in str(caught.value)
    assert unsure["II.35"].target is None  # new, or a reworded II.35? a person says
    assert interchange.dumps(load(imported)) == before  # nothing written


def test_accepting_the_suggestions_renumbers_without_losing_history(imported, real_document):
    ii35 = Activity.objects.get(section="permanent", number=35)
    summary = store(renumbered_section_two(real_document), accept_suggestions=True)
    assert str(summary) == "19 changes (1 activity added, 18 activities renumbered)"
    ii35.refresh_from_db()
    assert ii35.ref == "II.36" and ii35.status_reports.count() == 1
    assert Activity.objects.get(section="permanent", number=35).title_fr.startswith("Zzz")


def test_a_person_corrects_a_suggestion_by_naming_the_stored_activity(imported, real_document):
    document = copy.deepcopy(real_document)
    i3 = activity(document, "I.3")
    i3.title = {"fr": "Un intitulé entièrement différent, réécrit de fond en comble"}
    with pytest.raises(UncertainMatchError, match=r"I\.3: a new activity\?"):
        store(document)
    uid = Activity.objects.get(section="time_bound", number=3).uid
    summary = store(document, resolutions={"I.3": "I.3"})
    assert str(summary) == "1 change (1 activity updated)"
    assert Activity.objects.get(section="time_bound", number=3).uid == uid


def test_an_answer_that_names_nothing_is_an_error(imported, real_document):
    with pytest.raises(DocumentError, match="'I.99' is neither a stored activity"):
        store(real_document, resolutions={"I.3": "I.99"})


def test_a_version_1_file_is_read_and_matched_by_number_and_text(imported, tmp_path):
    data = json.loads(interchange.dumps(without_ids(load(imported))))
    data["format"] = "jalon.programme/1"
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = StringIO()
    call_command("import", str(path), stdout=out)
    assert out.getvalue().rstrip().endswith("0 changes")


def test_two_activities_claiming_one_identifier_is_exit_2_naming_both(imported, tmp_path):
    data = json.loads(interchange.dumps(load(imported)))
    data["activities"][4]["id"] = data["activities"][2]["id"]
    path = tmp_path / "twice.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("import", str(path), stdout=StringIO())
    assert caught.value.returncode == 2
    assert "activities[2] (I.3) and activities[4] (I.5)" in str(caught.value)
    assert "both claim the identifier" in str(caught.value)


def test_an_identifier_of_another_programme_is_refused(imported):
    document = load(imported)
    document.programme.period = (2025, 2028)
    document.sessions = []
    for item in document.activities:
        item.status_reports = []
    with pytest.raises(DocumentError, match="belongs to I.1 of another programme"):
        store(document)


def test_the_command_line_confirms_uncertain_matches(imported, tmp_path, real_document):
    document = renumbered_section_two(real_document)
    data = interchange.to_dict(document)
    data["format"] = "jalon.programme/1"
    path = tmp_path / "revised.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="--accept-suggestions") as caught:
        call_command("import", str(path), stdout=StringIO())
    assert caught.value.returncode == 2
    out = StringIO()
    call_command("import", str(path), "--accept-suggestions", stdout=out)
    assert "18 activities renumbered" in out.getvalue()


def test_matching_is_never_sure_of_a_new_number_for_a_known_text():
    stored = [ActivityData("permanent", 1, title={"fr": "Suivre les travaux"}, uid="a"),
              ActivityData("permanent", 2, title={"fr": "Tenir le registre"}, uid="b")]  # fmt: skip
    incoming = [ActivityData("permanent", 1, title={"fr": "Tenir le registre"})]
    (match,) = match_activities(stored, incoming)
    assert (match.target, match.certain, match.reason) == ("b", False, "renumbered")


def test_an_identifier_in_the_file_wins_over_the_number():
    stored = [ActivityData("permanent", 1, title={"fr": "Suivre"}, uid=str(uuid.UUID(int=1)))]
    incoming = [ActivityData("permanent", 9, title={"fr": "Autre"}, uid=str(uuid.UUID(int=1)))]
    (match,) = match_activities(stored, incoming)
    assert (match.target, match.certain, match.reason) == (stored[0].uid, True, "identifier")


def test_the_import_preview_asks_about_each_uncertain_match(people, real_document, tmp_path):
    from django.test import Client

    alice = Client()
    alice.force_login(people["alice"])
    data = interchange.to_dict(renumbered_section_two(real_document))
    upload = tmp_path / "revised.json"
    upload.write_text(json.dumps(data), encoding="utf-8")
    with upload.open("rb") as handle:
        page = alice.post("/import/", {"file": handle}).content.decode()
    assert "Which activity is it?" in page
    ii35 = Activity.objects.get(section="permanent", number=35)
    assert f'<option value="{ii35.uid}" selected>II.35' in page  # the file's II.36
    assert '<select name="match:II.35"' in page
    assert not Activity.objects.filter(title_fr__startswith="Zzz").exists()  # nothing written
    token = re.search(r'name="token" value="([^"]+)"', page)[1]  # this preview's own
    answers = {"match:II.35": "new", "token": token}
    for n in range(35, 53):  # the person confirms each suggestion: II.n is now II.n+1
        answers[f"match:II.{n + 1}"] = str(Activity.objects.get(section="permanent", number=n).uid)
    done = alice.post("/import/confirm/", answers)
    assert done.status_code == 302
    assert Activity.objects.get(pk=ii35.pk).ref == "II.36"
    assert Activity.objects.get(section="permanent", number=35).title_fr.startswith("Zzz")


def test_the_identifier_is_in_the_api_and_the_admin(people):
    from django.test import Client

    i8 = Activity.objects.get(section="time_bound", number=8)
    client = Client()
    client.force_login(people["bob"])
    assert client.get("/api/v1/activities/I.8/").json()["id"] == str(i8.uid)
    client.force_login(people["root"])
    page = client.get(f"/admin/programmes/activity/{i8.pk}/change/").content.decode()
    assert str(i8.uid) in page
