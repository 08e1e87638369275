# ruff: noqa: F811  (the browser fixtures are imported from test_browser by name)
"""The reporting round in a real browser (Playwright, Debian Chromium): an officer's
round, a coordinator's review, freezing and unfreezing, the Excel round trip, the grid,
and an axe-core accessibility check. JALON_SCREENSHOTS=1 refreshes docs/ screenshots."""

import io
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from jalon.accounts.roles import create_user
from jalon.programmes.models import Programme
from jalon.reporting.models import Session, StatusReport
from jalon.reporting.services import assign, find_activity, set_status
from tests.test_browser import DOCS, chromium, page, sign_in, site  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
ROUND = "/rounds/CTP-245-246/"
SHOTS = Path(os.environ.get("JALON_SHOTS_DIR", "/tmp/jalon-shots"))


def shoot(page, name: str, docs: bool = False) -> None:
    """Screenshots for looking at the pages (and for the README with `docs`)."""
    if not os.environ.get("JALON_SCREENSHOTS"):
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    if docs:
        page.screenshot(path=str(DOCS / f"screenshot-{name}.png"))


def submit(button) -> None:
    """Click a button that submits a form, and wait for the page it leads to."""
    with button.page.expect_navigation():
        button.click()


def in_french(page, site) -> None:
    page.context.add_cookies([{"name": "django_language", "value": "fr", "url": site}])


def reports(numbers, section="time_bound"):
    return StatusReport.objects.filter(session__code="CTP-245-246", activity__section=section,
                                       activity__number__in=numbers)  # fmt: skip


def test_an_officer_prepares_ten_statuses_with_save_and_next_then_submits(page, site):
    programme = Programme.objects.get()
    alice = create_user("alice", "secretariat", "alice-password-1", bodies=["CTP"])
    assign([find_activity(f"I.{n}", programme) for n in range(1, 13)], alice)
    sign_in(page, site, "alice", "alice-password-1")
    page.get_by_role("link", name="My activities").click()
    expect(page.get_by_text("0 of 94 reviewed")).to_be_visible()
    assert page.locator("table.todo tbody tr").count() == 12
    shoot(page, "round-en-1280", docs=True)
    with page.expect_navigation():
        page.get_by_role("link", name="I.1 ").first.click()
    for number in range(1, 11):
        assert page.url.endswith(f"{ROUND}I.{number}/edit/?officer=me")
        text = f"En cours : étape {number} franchie en octobre 2024. Prochaine étape : mai 2025."
        page.get_by_label("Status (French)").fill(text)
        page.get_by_label("Progress keyword").select_option("in_progress")
        assert page.get_by_label("Execution level").input_value() == "blue"  # follows
        if number == 1:
            hints = page.locator("#hints")
            hints.get_by_text("all there").wait_for()  # the hints followed the typing
            shoot(page, "editor-en-1280", docs=True)
        submit(page.get_by_role("button", name="Save and next"))
    assert page.url.endswith(f"{ROUND}I.11/edit/?officer=me")
    page.get_by_role("link", name="Back to the list").click()
    expect(page.get_by_text("0 of 94 reviewed")).to_be_visible()
    for number in range(1, 11):
        page.get_by_label(f"Check I.{number}", exact=True).check()
    submit(page.get_by_role("button", name="Submit the checked statuses"))
    expect(page.get_by_text("10 statuses submitted.")).to_be_visible()
    expect(page.get_by_text("10 of 94 reviewed")).to_be_visible()
    done = reports(range(1, 11))
    assert {(r.keyword, r.execution_level, r.review) for r in done} == {
        ("in_progress", "blue", "submitted")
    }


