"""Translation as part of the round: state, XLIFF out and back (through a second,
independent XLIFF implementation: the npm package `xliff`), bad input, the Done-when."""

import io
import json
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from lxml import etree

from jalon.core.translation import (
    CURRENT,
    MISSING,
    OUTDATED,
    glossary_for,
    state,
    version_of,
    word_diff,
)
from jalon.reporting.models import Session, StatusReport
from jalon.reporting.services import find_activity, programme_of, set_status
from jalon.translation import xliff
from jalon.translation.models import Database, Translation
from jalon.translation.services import counts, items

TOOLS = Path(__file__).resolve().parent.parent / "tools" / "xliff-check"
NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
SESSION = "CTP-245-246"


@pytest.fixture(scope="module")
def node_xliff():
    """The npm package xliff, installed (npm ci) into tools/xliff-check on first use."""
    if not (TOOLS / "node_modules" / "xliff").exists():
        if shutil.which("npm") is None:
            pytest.skip("npm is not installed: cannot install the second XLIFF implementation")
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--prefix", str(TOOLS)],
                       check=True, capture_output=True, timeout=600)  # fmt: skip
    return TOOLS / "fill.js"


def fill(fill_js, source: Path, target: Path, prefix="EN ") -> dict:
    done = subprocess.run(["node", str(fill_js), str(source), str(target), prefix],
                          capture_output=True, text=True, timeout=120, check=True)  # fmt: skip
    return json.loads(done.stdout)


def export(tmp_path, *options, name="round.xlf") -> Path:
    out = tmp_path / name
    call_command("translation", "export", "--session", SESSION, "--to", "en", "-o", str(out),
                 *options, stderr=io.StringIO())  # fmt: skip
    return out


def import_(path, *options) -> str:
    out = io.StringIO()
    call_command("translation", "import", str(path), *options, stdout=out)
    return out.getvalue()


def english_docx_text(tmp_path) -> str:
    out = tmp_path / "en.docx"
    call_command("export", "--format", "docx", "--lang", "en", "--session", SESSION,
                 "-o", str(out), stderr=io.StringIO())  # fmt: skip
    document = docx.Document(str(out))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


# The pure core -------------------------------------------------------------------------


def test_state_follows_the_source_the_translation_was_made_from():
    assert state("", "", None) is None  # nothing to translate
    assert state("Achevé.", "", None) == MISSING
    assert state("Achevé.", "Completed.", None) == CURRENT  # entered together
    assert state("Achevé.", "Completed.", "Achevé.") == CURRENT
    assert state("Achevé.  \n", "Completed.", "Achevé.") == CURRENT  # trailing blanks
    assert state("Achevé en 2024.", "Completed.", "Achevé.") == OUTDATED
    assert version_of("a\r\nb") == version_of("a\nb") != version_of("a b")


def test_word_diff_and_glossary():
    assert word_diff("Achevé en 2023.", "Achevé en 2024.") == [
        ("=", "Achevé en "), ("-", "2023"), ("+", "2024"), ("=", "."),
    ]  # fmt: skip
    terms = [("Achevé", "Completed"), ("CTP", "PTC"), ("En cours", "In progress")]
    assert glossary_for("Le CTP a achevé", terms) == [("Achevé", "Completed"), ("CTP", "PTC")]
    assert glossary_for("CTPX", terms) == []  # whole words only


# Done when -----------------------------------------------------------------------------


