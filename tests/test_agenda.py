"""The forward agenda across bodies, its calendar feeds and the consolidated report
(issue 17, parts 4 and 5): the real PTC programme and a second body's small one."""

from datetime import date

import pytest

from jalon.agenda import services
from jalon.core.agenda import forward_agenda
from jalon.core.deadlines import parse_deadline
from jalon.core.programme import (
    ActivityData,
    ProgrammeData,
    ProgrammeDocument,
    SessionData,
    StatusReportData,
)
from jalon.interchange.store import load, store
from jalon.programmes.models import Body
from jalon.reporting.models import Session

JUNE_2025 = (date(2025, 6, 1), date(2025, 6, 30))


def ctro_programme() -> ProgrammeDocument:
    """A second body's small programme, in English, with its own session."""
    return ProgrammeDocument(
        ProgrammeData("CTRO", {"en": "TCRO work programme 2024-2026"}, (2024, 2026)),
        [SessionData("CTRO-45", "CTRO", [45], date(2025, 3, 10), date(2025, 3, 12),
                     frozen=False)],
        [
            ActivityData(
                section="time_bound", number=1, priority="A", strategic_link=True,
                title={"en": "Update the rules of origin guide"},
                responsible_bodies=["CTRO", "CTP"], responsible_raw="CTRO, CTP",
                deadline={"en": "June 2025 (Council)"},
                status_reports=[StatusReportData("CTRO-45", "in_progress",
                                                 {"en": "In progress. Draft in March 2025."},
                                                 "blue")],
            ),
            ActivityData(
                section="time_bound", number=2, priority="B", strategic_link=False,
                title={"en": "Study of preferential origin"},
                responsible_bodies=["CTRO"], responsible_raw="CTRO",
                deadline={"en": "Spring 2025 (CTRO) June 2026 (Council)"},
                status_reports=[StatusReportData("CTRO-45", "not_started",
                                                 {"en": "Not started. It will start in 2025."},
                                                 "red")],
            ),
            ActivityData(
                section="time_bound", number=3, priority="B", strategic_link=True,
                title={"en": "Overdue origin study"},
                responsible_bodies=["CTRO"], responsible_raw="CTRO",
                deadline={"en": "December 2024"},
                status_reports=[StatusReportData("CTRO-45", "in_progress",
                                                 {"en": "In progress."}, "blue")],
            ),
        ],
    )  # fmt: skip


@pytest.fixture
def two_bodies(imported):
    store(ctro_programme(), "ctro.json")
    return imported


def council_june_2025(real: ProgrammeDocument) -> set[str]:
    """The refs of the real programme's activities with a Council milestone in June 2025,
    read independently of the agenda: by the deadline parser, activity by activity."""
    refs = set()
    for activity in real.current():
        deadline = parse_deadline(activity.deadline.get("fr") or activity.deadline.get("en", ""))
        for milestone in deadline.milestones if deadline else []:
            if "CONSEIL" in milestone.bodies and milestone.start <= JUNE_2025[1] \
                    and milestone.end >= JUNE_2025[0]:  # fmt: skip
                refs.add(activity.ref)
    return refs


def test_the_councils_june_2025_agenda_lists_both_programmes(two_bodies):
    expected = {("CTP", ref) for ref in council_june_2025(load(two_bodies))}
    assert len(expected) > 5 and ("CTP", "I.12") in expected
    council = Body.objects.get(code="CONSEIL")
    entries = services.agenda(council, *JUNE_2025)
    assert {(e.programme, e.ref) for e in entries} == expected | {("CTRO", "I.1")}
    ctro = next(e for e in entries if e.programme == "CTRO")
    assert (ctro.lead, ctro.level, ctro.keyword, ctro.status_session) == (
        "CTRO",
        "blue",
        "in_progress",
        "CTRO-45",
    )
    assert ctro.bodies == ("CONSEIL",)


@pytest.fixture
def council_session(two_bodies):
    """The Council's June 2025 session, dated."""
    return Session.objects.create(code="CONSEIL-145-146", body=Body.objects.get(code="CONSEIL"),
                                  numbers=[145, 146], start=date(2025, 6, 26),
                                  end=date(2025, 6, 28))  # fmt: skip


