# ruff: noqa: F811  (the browser fixtures are imported from test_browser by name)
"""The side-by-side translation screen in a real browser: keyboard only (the text box
has the focus, Ctrl+Enter saves and opens the next text) and a phone's width."""

import pytest
from playwright.sync_api import expect

from jalon.programmes.models import Activity
from tests.test_browser import chromium, page, sign_in, site  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_translating_with_the_keyboard_on_a_phone(page, site):
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, site, "alice", "alice-password-1")
    page.goto(f"{site}/rounds/CTP-245-246/translation/")
    with page.expect_navigation():
        page.get_by_role("link", name="Title").first.click()
    expect(page.locator("#translation-text")).to_be_focused()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.keyboard.type("Compile the annual updates")
    with page.expect_navigation():
        page.keyboard.press("Control+Enter")
    assert "/resources/" in page.url  # the next text of the list
    assert page.get_by_text("I.1 · Title: translation saved.").is_visible()
    assert Activity.objects.get(section="time_bound", number=1).title_en == (
        "Compile the annual updates"
    )
    page.keyboard.type("One officer")
    with page.expect_navigation():
        page.keyboard.press("Control+s")  # saves, stays
    assert "/resources/" in page.url
    assert Activity.objects.get(section="time_bound", number=1).resources_en == "One officer"
