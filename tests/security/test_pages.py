"""Who may do what (the authorisation matrix), and markup stored before the validation
gate existed shown as text on every page and in every export, never run."""

import pytest
from django.test import Client

from jalon.programmes.models import Activity, Programme
from jalon.reporting.models import StatusReport
from tests.security.helpers import api_client, signed_in
from tests.security.test_exports import legacy_write

PAGES = ["/", "/activities/", "/activities/I.8/", "/rounds/CTP-245-246/",
         "/export/", "/import/", "/rounds/CTP-245-246/I.8/edit/"]  # fmt: skip
EDITOR_PAGES = {"/import/", "/rounds/CTP-245-246/I.8/edit/"}
API = ["/api/v1/programmes/", "/api/v1/activities/", "/api/v1/activities/I.8/history/",
       "/api/v1/sessions/", "/api/v1/status-reports/", "/api/v1/findings/",
       "/api/v1/exports/md/"]  # fmt: skip

# identity -> (web page status, editor page status, API read status)
MATRIX = {
    None: (302, 302, 401),
    "charlie": (403, 403, 403),  # an account without a role
    "bob": (200, 403, 200),  # a member reads
    "alice": (200, 200, 200),  # the Secretariat edits
    "root": (200, 200, 200),  # the administrator
}


@pytest.mark.parametrize("identity", list(MATRIX))
def test_the_authorisation_matrix(people, identity):
    page, editor, api = MATRIX[identity]
    user = people[identity] if identity else None
    web = signed_in(user) if user else Client()
    for url in PAGES:
        expected = editor if url in EDITOR_PAGES else page
        assert web.get(url).status_code == expected, (identity, url)
    reader = api_client(user) if user else Client()
    for url in API:
        assert reader.get(url).status_code == api, (identity, url)


XSS = "<script>alert('x')</script><img src=x onerror=alert(1)>"


def test_stored_markup_is_shown_as_text_on_every_page_and_export(people):
    programme = Programme.objects.get()
    legacy_write(Programme, programme.pk, title_fr=f"Programme {XSS}")
    activity = Activity.objects.get(programme=programme, section="time_bound", number=8)
    legacy_write(Activity, activity.pk, title_fr=XSS, deadline_fr=XSS)
    report = StatusReport.objects.get(activity=activity, session__code="CTP-245-246")
    legacy_write(StatusReport, report.pk, text_fr=XSS)
    alice = signed_in(people["alice"])
    urls = [*PAGES, *(f"/export/?format={f}&lang=fr&session=CTP-245-246" for f in ("html", "md"))]
    for url in urls:
        response = alice.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert "<script>alert(" not in content and "<img src=x" not in content, url