def test_unsaved_changes_are_not_lost_by_leaving(page, site):
    create_user("alice", "secretariat", "alice-password-1", bodies=["CTP"])
    sign_in(page, site, "alice", "alice-password-1")
    page.goto(f"{site}{ROUND}I.3/edit/")
    page.get_by_label("Status (English)").fill("Half-written")
    dialogs = []

    def dismiss(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.get_by_role("link", name="Back to the list").click()
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    assert page.get_by_label("Status (English)").input_value() == "Half-written"


def test_a_draft_is_kept_by_the_browser_restored_with_a_notice_and_cleared_on_save(page, site):
    create_user("alice", "secretariat", "alice-password-1")
    sign_in(page, site, "alice", "alice-password-1")
    url = f"{site}{ROUND}I.3/edit/"
    page.goto(url)
    english = page.get_by_label("Status (English)")
    saved_before = english.input_value()
    english.fill("Half-written when the tab closed")
    page.get_by_label("Progress keyword").select_option("postponed")
    page.wait_for_timeout(800)  # the draft is written after a pause in typing
    page.close()  # the tab is gone, nothing saved

    again = page.context.new_page()
    again.goto(url)
    notice = again.locator("#draft-notice")
    expect(notice).to_be_visible()
    assert "restored" in notice.inner_text()
    assert (
        again.get_by_label("Status (English)").input_value() == "Half-written when the tab closed"
    )
    assert again.get_by_label("Progress keyword").input_value() == "postponed"
    assert again.get_by_label("Execution level").input_value() != ""  # the draft's own
    if os.environ.get("JALON_SCREENSHOTS"):  # the notice in both languages, desktop and phone
        for lang in ("en", "fr"):
            page.context.add_cookies([{"name": "django_language", "value": lang, "url": site}])
            for width in (1280, 375):
                look = page.context.new_page()
                look.set_viewport_size({"width": width, "height": 900})
                look.goto(url)
                shoot(look, f"editor-draft-{lang}-{width}")
                look.close()
        page.context.add_cookies([{"name": "django_language", "value": "en", "url": site}])
    # Discard: back to what is saved, the draft gone.
    again.get_by_role("button", name="Discard the draft").click()
    expect(notice).to_be_hidden()
    assert again.get_by_label("Status (English)").input_value() == saved_before
    again.reload()
    expect(again.locator("#draft-notice")).to_be_hidden()
    # A draft saved for real is cleared: nothing is offered afterwards.
    again.get_by_label("Status (English)").fill("Written and saved")
    again.wait_for_timeout(800)
    submit(again.get_by_role("button", name="Save", exact=True))
    again.goto(url)
    expect(again.locator("#draft-notice")).to_be_hidden()
    assert again.get_by_label("Status (English)").input_value() == "Written and saved"
    # A draft of another activity or session is its own.
    assert (
        again.evaluate("Object.keys(localStorage).filter(k => k.startsWith('jalon-draft'))") == []
    )


def test_a_coordinator_sends_back_and_approves(page, site):
    programme = Programme.objects.get()
    session = Session.objects.get(code="CTP-245-246")
    for number in (1, 2):
        set_status(find_activity(f"I.{number}", programme), session, text="En cours.",
                   submit=True)  # fmt: skip
    create_user("carol", "coordinator", "carol-password-1", bodies=["CTP"])
    sign_in(page, site, "carol", "carol-password-1")
    page.goto(f"{site}{ROUND}?state=submitted")
    assert page.locator("table.todo tbody tr").count() == 2
    # The to-do list has a Comment field of its own (bulk send back): wait for the editor.
    with page.expect_navigation(url=f"{site}{ROUND}I.1/edit/**"):
        page.get_by_role("link", name="I.1 ").first.click()
    page.get_by_label("Comment").fill("Which dates? Please add them.")
    submit(page.get_by_role("button", name="Send back"))
    expect(page.get_by_text("I.1: Sent back.")).to_be_visible()
    page.get_by_label("Check I.2", exact=True).check()
    submit(page.get_by_role("button", name="Approve the checked statuses"))
    expect(page.get_by_text("1 status approved.")).to_be_visible()
    assert dict(reports([1, 2]).values_list("activity__number", "review")) == {
        1: "returned", 2: "approved"}  # fmt: skip
    page.goto(f"{site}{ROUND}I.1/edit/")
    expect(page.locator("#sent-back")).to_contain_text("Which dates? Please add them.")
    expect(page.locator(".comment")).to_contain_text("Which dates? Please add them.")  # history


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_freezing_asks_first_and_cancel_keeps_the_round_open(page, site, lang):
    create_user("carol", "coordinator", "carol-password-1", bodies=["CTP"])
    sign_in(page, site, "carol", "carol-password-1")
    words = {
        "en": ("Freeze the round…", "No, keep the round open", "Yes, freeze the round",
               "94 statuses are not approved yet.", "Reason to freeze"),
        "fr": ("Figer le cycle…", "Non, garder le cycle ouvert", "Oui, figer le cycle",
               "94 états d'avancement ne sont pas encore approuvés.", "Raison de figer"),
    }[lang]  # fmt: skip
    if lang == "fr":
        in_french(page, site)
    page.goto(f"{site}{ROUND}")
    page.get_by_role("link", name=words[0]).click()
    expect(page.get_by_text(words[3])).to_be_visible()  # the counts, named
    shoot(page, f"freeze-{lang}-1280", docs=lang == "fr")
    page.get_by_role("link", name=words[1]).click()
    assert page.url.endswith(ROUND)
    assert not Session.objects.get(code="CTP-245-246").frozen
    page.get_by_role("link", name=words[0]).click()
    submit(page.get_by_role("button", name=words[2]))  # no reason: refused
    assert not Session.objects.get(code="CTP-245-246").frozen
    page.get_by_label(words[4]).fill("Le comité se réunit demain.")
    submit(page.get_by_role("button", name=words[2]))
    assert Session.objects.get(code="CTP-245-246").frozen


def test_an_administrator_unfreezes_from_the_web(page, site):
    create_user("root", "admin", "root-password-1")
    sign_in(page, site, "root", "root-password-1")
    page.goto(f"{site}/rounds/CTP-243-244/")
    page.get_by_role("link", name="Unfreeze…").click()
    page.get_by_label("Reason to reopen the round").fill("A typo in I.8")
    submit(page.get_by_role("button", name="Unfreeze"))
    expect(page.get_by_text("CTP-243-244 is open again.")).to_be_visible()
    session = Session.objects.get(code="CTP-243-244")
    assert not session.frozen
    assert session.history.first().history_change_reason == "unfrozen: A typo in I.8"


def test_the_excel_round_trip_leaves_the_other_language_intact(page, site, tmp_path):
    programme = Programme.objects.get()
    session = Session.objects.get(code="CTP-245-246")
    for number in range(1, 16):
        set_status(find_activity(f"I.{number}", programme), session,
                   text=f"English status of I.{number}.", lang="en")  # fmt: skip
    english = dict(reports(range(1, 43)).values_list("activity__number", "text_en"))
    create_user("alice", "secretariat", "alice-password-1", bodies=["CTP"])
    sign_in(page, site, "alice", "alice-password-1")
    page.goto(f"{site}/export/")
    page.get_by_label("Format").select_option("xlsx")
    page.locator("#id_lang").select_option("fr")
    page.get_by_label("Session").select_option("CTP-245-246")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download").click()
    workbook = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    sheet = workbook.worksheets[0]
    column = next(i for i, c in enumerate(sheet[4], 1) if (c.value or "").startswith("Etat"))
    for number in range(1, 11):
        sheet.cell(row=4 + number, column=column).value = f"Achevé : étape {number}, mai 2024."
    edited = tmp_path / "round.xlsx"
    workbook.save(edited)
    page.goto(f"{site}/import/")
    page.get_by_label("File").set_input_files(str(edited))
    submit(page.get_by_role("button", name="Preview"))
    rows = page.locator("table.changes tbody tr")
    assert rows.count() == 10  # every change, by activity and field
    assert "status (French)" in rows.first.inner_text()
    assert "Achevé : étape 1, mai 2024." in rows.first.inner_text()
    shoot(page, "import-preview-en-1280")
    submit(page.get_by_role("button", name="Import"))
    assert dict(reports(range(1, 43)).values_list("activity__number", "text_en")) == english
    assert reports([1]).get().text_fr == "Achevé : étape 1, mai 2024."


def test_the_grid_saves_the_changed_cells_at_once(page, site):
    create_user("alice", "secretariat", "alice-password-1", bodies=["CTP"])
    sign_in(page, site, "alice", "alice-password-1")
    page.goto(f"{site}{ROUND}?body=CTRO")
    page.get_by_role("link", name="Edit as a grid").click()
    first = page.locator("table.grid tbody tr").first
    ref = first.locator(".ref").inner_text()
    page.get_by_label(f"Status of {ref} (English)").fill("Translated in the grid.")
    page.get_by_label(f"Progress keyword of {ref}").select_option("postponed")
    assert "changed" in (first.get_attribute("class") or "")
    shoot(page, "grid-en-1280")
    submit(page.get_by_role("button", name="Save the grid").first)
    expect(page.get_by_text("1 status saved.")).to_be_visible()
    section, number = ref.split(".")
    report = reports([int(number)], "time_bound" if section == "I" else "permanent").get()
    assert (report.text_en, report.keyword) == ("Translated in the grid.", "postponed")


PAGES = {"round": ROUND, "editor": ROUND + "I.8/edit/", "list": "/activities/", "dashboard": "/",
         "open": "/rounds/open/", "grid": ROUND + "grid/?body=CTRO"}  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_pages_have_no_serious_accessibility_violation(page, site, lang):
    from axe_playwright_python.sync_playwright import Axe

    create_user("alice", "secretariat", "alice-password-1", bodies=["CTP"])
    sign_in(page, site, "alice", "alice-password-1")
    if lang == "fr":
        in_french(page, site)
    axe = Axe()
    for name, url in PAGES.items():
        page.goto(f"{site}{url}")
        results = axe.run(page)
        assert results.response["passes"]  # axe ran
        serious = [v for v in results.response["violations"]
                   if v["impact"] in ("serious", "critical")]  # fmt: skip
        assert not serious, (name, [(v["id"], v["nodes"][0]["html"]) for v in serious])


# The outermost elements sticking out of the page on the right (to say what to fix).
WIDER_THAN_THE_PAGE = """[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > innerWidth + 1
               && e.parentElement.getBoundingClientRect().right <= innerWidth + 1)
  .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))
  .slice(0, 5)"""


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_round_and_list_fit_a_phone(chromium, site, lang):
    context = chromium.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
    page = context.new_page()
    create_user("alice", "secretariat", "alice-password-1", bodies=["CTP"])
    sign_in(page, site, "alice", "alice-password-1")
    if lang == "fr":
        in_french(page, site)
    for name, url in {"round": ROUND, "list": "/activities/", "editor": ROUND + "I.8/edit/",
                      "grid": ROUND + "grid/?body=CTRO", "dashboard": "/"}.items():  # fmt: skip
        page.goto(f"{site}{url}")
        wide = page.evaluate(WIDER_THAN_THE_PAGE)
        assert page.evaluate("document.documentElement.scrollWidth") <= 391, (name, lang, wide)
        shoot(page, f"{name}-{lang}-390", docs=name == "round" and lang == "fr")
    context.close()


def test_one_box_checks_every_activity_shown_to_assign_them_at_once(page, site):
    sign_in(page, site, "alice", "alice-password-1")
    page.goto(f"{site}{ROUND}?body=CTRO")
    shown = page.locator("table.todo tbody input[type=checkbox]")
    assert shown.count() > 1
    page.get_by_label(f"Check all {shown.count()} activities shown").check()
    page.locator("#assign select").first.select_option(label="alice")
    submit(page.get_by_role("button", name="Assign to the checked activities"))
    expect(page.get_by_text(f"{shown.count()} activities assigned.")).to_be_visible()
    page.goto(f"{site}{ROUND}?officer=me")
    assert page.locator("table.todo tbody tr").count() == shown.count()


def test_a_status_sent_back_opens_on_the_coordinators_comment(page, site):
    from jalon.reporting.services import review

    programme = Programme.objects.get()
    session = Session.objects.get(code="CTP-245-246")
    set_status(find_activity("I.3", programme), session, text="En cours.", submit=True)
    carol = create_user("carol", "coordinator", "carol-password-1", bodies=["CTP"])
    review(reports([3]), "send_back", carol, comment="Quelle date pour l'étape suivante ?")
    sign_in(page, site, "alice", "alice-password-1")
    in_french(page, site)
    page.goto(f"{site}{ROUND}I.3/edit/")
    notice = page.locator("#sent-back")
    expect(notice).to_contain_text("Renvoyé par carol")
    expect(notice).to_contain_text("Quelle date pour l'étape suivante ?")
    assert notice.bounding_box()["y"] < 400  # above the form, not at the page's foot
    shoot(page, "editor-sent-back-fr-1280")


def test_opening_a_round_the_calendar_does_not_know_asks_for_its_day_keeping_what_was_typed(
    page, site
):
    sign_in(page, site, "alice", "alice-password-1")
    in_french(page, site)
    page.goto(f"{site}/rounds/CTP-243-244/")
    page.get_by_role("link", name="Ouvrir le cycle suivant…").click()
    page.get_by_label("Session").fill("ctp-249-250")
    submit(page.get_by_role("button", name="Ouvrir le cycle"))
    error = page.locator("#id_start_error")
    expect(error).to_have_text(
        "Le calendrier ne sait pas quand CTP-249-250 se réunit : indiquez son premier jour."
    )
    assert "--start" not in page.content()
    assert page.get_by_label("Session").input_value() == "ctp-249-250"  # kept as typed
    assert page.get_by_label("Premier jour").get_attribute("aria-invalid") == "true"
    shoot(page, "open-round-fr-1280")
    page.get_by_label("Premier jour").fill("2026-10-20")
    page.get_by_label("Dernier jour").fill("2026-10-19")
    submit(page.get_by_role("button", name="Ouvrir le cycle"))
    expect(page.locator("#id_end_error")).to_have_text(
        "Le dernier jour ne peut pas précéder le premier."
    )
    page.get_by_label("Dernier jour").fill("2026-10-22")
    submit(page.get_by_role("button", name="Ouvrir le cycle"))
    assert page.url.endswith("/rounds/CTP-249-250/")
    assert Session.objects.get(code="CTP-249-250").start.isoformat() == "2026-10-20"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_grid_shows_both_languages_without_scrolling_sideways_on_a_desktop(page, site, lang):
    sign_in(page, site, "alice", "alice-password-1")
    if lang == "fr":
        in_french(page, site)
    page.goto(f"{site}{ROUND}grid/?body=CTRO")
    wrap = page.locator(".table-wrap").bounding_box()
    english = page.locator("table.grid tbody tr").first.locator("textarea").last.bounding_box()
    assert english["x"] + english["width"] <= wrap["x"] + wrap["width"], (english, wrap)
    assert english["width"] >= 250  # room to write in, not a sliver
    shoot(page, f"grid-{lang}-1280")


def test_on_a_phone_the_submit_box_stays_beside_its_label(chromium, site):
    context = chromium.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, site, "alice", "alice-password-1")
    in_french(page, site)
    for url, label in ((ROUND + "I.8/edit/", "Soumettre pour approbation en enregistrant"),
                       (ROUND, "Cocher les 94 activités affichées")):  # fmt: skip
        page.goto(f"{site}{url}")
        box = page.get_by_label(label).bounding_box()
        text = page.locator("label", has_text=label).bounding_box()
        assert text["y"] < box["y"] + box["height"], (label, box, text)  # on the same line
        assert text["x"] > box["x"]
    context.close()


