"""Whole-programme work read in bulk: the same results as through the models, in a
number of queries that does not grow with the programme."""

import re
from datetime import date
from io import BytesIO
from zipfile import ZipFile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jalon.core.programme import ProgrammeDocument
from jalon.core.rules import CheckError, check
from jalon.core.synthetic import synthetic_programme
from jalon.documents.formats import default_filename, render
from jalon.interchange.store import load, load_for_check, load_for_document, store
from jalon.programmes.models import Programme
from jalon.reporting.models import Session


def through_models(programme, codes=None) -> ProgrammeDocument:
    """The programme as plain data the slow, obvious way: model instances and to_data()."""
    sessions = sorted(
        (s for s in Session.objects.filter(body=programme.body).select_related("body")
         if codes is None or s.code in codes),
        key=Session.chronological_key,
    )  # fmt: skip
    order = {session.code: index for index, session in enumerate(sessions)}
    activities = []
    for activity in programme.activities.prefetch_related(
        "responsibilities__body", "status_reports__session"
    ).order_by("-section", "number"):
        reports = sorted((r for r in activity.status_reports.all() if r.session.code in order),
                         key=lambda r: order[r.session.code])  # fmt: skip
        activities.append(activity.to_data(r.to_data() for r in reports))
    return ProgrammeDocument(programme.to_data(), [s.to_data() for s in sessions], activities)


@pytest.fixture
def two_programmes(people):
    """The real programme with a second round open, beside a synthetic one of another body."""
    store(synthetic_programme(60, 4, body="CRC"), "synthetic")
    return Programme.objects.get(body__code="CTP"), Programme.objects.get(body__code="CRC")


def test_load_gives_what_the_models_give(two_programmes):
    for programme in two_programmes:
        assert load(programme) == through_models(programme)
    real, synthetic = two_programmes
    assert load(real, ["CTP-245-246"]) == through_models(real, ["CTP-245-246"])
    pair = ["CRC-237", "CRC-241"]
    assert load(synthetic, pair) == through_models(synthetic, pair)
    assert load(real, []).activities == [
        a.__class__(**{**a.__dict__, "status_reports": []}) for a in through_models(real).activities
    ]


def test_load_takes_as_many_queries_for_many_activities_as_for_few(two_programmes):
    counts = []
    for programme in two_programmes:
        programme = Programme.objects.get(pk=programme.pk)  # nothing cached on it
        with CaptureQueriesContext(connection) as captured:
            load(programme)
        counts.append(len(captured.captured_queries))
    # 5 for the programme, its sessions and statuses; +1 the sessions held only by another
    # programme (left out), +1 its revisions (their changes only when there are some), +1
    # the codes of its plan edition.
    assert counts[0] == counts[1] <= 8


@pytest.mark.parametrize(
    "session, as_of",
    [(None, None), ("CTP-243-244", None), ("CTP-245-246", None), (None, date(2024, 6, 1)),
     (None, date(2020, 1, 1))],
)  # fmt: skip
def test_check_reading_one_session_finds_what_it_finds_on_the_whole_programme(
    two_programmes, session, as_of
):
    real = two_programmes[0]
    one = load_for_check(real, session, as_of)
    assert len(one.sessions) <= 1
    assert check(one, session, as_of) == check(load(real), session, as_of)


def test_check_of_an_unknown_session_names_the_known_ones(two_programmes):
    with pytest.raises(CheckError, match="CTP-243-244, CTP-245-246"):
        load_for_check(two_programmes[0], "CTP-999-1000")


def parts(content: bytes) -> dict[str, bytes] | bytes:
    """A document's content less the moment it was made (Office properties, HTML meta)."""
    if not content.startswith(b"PK"):
        return re.sub(rb'"dcterms.created" content="[^"]*"', b"", content)
    with ZipFile(BytesIO(content)) as package:
        return {n: package.read(n) for n in package.namelist() if n != "docProps/core.xml"}


@pytest.mark.parametrize("session", [None, "CTP-243-244", "CTP-245-246"])
def test_a_session_document_reading_its_sessions_statuses_only_is_the_same_document(
    two_programmes, session
):
    real = two_programmes[0]
    whole, one = load(real), load_for_document(real, session)
    assert one.sessions == whole.sessions and one.revisions == whole.revisions
    assert {r.session for a in one.activities for r in a.status_reports} == {
        session or "CTP-245-246"
    }
    for name in ("docx", "xlsx", "html", "md", "csv"):
        for lang in ("fr", "en"):
            assert parts(render(one, name, session, lang)) == parts(
                render(whole, name, session, lang)
            ), (name, lang)
            assert default_filename(one, name, session, lang) == default_filename(
                whole, name, session, lang
            )


def test_a_session_document_of_an_unknown_session_names_the_known_ones(two_programmes):
    with pytest.raises(CheckError, match="CTP-243-244, CTP-245-246"):
        load_for_document(two_programmes[0], "CTP-999-1000")


def opened_with_queries(code, user=None, start=None):
    from jalon.reporting.services import open_session

    with CaptureQueriesContext(connection) as captured:
        opened = open_session(code, start, user=user)
    return opened, len(captured.captured_queries)


