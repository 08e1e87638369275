"""The programme's own life: revisions with their changes, withdrawal, and records."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from jalon.core import interchange
from jalon.core.rules import check
from jalon.documents.formats import render
from jalon.interchange.store import load, store
from jalon.programmes.models import Activity
from jalon.reporting.models import Session
from jalon.revisions import services
from jalon.revisions.models import Change, Kind, RecordError, Revision
from jalon.revisions.services import RevisionError
from tests.conftest import without_ids
from tests.test_import import empty_the_database


def load_title_of_i3_before():
    from jalon.core.textdoc import read_text
    from tests.conftest import REAL_DOCUMENT, activity

    return activity(read_text("x", REAL_DOCUMENT.read_bytes()), "I.3").title["fr"]


NEW_TITLE = "Compiler et publier les mises à jour annuelles du Recueil (révisé)"


def get(ref):
    section, number = ref.split(".")
    return Activity.objects.get(
        section="time_bound" if section == "I" else "permanent", number=int(number),
        withdrawn=False,
    )  # fmt: skip


@pytest.fixture
def revised(people):
    """The Done-when revision: in a draft, add an activity, reword I.3, withdraw II.35
    as a duplicate of II.34, renumber section II."""
    programme = get("I.3").programme
    revision = services.draft(programme)
    services.add_activity(revision, "time_bound", title_fr="Élaborer un guide sur l'IA",
                          title_en="Develop a guide on AI", priority="A",
                          deadline_fr="Printemps 2025 (CTP)")  # fmt: skip
    services.amend_activity(revision, get("I.3"), title_fr=NEW_TITLE)
    services.withdraw_activity(revision, get("II.35"), "doublon de II.34", related=get("II.34"))
    assert services.renumber_section(revision, "permanent") == 17
    return revision


def test_a_draft_revision_holds_each_change_it_made(revised):
    kinds = [(c.kind, c.before, c.after) for c in revised.changes.all()]
    assert kinds[:3] == [
        ("added", "", "I.43"),
        ("amended", "I.3", "I.3"),
        ("withdrawn", "II.35", ""),
    ]
    assert kinds[3:5] == [("renumbered", "II.36", "II.35"), ("renumbered", "II.37", "II.36")]
    amended = revised.changes.get(kind=Kind.AMENDED)
    assert amended.fields["title_fr"][1] == NEW_TITLE
    assert (
        amended.fields["title_fr"][0].startswith("Définir les principes")
        or amended.fields["title_fr"][0]
    )
    withdrawn = Activity.objects.get(withdrawn=True)
    assert withdrawn.status_reports.count() == 2  # its history stays (243-244 and 245-246)
    assert revised.changes.get(kind=Kind.WITHDRAWN).related == get("II.34")


def test_a_withdrawn_activity_leaves_the_current_programme_not_the_earlier_documents(revised):
    document = load(revised.programme)
    assert len(document.current()) == 94  # 94 + 1 added − 1 withdrawn
    withdrawn = str(Activity.objects.get(withdrawn=True).uid)
    assert withdrawn not in {a.uid for a in document.as_at("CTP-245-246").activities}
    assert withdrawn in {a.uid for a in document.as_at("CTP-243-244").activities}
    earlier = render(document, "md", "CTP-243-244", "fr").decode()
    later = render(document, "md", "CTP-245-246", "fr").decode()
    title = Activity.objects.get(withdrawn=True).title_fr
    assert earlier.count(title) == 2 and later.count(title) == 1  # II.34 and its duplicate


def test_a_withdrawn_activity_is_never_overdue_nor_a_duplicate(revised):
    refs = {f.activity for f in check(load(revised.programme), "CTP-245-246").findings}
    withdrawn = Activity.objects.get(withdrawn=True)
    assert ("permanent", withdrawn.number) not in refs or get("II.35").pk != withdrawn.pk
    rules = {f.rule for f in check(load(revised.programme), "CTP-245-246").findings}
    assert "duplicate_title" not in rules


def test_presenting_endorsing_adopting_then_the_revision_is_a_record(revised):
    session = Session.objects.get(code="CTP-245-246")
    services.advance(revised, "presented", date(2024, 10, 22), session=session)
    with pytest.raises(RevisionError, match="only a draft revision"):
        services.amend_activity(revised, get("I.4"), priority="C")
    with pytest.raises(RevisionError, match="cannot become"):
        services.advance(revised, "adopted", date(2024, 12, 1))
    services.advance(revised, "endorsed", date(2024, 10, 25), "CTP décision 245/1")
    services.advance(revised, "adopted", date(2025, 6, 28), "Conseil, juin 2025")
    revised.refresh_from_db()
    assert (revised.state, revised.adoption_reference) == ("adopted", "Conseil, juin 2025")
    revised.adoption_reference = "autre"
    with pytest.raises(RecordError), transaction.atomic():
        revised.save()
    with pytest.raises(RecordError), transaction.atomic():
        revised.changes.first().delete()
    with pytest.raises(RecordError), transaction.atomic():
        Change.objects.filter(revision=revised).first().save()
    # The next edit starts the next revision.
    assert services.draft(revised.programme).number == 2


def test_deleting_an_activity_with_frozen_statuses_is_refused_with_the_choice_to_withdraw(people):
    revision = services.draft(get("I.8").programme)
    with pytest.raises(RevisionError, match=r"I\.8 has statuses in frozen session\(s\) "
                       r"CTP-243-244.*Withdraw it instead"):  # fmt: skip
        services.delete_activity(revision, get("I.8"))
    assert get("I.8") and revision.changes.count() == 0


def test_a_refused_edit_changes_nothing(people):
    revision = services.draft(get("I.8").programme)
    before = interchange.dumps(load(revision.programme))
    with pytest.raises(RevisionError, match="needs a reason"):
        services.withdraw_activity(revision, get("II.3"), "  ")
    with pytest.raises(RevisionError, match="not an activity field"):
        services.amend_activity(revision, get("I.3"), title_fr="x", number=99)
    assert interchange.dumps(load(revision.programme)) == before


def test_amending_back_to_the_original_leaves_no_change(people):
    revision = services.draft(get("I.3").programme)
    original = get("I.3").priority
    services.amend_activity(revision, get("I.3"), priority="C")
    services.amend_activity(revision, get("I.3"), priority=original)
    assert revision.changes.count() == 0


def test_the_json_round_trip_holds_with_revisions_and_withdrawals(revised, tmp_path):
    session = Session.objects.get(code="CTP-245-246")
    services.advance(revised, "presented", date(2024, 10, 22), session=session)
    before = interchange.dumps(load(revised.programme))
    path = tmp_path / "backup.json"
    path.write_text(before, encoding="utf-8")
    Revision.objects.update(state="draft")  # an administrator throwing records away
    Revision.objects.all().delete()
    empty_the_database()
    call_command("import", str(path), stdout=StringIO())
    programme = Revision.objects.get().programme
    assert interchange.dumps(load(programme)) == before
    out = StringIO()
    call_command("import", str(path), stdout=out)
    assert out.getvalue().rstrip().endswith("0 changes")


def test_a_presented_revision_in_a_file_cannot_be_rewritten(revised):
    session = Session.objects.get(code="CTP-245-246")
    services.advance(revised, "presented", date(2024, 10, 22), session=session)
    document = load(revised.programme)
    document.revisions[0].changes[0].reason = "autre chose"
    with pytest.raises(Exception, match="its changes are a record"):
        store(document)


def test_a_text_import_leaves_withdrawn_activities_alone(revised, real_document):
    withdrawn = Activity.objects.get(withdrawn=True)
    document = without_ids(load(revised.programme))
    document.activities = document.current()
    document.revisions = []
    assert str(store(document)) == "0 changes"
    assert Activity.objects.get(pk=withdrawn.pk).withdrawn


def test_an_import_that_changes_the_programme_does_it_inside_the_draft_revision(
    imported, real_document
):
    import copy

    from tests.conftest import activity

    changed = copy.deepcopy(real_document)
    activity(changed, "I.3").priority = "C"
    store(changed)
    revision = Revision.objects.get()
    (change,) = revision.changes.all()
    assert (revision.state, change.kind, change.fields["priority"]) == ("draft", "amended",
                                                                         ["A", "C"])  # fmt: skip
    assert str(store(changed)) == "0 changes" and revision.changes.count() == 1


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_revision_document_marks_the_changes_in_word_and_pdf(revised, tmp_path, lang):
    from docx import Document

    from jalon.documents.revision import render_revision_html

    path = tmp_path / f"revision.{lang}.docx"
    call_command("export", "--revision", "1", "--format", "docx", "--lang", lang,
                 "-o", str(path), stderr=StringIO())  # fmt: skip
    runs = [run for table in Document(str(path)).tables for row in table.rows
            for cell in row.cells for p in cell.paragraphs for run in p.runs]  # fmt: skip
    struck = " ".join(r.text for r in runs if r.font.strike)
    underlined = " ".join(r.text for r in runs if r.font.underline)
    assert "II.36" in struck and "II.35" in underlined  # renumbered
    if lang == "fr":
        assert "publier" in underlined  # I.3 reworded: the words added
        assert "Élaborer un guide" in underlined  # the new activity
        assert "Fournir des orientations" in struck  # the withdrawn one
    flags = {r.text for r in runs if r.bold}
    assert {"NOUVELLE", "RETIRÉE"} <= flags if lang == "fr" else {"NEW", "WITHDRAWN"} <= flags
    pdf = tmp_path / f"revision.{lang}.pdf"
    call_command("export", "--revision", "1", "--format", "pdf", "--lang", lang,
                 "-o", str(pdf), stderr=StringIO())  # fmt: skip
    assert pdf.read_bytes()[:5] == b"%PDF-"
    document = load(revised.programme)
    marked = render_revision_html(document, 1, lang, clean=False).decode()
    clean = render_revision_html(document, 1, lang, clean=True).decode()
    assert "<del>" in marked and "<ins>" in marked
    assert "<del>" not in clean and "<ins>" not in clean
    assert "doublon" in marked and "doublon" not in clean  # the withdrawn one is gone


def test_the_revision_document_of_an_unknown_revision_is_exit_2(revised):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no revision 9") as caught:
        call_command("export", "--revision", "9", "--format", "docx", stderr=StringIO())
    assert caught.value.returncode == 2


def test_checking_a_sessions_translations_reads_the_programme_as_it_stood_then(revised, capsys):
    """--check-translations counts what the session's document shows (as_at): the
    activity withdrawn by the revision is in the earlier, frozen session's and not in the
    open round's."""
    from jalon.documents.report import build_report

    document = load(revised.programme)
    withdrawn = Activity.objects.get(withdrawn=True)
    counts = {}
    for session in ("CTP-243-244", "CTP-245-246"):
        with pytest.raises(SystemExit):
            call_command("export", "--check-translations", "--lang", "en", "--session", session)
        counts[session] = int(capsys.readouterr().err.split(" texts in")[0])
        expected = build_report(document.as_at(session), session, "en").missing
        assert counts[session] == len(expected)
    everything = build_report(document, "CTP-245-246", "en").missing
    assert counts["CTP-245-246"] < len(everything)  # the withdrawn one's texts left out
    assert str(withdrawn.uid) in {a.uid for a in document.as_at("CTP-243-244").activities}
    assert str(withdrawn.uid) not in {a.uid for a in document.as_at("CTP-245-246").activities}