def test_a_milestone_goes_before_every_body_it_names_and_only_in_its_period():
    ctro = ctro_programme()
    ctro.activities[0].deadline = {"fr": "Printemps 2025 (CTP) Juin 2025 (CPG et Conseil)"}
    for body in ("CPG", "CONSEIL"):
        assert [e.ref for e in forward_agenda([ctro], body, *JUNE_2025)] == ["I.1"]
    assert forward_agenda([ctro], "CONSEIL", date(2025, 7, 1), date(2025, 12, 31)) == []
    # A milestone naming no body goes before the body whose programme holds it.
    assert [e.ref for e in forward_agenda([ctro], "CTRO", date(2024, 12, 1),
                                          date(2024, 12, 31))] == ["I.3"]  # fmt: skip
    # Spring 2025 (CTRO) and June 2026 (Council): two milestones, two agendas.
    spring = forward_agenda([ctro], "CTRO", date(2025, 3, 1), date(2025, 5, 31))
    assert [(e.ref, e.index, e.level) for e in spring] == [("I.2", 0, "red")]
    assert [
        e.key for e in forward_agenda([ctro], "CONSEIL", date(2026, 6, 1), date(2026, 6, 30))
    ] == [f"{spring[0].uid}-1"]
    with pytest.raises(ValueError, match="ends"):
        forward_agenda([ctro], "CONSEIL", date(2025, 6, 30), date(2025, 6, 1))


def test_the_agenda_reads_the_database_in_a_constant_number_of_queries(
    council_session, django_assert_num_queries
):
    council = Body.objects.get(code="CONSEIL")
    with django_assert_num_queries(5):  # programmes, activities, leads, statuses, sessions
        services.agenda(council, *JUNE_2025)


def test_the_session_gives_the_period_and_a_session_of_another_body_is_refused(council_session):
    council = Body.objects.get(code="CONSEIL")
    start, end = services.session_period(council, "CONSEIL-145-146")
    assert (start, end) == (date(2025, 6, 26), date(2025, 6, 28))
    with pytest.raises(services.AgendaError, match="CTP-243-244 is a session of CTP"):
        services.session_period(council, "CTP-243-244")
    with pytest.raises(services.AgendaError, match="no body 'XYZ'"):
        services.find_body("XYZ")
    assert services.find_body("Council") == council  # any known spelling


def test_the_command_line_writes_the_agenda_as_csv_json_word_and_pdf(council_session, tmp_path,
                                                                      capsys):  # fmt: skip
    import json

    import docx
    import pypdfium2
    from django.core.management import CommandError, call_command

    call_command("agenda", "--body", "CONSEIL", "--session", "CONSEIL-145-146", "--format",
                 "json")  # fmt: skip
    entries = json.loads(capsys.readouterr().out)
    assert ("CTRO-2024-2026", "I.1") in {(e["programme"], e["ref"]) for e in entries}
    ctro = next(e for e in entries if e["programme"] == "CTRO-2024-2026")
    assert ctro["milestone"]["bodies"] == ["CONSEIL"]
    assert ctro["latest_status"]["execution_level"] == "blue"
    csv_file = tmp_path / "agenda.csv"
    call_command("agenda", "--body", "CONSEIL", "--from", "2025-06-01", "--to", "2025-06-30",
                 "-o", str(csv_file))  # fmt: skip
    content = csv_file.read_bytes()
    assert content.startswith(b'\xef\xbb\xbf"d\xc3\xa9but";"fin";')  # BOM, semicolons
    assert content.decode("utf-8-sig").count("\n") > len(entries)  # a row each, at least
    for lang in ("fr", "en"):
        word, pdf = tmp_path / f"a-{lang}.docx", tmp_path / f"a-{lang}.pdf"
        for path in (word, pdf):
            call_command("agenda", "--body", "CONSEIL", "--session", "CONSEIL-145-146",
                         "--format", path.suffix[1:], "--lang", lang, "-o", str(path))  # fmt: skip
        text = "\n".join(c.text for t in docx.Document(word).tables for r in t.rows
                         for c in r.cells)  # fmt: skip
        assert "Update the rules of origin guide" in text and "I.12" in text
        pages = pypdfium2.PdfDocument(pdf.read_bytes())
        pdf_text = "".join(page.get_textpage().get_text_range() for page in pages)
        assert "Update the rules of origin guide" in pdf_text
        assert ("Forward agenda" if lang == "en" else "Ordre du jour prévisionnel") in pdf_text
    with pytest.raises(CommandError, match="session of CTP"):
        call_command("agenda", "--body", "CONSEIL", "--session", "CTP-243-244")
    with pytest.raises(CommandError, match="--session ID, or --from and --to"):
        call_command("agenda", "--body", "CONSEIL")