def test_the_grid_keeps_what_was_typed_when_someone_saved_a_row_meanwhile(page, site):
    programme = Programme.objects.get()
    session = Session.objects.get(code="CTP-245-246")
    sign_in(page, site, "alice", "alice-password-1")
    page.goto(f"{site}{ROUND}grid/?body=CTRO")
    rows = page.locator("table.grid tbody tr")
    first, second = (rows.nth(i).locator(".ref").inner_text() for i in (0, 1))
    # Meanwhile, someone else saves the first row.
    set_status(find_activity(first, programme), session, text="Saved by carol.", lang="en")
    page.get_by_label(f"Status of {first} (English)").fill("Typed by alice, first.")
    page.get_by_label(f"Status of {second} (English)").fill("Typed by alice, second.")
    submit(page.get_by_role("button", name="Save the grid").first)
    expect(page.get_by_text("Nothing was saved")).to_be_visible()
    # Nothing typed is lost, and the row says what the other person saved.
    assert (
        page.get_by_label(f"Status of {first} (English)").input_value() == "Typed by alice, first."
    )
    assert (
        page.get_by_label(f"Status of {second} (English)").input_value()
        == "Typed by alice, second."
    )
    expect(rows.nth(0)).to_contain_text("Saved by carol.")
    shoot(page, "grid-conflict-en-1280")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name="Round CTP-245-246").click()  # leaving asks first
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    # Saving again, knowingly, replaces the other person's text.
    submit(page.get_by_role("button", name="Save the grid").first)
    expect(page.get_by_text("2 statuses saved.")).to_be_visible()
    texts = {r.activity.ref: r.text_en for r in StatusReport.objects.filter(session=session)
             .select_related("activity") if r.activity.ref in (first, second)}  # fmt: skip
    assert texts == {first: "Typed by alice, first.", second: "Typed by alice, second."}
