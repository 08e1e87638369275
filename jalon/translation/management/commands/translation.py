"""`jalon translation`: the state of a session's translations, XLIFF out and back.

jalon translation status --session CTP-245-246 --to en
jalon translation export --session CTP-245-246 --to en -o round.xlf
jalon translation import round.xlf            # preview, then asks (or --yes)
"""

import sys
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from jalon.core.translation import STATES, TO_DO
from jalon.reporting.management.commands._common import (
    add_user_argument,
    find_user,
    write_output,
)
from jalon.reporting.models import Session
from jalon.translation import xliff
from jalon.translation.services import counts, items


class Command(BaseCommand):
    help = "Translation of a session's texts: state, XLIFF export and import."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        status = sub.add_parser("status", help="count and list the texts to translate")
        export = sub.add_parser("export", help="write the texts to translate as XLIFF 1.2")
        for p in (status, export):
            p.add_argument("--session", required=True, metavar="ID", help="e.g. CTP-245-246")
            p.add_argument("--to", choices=["en", "fr"], default="en", help="target language")
        export.add_argument("-o", "--output", type=Path, metavar="FILE",
                            help="default: SESSION_LANG.xlf")  # fmt: skip
        export.add_argument("--all", action="store_true",
                            help="every text, not only the missing and outdated ones")  # fmt: skip
        imp = sub.add_parser("import", help="read a translated XLIFF back (preview first)")
        imp.add_argument("file", type=Path)
        imp.add_argument("--session", metavar="ID", help="refuse a file for another session")
        imp.add_argument("--to", choices=["en", "fr"], help="refuse a file for another language")
        imp.add_argument("--yes", action="store_true", help="write without asking")
        add_user_argument(imp)

    def handle(self, *args, action, **options):
        getattr(self, f"do_{action}")(**options)

    def _session(self, code):
        try:
            return Session.objects.get(code=code)
        except Session.DoesNotExist:
            raise CommandError(f"no session {code}", returncode=2) from None

    def do_status(self, session, to, **options):
        found = items(self._session(session), to)
        for item in found:
            if item.state in TO_DO:
                self.stdout.write(f"{item.ref}\t{item.kind}\t{item.field}\t{item.state}")
        n = counts(found)
        self.stderr.write(", ".join(f"{n[s]} {s}" for s in STATES) + f" ({to})")

    def do_export(self, session, to, output, all, **options):
        found = self._session(session)
        data, count = xliff.export(found, to, STATES if all else TO_DO)
        output = output or Path(f"{found.code}_{to}.xlf")
        write_output(output, data)
        self.stderr.write(f"wrote {output}: {count} texts to translate into {to}")

    def do_import(self, file, session, to, yes, user=None, **options):
        user = find_user(user)
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"{file}: cannot read: {exc.strerror}", returncode=2) from None
        preview = xliff.read(data, str(file), session, to)
        for line in preview.problems:
            self.stdout.write(self.style.WARNING(line))
        if preview.refused:
            raise CommandError(f"{file}: refused, nothing written", returncode=1)
        for c in preview.changes:
            flags = []
            if c.overwrites:
                flags.append(f"REPLACES a translation entered after the export: {c.item.target!r}")
            if c.outdated:
                flags.append("source changed since the export: stored as outdated")
            self.stdout.write(f"{c.item.ref} {c.item.field}: {c.item.target!r} → {c.new!r}"
                              + "".join(f"\n    {f}" for f in flags))  # fmt: skip
        self.stdout.write(f"{len(preview.changes)} translations to write, "
                          f"{preview.untranslated} left untranslated, {preview.unchanged} "
                          f"unchanged, {len(preview.problems)} problems")  # fmt: skip
        if not preview.changes:
            return
        if not yes:
            if not sys.stdin.isatty():
                raise CommandError("nothing written: add --yes to write", returncode=1)
            if input("Write them? [y/N] ").strip().lower() not in ("y", "yes", "o", "oui"):
                self.stdout.write("nothing written")
                return
        try:
            written = xliff.apply(preview, user=user)
        except xliff.ImportConflict as exc:
            raise CommandError(str(exc), returncode=1) from None
        except PermissionDenied as exc:
            raise CommandError(f"{file}: {exc}; nothing written", returncode=2) from None
        self.stdout.write(self.style.SUCCESS(f"{written} translations written"))
