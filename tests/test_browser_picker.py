"""The header's programme picker in Chromium: two bodies' programmes side by side, chosen
with the keyboard alone, on a desktop and a 375 px phone, in French and English.
JALON_SHOTS=DIR saves what it shows (the picker and the dashboards) as PNGs there."""

import os
from datetime import date
from pathlib import Path

import pytest

from jalon.accounts.roles import create_user
from jalon.core.synthetic import synthetic_programme
from jalon.core.textdoc import read_text
from jalon.interchange.store import store
from jalon.reporting.services import open_session
from tests.conftest import REAL_DOCUMENT
from tests.test_browser import ARGS, CHROMIUM, chromium  # noqa: F401 — the shared browser

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = os.environ.get("JALON_SHOTS")


@pytest.fixture
def site(transactional_db, live_server):
    store(read_text(str(REAL_DOCUMENT), REAL_DOCUMENT.read_bytes()))
    open_session("CTP-245-246", date(2024, 10, 22), date(2024, 10, 24))
    store(synthetic_programme(10, 2, body="CTRO"), "ctro.json")
    create_user("dana", "secretariat", "dana-password-1", bodies=["CTRO"])
    return live_server.url


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.mark.parametrize(("locale", "width"), [("en", 1280), ("fr", 1280), ("en", 375),
                                               ("fr", 375)])  # fmt: skip
def test_picker_by_keyboard_side_by_side(chromium, site, locale, width):  # noqa: F811
    context = chromium.new_context(locale="en-GB" if locale == "en" else "fr-FR",
                                   viewport={"width": width, "height": 800})  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{site}/login/")
    page.locator("#id_username").fill("dana")
    page.locator("#id_password").fill("dana-password-1")
    page.locator("#id_password").press("Enter")
    page.wait_for_url(f"{site}/")
    label = "Programme"
    picker = page.get_by_label(label, exact=True)
    assert picker.is_visible()
    shot(page, f"dashboard-first-{locale}-{width}")
    # The picker fits the phone's width: nothing overflows the page sideways.
    wide = page.evaluate("""[...document.querySelectorAll('body *')].filter(
        e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .map(e => e.tagName + '.' + e.className).slice(0, 5)""")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, wide
    # Keyboard only: focus the picker, choose the CTRO's programme, submit with Enter.
    picker.focus()
    picker.select_option("CTRO-2022-2025")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site}/?programme=CTRO-2022-2025")
    assert "CTRO" in page.locator("h1").inner_text()
    # Remembered: the activity list, without a parameter, shows the CTRO's 10 activities.
    page.goto(f"{site}/activities/")
    assert page.locator("table.activities tbody tr").count() == 10
    assert picker.input_value() == "CTRO-2022-2025"
    shot(page, f"activities-ctro-{locale}-{width}")
    # Every body side by side.
    picker.select_option("all")
    picker.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site}/?body=all")
    rows = page.locator("table.bodies tbody tr")
    assert rows.count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, f"dashboard-all-{locale}-{width}")
    context.close()
