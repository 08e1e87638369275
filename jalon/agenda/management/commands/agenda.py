import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jalon.agenda.services import AgendaError, agenda, find_body, session_period
from jalon.core.agenda import to_dict
from jalon.documents.agenda import agenda_csv, agenda_document
from jalon.documents.tables import render_docx, render_pdf
from jalon.reporting.management.commands._common import write_output


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date: YYYY-MM-DD", returncode=2) from None


class Command(BaseCommand):
    help = (
        "The forward agenda: every activity of every body's current programme with a "
        "milestone before BODY at a session (--session) or in a period (--from, --to), "
        "with the milestone, the lead body, the latest status and level."
    )

    def add_arguments(self, parser):
        parser.add_argument("--body", required=True, help="e.g. CONSEIL, CPG, CTP")
        parser.add_argument("--session", metavar="ID", help="one of the body's sessions")
        parser.add_argument("--from", dest="start", metavar="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", metavar="YYYY-MM-DD")
        parser.add_argument("--format", choices=["csv", "docx", "pdf", "json"], default="csv")
        parser.add_argument("--lang", choices=["fr", "en"], default="fr")
        parser.add_argument(
            "-o",
            "--output",
            type=Path,
            help="file to write (default: standard output for csv and json)",
        )

    def handle(self, *args, body, session, start, end, format, lang, output, **options):
        try:
            found = find_body(body)
            if session and (start or end):
                raise AgendaError("give either --session or --from and --to, not both")
            if session:
                first, last = session_period(found, session)
            elif start and end:
                first, last = _day(start), _day(end)
                if last < first:
                    raise AgendaError(f"--to {end} is before --from {start}")
            else:
                raise AgendaError("give --session ID, or --from and --to")
        except AgendaError as exc:
            raise CommandError(str(exc), returncode=2) from None
        entries = agenda(found, first, last)
        if format == "csv":
            content = agenda_csv(entries, lang)
        elif format == "json":
            content = json.dumps([to_dict(e) for e in entries], ensure_ascii=False, indent=2)
            content = (content + "\n").encode()
        else:
            document = agenda_document(entries, found.code, first, last, lang, session or "")
            content = (render_docx if format == "docx" else render_pdf)(document)
        if output is None and format in ("csv", "json"):
            self.stdout.write(content.decode("utf-8-sig"), ending="")
            return
        output = output or Path(f"agenda-{found.code.replace('/', '-')}-{first}-{last}.{format}")
        write_output(output, content)
        self.stderr.write(f"wrote {output} ({len(entries)} milestones, {len(content):,} bytes)")
