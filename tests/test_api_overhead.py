"""What every API answer costs beyond its view — the Content-Security-Policy built once,
the commonest content negotiation answered first, the web's middleware passed by for a
token's read — changes nothing an answer says: the same headers, the same renderer and
media type as DRF's negotiation, the same queries; writes audited under their user."""

import itertools

import pytest
from csp.utils import build_policy
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import (
    BaseRenderer,
    BrowsableAPIRenderer,
    JSONRenderer,
    StaticHTMLRenderer,
)
from rest_framework.request import Request

from jalon.api.middleware import token_read
from jalon.api.negotiation import ContentNegotiation
from tests.test_api import client_for

API = "/api/v1/activities/"
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@pytest.mark.parametrize("url", [API, f"{API}I.8/", "/api/v1/programmes/"])
def test_every_api_answer_carries_the_security_headers_and_the_settings_policy(people, url):
    client = client_for(people["bob"])
    for _ in range(2):  # computed, then remembered
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Security-Policy"] == build_policy()
        assert {name: response[name] for name in SECURITY_HEADERS} == SECURITY_HEADERS
        assert response["API-Version"] == "1.0.0"
        assert response["Content-Language"] == "en"
        assert response["Vary"] == "Accept, Accept-Language"
        assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_a_page_with_a_policy_of_its_own_keeps_it_and_does_not_lend_it(people):
    client = client_for(people["bob"])
    docs = client.get("/api/v1/docs/")
    assert "'unsafe-inline'" in docs["Content-Security-Policy"]
    assert "'unsafe-inline'" not in client.get(API)["Content-Security-Policy"]


def test_a_changed_policy_is_sent_at_once(people, settings):
    client = client_for(people["bob"])
    assert "'self'" in client.get(API)["Content-Security-Policy"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    assert client.get(API)["Content-Security-Policy"] == "default-src 'none'"
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"img-src": ["data:"]}}
    report_only = client.get(API)["Content-Security-Policy-Report-Only"]
    assert "img-src data:" in report_only and report_only == build_policy(report_only=True)


def test_an_anonymous_read_is_still_refused_with_the_headers(db):
    response = client_for(None).get(API)
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"
    assert response["Content-Security-Policy"] == build_policy()
    assert {name: response[name] for name in SECURITY_HEADERS} == SECURITY_HEADERS


class AnyRenderer(BaseRenderer):
    media_type = "*/*"
    format = "any"


class IndentedJSON(JSONRenderer):
    media_type = "application/json; indent=2"


RENDERERS = [
    [JSONRenderer, BrowsableAPIRenderer],
    [BrowsableAPIRenderer, JSONRenderer],
    [StaticHTMLRenderer],
    [AnyRenderer, JSONRenderer],
    [IndentedJSON, JSONRenderer],
]
ACCEPT = [None, "*/*", "", "application/json", "text/html", "application/json; indent=4",
          "application/*", "text/html;q=0.5, application/json", "image/png", " */*",
          "application/json, */*"]  # fmt: skip
QUERIES = ["", "?format=json", "?format=api", "?format=", "?format=html", "?page=2"]


def negotiated(negotiation, renderers, accept, query, suffix):
    headers = {} if accept is None else {"HTTP_ACCEPT": accept}
    request = Request(RequestFactory().get(f"{API}{query}", **headers))
    instances = [renderer() for renderer in renderers]
    try:
        renderer, media_type = negotiation.select_renderer(request, instances, suffix)
    except NotAcceptable:
        return "406"
    except Exception as error:  # noqa: BLE001 - the kind of refusal is compared
        return type(error).__name__
    return instances.index(renderer), media_type


@pytest.mark.parametrize("renderers", RENDERERS, ids=lambda r: r[0].__name__)
def test_the_negotiation_chooses_as_drfs_for_every_request(renderers):
    for accept, query, suffix in itertools.product(ACCEPT, QUERIES, [None, "json"]):
        ours = negotiated(ContentNegotiation(), renderers, accept, query, suffix)
        drfs = negotiated(DefaultContentNegotiation(), renderers, accept, query, suffix)
        assert ours == drfs, (accept, query, suffix)


def test_a_remembered_answer_costs_two_queries_and_the_same_bytes(people):
    client = client_for(people["bob"])
    for url in (API, f"{API}I.8/"):
        first = client.get(url, HTTP_ACCEPT="*/*")
        with CaptureQueriesContext(connection) as captured:
            again = client.get(url)
            json_asked = client.get(url, HTTP_ACCEPT="application/json")
        # the token with its user's groups, the data's version: for each request
        assert len(captured.captured_queries) == 4
        assert again.content == json_asked.content == first.content
        assert again["Content-Type"] == json_asked["Content-Type"] == "application/json"
    browsable = client.get(API, HTTP_ACCEPT="text/html")
    assert browsable["Content-Type"].startswith("text/html")


def test_a_write_with_a_token_is_still_audited_under_its_user(people):
    from jalon.reporting.models import StatusReport

    response = client_for(people["alice"]).post(
        f"{API.removesuffix('activities/')}status-reports/",
        {"activity": "I.8", "session": "CTP-245-246", "keyword": "completed", "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 201
    latest = StatusReport.history.order_by("-history_id").first()
    assert (latest.history_user, latest.progress) == (people["alice"], "completed")


def test_the_web_session_still_reads_the_api_and_a_token_with_a_cookie_is_answered(people):
    browser = Client()
    browser.force_login(people["bob"])
    by_session = browser.get(API)
    assert by_session.status_code == 200
    by_token = client_for(people["bob"]).get(API)
    assert by_session.content == by_token.content
    with_cookie = client_for(people["bob"])
    with_cookie.cookies["sessionid"] = "no-such-session"
    assert with_cookie.get(API).content == by_token.content  # the token answers


@pytest.mark.parametrize(
    ("method", "path", "authorization", "cookie", "passed_by"),
    [
        ("GET", API, "Token abc", None, True),
        ("HEAD", API, "  token abc", None, True),
        ("OPTIONS", API, "TOKEN abc", None, True),
        ("POST", API, "Token abc", None, False),  # a write: audited under its user
        ("GET", API, "Token abc", "sessionid=x", False),  # a cookie to read or renew
        ("GET", API, "Bearer abc", None, False),  # not the token: the session decides
        ("GET", API, None, None, False),
        ("GET", "/", "Token abc", None, False),  # the web application
    ],
)
def test_only_a_tokens_read_of_the_api_passes_the_web_middleware_by(
    method, path, authorization, cookie, passed_by
):
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    if cookie:
        headers["HTTP_COOKIE"] = cookie
    request = RequestFactory().generic(method, path, **headers)
    assert token_read(request) is passed_by
