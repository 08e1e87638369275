"""Bodies, sessions and calendars as data (#17 part 1) and English documents in (part 6).

The registry (bodies, numbering rules, meeting records) lives in the database; the core
reads a `Registry` built from it. The PTC's numbering is a rule like any other body's.
"""

import io
import json
import os
import re
import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from django.test import Client
from docx import Document
from rest_framework.authtoken.models import Token

from jalon.core.bodies import BODIES
from jalon.core.calendar import MEETINGS, SEED, MeetingRecord, Registry
from jalon.core.deadlines import parse_deadline
from jalon.core.programme import DocumentError
from jalon.core.rules import check
from jalon.core.textdoc import read_text
from jalon.core.validation import InvalidValue, check_session_id
from jalon.documents.readers import read_docx, read_xlsx
from jalon.interchange.store import store
from jalon.programmes.models import Activity, Body, Meeting, Programme
from jalon.programmes.registry import load
from jalon.reporting.models import Session
from jalon.reporting.services import ReportingError, open_session, parse_session_id

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = ROOT / "tests" / "data" / "ctro-programme-2024-2026-en.txt"
JALON = ROOT / ".venv" / "bin" / "jalon"
CTRO_44 = MeetingRecord("CTRO", (44,), date(2025, 3, 10), date(2025, 3, 14))


def without_statuses(text: str, body_title: str | None = None) -> str:
    """The English programme as a draft: no status, no "presented to" line; with another
    body in its titles if given."""
    lines = []
    for line in text.splitlines():
        cells = line.split("\t")
        if cells[0][:1].isdigit():
            line = "\t".join([*cells[:10], "", ""])
        if line.startswith("(presented to"):
            line = ""
        if body_title and "2024-2026" in line:
            line = f"Draft work programme 2024-2026 of the {body_title}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def with_ctro_meeting() -> Registry:
    return Registry(BODIES, (*MEETINGS, CTRO_44))


# The seed, read by the pure core


def test_the_ptc_numbering_is_a_rule_and_gives_the_known_meetings():
    ptc = SEED.bodies["CTP"]
    assert ptc.numbers_per_meeting == 2 and ptc.rule.base_number == 199
    assert SEED.numbered(ptc, 2024, 0).numbers == (243, 244)
    assert SEED.numbered(ptc, 2024, 1).numbers == (245, 246)
    assert SEED.numbered(ptc, 2025, 0).start == date(2025, 5, 5)
    # An undated session of a body with a rule sorts at the start of its slot.
    assert SEED.meeting_day("CTP", [245, 246], None) == date(2024, 9, 1)
    council = SEED.bodies["CONSEIL"]
    assert SEED.numbered(council, 2023, 0).numbers == (141, 142)
    assert SEED.meeting_day("CTRO", [44], None) is None  # no rule: no guess


def test_deadlines_resolve_through_the_meeting_records():
    d = parse_deadline("Printemps 2025 (CTP) Juin 2024 (Conseil)")
    assert [(m.start, m.end) for m in d.milestones] == [
        (date(2024, 6, 27), date(2024, 6, 29)),
        (date(2025, 5, 5), date(2025, 5, 8)),
    ]
    # A meeting the registry learns of (the database's) is used for any body.
    assert parse_deadline("Juin 2025 (Conseil)").milestones[0].start == date(2025, 6, 1)
    council_2025 = MeetingRecord("CONSEIL", (145, 146), date(2025, 6, 26), date(2025, 6, 28))
    registry = Registry(BODIES, (*MEETINGS, council_2025))
    june = parse_deadline("Juin 2025 (Conseil)", registry).milestones[0]
    assert (june.start, june.end) == (date(2025, 6, 26), date(2025, 6, 28))
    march = parse_deadline("March 2025 (TCRO)", with_ctro_meeting()).milestones[0]
    assert (march.bodies, march.start, march.end) == (["CTRO"], CTRO_44.start, CTRO_44.end)
    assert parse_deadline("March 2025 (TCRO)").milestones[0].end == date(2025, 3, 31)