def test_the_consolidated_report_renders_for_both_bodies_in_both_languages(two_bodies,
                                                                           tmp_path):  # fmt: skip
    import docx
    import pypdfium2
    from django.core.management import call_command

    report = services.consolidated(date(2025, 6, 1))
    figures = {f.body: f for f in report.bodies}
    assert set(figures) == {"CTP", "CTRO"}
    ctro = figures["CTRO"]
    assert (ctro.session, ctro.activities, ctro.linked) == ("CTRO-45", 3, 2)
    assert (ctro.levels["red"], ctro.levels["blue"]) == (1, 2)
    assert [i.ref for i in ctro.red] == ["I.2"] and [i.ref for i in ctro.overdue] == ["I.3"]
    assert figures["CTP"].activities == 94 and figures["CTP"].session == "CTP-243-244"
    assert report.total.activities == 97
    for lang, heading in (("fr", "Comité technique des règles d'origine"),
                          ("en", "Technical Committee on Rules of Origin")):  # fmt: skip
        pdf, word = tmp_path / f"r-{lang}.pdf", tmp_path / f"r-{lang}.docx"
        for path in (pdf, word):
            call_command("consolidated", "--date", "2025-06-01", "--lang", lang, "--format",
                         path.suffix[1:], "-o", str(path))  # fmt: skip
        pages = pypdfium2.PdfDocument(pdf.read_bytes())
        assert len(pages) >= 3  # the summary, then one page per body
        texts = [page.get_textpage().get_text_range() for page in pages]
        assert heading in "".join(texts) and "Study of preferential origin" in "".join(texts)
        paragraphs = "\n".join(p.text for p in docx.Document(word).paragraphs)
        assert heading in paragraphs


@pytest.mark.parametrize("day", [date(2023, 1, 1), date(2024, 6, 1), date(2025, 6, 1)])
def test_the_consolidated_figures_are_those_of_each_programme_loaded_whole(two_bodies, day):
    """The report's own four-query loader against `load_for_check`, programme by programme."""
    from jalon.core.consolidated import consolidate
    from jalon.interchange.store import load_for_check

    expected = consolidate([load_for_check(p, as_of=day) for p in services.current_programmes()],
                           day)  # fmt: skip
    assert services.consolidated(day) == expected


def test_the_consolidated_report_reads_the_database_in_a_constant_number_of_queries(
    two_bodies, django_assert_num_queries
):
    with django_assert_num_queries(5):  # programmes, sessions held, sessions, statuses, rows
        services.consolidated(date(2025, 6, 1))


def test_a_meeting_on_the_bodys_calendar_is_a_session_of_the_agenda(two_bodies):
    """The Council reports to no programme: its June 2024 meeting is a calendar record."""
    council = Body.objects.get(code="CONSEIL")
    start, end = services.session_period(council, "CONSEIL-143-144")
    assert (start, end) == (date(2024, 6, 27), date(2024, 6, 29))
    assert "I.1" in {e.ref for e in services.agenda(council, start, end)}  # juin 2024 (… Conseil)
    assert "CONSEIL-143-144" in {code for _body, code, _start in services.dated_sessions()}
    with pytest.raises(services.AgendaError, match="no session 'CONSEIL-1-2' of CONSEIL"):
        services.session_period(council, "CONSEIL-1-2")