def test_done_when_missing_english_goes_out_and_back_and_a_french_edit_is_outdated(
    people, tmp_path, node_xliff, client
):
    session = Session.objects.get(code=SESSION)
    assert "[French original]" in english_docx_text(tmp_path)
    before = counts(items(session, "en"))
    assert before[MISSING] > 400 and not before[OUTDATED]

    exported = export(tmp_path)
    tree = etree.parse(str(exported))
    assert tree.getroot().get("version") == "1.2"
    units = tree.findall(".//x:trans-unit", NS)
    assert len(units) == before[MISSING]
    # Context and glossary notes; fixed terms (body names …) told, not sent to translate.
    notes = [n.text for n in tree.findall(".//x:note", NS)]
    assert any(n.startswith("I.1 · Title") for n in notes)
    assert "CTP = PTC" in notes

    # A translator's tool (the independent implementation) fills every target.
    filled = tmp_path / "back.xlf"
    assert fill(node_xliff, exported, filled)["filled"] == len(units)

    # The preview shows each change and writes nothing without --yes.
    with pytest.raises(CommandError, match="nothing written"):
        import_(filled)
    assert not Translation.objects.exists()
    i8 = find_activity("I.8", programme_of(session))
    report = StatusReport.objects.get(activity=i8, session=session)
    out = import_(filled, "--yes")
    assert f"I.8 text: '' → {'EN ' + report.text_fr!r}" in out
    assert f"{len(units)} translations written" in out

    assert counts(items(session, "en")) == {CURRENT: len(units)}
    text = english_docx_text(tmp_path)
    assert "[French original]" not in text and "[FR]" not in text
    said = io.StringIO()
    call_command("export", "--lang", "en", "--session", SESSION, "--check-translations",
                 stdout=io.StringIO(), stderr=said)  # fmt: skip
    assert "every text is translated (English)" in said.getvalue()

    # A status edited in French afterwards: its English is outdated, and kept.
    english = StatusReport.objects.get(pk=report.pk).text_en
    set_status(i8, session, text=report.text_fr + " Mise à jour en octobre.", lang="fr")
    report.refresh_from_db()
    assert report.text_en == english  # an edit in one language never clears the other
    client.force_login(people["alice"])
    page = client.get(f"/rounds/{SESSION}/?translation=outdated").content.decode()
    assert "I.8" in page and "Outdated" in page
    again = etree.parse(str(export(tmp_path, name="next.xlf")))
    (unit,) = again.findall(".//x:trans-unit", NS)
    assert unit.get("id").split(":")[1] == f"s{report.pk}"
    unit_notes = [n.text for n in unit.findall("x:note", NS)]
    assert f"Source changed since the previous translation. Previous translation: {english}" in (
        unit_notes
    )


def test_cat_tool_files_states_inline_tags_cdata_and_empty_targets(people, tmp_path):
    session = Session.objects.get(code=SESSION)
    exported = export(tmp_path)
    tree = etree.parse(str(exported))
    units = tree.findall(".//x:trans-unit", NS)[:5]
    bodies = [
        ('<target xmlns="{ns}" state="translated">The <g id="1">annual</g> update<x id="2"/>'
         '<ph id="3">&lt;br/&gt;</ph></target>'),
        '<target xmlns="{ns}" state="final"><![CDATA[One officer & <friends>]]></target>',
        '<target xmlns="{ns}"/>',  # left untranslated
        '<target xmlns="{ns}" state="new">Draft the tool pre-filled</target>',
        '<target xmlns="{ns}" state="translated"><mrk mtype="seg" mid="1">Seg</mrk>ment</target>',
    ]  # fmt: skip
    for unit, body in zip(units, bodies, strict=True):
        unit.remove(unit.find("x:target", NS))
        unit.insert(1, etree.fromstring(body.format(ns=NS["x"])))
    path = tmp_path / "cat.xlf"
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="utf-8"))
    preview = xliff.read(path.read_bytes(), "cat.xlf")
    assert preview.problems == [] and preview.untranslated == len(items(session)) - 3
    assert [c.new for c in preview.changes] == [
        "The annual update", "One officer &", "Segment",  # stored as every edit: no markup
    ]  # fmt: skip
    assert xliff.apply(preview) == 3


# Bad input -----------------------------------------------------------------------------


def one_unit_file(tmp_path, text="EN text") -> tuple[Path, etree._ElementTree]:
    tree = etree.parse(str(export(tmp_path)))
    for unit in tree.findall(".//x:trans-unit", NS):
        unit.find("x:target", NS).text = text
    return tmp_path / "t.xlf", tree


def write(path, tree) -> bytes:
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="utf-8"))
    return path.read_bytes()


