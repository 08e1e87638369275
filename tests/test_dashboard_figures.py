"""The dashboard's figures counted in the database (aggregates, and the columns each status
derives from its text) are exactly what the computation over every activity gives: the
rule checker's summary as check() finds it, the execution levels, the translation counts
as items() states them; on the real document and on a programme with varied data."""

from collections import Counter
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jalon.core.rules import check
from jalon.core.status import suggest_level
from jalon.core.synthetic import synthetic_programme
from jalon.interchange.store import load, store
from jalon.programmes.choices import Section
from jalon.programmes.models import Body, Programme, Responsibility
from jalon.programmes.registry import load as load_registry
from jalon.reporting.models import DERIVED, Session, StatusReport, derived_columns
from jalon.reporting.services import find_activity, open_session, set_status
from jalon.translation.services import find_item, items, save_translation, state_counts
from jalon.web.dashboard import findings_summary, progress_across_sessions, summary
from tests.test_web import signed_in

CODE = "CTP-245-246"


def from_scratch(programme, code):
    return check(load(programme, [code]), code, registry=load_registry()).summary()


def assert_derived():
    """Every status's derived columns are those of its keyword and text."""
    for report in StatusReport.objects.all():
        stored = {name: getattr(report, name) for name in DERIVED}
        assert stored == derived_columns(report.keyword, report.text_fr, report.text_en), report


def old_levels(programme, session):
    """The session's section I levels as the dashboard computed them, status by status."""
    levels, suggested = Counter({"green": 0, "blue": 0, "red": 0, "not_set": 0}), 0
    reports = StatusReport.objects.filter(session=session, activity__programme=programme,
                                          activity__section=Section.TIME_BOUND)  # fmt: skip
    for report in reports:
        if report.execution_level:
            levels[report.execution_level] += 1
            continue
        suggestion = suggest_level(report.text_fr or report.text_en, report.keyword)
        if suggestion:
            levels[suggestion.execution_level.value] += 1
            suggested += 1
        else:
            levels["not_set"] += 1
    time_bound = programme.activities.current().filter(section=Section.TIME_BOUND).count()
    levels["not_set"] += time_bound - reports.count()
    return dict(levels), suggested


def old_progress(programme):
    """The levels across sessions as the dashboard computed them, status by status."""
    by_session = {}
    reports = StatusReport.objects.filter(activity__programme=programme,
                                          activity__section=Section.TIME_BOUND)  # fmt: skip
    for report in reports.select_related("session"):
        counter = by_session.setdefault(report.session.code, Counter())
        counter[report.execution_level or "not_set"] += 1
    return {code: dict(counter) for code, counter in by_session.items()}


def assert_figures(programme):
    """Each session's figures as the computation over every activity gives them."""
    cache.clear()
    for session in Session.objects.filter(status_reports__activity__programme=programme).distinct():
        assert findings_summary(programme, session) == from_scratch(programme, session.code)
        figures = summary(programme, session, "en")
        assert (figures.levels, figures.suggested_levels) == old_levels(programme, session)
        counts = state_counts(session, programme)
        for lang in ("en", "fr"):
            expected = Counter(i.state for i in items(session, lang, programme) if i.state)
            assert counts[lang] == expected
    assert dict(progress_across_sessions(programme)) == old_progress(programme)


def vary(programme, session, user):
    """Statuses, activities and bodies with what every rule looks at."""
    ref = iter(find_activity(f"I.{n}", programme) for n in range(1, 40))
    texts = [
        ("", "", None, None),  # no text at all
        ("  \n", "", None, None),  # whitespace only
        ("\xa0", "In progress.", "in_progress", None),  # no-break space (str.strip() sees it)
        ("", "Completed in March 2024.", None, "red"),  # English only, level disagrees
        ("Achevé.", "", "completed", "green"),  # no date, completed: no next steps asked
        ("En cours : étape franchie le 3 mai 2024 ; prochaine étape en 2025.", "", None, None),
        ("Reporté à la session suivante.", "", "postponed", "green"),
        ("Texte sans mot clé ni date.", "Text with neither.", None, "blue"),
    ]
    for text_fr, text_en, keyword, level in texts:
        set_status(next(ref), session, texts={"fr": text_fr, "en": text_en}, keyword=keyword,
                   execution_level=level, user=user)  # fmt: skip
    StatusReport.objects.filter(session=session, activity=next(ref)).delete()  # no status
    a = next(ref)
    a.strategic_link, a.priority, a.strategic_codes, a.task_type = None, None, [], None
    a.save()
    a = next(ref)
    a.strategic_link, a.strategic_codes = False, ["PS", "NOPE", *a.strategic_codes]
    a.deadline_fr, a.deadline_en = "Un jour peut-être", ""
    a.save()
    a = next(ref)
    a.title_fr = find_activity("I.1", programme).title_fr.upper() + " ."  # a duplicate
    a.predecessor = find_activity("II.1", programme)
    a.deadline_fr, a.deadline_en = "Printemps 2021", "Spring 2021"  # carried, overdue
    a.save()
    a = next(ref)
    Responsibility.objects.filter(activity=a).delete()  # no body
    a = next(ref)
    unknown = Body.objects.create(code="ZZZ", acronym_fr="ZZZ", acronym_en="ZZZ")
    Responsibility.objects.create(activity=a, body=unknown, position=9)
    a = next(ref)
    a.withdrawn = True  # history: not counted
    a.save()
    a = next(ref)
    a.number = 90  # a gap in the numbering
    a.save()
    permanent = find_activity("II.2", programme)
    permanent.deadline_fr = "Automne 2025"  # not ongoing work
    permanent.save()
    set_status(permanent, session, text="Pas de date ni de suite.", user=user)


