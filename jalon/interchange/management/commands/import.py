from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from jalon.core.programme import DocumentError
from jalon.core.validation import strip_controls
from jalon.interchange.readers import read_document
from jalon.interchange.store import store
from jalon.programmes.registry import found_body
from jalon.programmes.registry import load as load_registry
from jalon.reporting.management.commands._common import add_user_argument, find_user


class _Preview(Exception):
    """Rolls back the dry run of --preview."""

    def __init__(self, summary):
        self.summary = summary


class Command(BaseCommand):
    help = (
        "Import a work programme from a .txt export of the Word table, a .docx or .xlsx "
        "session document or a jalon .json file. "
        "Only what differs is written; a failed import changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the .txt or .json file to import")
        parser.add_argument(
            "--match",
            action="append",
            default=[],
            metavar="REF=TARGET",
            help="say which stored activity the file's REF is (its number, e.g. II.36, or its "
            "id), or 'new'; for the matches jalon is unsure of",
        )
        parser.add_argument(
            "--preview",
            action="store_true",
            help="say what the import would do (the body found, the changes) and write nothing",
        )
        parser.add_argument(
            "--create-body",
            action="store_true",
            help="create the body the file names when the registry does not know it",
        )
        parser.add_argument(
            "--accept-suggestions",
            action="store_true",
            help="take jalon's suggestion for every match it is unsure of",
        )
        add_user_argument(parser)

    def handle(self, *args, file: Path, match: list[str], accept_suggestions: bool, user=None,
               preview: bool = False, create_body: bool = False, **options):  # fmt: skip
        resolutions = {}
        for answer in match:
            ref, sep, target = answer.partition("=")
            if not sep:
                raise CommandError(f"--match {answer}: write REF=TARGET", returncode=2)
            resolutions[ref.strip()] = target.strip()
        try:
            document = read_document(file, load_registry())
            _may_import(find_user(user), document.programme.body)
            body = found_body(document.programme.body, document.programme.body_name, "en")
            self.stdout.write(strip_controls(f"{file}: body {body.code}" + (
                f" ({body.name})" if body.name else "") + (
                "" if body.known else ", not in the registry")))  # fmt: skip
            if preview:
                try:
                    with transaction.atomic():
                        raise _Preview(store(document, str(file), resolutions, True))
                except _Preview as done:
                    self.stdout.write(strip_controls(f"{file}: would import: {done.summary}"))
                    return
            if not body.known and not create_body:
                raise CommandError(
                    f"{file}: the body {body.code} is not in the registry; add --create-body "
                    "to create it (then complete it in the admin), or add it there first",
                    returncode=2,
                )
            summary = store(document, str(file), resolutions, accept_suggestions)
        except DocumentError as exc:
            raise CommandError(strip_controls(str(exc)), returncode=2) from None
        programme = summary.programme
        # Imported text never reaches the terminal with its control sequences.
        self.stdout.write(strip_controls(
            f"{file}: {programme} — {len(document.activities)} activities read; {summary}"
        ))  # fmt: skip


def _may_import(user, body: str) -> None:
    """With --as USER: refused (exit 2) unless the user may edit the document's body."""
    from jalon.accounts.permissions import may_edit_body_code

    if user is not None and not may_edit_body_code(user, body):
        raise CommandError(
            f"{user.get_username()} may not edit {body}'s programme: "
            "they do not work for that body",
            returncode=2,
        )
