from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jalon.operations.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the whole database with a backup made by `jalon backup`. Refuses, changing "
        "nothing, a damaged file, one of another engine, or one of another schema version."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the backup file to restore")

    def handle(self, *args, file: Path, **options):
        try:
            kind = restore(file)
        except BackupError as error:
            raise CommandError(str(error), returncode=2) from None
        self.stdout.write(f"Restored the {kind} database from {file}.")