def test_a_malformed_file_or_one_from_another_database_session_or_language_is_refused(
    people, tmp_path
):
    path, tree = one_unit_file(tmp_path)
    data = write(path, tree)
    assert xliff.read(b"<xliff><file", "bad.xlf").problems[0].startswith("bad.xlf: not an XLIFF")
    assert xliff.read(b"not xml at all", "bad.xlf").refused
    assert "session CTP-245-246, not CTP-243-244" in xliff.read(data, "t.xlf", "CTP-243-244",
                                                               "en").problems[0]  # fmt: skip
    assert "into 'en', not 'fr'" in xliff.read(data, "t.xlf", SESSION, "fr").problems[0]
    Database.objects.update(uuid="00000000-0000-4000-8000-000000000000")
    refused = xliff.read(data, "t.xlf")
    assert refused.refused and "another jalon database" in refused.problems[0]
    with pytest.raises(CommandError, match="refused, nothing written"):
        import_(path, "--yes")
    assert not Translation.objects.exists()


def test_unknown_units_are_skipped_one_line_each_and_the_rest_previewed(people, tmp_path):
    path, tree = one_unit_file(tmp_path)
    units = tree.findall(".//x:trans-unit", NS)
    units[0].set("id", "garbage")
    db8, _obj, *rest = units[1].get("id").split(":")
    units[1].set("id", ":".join([db8, "a999999", *rest]))
    units[2].find("x:source", NS).text = "Changed in the tool"
    preview = xliff.read(write(path, tree), "t.xlf")
    assert preview.problems == [
        "t.xlf: unit 'garbage': not a jalon unit id, skipped",
        f"t.xlf: unit '{units[1].get('id')}': no such text in session {SESSION} (deleted or "
        "not of this session), skipped",
        f"t.xlf: unit '{units[2].get('id')}': its source text was edited in the file, skipped",
    ]
    assert len(preview.changes) == len(units) - 3
    assert not Translation.objects.exists()  # a preview writes nothing


def test_a_translation_entered_after_the_export_is_shown_before_it_is_replaced(people, tmp_path):
    session = Session.objects.get(code=SESSION)
    path, tree = one_unit_file(tmp_path, "From the file")
    i1 = find_activity("I.1", programme_of(session))
    i1.title_en = "Typed meanwhile"
    i1.save()
    preview = xliff.read(write(path, tree), "t.xlf")
    (change,) = [c for c in preview.changes if c.overwrites]
    item = change.item
    assert (item.ref, item.field, item.target) == ("I.1", "title", "Typed meanwhile")
    assert "REPLACES a translation entered after the export: 'Typed meanwhile'" in import_(
        path, "--yes"
    )


def test_an_edit_between_preview_and_confirmation_writes_nothing(people, tmp_path):
    session = Session.objects.get(code=SESSION)
    path, tree = one_unit_file(tmp_path)
    preview = xliff.read(write(path, tree), "t.xlf")
    i8 = find_activity("I.8", programme_of(session))
    i8.kpi_en = "Typed after the preview"
    i8.save()
    with pytest.raises(xliff.ImportConflict, match="I.8 kpi: changed since the preview"):
        xliff.apply(preview)
    assert not Translation.objects.exists()
    assert not StatusReport.objects.filter(session=session).exclude(text_en="").exists()


def test_a_source_changed_since_the_export_is_stored_as_outdated(people, tmp_path):
    session = Session.objects.get(code=SESSION)
    path, tree = one_unit_file(tmp_path)
    i2 = find_activity("I.2", programme_of(session))
    i2.title_fr = i2.title_fr + " (révisé)"
    i2.save()
    preview = xliff.read(write(path, tree), "t.xlf")
    assert [c.item.ref for c in preview.changes if c.outdated] == ["I.2"]
    xliff.apply(preview)
    i2.refresh_from_db()
    assert i2.title_en == "EN text"
    (title,) = [i for i in items(session) if i.ref == "I.2" and i.field == "title"]
    assert title.state == OUTDATED


def test_a_frozen_sessions_statuses_are_refused(people, tmp_path):
    path, tree = one_unit_file(tmp_path)
    data = write(path, tree)
    Session.objects.filter(code=SESSION).update(frozen=True)
    preview = xliff.read(data, "t.xlf")
    frozen = [p for p in preview.problems if "is frozen" in p]
    assert len(frozen) == StatusReport.objects.filter(session__code=SESSION).count()
    assert {c.item.kind for c in preview.changes} == {"activity"}


def test_the_texts_of_a_session_take_a_constant_number_of_queries(
    people, django_assert_num_queries
):
    session = Session.objects.get(code=SESSION)
    programme = programme_of(session)
    with django_assert_num_queries(3):
        found = items(session, "en", programme)
    assert len(found) == 94 * 5