def test_an_unknown_body_in_a_deadline_is_kept_and_flagged_never_guessed():
    assert parse_deadline("Juin 2025 (XYZ)") is None
    document = read_text("en.txt", ENGLISH.read_bytes(), registry=with_ctro_meeting())
    document.activities[0].deadline = {"fr": "Juin 2025 (XYZ)"}
    findings = [f for f in check(document, registry=with_ctro_meeting()).findings
                if f.activity == ("time_bound", 1)]  # fmt: skip
    assert [f.rule for f in findings if f.rule == "deadline-format"] == ["deadline-format"]
    assert "Juin 2025 (XYZ)" in next(f.en for f in findings if f.rule == "deadline-format")
    assert document.activities[0].deadline == {"fr": "Juin 2025 (XYZ)"}  # kept as written


@pytest.mark.parametrize(
    ("code", "body", "expected"),
    [
        ("CTP-245-246", None, [245, 246]),
        ("CPG-88", None, [88]),
        ("CTRO-44", "CTRO", [44]),
        ("NEWBODY-3", None, [3]),  # a body the registry does not know: either form
        ("NEWBODY-3-4", None, [3, 4]),
    ],
)
def test_session_ids_follow_the_body_scheme(code, body, expected):
    assert check_session_id(code, body) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [("CTP-245", "CTP-<n>-<n+1>, e.g. CTP-247-248"), ("CPG-88-89", "CPG-<n>, e.g. CPG-88"),
     ("CTRO-44-45", "CTRO-<n>, e.g. CTRO-12"), ("CTP-245-247", "CTP-<n>-<n+1>")],
)  # fmt: skip
def test_a_session_id_in_the_wrong_scheme_is_refused_with_the_expected_form(code, expected):
    with pytest.raises(InvalidValue, match=re.escape(expected)):
        check_session_id(code)


# English documents in, in three forms


