from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jalon.core.programme import DocumentError
from jalon.interchange.readers import read_document
from jalon.interchange.store import store


class Command(BaseCommand):
    help = (
        "Import a work programme from a .txt export of the Word table or a jalon .json file. "
        "Only what differs is written; a failed import changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the .txt or .json file to import")

    def handle(self, *args, file: Path, **options):
        try:
            document = read_document(file)
            summary = store(document, source=str(file))
        except DocumentError as exc:
            raise CommandError(str(exc), returncode=2) from None
        programme = summary.programme
        self.stdout.write(
            f"{file}: {programme} — {len(document.activities)} activities read; {summary}"
        )