# The web pages and the rule ---------------------------------------------------------------


def status_of(ref):
    session = Session.objects.get(code=SESSION)
    return StatusReport.objects.get(activity=find_activity(ref, programme_of(session)),
                                    session=session)  # fmt: skip


def test_the_side_by_side_screen_saves_and_opens_the_next_and_shows_a_concurrent_save(
    people, client
):
    client.force_login(people["alice"])
    base = f"/rounds/{SESSION}/translation/"
    page = client.get(base)
    assert page.status_code == 200 and "470 missing" in page.content.decode()
    i1 = status_of("I.1")
    url = f"{base}status/{i1.pk}/text/?to=en&state=todo"
    page = client.get(url).content.decode()
    assert "French (source)" in page and i1.text_fr[:40] in page
    answer = client.post(url, {"text": "Done in English.", "made_from": i1.text_fr,
                               "expected": "", "next": "1"})  # fmt: skip
    i2 = find_activity("I.2", programme_of(i1.session))
    assert answer.status_code == 302
    assert answer["Location"] == f"{base}activity/{i2.pk}/title/?to=en&state=todo"
    i1.refresh_from_db()
    assert (i1.text_en, i1.review, i1.carried_forward) == ("Done in English.", "draft", True)
    # Someone saved meanwhile: shown, nothing overwritten, what was typed kept.
    page = client.post(url, {"text": "Mine", "made_from": i1.text_fr, "expected": ""})
    assert "Someone else saved a translation" in page.content.decode()
    assert "Mine" in page.content.decode()
    i1.refresh_from_db()
    assert i1.text_en == "Done in English."
    # The French edited: outdated, with the diff and the previous translation.
    set_status(i1.activity, i1.session, text=i1.text_fr + " Nouveau.", lang="fr")
    page = client.get(url).content.decode()
    assert "Outdated" in page and "<ins> Nouveau.</ins>" in page and "Done in English." in page


def test_members_cannot_translate(people, client):
    client.force_login(people["bob"])
    assert client.get(f"/rounds/{SESSION}/translation/").status_code == 403
    assert client.get(f"/rounds/{SESSION}/translation/export/").status_code == 403


def test_upload_previews_then_writes_on_confirmation_only(people, client, tmp_path):
    client.force_login(people["alice"])
    exported = client.get(f"/rounds/{SESSION}/translation/export/?to=en")
    assert exported["Content-Disposition"] == f'attachment; filename="{SESSION}_en.xlf"'
    path = tmp_path / "in.xlf"
    path.write_bytes(exported.content)
    _path, tree = one_unit_file(tmp_path, "From the file")
    tree.findall(".//x:trans-unit", NS)[0].set("id", "garbage")
    data = write(path, tree)
    with path.open("rb") as upload:
        page = client.post(f"/rounds/{SESSION}/translation/import/?to=en", {"file": upload})
    text = page.content.decode()
    assert "469 translations to write" in text and "not a jalon unit id, skipped" in text
    assert not Translation.objects.exists()
    token = text.split('name="token" value="')[1].split('"')[0]
    fingerprint = text.split('name="fingerprint" value="')[1].split('"')[0]
    answer = client.post(f"/rounds/{SESSION}/translation/confirm/",
                         {"token": token, "fingerprint": fingerprint}, follow=True)  # fmt: skip
    assert "469 translations written from in.xlf" in answer.content.decode()
    assert Translation.objects.count() == 469
    # Another session's page refuses the file.
    path.write_bytes(data)
    with path.open("rb") as upload:
        page = client.post("/rounds/CTP-243-244/translation/import/?to=en", {"file": upload})
    assert "a file for session CTP-245-246, not CTP-243-244" in page.content.decode()


def test_the_rule_lists_what_is_missing_or_outdated(people):
    i8 = status_of("I.8")
    i8.text_en = "Old English"
    i8.save()
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("checkrules", "--session", SESSION, "--format", "json", stdout=out)
    found = [f for f in json.loads(out.getvalue())["findings"] if f["rule"] == "translation"]
    assert len(found) == 470 - 1  # every English text missing but I.8's status
    assert found[0]["message"]["en"] == "Title: no English translation."
