"""End-to-end, in a real browser: Playwright driving Debian's Chromium (/usr/bin/chromium).

Without Chromium these tests are skipped, saying why; CI installs it and sets
JALON_REQUIRE_BROWSER=1, which turns a missing browser into a failure. With
JALON_SCREENSHOTS=1 they also refresh the screenshots in docs/.
"""

import os
from datetime import date
from pathlib import Path

import pytest

from jalon.accounts.roles import create_user
from jalon.core.textdoc import read_text
from jalon.interchange.store import store
from jalon.reporting.models import StatusReport
from jalon.reporting.services import open_session
from tests.conftest import REAL_DOCUMENT

CHROMIUM = Path(os.environ.get("JALON_CHROMIUM", "/usr/bin/chromium"))
DOCS = Path(__file__).resolve().parent.parent / "docs"
ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

if not CHROMIUM.exists():
    message = f"Chromium not found at {CHROMIUM}: apt-get install chromium to run the browser tests"
    if os.environ.get("JALON_REQUIRE_BROWSER"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message, allow_module_level=True)

# Each test starts from the database the migrations made (roles, registry of bodies).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API keeps an event loop in this thread; the test's own
    # database calls are synchronous all the same (Django's documented switch for such tools).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def site(transactional_db, live_server):
    """The real programme, a round open, and alice (secretariat) and bob (member)."""
    store(read_text(str(REAL_DOCUMENT), REAL_DOCUMENT.read_bytes()))
    open_session("CTP-245-246", date(2024, 10, 22), date(2024, 10, 24))
    create_user("alice", "secretariat", "alice-password-1", bodies=["CTP"])
    create_user("bob", "member", "bob-password-1")
    return live_server.url


@pytest.fixture
def page(chromium):
    context = chromium.new_context(locale="en-GB", viewport={"width": 1280, "height": 900},
                                   accept_downloads=True)  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def sign_in(page, site, name, password):
    page.goto(f"{site}/")
    assert "/login/" in page.url  # anonymous visitors are sent to sign in
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{site}/")


def test_anonymous_visitor_is_sent_to_the_login_page(page, site):
    page.goto(f"{site}/activities/I.8/")
    assert page.url.startswith(f"{site}/login/?next=/activities/I.8/")
    assert page.get_by_role("heading", name="Sign in").is_visible()


def test_secretariat_signs_in_sees_the_dashboard_and_filters_the_list(page, site):
    sign_in(page, site, "alice", "alice-password-1")
    assert page.get_by_role(
        "heading", name="Programme de travail révisé 2022-2025 du CTP"
    ).is_visible()
    assert page.locator(".charts img.chart").count() >= 3
    if os.environ.get("JALON_SCREENSHOTS"):
        page.goto(f"{site}/?session=CTP-243-244")
        page.screenshot(path=str(DOCS / "screenshot-dashboard.png"), full_page=True)
    page.get_by_role("link", name="Activities", exact=True).click()
    page.get_by_label("Priority").select_option("none")
    page.get_by_role("button", name="Filter").click()
    assert page.get_by_text("6 activities").is_visible()
    refs = page.locator("table.activities tbody tr td:first-child").all_inner_texts()
    assert refs == ["I.22", "I.23", "I.24", "I.25", "I.27", "II.25"]
    if os.environ.get("JALON_SCREENSHOTS"):
        page.goto(f"{site}/activities/?session=CTP-243-244")
        page.screenshot(path=str(DOCS / "screenshot-activities.png"))


def test_secretariat_records_a_status_and_sees_it_in_the_timeline(page, site):
    sign_in(page, site, "alice", "alice-password-1")
    page.goto(f"{site}/activities/?overdue=true&session=CTP-243-244")
    page.get_by_role("link", name="I.8").click()
    page.goto(f"{site}/activities/I.8/?session=CTP-245-246")
    page.get_by_role("link", name="Update the status for CTP-245-246").click()
    page.get_by_label("Progress keyword").select_option("completed")
    page.get_by_label("Execution level").select_option("green")
    page.get_by_label("Status (French)").fill("Achevé : modules présentés en octobre 2024.")
    page.get_by_role("button", name="Save", exact=True).click()
    assert page.get_by_text("Status of I.8 for CTP-245-246 saved.").is_visible()
    page.goto(f"{site}/activities/I.8/?session=CTP-245-246")
    current = page.locator(".timeline li.current")
    assert "Achevé : modules présentés en octobre 2024." in current.inner_text()
    assert current.locator(".level-green").inner_text() == "Green (completed)"
    report = StatusReport.objects.get(session__code="CTP-245-246", activity__number=8,
                                      activity__section="time_bound")  # fmt: skip
    assert (report.keyword, report.execution_level, report.version) == ("completed", "green", 2)


def test_switching_to_french(page, site):
    sign_in(page, site, "bob", "bob-password-1")
    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Change").click()
    assert page.get_by_role("link", name="Tableau de bord", exact=True).is_visible()
    assert page.locator("html").get_attribute("lang") == "fr"
    page.get_by_role("link", name="Activités", exact=True).click()
    assert page.get_by_text("94 activités").is_visible()


def test_downloading_the_word_file(page, site):
    sign_in(page, site, "bob", "bob-password-1")
    page.get_by_role("link", name="Export").click()
    page.get_by_label("Format").select_option("docx")
    page.get_by_label("Session").select_option("CTP-243-244")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download").click()
    assert download.value.suggested_filename == "CTP-2022-2025_CTP-243-244_en.docx"
    assert Path(download.value.path()).read_bytes()[:2] == b"PK"


def test_a_member_is_refused_an_edit(page, site):
    sign_in(page, site, "bob", "bob-password-1")
    page.goto(f"{site}/activities/I.8/?session=CTP-245-246")
    assert page.get_by_role("link", name="Update the status for CTP-245-246").count() == 0
    response = page.goto(f"{site}/rounds/CTP-245-246/I.8/edit/")
    assert response.status == 403
    assert page.get_by_text("only the Secretariat edits it").is_visible()


def test_the_list_works_at_phone_width(chromium, site):
    context = chromium.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, site, "bob", "bob-password-1")
    page.goto(f"{site}/activities/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1  # no sideways scrolling of the page itself
    assert page.get_by_role("link", name="I.1", exact=True).is_visible()
    context.close()
