"""The reporting round in the web application: freezing, the to-do list, review."""

import re

from jalon.reporting.models import Session
from tests.test_web import signed_in

ROUND = "/rounds/CTP-245-246/"


def test_freezing_asks_first_and_names_what_is_left_in_french(people):
    alice = signed_in(people["alice"], "fr")
    page = alice.get(ROUND + "freeze/").content.decode()
    assert "Figer le cycle CTP-245-246 ?" in page
    assert "94 états d'avancement sont encore repris" in page
    assert not Session.objects.get(code="CTP-245-246").frozen  # asking changes nothing
    alice.post(ROUND + "freeze/")
    assert Session.objects.get(code="CTP-245-246").frozen


def test_round_pages_have_no_inline_script_or_style(people):
    alice = signed_in(people["alice"])
    for url in (ROUND, ROUND + "freeze/", ROUND + "I.8/edit/"):
        page = alice.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)|\bon[a-z]+=|style=", page), url
