"""Probes of the import path: every bad value a clear refusal naming the place, never a
traceback, and nothing written; what is accepted never breaks a page."""

import io
import re
import zipfile

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from jalon.core.programme import DocumentError
from jalon.core.textdoc import read_text
from jalon.interchange.readers import read_document
from jalon.programmes.models import Programme
from jalon.reporting.models import Session
from tests.conftest import REAL_DOCUMENT
from tests.security.helpers import programme_json, signed_in


def import_file(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CommandError) as refused:
        call_command("import", str(path))
    assert refused.value.returncode == 2
    return str(refused.value)


def sessions(document, **session):
    document["sessions"][0].update(session)


REFUSED_JSON = [
    (lambda d: sessions(d, id="CTP-99999999-100000000", numbers=[99999999, 100000000],
                        start=None, end=None), "sessions[0].id"),
    (lambda d: sessions(d, id="CTP 999", numbers=[999]), "sessions[0].id"),
    (lambda d: sessions(d, id="CTP-$\\sqrt{$-1", numbers=[1]), "sessions[0].id"),
    (lambda d: sessions(d, id="CTP-٢٤٧-٢٤٨", numbers=[247, 248]), "sessions[0].id"),
    (lambda d: sessions(d, id="CTP-247-248", numbers=[243, 244]), "sessions[0].numbers"),
    (lambda d: sessions(d, start="0000-01-01"), "sessions[0].start"),
    (lambda d: sessions(d, start="2024-02-30"), "sessions[0].start"),
    (lambda d: sessions(d, start="1024-02-03"), "sessions[0].start"),
    (lambda d: sessions(d, start="2024-04-26", end="2024-04-23"), "sessions[0].end"),
    (lambda d: d["sessions"].append(dict(d["sessions"][0])), "sessions[1].id"),
    (lambda d: d["activities"].append(dict(d["activities"][0])), "activities[1]"),
    (lambda d: d["activities"][0]["status_reports"].append({"session": "CTP-243-244"}),
     "activities[0].status_reports[1].session"),
    (lambda d: d["activities"][0].update(number=2**63 + 1), "activities[0].number"),
    (lambda d: d["programme"].update(period=[2022, 2**64]), "programme.period"),
    (lambda d: d["programme"].update(period=[2025, 2022]), "programme.period"),
    (lambda d: d["programme"].update(title={"fr": "P" * 10_000}), "programme.title.fr"),
    (lambda d: d["programme"].update(body="X" * 41), "programme.body"),
    (lambda d: d["activities"][0].update(responsible_bodies=["B" * 41]),
     "activities[0].responsible_bodies[0]"),
    (lambda d: d["activities"][0].update(title={"fr": "a\ud800b"}), "activities[0].title.fr"),
    (lambda d: d["activities"][0].update(kpi={"fr": "k" * 20_001}), "activities[0].kpi.fr"),
]  # fmt: skip


@pytest.mark.parametrize("change, where", REFUSED_JSON)
def test_a_json_import_outside_the_domain_is_refused_naming_the_json_path(
    db, tmp_path, change, where
):
    message = import_file(tmp_path, "bad.json", programme_json(change))
    assert f"bad.json: {where}:" in message
    assert not Programme.objects.exists() and not Session.objects.exists()


def test_deeply_nested_json_is_a_clear_refusal(db, tmp_path):
    message = import_file(tmp_path, "deep.json", b"[" * 100_000 + b"]" * 100_000)
    assert "deep.json: document: nested too deeply" in message


def test_a_meeting_in_year_zero_is_refused_naming_the_line(db, tmp_path, real_bytes):
    data = real_bytes.replace(b"en avril 2024", b"en avril 0000", 1)
    assert data != real_bytes
    message = import_file(tmp_path, "typo.txt", data)
    assert "typo.txt: line " in message and "year 0 is not between" in message
    assert not Session.objects.exists()


def test_text_reader_refuses_a_duplicate_activity_naming_both_lines(real_bytes):
    lines = real_bytes.decode().splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("18\t"))
    data = "\n".join([*lines[: row + 1], lines[row], *lines[row + 1 :]]).encode()
    with pytest.raises(DocumentError, match=rf"line {row + 2}: activity I.18 appears twice "
                                            rf"\(first on line {row + 1}\)"):  # fmt: skip
        read_text("dup.txt", data)


