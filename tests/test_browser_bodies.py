"""In a real browser: importing a programme of a body the registry does not know, in
English — the preview names the body and the person creates it, at desktop and phone
width. JALON_SCREENSHOTS_DIR=DIR saves the previews there (fr and en, 1280 and 375 px)."""

import os
from pathlib import Path

import pytest

from jalon.accounts.roles import create_user
from jalon.programmes.models import Activity, Body
from tests.test_bodies import ENGLISH, without_statuses
from tests.test_browser import chromium, sign_in  # noqa: F401 (the shared browser fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize(("locale", "width"), [("en-GB", 1280), ("fr-FR", 375)])
def test_an_unknown_body_is_named_in_the_preview_and_created_when_ticked(
    chromium,  # noqa: F811
    live_server,
    tmp_path,
    locale,
    width,
):
    create_user("root", "admin", "root-password-1")  # only they may create a body
    upload = tmp_path / "wgdod-2024-2026.txt"
    upload.write_text(without_statuses(ENGLISH.read_text(encoding="utf-8"),
                                       "Working Group on Digital Origin Data"))  # fmt: skip
    context = chromium.new_context(locale=locale, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    site = live_server.url
    if locale == "en-GB":
        sign_in(page, site, "root", "root-password-1")
    else:
        page.goto(f"{site}/")
        page.get_by_label("Nom d'utilisateur").fill("root")
        page.get_by_label("Mot de passe").fill("root-password-1")
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url(f"{site}/")
    page.goto(f"{site}/import/")
    page.locator("input[type=file]").set_input_files(str(upload))
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("#new-body")
    text = page.locator("main").inner_text()
    assert "WGDOD" in text and "Working Group on Digital Origin Data" in text
    assert ("not in the registry" if locale == "en-GB" else "absent du registre") in text
    # No horizontal scrolling of the page itself at phone width.
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    if shots := os.environ.get("JALON_SCREENSHOTS_DIR"):
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{shots}/import-unknown-body-{locale}-{width}.png", full_page=True)
    # Confirming without ticking is refused by the browser (the box is required) …
    page.locator("main form.actions button[type=submit]").click()
    assert not Body.objects.filter(code="WGDOD").exists()
    # … ticked with the keyboard, the import creates the body.
    page.locator("input[name=create_body]").focus()
    page.keyboard.press("Space")
    page.locator("main form.actions button[type=submit]").click()
    page.wait_for_url(f"{site}/")
    body = Body.objects.get(code="WGDOD")
    assert body.name_en == "Working Group on Digital Origin Data" and body.registered
    assert Activity.objects.filter(programme__body=body).count() == 5
    context.close()
