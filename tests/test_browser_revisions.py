"""The revision page in a real browser (Playwright + Debian Chromium)."""

import os

from jalon.programmes.models import Activity
from jalon.revisions.models import Revision
from tests.test_browser import DOCS, chromium, page, pytestmark, sign_in, site  # noqa: F401

SHOTS = DOCS if os.environ.get("JALON_SCREENSHOTS") else None


def submit(page, heading, fields, button):  # noqa: F811
    form = page.locator("form", has=page.get_by_role("heading", name=heading))
    for label, value in fields.items():
        control = form.get_by_label(label, exact=True)
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    form.get_by_role("button", name=button).click()
    page.wait_for_load_state()


def look(page, folder, name):  # noqa: F811
    """Screenshots of the page in French and English, desktop and 375 px, to look at."""
    url = page.url
    for lang in ("en", "fr"):
        page.goto(f"{url.split('#')[0]}")
        page.locator("select[name=language]").select_option(lang)
        page.locator("form", has=page.locator("select[name=language]")).locator("button").click()
        page.wait_for_load_state()
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(url)
            page.screenshot(path=f"{folder}/{name}-{lang}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator("select[name=language]").select_option("en")
    page.locator("form", has=page.locator("select[name=language]")).locator("button").click()
    page.wait_for_load_state()


def test_the_secretariat_revises_the_programme_and_takes_it_to_adoption(page, site):  # noqa: F811
    sign_in(page, site, "alice", "alice-password-1")
    page.get_by_role("link", name="Revisions").click()
    page.get_by_role("button", name="Edit the programme in the draft revision").click()
    assert page.get_by_role("heading", name="Revision 1").is_visible()
    added = {"Title in French": "Élaborer un guide sur l'IA",
             "Title in English": "Develop a guide on AI"}  # fmt: skip
    submit(page, "Add an activity", added, "Add")
    assert page.get_by_text("I.43 added.").is_visible()
    amended = {"Activity (e.g. I.3)": "I.3", "Field": "title_fr",
               "New text": "Compiler et publier le Recueil"}  # fmt: skip
    submit(page, "Amend an activity", amended, "Amend")
    submit(page, "Withdraw an activity", {"Activity (e.g. I.3)": "II.35", "Reason": "doublon",
                                          "Merged into or duplicate of (optional)": "II.34"},
           "Withdraw")  # fmt: skip
    submit(page, "Delete an activity", {"Activity (e.g. I.3)": "I.8"}, "Delete")
    assert page.locator(".message.error").filter(has_text="Withdraw it instead").is_visible()
    submit(page, "Renumber a section", {"Section": "permanent"}, "Number 1, 2, 3 …")
    assert page.get_by_text("17 activities renumbered.").is_visible()
    changes = page.locator("table").first
    assert changes.locator("del").first.is_visible() and changes.locator("ins").first.is_visible()
    assert changes.get_by_text("II.36 → II.35").is_visible()
    split = {"Activity (e.g. I.3)": "I.5", "Reason": "two distinct tasks"}
    form = page.locator("form", has=page.get_by_role("heading", name="Split an activity"))
    for n, (fr, en) in enumerate([("Partie A", "Part A"), ("Partie B", "Part B")], 1):
        part = form.locator("fieldset", has=page.get_by_text(f"Part {n}", exact=True))
        part.get_by_label("Title in French").fill(fr)
        part.get_by_label("Title in English").fill(en)
    submit(page, "Split an activity", split, "Split")
    assert page.get_by_text("I.5 split into I.44, I.45.").is_visible()
    assert changes.get_by_text("split into I.44, I.45").is_visible()
    assert changes.get_by_text("(split from I.5)").count() == 2
    # English pages speak English: the field names, the added activity's title.
    text = changes.inner_text()
    assert "Develop a guide on AI" in text and "Élaborer un guide" not in text
    assert "French title:" in text and "French title :" not in text
    if SHOTS:
        page.screenshot(path=str(SHOTS / "screenshot-revision.png"), full_page=True)
    if shots := os.environ.get("JALON_SHOTS_DIR"):
        look(page, shots, "revision")
    submit(page, "Presented", {"Session": "CTP-245-246", "Date": "2024-10-22"}, "Record")
    submit(page, "Endorsed by the committee", {"Decision reference": "PTC 245/3"}, "Record")
    submit(page, "Adopted by the Council", {"Decision reference": "Council, June 2025"}, "Record")
    assert page.get_by_text("adopted on").is_visible()
    assert page.get_by_role("heading", name="Edit the programme").count() == 0
    revision = Revision.objects.get()
    assert (revision.state, revision.changes.count()) == ("adopted", 23)  # 20 + split + 2 parts
    assert Activity.objects.get(withdrawn=True, section="permanent").title_fr.startswith(
        "Fournir des orientations"
    )


def test_a_member_reads_the_revisions_but_cannot_edit(page, site):  # noqa: F811
    sign_in(page, site, "bob", "bob-password-1")
    page.goto(f"{site}/revisions/")
    assert page.get_by_role("heading", name="Revisions of the programme").is_visible()
    assert page.get_by_role("button", name="Edit the programme in the draft revision").count() == 0


def test_the_secretariat_starts_the_next_programme_and_both_remain(page, site):  # noqa: F811
    from django.apps import apps
    from django.core.management import call_command

    from jalon.programmes.models import CodeMapping, Programme
    from jalon.programmes.registry import seed
    from tests.test_next_programme import PLAN

    seed(apps)  # the codes of the current plan (a transactional test may start without them)
    call_command("plan", "load", str(PLAN), stdout=open(os.devnull, "w"))  # noqa: SIM115
    CodeMapping.objects.filter(source__code="FA2").delete()
    sign_in(page, site, "alice", "alice-password-1")
    page.goto(f"{site}/revisions/")
    page.get_by_role("link", name="Start the next programme from this one").click()
    assert page.get_by_label("First year").input_value() == "2025"
    assert page.get_by_label("Last year").input_value() == "2028"
    page.get_by_role("button", name="Create the programme").click()
    alert = page.get_by_role("alert")
    assert "FA2 (" in alert.inner_text() and "nothing was created" in alert.inner_text()
    assert Programme.objects.count() == 1
    page.get_by_label("I.2 ", exact=False).first.uncheck()
    page.evaluate("""() => document.querySelectorAll('input[name=carry]').forEach(box => {
        if (box.parentElement.textContent.includes('FA2')) box.checked = false; })""")
    if SHOTS:
        page.screenshot(path=str(SHOTS / "screenshot-programme-new.png"), full_page=True)
    page.get_by_role("button", name="Create the programme").click()
    page.wait_for_url("**/activities/?programme=CTP-2025-2028")
    assert page.get_by_text("CTP-2025-2028 started with").is_visible()
    new = Programme.objects.get(period_start=2025)
    assert not new.activities.filter(predecessor__section="time_bound",
                                     predecessor__number=2).exists()  # fmt: skip
    assert Programme.objects.count() == 2
