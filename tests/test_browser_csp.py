"""The Content-Security-Policy, in a real browser: every page works under it and Chromium
reports no violation (an inline script or style, an outside resource)."""

import pytest

from tests.test_browser import chromium, page, sign_in, site  # noqa: F401  (fixtures)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAGES = [
    "/",
    "/?session=CTP-243-244",
    "/activities/",
    "/activities/I.8/",
    "/rounds/CTP-245-246/",
    "/rounds/CTP-245-246/I.8/edit/",
    "/rounds/CTP-245-246/freeze/",
    "/rounds/CTP-245-246/grid/?body=CTRO",
    "/rounds/CTP-245-246/changes/",
    "/rounds/CTP-243-244/unfreeze/",
    "/account/",
    "/import/",
    "/export/",
    "/revisions/",
    "/programmes/new/",
    "/api/v1/docs/",
    "/admin/",
    "/admin/programmes/activity/",
    "/no/such/page/",
]


def test_no_page_breaks_the_content_security_policy(page, site):  # noqa: F811
    from jalon.accounts.roles import create_user

    create_user("root", "admin", "root-password-1")
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    sign_in(page, site, "root", "root-password-1")
    for path in PAGES:
        response = page.goto(f"{site}{path}")
        assert "content-security-policy" in response.headers, path
        page.wait_for_load_state("networkidle")
    assert violations == [], "\n".join(violations)
    # Swagger UI still starts (its start-up script is a file, not inline).
    page.goto(f"{site}/api/v1/docs/")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "jalon API" in page.locator(".swagger-ui .info .title").inner_text()
