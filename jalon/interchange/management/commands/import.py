from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jalon.core.programme import DocumentError
from jalon.core.validation import strip_controls
from jalon.interchange.readers import read_document
from jalon.interchange.store import store


class Command(BaseCommand):
    help = (
        "Import a work programme from a .txt export of the Word table, a .docx or .xlsx "
        "session document or a jalon .json file. "
        "Only what differs is written; a failed import changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the .txt or .json file to import")

    def handle(self, *args, file: Path, **options):
        try:
            document = read_document(file)
            summary = store(document, source=str(file))
        except DocumentError as exc:
            raise CommandError(strip_controls(str(exc)), returncode=2) from None
        programme = summary.programme
        # Imported text never reaches the terminal with its control sequences.
        self.stdout.write(strip_controls(
            f"{file}: {programme} — {len(document.activities)} activities read; {summary}"
        ))  # fmt: skip