def english_docx(text: str) -> bytes:
    """The English text export as a Word document: prose as paragraphs, rows as tables."""
    word = Document()
    table = None
    for line in text.splitlines():
        if "\t" in line:
            cells = line.split("\t")
            if table is None:
                table = word.add_table(rows=0, cols=len(cells))
            for cell, value in zip(table.add_row().cells, cells, strict=True):
                cell.text = value
        else:
            table = None
            word.add_paragraph(line)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def english_xlsx(text: str) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Work programme"
    for line in text.splitlines():
        sheet.append(line.split("\t") if line else [None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def readers():
    text = ENGLISH.read_text(encoding="utf-8")
    registry = with_ctro_meeting()
    return {
        "txt": read_text("en.txt", text.encode(), registry=registry),
        "docx": read_docx("en.docx", english_docx(text), *(10**8, 10**4, None, registry)),
        "xlsx": read_xlsx("en.xlsx", english_xlsx(text), *(10**8, 10**4, None, registry)),
    }


def test_the_english_template_reads_the_same_in_text_word_and_excel():
    documents = readers()
    for name, document in documents.items():
        programme = document.programme
        assert programme.body == "CTRO", name
        assert programme.period == (2024, 2026)
        assert programme.title == {"en": "Draft revised work programme 2024-2026 of the TCRO"}
        assert [s.id for s in document.sessions] == ["CTRO-44"]
        assert (document.sessions[0].start, document.sessions[0].end) == (CTRO_44.start,
                                                                          CTRO_44.end)  # fmt: skip
        assert [a.ref for a in document.activities] == ["I.1", "I.2", "I.3", "I.4", "II.1"]
        first, second, third, fourth, permanent = document.activities
        assert (first.priority, first.strategic_link, first.task_type) == ("A", True, "update")
        assert first.responsible_bodies == ["CTRO", "CPG", "CONSEIL"]
        assert second.responsible_bodies == ["CTRO", "CTP"]  # "with the support of the PTC"
        assert (third.task_type, fourth.task_type) == ("maintenance", "fine_tuning")
        assert fourth.strategic_link is False and fourth.status_reports == []
        assert [r.execution_level for r in first.status_reports] == ["blue"]
        assert third.status_reports[0].text["en"].startswith("Completed.")
        assert permanent.deadline == {"en": "Ongoing work"}
    txt = documents["txt"]
    for name in ("docx", "xlsx"):
        assert [a.title for a in documents[name].activities] == [a.title for a in
                                                                  txt.activities]  # fmt: skip
        assert [a.deadline for a in documents[name].activities] == [
            a.deadline for a in txt.activities
        ]


def test_the_body_is_read_from_an_english_or_french_title():
    text = ENGLISH.read_text(encoding="utf-8")
    registry = with_ctro_meeting()

    def body_of(title):
        changed = text.replace("Draft revised work programme 2024-2026 of the TCRO", title)
        changed = changed.replace("(TCRO)\n", "\n", 1)  # the cover line names it too
        programme = read_text("t.txt", changed.encode(), registry=registry).programme
        return programme.body, programme.body_name

    assert body_of("Draft revised work programme 2024-2026 of the Technical Committee on "
                   "Rules of Origin") == ("CTRO", "")  # fmt: skip
    assert body_of("Projet de programme de travail révisé 2024-2026 du Comité technique des "
                   "règles d'origine") == ("CTRO", "")  # fmt: skip
    assert body_of("Draft work programme 2024-2026 of the Working Group on Digital Origin "
                   "Data") == ("WGDOD", "Working Group on Digital Origin Data")  # fmt: skip


def test_a_presented_line_to_a_meeting_the_calendar_lacks_says_so():
    with pytest.raises(DocumentError, match=r"line 6: the calendar of CTRO has no numbered "
                       r"meeting in 03/2025"):  # fmt: skip
        read_text("en.txt", ENGLISH.read_bytes())  # the seed has no meeting of the TCRO


def test_the_real_document_still_reads_its_ptc_session(real_document):
    assert [(s.id, s.body, s.start) for s in real_document.sessions] == [
        ("CTP-243-244", "CTP", date(2024, 4, 23))
    ]
    assert real_document.programme.body == "CTP"


# The database: the seed, the registry it gives, the front ends


@pytest.mark.django_db
def test_the_seed_migration_holds_the_bodies_rules_and_known_meetings():
    assert Body.objects.filter(registered=True).count() == len(BODIES)
    ctro = Body.objects.get(code="CTRO")
    assert (ctro.name_fr, ctro.name_en, ctro.acronym_en) == (
        "Comité technique des règles d'origine",
        "Technical Committee on Rules of Origin",
        "TCRO",
    )
    ptc = Body.objects.get(code="CTP")
    assert (ptc.numbers_per_meeting, ptc.rule_base_year, ptc.rule_base_number,
            ptc.rule_slots) == (2, 2013, 199, [[3, 5], [9, 11]])  # fmt: skip
    assert Meeting.objects.count() == len(MEETINGS)
    registry = load()
    assert registry.bodies == SEED.bodies
    assert set(registry.meetings) == set(MEETINGS)


@pytest.mark.django_db
def test_a_meeting_entered_in_the_database_resolves_deadlines_and_dates_sessions(
    django_assert_num_queries,
):
    council = Body.objects.get(code="CONSEIL")
    Meeting.objects.create(body=council, numbers=[145, 146], start=date(2025, 6, 26),
                           end=date(2025, 6, 28))  # fmt: skip
    with django_assert_num_queries(2):
        registry = load()
    june = parse_deadline("Juin 2025 (CPG et Conseil)", registry).milestones[0]
    assert (june.start, june.end) == (date(2025, 6, 1), date(2025, 6, 30))  # the PC's unknown
    june = parse_deadline("Juin 2025 (Conseil)", registry).milestones[0]
    assert (june.start, june.end) == (date(2025, 6, 26), date(2025, 6, 28))
    # A body given a rule in the admin numbers its meetings the same way.
    Body.objects.filter(code="CTRO").update(rule_base_year=2024, rule_base_number=43,
                                            rule_slots=[[3, 3]])  # fmt: skip
    Meeting.objects.create(body=Body.objects.get(code="CTRO"), numbers=[44],
                           start=date(2025, 3, 10), end=date(2025, 3, 14))  # fmt: skip
    registry = load()
    assert registry.meeting_in("CTRO", 2025, 3, 3).numbers == (44,)
    assert registry.meeting_day("CTRO", [45], None) == date(2026, 3, 1)


@pytest.mark.django_db
def test_open_session_takes_the_meetings_dates_and_refuses_the_wrong_scheme():
    store(read_text("en.txt", ENGLISH.read_bytes(), registry=with_ctro_meeting()))
    Meeting.objects.create(body=Body.objects.get(code="CTRO"), numbers=[45],
                           start=date(2026, 3, 9), end=date(2026, 3, 13))  # fmt: skip
    with pytest.raises(ReportingError, match=re.escape("CTRO-<n>, e.g. CTRO-45")):
        open_session("CTRO-45-46")
    opened = open_session("CTRO-45")
    assert (opened.session.start, opened.session.end) == (date(2026, 3, 9), date(2026, 3, 13))
    assert opened.carried == 4  # the four statuses of CTRO-44
    assert Session.objects.get(code="CTRO-45").numbers == [45]


@pytest.mark.django_db
def test_the_api_and_the_web_form_refuse_a_session_id_in_the_wrong_scheme(people):
    alice = people["alice"]
    token, _ = Token.objects.get_or_create(user=alice)
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.post("/api/v1/sessions/", json.dumps({"id": "CTP-247"}),
                        content_type="application/json")  # fmt: skip
    assert response.status_code == 400
    assert "CTP-<n>-<n+1>" in response.content.decode()
    web = Client()
    web.force_login(alice)
    page = web.post("/rounds/open/", {"id": "CPG-90-91", "start": "", "end": ""}, follow=True)
    assert "Write a session of CPG as CPG-&lt;n&gt;, e.g. CPG-88." in page.content.decode()
    assert not Session.objects.filter(code__startswith="CPG").exists()


def test_the_cli_refuses_a_session_id_in_the_wrong_scheme_and_previews_an_english_import(
    tmp_path,
):
    env = {**os.environ, "JALON_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
           "JALON_VAR_DIR": str(tmp_path / "var")}  # fmt: skip

    def jalon(*args):
        return subprocess.run([str(JALON), *map(str, args)], env=env, capture_output=True,
                              text=True, timeout=120)  # fmt: skip

    wrong = jalon("session", "open", "CPG-88-89", "--start", "2025-06-19")
    assert wrong.returncode != 0
    assert "'CPG-88-89' is not a session id of CPG: CPG-<n>, e.g. CPG-88" in wrong.stderr
    unknown = tmp_path / "wgdod.txt"
    unknown.write_text(without_statuses(ENGLISH.read_text(encoding="utf-8"),
                                        "Working Group on Digital Origin Data"))  # fmt: skip
    preview = jalon("import", "--preview", unknown)
    assert preview.returncode == 0, preview.stderr
    assert ("body WGDOD (Working Group on Digital Origin Data), not in the registry"
            in preview.stdout)  # fmt: skip
    assert "would import" in preview.stdout
    refused = jalon("import", unknown)
    assert refused.returncode == 2 and "add --create-body" in refused.stderr
    created = jalon("import", "--create-body", unknown)
    assert created.returncode == 0, created.stderr
    again = jalon("import", "--preview", unknown)
    assert "body WGDOD (Working Group on Digital Origin Data)\n" in again.stdout


@pytest.mark.django_db
def test_the_web_preview_names_the_body_and_offers_to_create_an_unknown_one(people):
    web = Client()
    web.force_login(people["root"])  # a body jalon does not know: administrators only
    text = without_statuses(ENGLISH.read_text(encoding="utf-8"))
    known = io.BytesIO(english_docx(text))
    known.name = "tcro.docx"
    page = web.post("/import/", {"file": known}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<strong>CTRO</strong> — Technical Committee on Rules of Origin" in page
    assert "not in the registry" not in page
    unknown_text = without_statuses(ENGLISH.read_text(encoding="utf-8"), "XYZ")
    unknown = io.BytesIO(english_xlsx(unknown_text))
    unknown.name = "xyz.xlsx"
    page = web.post("/import/", {"file": unknown}).content.decode()
    assert "<strong>XYZ</strong>" in page and 'name="create_body" value="XYZ"' in page
    token = re.search(r'name="token" value="([^"]+)"', page)[1]
    refused = web.post("/import/confirm/", {"token": token}, follow=True).content.decode()
    assert "not in the registry" in refused and not Body.objects.filter(code="XYZ").exists()
    unknown.seek(0)
    page = web.post("/import/", {"file": unknown}).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page)[1]
    web.post("/import/confirm/", {"token": token, "create_body": "XYZ"})
    body = Body.objects.get(code="XYZ")
    assert body.registered and Programme.objects.get(body=body).period_start == 2024
    assert Activity.objects.filter(programme__body=body).count() == 5


@pytest.mark.django_db
def test_the_admin_edits_bodies_and_meetings_and_refuses_a_bad_rule(admin_client):
    ctro = Body.objects.get(code="CTRO")
    page = admin_client.get(f"/admin/programmes/body/{ctro.pk}/change/")
    assert page.status_code == 200 and b"rule_slots" in page.content
    form = {
        "code": "CTRO", "acronym_fr": "CTRO", "acronym_en": "TCRO",
        "name_fr": ctro.name_fr, "name_en": ctro.name_en, "aliases": "[]",
        "languages": '["fr", "en"]', "registered": "on", "numbers_per_meeting": "1",
        "rule_base_year": "2024", "rule_base_number": "43", "rule_slots": "[[13, 14]]",
        "meetings-TOTAL_FORMS": "1", "meetings-INITIAL_FORMS": "0",
        "meetings-0-numbers": "[44]", "meetings-0-start": "2025-03-10",
        "meetings-0-end": "2025-03-14",
    }  # fmt: skip
    refused = admin_client.post(f"/admin/programmes/body/{ctro.pk}/change/", form)
    assert refused.status_code == 200 and b"Pairs of months from 1 to 12" in refused.content
    assert not Meeting.objects.filter(body=ctro).exists()
    saved = admin_client.post(f"/admin/programmes/body/{ctro.pk}/change/",
                              {**form, "rule_slots": "[[3, 3]]"})  # fmt: skip
    assert saved.status_code == 302
    assert load().meeting_in("CTRO", 2025, 3, 3).start == date(2025, 3, 10)
    wrong = admin_client.post("/admin/programmes/meeting/add/", {
        "body": ctro.pk, "numbers": "[45, 46]", "start": "2026-03-09", "end": ""})  # fmt: skip
    assert b"This body&#x27;s meetings carry 1 number(s)." in wrong.content


def test_no_code_names_a_body_outside_data():
    """Nothing outside data (the seed, migrations, examples) branches on a body."""
    allowed = {"jalon/core/bodies.py", "jalon/core/calendar.py", "jalon/api/examples.py",
               "jalon/core/synthetic.py"}  # fmt: skip
    found = []
    for path in (ROOT / "jalon").rglob("*.py"):
        name = str(path.relative_to(ROOT))
        if "migrations" in name or name in allowed:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("  #")[0]  # examples in comments are no logic
            if re.search(r"""["'](CTP|PTC|CONSEIL|CPG)["']""", code):
                found.append(f"{name}:{number}: {line.strip()}")
    assert found == []


def test_the_meeting_after_a_session_follows_the_body_numbering_and_calendar():
    # Two numbers a meeting, recorded dates: the next session and its days.
    after = SEED.following("CTP", [245, 246])
    assert (after.session_id, after.start, after.end) == (
        "CTP-247-248", date(2025, 5, 5), date(2025, 5, 8))  # fmt: skip
    # One number a meeting: CPG-87 (December 2022 by its rule) has no recorded dates.
    after = SEED.following("CPG", [86])
    assert (after.session_id, after.year, after.start, after.end) == ("CPG-87", 2022, None, None)
    assert SEED.following("CPG", [87]).start == date(2023, 6, 19)
    assert SEED.following("NOBODY", [1]) is None


@pytest.mark.django_db
def test_a_session_of_a_body_whose_code_has_a_hyphen_is_that_bodys():
    Body.objects.create(code="CG-X", name_fr="Comité X", name_en="Committee X",
                        registered=True, numbers_per_meeting=1)  # fmt: skip
    registry = load()
    assert parse_session_id("CG-X-5", registry) == ("CG-X", [5])
    assert parse_session_id("CTP-245-246", registry) == ("CTP", [245, 246])
    # The round is the body's (it has no programme yet), not a body "CG"'s.
    with pytest.raises(ReportingError, match="no programme of CG-X"):
        open_session("CG-X-5", date(2026, 5, 4))
