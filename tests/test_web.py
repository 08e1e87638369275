"""The web application, through Django's test client: pages, roles, forms, languages."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from jalon.core.synthetic import synthetic_programme
from jalon.interchange.store import store
from jalon.programmes.models import Programme
from jalon.reporting.models import Session, StatusReport
from jalon.reporting.services import find_activity, set_status

PAGES = ["/", "/activities/", "/activities/?priority=none&q=SAFE", "/activities/I.8/",
         "/rounds/CTP-245-246/", "/export/"]  # fmt: skip
EDITOR_PAGES = ["/rounds/CTP-245-246/I.13/edit/", "/import/"]


def signed_in(user, language="en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


@pytest.mark.parametrize("url", PAGES + EDITOR_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(people, url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


@pytest.mark.parametrize("url", PAGES)
def test_members_read_every_page(people, url):
    assert signed_in(people["bob"]).get(url).status_code == 200


@pytest.mark.parametrize("url", PAGES + EDITOR_PAGES)
def test_an_account_without_a_role_sees_nothing(people, url):
    response = signed_in(people["charlie"]).get(url)
    assert response.status_code == 403
    assert b"no role in jalon" in response.content


def test_members_are_refused_every_edit(people):
    bob = signed_in(people["bob"])
    for url in EDITOR_PAGES:
        response = bob.get(url)
        assert response.status_code == 403
        assert b"only the Secretariat edits it" in response.content
    assert bob.post("/rounds/CTP-245-246/freeze/").status_code == 403
    assert bob.post("/rounds/open/", {"id": "CTP-247-248"}).status_code == 403
    assert bob.post("/rounds/CTP-245-246/I.8/edit/", {"keyword": "completed", "version": 1}
                    ).status_code == 403  # fmt: skip
    assert StatusReport.objects.get(session__code="CTP-245-246", activity__number=8,
                                    activity__section="time_bound").version == 1  # fmt: skip


def test_french_smoke_test(people):
    page = signed_in(people["bob"], "fr").get("/").content.decode()
    assert '<html lang="fr">' in page
    expected = (
        "Tableau de bord",
        "Activités",
        "Niveau d'exécution (section I)",
        "Activités en retard",
        "Se déconnecter",
        "Domaines du Plan stratégique",
    )
    for words in expected:
        assert words in page, words
    listing = signed_in(people["bob"], "fr").get("/activities/").content.decode()
    assert "94 activités" in listing and "Filtrer" in listing


def test_english_pages_and_the_language_switch(people):
    client = signed_in(people["bob"], "fr")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/activities/"})
    assert response.status_code == 302
    page = client.get("/activities/").content.decode()
    assert '<html lang="en">' in page and "94 activities" in page
    assert "[FR]" in page  # French content without a translation, marked as such


def test_dashboard_shows_where_the_programme_stands(people):
    page = signed_in(people["bob"]).get("/?session=CTP-243-244").content.decode()
    assert page.count("data:image/svg+xml") >= 4  # levels, priorities, areas, progress
    assert "I.8" in page and "Overdue activities" in page
    assert "42 levels not recorded: suggested from the status text." in page


def test_activity_list_filters(people):
    bob = signed_in(people["bob"])
    page = bob.get("/activities/", {"session": "CTP-243-244", "overdue": "true"}).content.decode()
    assert "1 activity" in page and 'href="/activities/I.8/?session=CTP-243-244"' in page
    page = bob.get("/activities/", {"strategic_code": "os2"}).content.decode()
    assert "3 activities" in page
    page = bob.get("/activities/", {"page": 2}).content.decode()
    assert "Page 2 of 2" in page


def test_activity_detail_shows_everything(people):
    page = signed_in(people["bob"]).get("/activities/I.30/").content.decode()
    assert "CTRO (lead), CTP, EPMD" in page
    assert "OS2" in page and "Strategic Plan codes" in page  # its finding, the rule named
    assert "CTP-243-244" in page and "CTP-245-246" in page  # the timeline
    assert "staff count not given" in page  # "Fonctionnaires de la Sous-Direction …"
    page = signed_in(people["bob"]).get("/activities/I.4/").content.decode()
    assert "4–8 full-time equivalents" in page
    assert "2023-10-24" in page or "10/24/2023" in page  # a milestone: autumn 2023 at the PTC


def test_secretariat_records_a_status_and_sees_it_in_the_timeline(people):
    alice = signed_in(people["alice"])
    form = alice.get("/rounds/CTP-245-246/I.13/edit/")
    assert form.status_code == 200
    assert 'value="red" selected' in form.content.decode()  # suggested: "en temps voulu"
    assert "suggestion from the status text: check it" in form.content.decode()
    response = alice.post("/rounds/CTP-245-246/I.13/edit/", {
        "keyword": "in_progress", "execution_level": "blue",
        "text_fr": "Travaux lancés en mai 2024.", "text_en": "", "version": 1,
    })  # fmt: skip
    assert response["Location"] == "/rounds/CTP-245-246/"  # back to the round's to-do list
    assert (
        "Status of I.13 for CTP-245-246 saved." in alice.get(response["Location"]).content.decode()
    )
    detail = alice.get("/activities/I.13/?session=CTP-245-246").content.decode()
    assert "Travaux lancés en mai 2024." in detail


def test_a_stale_edit_gets_a_conflict_message_and_loses_nothing(people):
    alice = signed_in(people["alice"])
    target = (
        find_activity("I.8", people["alice"].programme)
        if hasattr(people["alice"], "programme")
        else None
    )

    session = Session.objects.get(code="CTP-245-246")
    target = find_activity("I.8", Programme.objects.get())
    set_status(target, session, text="Saved by someone else.", expected_version=1)
    response = alice.post("/rounds/CTP-245-246/I.8/edit/", {
        "keyword": "completed", "execution_level": "green", "text_fr": "My careful text.",
        "text_en": "", "version": 1,
    })  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this status while you were editing it." in page
    assert "My careful text." in page and "Saved by someone else." in page
    assert (
        StatusReport.objects.get(activity=target, session=session).text_fr
        == "Saved by someone else."
    )


def test_a_frozen_round_cannot_be_edited(people):
    alice = signed_in(people["alice"])
    response = alice.post("/rounds/CTP-243-244/I.8/edit/", {"keyword": "completed", "version": 1})
    assert response.status_code == 302
    assert b"frozen" in alice.get(response["Location"]).content


def test_round_page_open_and_freeze(people):
    alice = signed_in(people["alice"])
    page = alice.get("/rounds/CTP-245-246/changes/").content.decode()
    assert "What changed since CTP-243-244" in page
    root = signed_in(people["root"])
    response = root.post("/rounds/CTP-245-246/freeze/", {"reason": "presented as it stands"})
    assert response.status_code == 302
    assert "is frozen" in root.get(response["Location"]).content.decode()
    response = alice.post("/rounds/open/", {"id": "ctp-247-248", "start": "", "end": ""})
    assert response["Location"] == "/rounds/CTP-247-248/"
    page = alice.get("/rounds/CTP-247-248/").content.decode()
    assert "94 statuses carried forward as drafts" in page


def test_import_previews_then_writes(db, people, tmp_path):
    from jalon.core import interchange
    from jalon.interchange.store import load

    alice = signed_in(people["alice"])
    backup = interchange.dumps(load(Programme.objects.get()))
    changed = backup.replace('"priority": "B"', '"priority": "C"', 1)
    upload = tmp_path / "changed.json"
    upload.write_text(changed, encoding="utf-8")
    with upload.open("rb") as handle:
        preview = alice.post("/import/", {"file": handle})
    page = preview.content.decode()
    assert "1 change (1 activity updated)" in page
    assert interchange.dumps(load(Programme.objects.get())) == backup  # nothing written yet
    done = alice.post("/import/confirm/", {"token": preview.context["token"]})
    assert done.status_code == 302
    assert interchange.dumps(load(Programme.objects.get())) != backup


def test_import_counts_its_changes_in_the_pages_language(db, people, tmp_path):
    from jalon.core import interchange
    from jalon.interchange.store import load

    alice = signed_in(people["alice"], "fr")
    backup = interchange.dumps(load(Programme.objects.get()))
    upload = tmp_path / "changed.json"
    upload.write_text(backup.replace('"priority": "B"', '"priority": "C"', 2), encoding="utf-8")
    with upload.open("rb") as handle:
        preview = alice.post("/import/", {"file": handle})
    page = preview.content.decode()
    assert "2 modifications (2 activités mises à jour)" in page
    assert "changes (" not in page
    done = alice.post("/import/confirm/", {"token": preview.context["token"]}, follow=True)
    assert "changed.json importé : 2 modifications (2 activités mises à jour)." in (
        done.content.decode().replace("&#x27;", "'")
    )


def test_an_approved_status_changed_by_an_import_is_to_be_approved_again(db, people, tmp_path):
    from jalon.core import interchange
    from jalon.interchange.store import load
    from jalon.reporting.services import review

    programme = Programme.objects.get()
    session = Session.objects.get(code="CTP-245-246")
    for number, text in ((1, "Approuvé tel quel."), (2, "Approuvé puis modifié.")):
        set_status(find_activity(f"I.{number}", programme), session, text=text, submit=True)
    review(StatusReport.objects.filter(session=session), "approve", people["root"])
    backup = interchange.dumps(load(Programme.objects.get()))
    upload = tmp_path / "changed.json"
    upload.write_text(backup.replace("Approuvé puis modifié.", "Modifié après approbation."),
                      encoding="utf-8")  # fmt: skip
    alice = signed_in(people["alice"])
    with upload.open("rb") as handle:
        preview = alice.post("/import/", {"file": handle})
    rows = [(c.ref, c.name, c.before, c.after) for c, _ in preview.context["changes"]]
    assert ("I.2", "review", "Approved", "Draft") in rows  # the preview says so
    alice.post("/import/confirm/", {"token": preview.context["token"]})
    reviews = dict(StatusReport.objects.filter(session=session, activity__number__in=[1, 2],
                                               activity__section="time_bound")
                   .values_list("activity__number", "review"))  # fmt: skip
    assert reviews == {1: "approved", 2: "draft"}


def test_the_round_page_agrees_in_french_with_its_masculine_cycle(people):
    french = signed_in(people["alice"], "fr")
    page = french.get("/rounds/CTP-245-246/").content.decode()
    assert "Cycle de rapport CTP-245-246" in page
    assert '<span class="tag open">ouvert</span>' in page
    page = french.get("/rounds/CTP-243-244/").content.decode()
    assert '<span class="tag">figé : fait foi</span>' in page


def test_the_editor_names_milestones_by_month_and_body_in_the_pages_language(people):
    """I.1's deadline: 'Printemps 2023, 2024 et 2025 (CTP) Juin 2023, juin 2024 et juin
    2025 (CPG et Conseil)'. Abbreviated, June and July were both 'Jui' in French, and the
    Council showed as its stored code."""
    french = signed_in(people["alice"], "fr").get("/rounds/CTP-245-246/I.1/edit/")
    milestones = french.context["milestones"]
    assert "juin 2023 : CPG, Conseil" in milestones
    assert "avril 2023 : CTP" in milestones
    english = signed_in(people["alice"], "en").get("/rounds/CTP-245-246/I.1/edit/")
    assert "June 2023: PC, Council" in english.context["milestones"]


def test_the_editors_first_hints_follow_the_level_it_pre_fills(people):
    """I.2 says 'Achevée' with no level saved: the editor pre-fills green, and its rule
    hints are those of what it shows (the same the page asks for as the officer types),
    not 'level missing; suggested: green' beside a menu that says green."""
    page = signed_in(people["alice"]).get("/rounds/CTP-245-246/I.2/edit/")
    assert page.context["form"].suggested
    assert page.context["form"].initial["execution_level"] == "green"
    assert "execution-level" not in {f.rule for f in page.context["hints"]}


def test_import_of_a_bad_file_names_the_line(people, tmp_path):
    alice = signed_in(people["alice"])
    upload = tmp_path / "notes.txt"
    upload.write_text("just notes\n")
    with upload.open("rb") as handle:
        page = alice.post("/import/", {"file": handle}).content.decode()
    assert "notes.txt: line 1: not a work programme table" in page


def test_export_downloads_the_word_file(people):
    response = signed_in(people["bob"]).get("/export/", {"format": "docx", "lang": "fr",
                                                          "session": "CTP-243-244"})  # fmt: skip
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="CTP-2022-2025_CTP-243-244_fr.docx"'
    )
    assert response.content[:2] == b"PK"


def queries_for(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


def test_query_counts_do_not_grow_with_the_number_of_activities(
    people, django_assert_max_num_queries
):
    bob = signed_in(people["bob"])
    bob.get("/")  # warm the findings cache for both programmes' sizes alike
    small = {"list": "/activities/", "detail": "/activities/I.8/", "dashboard": "/"}
    # +2 since issue 17: the header's programme picker (1 query) and the chosen programme
    # remembered in the session (1 write when ?programme= chooses one).
    # +3 since issue 18 on the activity page: the translation state (activities, statuses,
    # translation records); the dashboard remembers its counts with the figures (21 seen).
    limits = {"list": 16, "detail": 21, "dashboard": 22}
    for name, url in small.items():
        queries_for(bob, url, django_assert_max_num_queries, limits[name])
    store(synthetic_programme(600, 3, body="CRC"))
    big = "?programme=CRC-2022-2025"
    bob.get("/" + big)
    for name, url in small.items():
        queries_for(bob, url + big, django_assert_max_num_queries, limits[name])


def test_login_is_protected_against_brute_force(people):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(4):
        response = client.post("/login/", {"username": "bob", "password": "wrong"})
        assert response.status_code == 200
        assert b"didn't match" in response.content
    assert client.post("/login/", {"username": "bob", "password": "wrong"}).status_code == 429
    locked = client.post("/login/", {"username": "bob", "password": "pw-bob-1"})
    assert locked.status_code == 429
    assert b"Too many failed sign-ins" in locked.content


def test_sign_in_with_the_form(people):
    client = Client()
    response = client.post("/login/?next=/activities/", {"username": "bob", "password": "pw-bob-1",
                                                         "next": "/activities/"})  # fmt: skip
    assert response.status_code == 302 and response["Location"] == "/activities/"


def test_production_settings_pass_the_deployment_checklist(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "JALON_DEBUG": "0",
        "JALON_SECRET_KEY": "a-production-secret-key-of-sixty-characters-or-so-0123456789",
        "JALON_ALLOWED_HOSTS": "jalon.example.org",
        "JALON_VAR_DIR": str(tmp_path),
        "JALON_DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    command = [str(Path(sys.executable).parent / "jalon"), "check", "--deploy",
               "--fail-level", "WARNING"]  # fmt: skip
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_export_offers_exactly_the_formats_jalon_writes(people):
    from jalon.documents.formats import FORMATS
    from jalon.web.forms import ExportForm

    assert {value for value, _ in ExportForm().fields["format"].choices} == set(FORMATS)