def test_control_characters_are_stripped_and_word_line_breaks_kept(real_bytes):
    data = real_bytes.replace("Achevé".encode(), b"Ach\x1b[31mev\x0be\x07")
    document = read_text("ctl.txt", data)
    texts = [str(a) for a in document.activities]
    assert any("Ach[31mev ee" in t for t in texts)  # \v is a line break; joined in a cell
    assert not any(c in t for a in document.activities for t in [*a.title.values(),
                   *(v for r in a.status_reports for v in r.text.values())]
                   for c in "\x1b\x07\x0b")  # fmt: skip


def test_entity_encoded_markup_is_sanitised_like_raw_markup(real_bytes):
    payload = (
        "&lt;img src=x onerror=alert(1)&gt;&amp;lt;script&amp;gt;alert(2)&amp;lt;/script&amp;gt;"
    )
    data = real_bytes.replace("Achevé".encode(), f"Achevé {payload}".encode(), 1)
    data = data.replace(b"Programme de travail", b"<b onmouseover=x>Programme</b> de travail", 1)
    document = read_text("xss.txt", data)
    texts = [document.programme.title["fr"]] + [
        r.text.get("fr", "") for a in document.activities for r in a.status_reports
    ]
    assert not any("<" in t for t in texts), [t for t in texts if "<" in t]


def xlsx_with(rows_by_sheet: dict) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in rows_by_sheet.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def real_rows(real_bytes):
    return [line.split("\t") for line in real_bytes.decode().splitlines()]


def test_excel_errors_name_the_sheet_and_the_row(db, tmp_path, real_bytes):
    rows = real_rows(real_bytes)
    row = next(i for i, r in enumerate(rows) if r[0] == "18")
    rows[row][1] = "Z"
    data = xlsx_with({"Cover": [["jalon"]], "Programme": rows})
    message = import_file(tmp_path, "bad.xlsx", data)
    assert f"bad.xlsx: sheet «Programme», row {row + 1}, column «" in message
    assert "Z" in message


def test_excel_rows_beyond_a_declared_dimension_are_read(tmp_path, real_bytes):
    data = xlsx_with({"Programme": real_rows(real_bytes)})
    # The sheet claims to end at A1: a reader trusting it would silently read nothing.
    parts = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as rewritten:
        for part in parts.infolist():
            content = parts.read(part)
            if part.filename.startswith("xl/worksheets/"):
                content = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:A1"', content)
            rewritten.writestr(part, content)
    path = tmp_path / "dim.xlsx"
    path.write_bytes(out.getvalue())
    assert len(read_document(path).activities) == 94


def zip_bomb(name: str, size: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("[Content_Types].xml", "<Types/>")
        bomb.writestr(name, b"<" + b" " * size + b"/>")
    return out.getvalue()


@pytest.mark.parametrize("suffix, part", [(".docx", "word/document.xml"),
                                          (".xlsx", "xl/worksheets/sheet1.xml")])  # fmt: skip
def test_office_zip_bombs_are_refused_before_parsing(db, tmp_path, settings, suffix, part):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 20 * 2**20
    data = zip_bomb(part, 50 * 2**20)
    assert len(data) < 200_000
    message = import_file(tmp_path, f"bomb{suffix}", data)
    assert "MB once uncompressed, more than the 20 MB allowed" in message


def test_office_files_with_too_many_parts_are_refused(db, tmp_path, settings):
    settings.IMPORT_MAX_PARTS = 50
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as many:
        for n in range(60):
            many.writestr(f"part{n}.xml", "<x/>")
    message = import_file(tmp_path, "many.docx", out.getvalue())
    assert "60 parts in the file, more than the 50 allowed" in message


def test_import_refuses_devices_before_reading(db):
    with pytest.raises(CommandError, match="/dev/zero: is not a regular file") as refused:
        call_command("import", "/dev/zero")
    assert refused.value.returncode == 2


def test_import_refuses_files_past_the_size_limit_before_reading(db, tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 2**20
    big = tmp_path / "big.txt"
    with big.open("wb") as file:
        file.truncate(3 * 2**20)
    with pytest.raises(CommandError, match="big.txt: 3 MB, more than the 1 MB allowed"):
        call_command("import", str(big))


def test_the_real_document_still_imports(db):
    call_command("import", str(REAL_DOCUMENT), stdout=io.StringIO())
    assert Session.objects.get().code == "CTP-243-244"


def test_a_web_import_past_its_time_budget_is_a_clear_message(people, settings):
    settings.IMPORT_WEB_SECONDS = 0
    alice = signed_in(people["alice"])
    upload = io.BytesIO(REAL_DOCUMENT.read_bytes())
    upload.name = "big.txt"
    page = alice.post("/import/", {"file": upload})
    assert page.status_code == 200
    assert "big.txt: reading it takes longer than the 0 s allowed here" in page.content.decode()
