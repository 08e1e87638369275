from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jalon.agenda.services import consolidated
from jalon.documents.agenda import report_document
from jalon.documents.tables import render_docx, render_pdf
from jalon.reporting.management.commands._common import write_output


class Command(BaseCommand):
    help = (
        "The consolidated report for the Policy Commission and the Council: every body's "
        "current programme at a date (levels, overdue, linked share, red activities), one "
        "page per body and a summary, in Word or PDF."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", metavar="YYYY-MM-DD", help="default: today")
        parser.add_argument("--format", choices=["docx", "pdf"], default="pdf")
        parser.add_argument("--lang", choices=["fr", "en"], default="fr")
        parser.add_argument("-o", "--output", type=Path)

    def handle(self, *args, date: str | None, format, lang, output, **options):
        day = _day(date) if date else _today()
        document = report_document(consolidated(day), lang)
        content = (render_docx if format == "docx" else render_pdf)(document)
        output = output or Path(f"consolidated-{day}-{lang}.{format}")
        write_output(output, content)
        self.stderr.write(f"wrote {output} ({len(content):,} bytes)")


def _today():
    return date.today()


def _day(value: str):
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date: YYYY-MM-DD", returncode=2) from None
