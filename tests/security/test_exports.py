"""What leaves in an export: safe file names, no runnable markup, no formulas."""

import csv
import io
import json
import re

import pytest
from django.db import connection
from docx import Document
from openpyxl import load_workbook

from jalon.programmes.models import Body, Programme
from jalon.reporting.models import StatusReport
from tests.security.helpers import api_client, signed_in

XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>&lt;svg onload=alert(3)&gt;"


def first_report(programme):
    return StatusReport.objects.filter(activity__programme=programme,
                                       session__code="CTP-245-246").first()  # fmt: skip


def legacy_write(model, pk, **columns):
    """Data stored before the validation gate existed: written around the ORM's checks."""
    table = model._meta.db_table
    assignments = ", ".join(f"{connection.ops.quote_name(name)} = %s" for name in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {assignments} WHERE id = %s", [*columns.values(), pk])


def test_export_file_names_come_from_ids_only_and_are_quoted(people):
    programme = Programme.objects.get()
    legacy_write(Body, programme.body_id, code='evil.html"\r\nX-Evil: 1')
    web = "/export/?format=csv&lang=fr&session=CTP-245-246"
    for client, url in ((signed_in(people["bob"]), web),
                        (api_client(people["bob"]), "/api/v1/exports/csv/")):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 200, url
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment; filename=")
        assert "\r" not in disposition and "\n" not in disposition and "X-Evil" not in response
        filename = re.search(r'filename="?([^";]+)', disposition)[1]
        assert filename.endswith(".csv") and ".html" not in filename
        assert re.fullmatch(r"[A-Za-z0-9_.-]+", filename), filename


def test_markdown_export_shows_markup_never_runs_it(people):
    report = first_report(Programme.objects.get())
    legacy_write(StatusReport, report.pk, text_fr=XSS)
    markdown = api_client(people["bob"]).get("/api/v1/exports/md/", session="CTP-245-246")
    text = markdown.content.decode()
    assert "&lt;script&gt;" in text
    tags = set(re.findall(r"<\s*([a-zA-Z]+)", text))
    assert tags <= {"br", "sup"}, tags  # jalon's own, and nothing else


def test_spreadsheet_cells_are_values_never_formulas_title_included(people):
    programme = Programme.objects.get()
    formula = '=HYPERLINK("http://evil.example","x")'
    legacy_write(Programme, programme.pk, title_fr=formula)
    legacy_write(StatusReport, first_report(programme).pk, text_fr="+cmd|' /C calc'!A0")
    bob = api_client(people["bob"])
    workbook = load_workbook(io.BytesIO(bob.get("/api/v1/exports/xlsx/",
                                                session="CTP-245-246").content))  # fmt: skip
    cells = [c for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row]
    assert any(str(c.value).startswith(formula) for c in cells)  # the title, as text
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    rows = list(
        csv.reader(
            io.StringIO(
                bob.get("/api/v1/exports/csv/", session="CTP-245-246").content.decode("utf-8-sig")
            )
        )
    )
    assert not [v for row in rows for v in row if v[:1] in ("=", "+", "-", "@")]


@pytest.mark.parametrize("control", ["\x0b", "\x1b[31m", "\x07", "\x00", "\x85", "\ufffe"])
def test_a_control_character_in_a_status_is_stripped_and_every_export_works(people, control):
    alice = api_client(people["alice"])
    report = first_report(Programme.objects.get())
    written = alice.post("/api/v1/status-reports/", json.dumps({
        "activity": report.activity.ref, "session": "CTP-245-246", "version": report.version,
        "text": f"Avant{control}après",
    }), content_type="application/json")  # fmt: skip
    assert written.status_code == 201, written.content
    stored = StatusReport.objects.get(pk=report.pk).text_fr
    assert stored.startswith("Avant") and stored.endswith("après")
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", stored)
    for name in ("docx", "xlsx", "md", "csv", "html", "json"):
        response = alice.get(f"/api/v1/exports/{name}/", session="CTP-245-246")
        assert response.status_code == 200, name
    Document(io.BytesIO(alice.get("/api/v1/exports/docx/", session="CTP-245-246").content))
