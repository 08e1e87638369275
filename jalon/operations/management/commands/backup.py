from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jalon.operations.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Copy the whole database to FILE: every table, users, tokens and the audit trail "
        "(SQLite's online backup, or pg_dump's custom format). Safe while the server runs."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the backup file to write")

    def handle(self, *args, file: Path, **options):
        try:
            kind = backup(file)
        except BackupError as error:
            raise CommandError(str(error), returncode=2) from None
        size = file.stat().st_size
        self.stdout.write(f"Backed up the {kind} database to {file} ({size:,} bytes).")