def test_on_the_real_document_and_varied_data_the_figures_are_those_computed_from_scratch(
    people,
):
    programme, session = Programme.objects.get(), Session.objects.get(code=CODE)
    assert_derived()
    assert_figures(programme)
    vary(programme, session, people["alice"])
    item = find_item(session, "status",
                     StatusReport.objects.get(session=session, activity__number=6,
                                              activity__section=Section.TIME_BOUND).pk,
                     "text", "en")  # fmt: skip
    save_translation(item, "In progress: step passed on 3 May 2024.", made_from=item.source,
                     expected_target=item.target)  # fmt: skip
    # A translation made, then its source changed: outdated.
    set_status(find_activity("I.6", programme), session, text="En cours, autrement dit.",
               lang="fr", user=people["alice"])  # fmt: skip
    title = find_item(session, "activity", find_activity("I.20", programme).pk, "title", "en")
    save_translation(title, "A title made in jalon", made_from=title.source,
                     expected_target=title.target)  # fmt: skip
    assert_derived()
    summary_now = findings_summary(programme, session)
    for rule in ("strategic-link", "priority", "strategic-code", "task-type", "responsible-body",
                 "status-keyword", "status-milestones", "status-next-steps", "execution-level",
                 "permanent-deadline", "overdue", "duplicate-title", "numbering",
                 "deadline-format", "carried-deadline"):  # fmt: skip
        assert summary_now["by_rule"].get(rule), rule
    assert_figures(programme)
    counts = state_counts(session, programme)
    assert counts["en"]["outdated"] == 1 and counts["en"]["current"] >= 1


def test_on_a_synthetic_programme_the_figures_are_those_computed_from_scratch(db):
    synthetic = synthetic_programme(300, 4, body="CRC")
    programme = store(synthetic, "synthetic").programme
    assert_derived()
    assert_figures(programme)
    open_session("CRC-" + str(int(synthetic.sessions[-1].id.rsplit("-", 1)[1]) + 1),
                 date(2032, 10, 19))  # fmt: skip
    assert_derived()
    assert_figures(programme)


def test_every_write_path_of_a_status_keeps_its_derived_columns(people):
    programme, session = Programme.objects.get(), Session.objects.get(code=CODE)
    reports = StatusReport.objects.filter(session=session, activity__programme=programme)
    reports.filter(activity__number=3).update(text_fr="Achevé le 2 mai 2024.", keyword=None)
    some = list(reports.exclude(activity__number=3).order_by("pk")[:3])
    for report in some:
        report.text_fr = "Pas encore commencé."
    StatusReport.objects.bulk_update(some, ["text_fr"])
    one = reports.order_by("-pk").first()
    one.text_fr = "Reporté."
    one.save(update_fields=["text_fr"])
    signed_in(people["alice"]).post(f"/rounds/{CODE}/I.8/edit/", {
        "keyword": "", "execution_level": "", "version": 1,
        "text_fr": "Achevé : adopté en octobre 2024.", "text_en": "",
    })  # fmt: skip
    document = load(programme)
    document.activities[0].status_reports[-1].text["fr"] = "En cours depuis mars 2024."
    store(document, "changed.txt")
    assert_derived()
    assert reports.get(activity__number=3, activity__section=Section.TIME_BOUND).progress == (
        "completed"
    )


EXPECTED_QUERIES = 67


@pytest.mark.parametrize("size", [150, 600])
def test_the_first_view_with_nothing_cached_takes_a_constant_number_of_queries(people, size):
    store(synthetic_programme(size, 3, body="CRC"))
    bob = signed_in(people["bob"])
    bob.get("/?programme=CRC-2022-2025")
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        page = bob.get("/?programme=CRC-2022-2025")
    assert page.status_code == 200
    crc = Programme.objects.get(body__code="CRC")
    session = page.context["session"]
    assert page.context["summary"].findings == from_scratch(crc, session.code)
    # The same number at 150 and 600 activities (the session, the user, the figures'
    # aggregates and the shared cache's reads and writes).
    assert len(queries) == EXPECTED_QUERIES, [q["sql"][:80] for q in queries]
