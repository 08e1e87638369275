"""The forward agenda in a real browser: at phone width, with the keyboard."""

from datetime import date

from jalon.agenda.services import agenda
from jalon.interchange.store import store
from jalon.programmes.models import Body
from tests.test_agenda import ctro_programme
from tests.test_browser import chromium, pytestmark, sign_in, site  # noqa: F401


def test_the_agenda_at_phone_width_with_the_keyboard(chromium, site):  # noqa: F811
    store(ctro_programme(), "ctro.json")
    context = chromium.new_context(locale="en-GB", viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, site, "bob", "bob-password-1")
    page.get_by_role("link", name="Agenda").click()
    body = page.get_by_label("Body")
    body.focus()
    body.select_option("CONSEIL")
    page.get_by_label("From").fill("2025-06-01")
    page.get_by_label("To").fill("2025-06-30")
    page.get_by_label("To").press("Enter")  # the form is sent from the keyboard
    page.wait_for_url("**/agenda/?*")
    expected = len(agenda(Body.objects.get(code="CONSEIL"), date(2025, 6, 1), date(2025, 6, 30)))
    assert page.get_by_text(f"{expected} milestones · 2 programmes").is_visible()
    assert page.locator("table.agenda tbody tr").count() == expected
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1  # the table scrolls in its own box, not the page
    link = page.get_by_role("link", name="I.1", exact=True).last  # the CTRO's
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/activities/I.1/?programme=CTRO-2024-2026")
    assert page.get_by_text("Update the rules of origin guide").first.is_visible()
    context.close()
