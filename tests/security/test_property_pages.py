"""Property: whatever the validation gate accepts, every page, API endpoint and export
answers without a server error. Programmes are generated at the edges of what the gate
accepts (first and last years, the largest numbers, body codes with '/' and '-', markup,
controls and odd Unicode in every text), imported as JSON as a user would, then every
page and export is requested. A refused document must be a clear DocumentError."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jalon.accounts.roles import create_user
from jalon.core import interchange
from jalon.core.programme import (
    ActivityData,
    DocumentError,
    ProgrammeData,
    ProgrammeDocument,
    SessionData,
    StatusReportData,
)
from jalon.core.validation import MAX_ACTIVITY_NUMBER, MAX_SESSION_NUMBER, MAX_YEAR, MIN_YEAR
from jalon.documents.formats import FORMATS
from jalon.interchange.store import store
from tests.security.helpers import api_client, signed_in

BODIES = ["CTP", "CG/CKR", "CC-OMD-UPU", "Z", "A/B-C"]
EDGE_TEXT = st.sampled_from([
    "<script>alert(1)</script>", "&lt;img src=x onerror=alert(1)&gt;", "=HYPERLINK(\"x\")",
    "\x1b[31mrouge\x0b\x07", "$\\sqrt{$", "Juin 0000", "Printemps 2200 (CTP)", "Décembre 9999",
    "a\u202eb", "\ufeff", "‮", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "«»“”", "x" * 3000, "Achevé.", "Travail continu",
])  # fmt: skip
TEXT = EDGE_TEXT | st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)
BILINGUAL = st.fixed_dictionaries({}, optional={"fr": TEXT, "en": TEXT})
DAYS = st.dates(date(MIN_YEAR, 1, 1), date(MAX_YEAR, 12, 21))


@st.composite
def edge_programmes(draw) -> ProgrammeDocument:
    body = draw(st.sampled_from(BODIES))
    start = draw(st.integers(MIN_YEAR, MAX_YEAR))
    sessions = []
    for first in draw(st.lists(st.sampled_from([1, 2, 243, 4999, MAX_SESSION_NUMBER - 1])
                               | st.integers(1, MAX_SESSION_NUMBER - 1),
                               max_size=3, unique=True)):  # fmt: skip
        day = draw(st.none() | DAYS)
        sessions.append(SessionData(
            id=f"{body}-{first}-{first + 1}", body=body, numbers=[first, first + 1], start=day,
            end=day + timedelta(days=draw(st.integers(0, 9))) if day else None,
            frozen=draw(st.booleans()),
        ))  # fmt: skip
    activities = []
    for section in ("time_bound", "permanent"):
        numbers = draw(st.lists(st.sampled_from([1, MAX_ACTIVITY_NUMBER]) | st.integers(1, 99),
                                max_size=3, unique=True))  # fmt: skip
        for number in numbers:
            activities.append(ActivityData(
                section=section, number=number,
                priority=draw(st.sampled_from(["A", "B", "C", None])),
                strategic_link=draw(st.sampled_from([True, False, None])),
                title=draw(BILINGUAL), strategic_codes=draw(st.lists(TEXT, max_size=2)),
                task_type_raw=draw(st.sampled_from(["", "Suivi", "=1+1"])),
                responsible_bodies=draw(st.lists(st.sampled_from([*BODIES, "Secrétariat"]),
                                                 max_size=3, unique=True)),
                responsible_raw=draw(TEXT), resources=draw(BILINGUAL), kpi=draw(BILINGUAL),
                deadline=draw(BILINGUAL),
                status_reports=[StatusReportData(
                    session=s.id, keyword=draw(st.sampled_from([None, "completed", "postponed"])),
                    text=draw(BILINGUAL),
                    execution_level=draw(st.sampled_from([None, "green", "red"])),
                ) for s in sessions if draw(st.booleans())],
            ))  # fmt: skip
    end = draw(st.integers(start, MAX_YEAR))
    return ProgrammeDocument(ProgrammeData(body, draw(BILINGUAL), (start, end)), sessions,
                             activities)  # fmt: skip


def urls(document: ProgrammeDocument) -> tuple[list[str], list[str]]:
    body, (start, end) = document.programme.body, document.programme.period
    spec = f"?programme={body}-{start}-{end}"
    refs = [a.ref for a in document.activities][:2]
    codes = [s.id for s in document.sessions][:2]
    web = ["/", "/activities/", "/import/", "/export/"] + [f"/activities/{r}/" for r in refs]
    web += [f"/rounds/{c}/" for c in codes] + [
        f"/rounds/{c}/{r}/edit/" for c in codes for r in refs
    ]
    web += [f"/export/?format={f}&lang={lang}&session={c}" for f in FORMATS if f != "pdf"
            for lang in ("fr", "en") for c in codes[:1]]  # fmt: skip
    api = ["/programmes/", f"/programmes/{body}-{start}-{end}/", "/activities/", "/sessions/",
           "/status-reports/", "/findings/"]  # fmt: skip
    api += [f"/activities/{r}/" for r in refs] + [f"/activities/{r}/history/" for r in refs]
    api += [f"/sessions/{c}/" for c in codes]
    api += [f"/exports/{f}/" for f in FORMATS if f != "pdf"]
    return [u + ("&" if "?" in u else "?") + spec[1:] for u in web], [
        "/api/v1" + u + spec for u in api
    ]


class Rollback(Exception):
    pass


@pytest.fixture
def clients(db):
    user = create_user("prop", "secretariat", "prop-password-1", bodies=["CTP"])
    return signed_in(user), api_client(user)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])  # fmt: skip
@given(document=edge_programmes())
def test_no_accepted_import_breaks_a_page_an_endpoint_or_an_export(clients, document):
    web, api = clients
    data = interchange.dumps(document).encode("utf-8", "surrogatepass")
    cache.clear()
    try:
        with transaction.atomic():
            try:
                accepted = interchange.loads("edge.json", data)
                store(accepted, "edge.json")
            except DocumentError:
                raise Rollback from None  # a clear refusal is a correct answer too
            web_urls, api_urls = urls(accepted)
            for client, found in ((web, web_urls), (api, api_urls)):
                for url in found:
                    response = client.get(url)
                    assert response.status_code < 500, (url, response.status_code)
            raise Rollback
    except Rollback:
        pass
