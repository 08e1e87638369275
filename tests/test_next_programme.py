"""The next programme started from this one, and the Done-when scenario end to end."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jalon.core.rules import check
from jalon.documents.formats import render
from jalon.interchange.store import load
from jalon.programmes.models import Activity, CodeMapping, Programme
from jalon.reporting.models import Session
from jalon.reporting.services import set_status
from jalon.revisions import services

PLAN = Path(__file__).resolve().parent / "data/plan-2025-2028.json"


def get(programme, ref):
    section, number = ref.split(".")
    return programme.activities.current().get(
        section="time_bound" if section == "I" else "permanent", number=int(number)
    )


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def plan(db):
    run("plan", "load", str(PLAN))


def test_a_mapping_that_leaves_a_code_unmapped_creates_nothing(people, plan):
    CodeMapping.objects.filter(source__code__in=["PS3", "FA2"]).delete()
    with pytest.raises(CommandError) as caught:
        run("programme", "new", "CTP-2025-2028", "--from", "CTP-2022-2025", "--plan", "2025-2028")
    assert caught.value.returncode == 2
    message = str(caught.value)
    assert "FA2 (" in message and "PS3 (" in message and "nothing was created" in message
    assert Programme.objects.count() == 1


def test_the_next_programme_carries_the_unfinished_activities_renumbered_and_mapped(people, plan):
    old = Programme.objects.get()
    revision = services.draft(old)
    services.withdraw_activity(revision, get(old, "II.35"), "doublon de II.34")
    i8 = get(old, "I.8")
    set_status(i8, Session.objects.get(code="CTP-245-246"), keyword="completed", text="Achevé.")
    out = run("programme", "new", "CTP-2025-2028", "--from", "CTP-2022-2025", "--plan",
              "2025-2028")  # fmt: skip
    new = Programme.objects.get(period_start=2025)
    carried = new.activities.all()
    assert f"{carried.count()} activities carried over" in out
    assert not carried.filter(predecessor=i8).exists()  # completed: stays behind
    assert not carried.filter(predecessor__withdrawn=True).exists()
    assert sorted(carried.filter(section="permanent").values_list("number", flat=True)) == list(
        range(1, carried.filter(section="permanent").count() + 1)
    )
    first = carried.get(section="time_bound", number=1)
    assert first.predecessor.ref == "I.1" and first.strategic_codes == ["P1"]
    assert new.plan == "2025-2028" and "2025-2028" in new.title_fr
    assert Programme.objects.count() == 2  # both programmes kept


def test_the_checker_scores_each_programme_against_its_own_sessions(people, plan):
    run("programme", "new", "CTP-2025-2028", "--from", "CTP-2022-2025", "--plan", "2025-2028")
    new = Programme.objects.get(period_start=2025)
    document = load(new)
    assert document.sessions == []  # the 2022-2025 sessions are the old programme's
    assert load(new, ["CTP-245-246"]).sessions == []  # also when it is named
    rules = {f.rule for f in check(document).findings}
    assert "carried-deadline" in rules and "overdue" not in rules
    assert [s.id for s in load(Programme.objects.get(period_start=2022)).sessions] == [
        "CTP-243-244", "CTP-245-246"
    ]  # fmt: skip


def test_done_when_revise_adopt_export_and_carry_into_the_next_programme(people, plan, tmp_path):
    old = Programme.objects.get()
    i3 = get(old, "I.3")
    # The 245/246 round is open (people fixture); a status is recorded for I.3.
    set_status(i3, Session.objects.get(code="CTP-245-246"), keyword="in_progress",
               text="En cours, deuxième édition.")  # fmt: skip
    revision = services.draft(old)
    services.add_activity(revision, "time_bound", title_fr="Élaborer un guide sur l'IA",
                          priority="A", strategic_link=True, strategic_codes=["PS1"],
                          deadline_fr="Juin 2025 (Conseil)")  # fmt: skip
    services.amend_activity(revision, i3, title_fr="Compiler et publier le Recueil (révisé)")
    services.withdraw_activity(revision, get(old, "II.35"), "doublon de II.34",
                               related=get(old, "II.34"))  # fmt: skip
    services.renumber_section(revision, "permanent")
    session = Session.objects.get(code="CTP-245-246")
    services.advance(revision, "presented", date(2024, 10, 22), session=session)
    services.advance(revision, "endorsed", date(2024, 10, 24), "CTP 245/246")
    services.advance(revision, "adopted", date(2025, 6, 28), "Conseil, juin 2025")
    # Earlier session's document keeps II.35; the current one does not.
    document = load(old)
    duplicate = Activity.objects.get(withdrawn=True).title_fr
    assert render(document, "md", "CTP-243-244", "fr").decode().count(duplicate) == 2
    assert render(document, "md", "CTP-245-246", "fr").decode().count(duplicate) == 1
    # The revision document with the changes marked.
    marked = tmp_path / "revision.docx"
    call_command("export", "--revision", "1", "--format", "docx", "-o", str(marked),
                 stderr=StringIO())  # fmt: skip
    from docx import Document

    runs = [r for t in Document(str(marked)).tables for row in t.rows for c in row.cells
            for p in c.paragraphs for r in p.runs]  # fmt: skip
    assert "(révisé)" in " ".join(r.text for r in runs if r.font.underline)
    assert duplicate in " ".join(r.text for r in runs if r.font.strike)
    run("programme", "new", "CTP-2025-2028", "--from", "CTP-2022-2025", "--plan", "2025-2028")
    new = Programme.objects.get(period_start=2025)
    assert str(new.activities.get(title_fr__startswith="Élaborer un guide").predecessor.uid)
    successor = new.activities.get(predecessor=i3)
    assert successor.title_fr == "Compiler et publier le Recueil (révisé)"
    # I.3's timeline in the new programme still shows every status since 2022.
    from django.test import Client

    client = Client()
    client.force_login(people["bob"])
    page = client.get(f"/activities/{successor.ref}/?programme=CTP-2025-2028").content.decode()
    assert "CTP-243-244" in page and "CTP-245-246" in page
    assert "En cours, deuxième édition." in page
    assert "as I.3 of 2022-2025" in page


def test_a_programme_is_checked_against_its_own_plans_codes(people, plan):
    """The strategic-code rule reads the codes of the programme's plan edition (data): in
    the 2025-2028 programme the new codes pass and an old code is named as outside it."""
    run("programme", "new", "CTP-2025-2028", "--from", "CTP-2022-2025", "--plan", "2025-2028")
    new = Programme.objects.get(period_start=2025)
    first, second = new.activities.order_by("-section", "number")[:2]
    assert first.strategic_codes and all(c[0] in "PFO" for c in first.strategic_codes)
    second.strategic_codes = ["PS3"]  # a 2022-2025 code, not one of the 2025-2028 plan
    second.save()
    findings = [f for f in check(load(new)).findings if f.rule == "strategic-code"]
    assert [(f.ref, f.en) for f in findings] == [
        (second.ref, "“PS3” is not a code of the 2025-2028 Strategic Plan.")
    ]
    assert "Plan stratégique 2025-2028" in findings[0].fr
    # The old programme is still checked against its own plan: PS3 is one of its codes.
    old = check(load(Programme.objects.get(period_start=2022))).findings
    assert not [f for f in old if f.rule == "strategic-code" and f.severity == "error"]