def test_opening_a_round_carries_every_latest_status_in_a_constant_number_of_queries(
    two_programmes, people
):
    from jalon.programmes.models import Activity
    from jalon.reporting.models import StatusReport
    from jalon.reporting.services import set_status

    real, synthetic = two_programmes
    autumn = Session.objects.get(code="CTP-245-246")
    i8 = real.activities.get(section="time_bound", number=8)
    set_status(i8, autumn, keyword="completed", execution_level="green", texts={"en": "Done."})
    Activity.objects.create(programme=real, section="permanent", number=53, title_fr="Neuve")
    before = {r.activity_id: r for r in StatusReport.objects.filter(session=autumn)}

    opened, queries = opened_with_queries("CTP-247-248", people["alice"])
    drafts = {r.activity_id: r for r in StatusReport.objects.filter(session=opened.session)}
    assert (opened.carried, opened.empty) == (94, 1) and len(drafts) == 95
    for activity_id, draft in drafts.items():
        previous = before.get(activity_id)
        fields = ("keyword", "text_fr", "text_en", "execution_level", "progress")
        expected = tuple(getattr(previous, f) for f in fields) if previous else (
            None, "", "", None, None)  # fmt: skip
        assert tuple(getattr(draft, f) for f in fields) == expected
        assert (draft.carried_forward, draft.version) == (previous is not None, 1)
    assert drafts[i8.pk].text_en == "Done." and drafts[i8.pk].execution_level == "green"
    history = StatusReport.history.filter(session_id=opened.session.pk)
    assert history.count() == 95
    assert {(h.history_type, h.history_user_id, h.history_change_reason) for h in history} == {
        ("+", people["alice"].pk, "opened CTP-247-248")}  # fmt: skip
    assert sorted(h.id for h in history) == sorted(r.pk for r in drafts.values())

    # 60 activities, 4 sessions; by the same user, working for both bodies (issue 17: the
    # permission check costs the same two queries, her role and her bodies, either way)
    from django.contrib.auth import get_user_model

    from jalon.accounts.roles import set_bodies

    set_bodies(people["alice"], ["CTP", "CRC"])
    alice = get_user_model().objects.get(pk=people["alice"].pk)
    _, synthetic_queries = opened_with_queries("CRC-243", alice, start=date(2026, 5, 4))
    assert synthetic_queries == queries
    assert StatusReport.objects.filter(session__code="CRC-243").count() == 60


def test_an_imported_programme_keeps_every_status_with_its_audit_entry(db):
    from jalon.reporting.models import StatusReport

    document = synthetic_programme(50, 3, body="CRC")
    stored = store(document, "synthetic").programme
    assert [a.status_reports for a in load(stored).activities] == [
        a.status_reports for a in document.activities
    ]
    reports = StatusReport.objects.filter(activity__programme=stored)
    history = StatusReport.history.filter(activity__programme=stored)
    assert reports.count() == history.count() == 150
    assert {(h.history_type, h.history_change_reason) for h in history} == {
        ("+", "import synthetic")}  # fmt: skip
    fields = ("id", "activity_id", "session_id", "keyword", "text_fr", "progress", "version")
    assert set(history.values_list(*fields)) == set(reports.values_list(*fields))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_dashboard_figures_from_database_aggregates_are_the_session_documents(two_programmes, lang):
    from dataclasses import asdict

    from jalon.documents.report import build_report
    from jalon.web.dashboard import summary

    for programme in two_programmes:
        document = load(programme)
        for session in Session.objects.filter(body=programme.body).select_related("body"):
            figures = asdict(summary(programme, session, lang))
            expected = asdict(build_report(document, session.code, lang).summary)
            del figures["findings"], expected["findings"]
            assert figures == expected, session.code


def test_dashboard_takes_as_many_queries_for_many_activities_as_for_few(two_programmes):
    from jalon.web.dashboard import summary

    counts = []
    for programme in two_programmes:
        session = Session.latest(programme.body)
        summary(programme, session, "fr")  # the checker's summary is cached: warm it
        with CaptureQueriesContext(connection) as captured:
            summary(programme, session, "fr")
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_every_excel_data_cell_keeps_its_style_when_styles_are_copied(people, imported):
    from io import BytesIO

    from openpyxl import load_workbook

    from jalon.documents.formats import render
    from jalon.documents.labels import LEVEL_COLOURS
    from jalon.documents.xlsx import FIRST_DATA_ROW
    from jalon.reporting.services import set_status

    i8 = imported.activities.get(section="time_bound", number=8)
    i9 = imported.activities.get(section="time_bound", number=9)
    autumn = Session.objects.get(code="CTP-245-246")
    set_status(i8, autumn, execution_level="green")
    set_status(i9, autumn, execution_level="red")
    workbook = load_workbook(BytesIO(render(load(imported), "xlsx", "CTP-245-246", "fr")))
    levels = set()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(min_row=FIRST_DATA_ROW):
            for cell in row:
                assert (cell.alignment.wrap_text, cell.alignment.vertical) == (True, "top")
                if cell.value in ("Vert", "Bleu", "Rouge"):
                    levels.add((cell.value, cell.font.b))
    assert levels == {("Vert", True), ("Rouge", True)}
    # The level colours come from conditional formatting: they follow the word.
    (sheet, *_) = workbook.worksheets
    colours = {rule.formula[0]: rule.dxf.fill.bgColor.rgb[-6:]
               for cf in sheet.conditional_formatting for rule in cf.rules}  # fmt: skip
    assert (
        colours['"Vert"'] == LEVEL_COLOURS["green"] and colours['"Rouge"'] == LEVEL_COLOURS["red"]
    )


def test_word_document_is_the_same_whether_run_styles_are_built_or_copied(people, imported):
    from io import BytesIO
    from zipfile import ZipFile

    from jalon.documents import docx
    from jalon.documents.formats import render

    def document_xml() -> bytes:
        content = render(load(imported), "docx", "CTP-243-244", "fr")
        return ZipFile(BytesIO(content)).read("word/document.xml")

    docx._RUN_PROPERTIES.clear()  # each style's first run built by python-docx
    built = document_xml()
    assert docx._RUN_PROPERTIES  # now every run is a copy
    assert document_xml() == built
