from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jalon.core.rules import CheckError
from jalon.documents.formats import FORMATS, default_filename, render
from jalon.documents.report import build_report
from jalon.documents.revision import render_revision_docx, render_revision_pdf
from jalon.interchange.store import load, load_for_document
from jalon.programmes.models import Programme
from jalon.reporting.management.commands._common import write_output


class Command(BaseCommand):
    help = (
        "Export the programme: the session document (docx, pdf, xlsx, html, md, csv) in "
        "French or English, or everything jalon knows as jalon.programme/2 JSON; with "
        "--revision N, the revision document (docx or pdf) with its changes marked."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=list(FORMATS), default="json")
        parser.add_argument("--lang", choices=["fr", "en"], help="default: the programme's own")
        parser.add_argument("--session", metavar="ID", help="default: the latest session")
        parser.add_argument(
            "--revision", type=int, metavar="N",
            help="the revision document of revision N (--format docx or pdf)",
        )  # fmt: skip
        parser.add_argument(
            "--clean", action="store_true", help="with --revision: without the change marks"
        )
        parser.add_argument(
            "-o", "--output", type=Path,
            help="file to write (default: standard output for json, csv, md and html; "
            "a file named after the programme and session for docx, pdf and xlsx)",
        )  # fmt: skip
        parser.add_argument(
            "--programme", metavar="BODY-START-END",
            help="which programme, e.g. CTP-2022-2025 (default: the most recent)",
        )  # fmt: skip
        parser.add_argument(
            "--annex", action="store_true",
            help="add the round's summary (rule checker, charts) as an annex (html, pdf)",
        )  # fmt: skip
        parser.add_argument(
            "--delimiter", metavar="CHAR",
            help="CSV field delimiter (default: ';' in French, ',' in English)",
        )  # fmt: skip
        parser.add_argument(
            "--check-translations", action="store_true",
            help="list the texts the document in --lang would give untranslated, and write "
            "nothing; exit status 1 when there are some",
        )  # fmt: skip

    def handle(self, *args, format, lang, session, output, programme, annex, delimiter,
               check_translations, revision, clean, **options):  # fmt: skip
        found = find_programme(programme)
        try:
            # A session document reads its session's statuses only, not every session's.
            whole = revision is not None or format == "json"
            document = load(found) if whole else load_for_document(found, session)
        except CheckError as exc:
            raise CommandError(str(exc), returncode=2) from None
        if revision is not None:
            self.export_revision(document, revision, format, lang or "fr", clean, output)
            return
        if delimiter is not None and len(delimiter) != 1:
            raise CommandError("--delimiter must be one character, e.g. ';'", returncode=2)
        if check_translations:
            return self.check_translations(document, session, lang)
        try:
            content = render(document, format, session, lang, annex=annex, delimiter=delimiter)
        except CheckError as exc:
            raise CommandError(str(exc), returncode=2) from None
        if output is None and not FORMATS[format].binary:
            self.stdout.write(content.decode("utf-8"), ending="")
            return
        output = output or Path(default_filename(document, format, session, lang))
        write_output(output, content)
        self.stderr.write(f"wrote {output} ({len(content):,} bytes)")

    def check_translations(self, document, session, lang):
        try:
            report = build_report(document.as_at(session), session, lang or "en")
        except CheckError as exc:
            raise CommandError(str(exc), returncode=2) from None
        by_activity: dict[str, list[str]] = {}
        for ref, field in report.missing:
            by_activity.setdefault(ref, []).append(field)
        language = report.labels["language_names"][report.lang]
        for ref, fields in by_activity.items():
            self.stdout.write(f"{ref}\t{', '.join(fields)}")
        self.stderr.write(
            f"{len(report.missing)} texts in {len(by_activity)} activities have no "
            f"translation ({language})"
            if report.missing
            else f"every text is translated ({language})"
        )
        if report.missing:
            raise SystemExit(1)

    def export_revision(self, document, number, format, lang, clean, output):
        writers = {"docx": render_revision_docx, "pdf": render_revision_pdf}
        if format not in writers:
            raise CommandError("--revision writes docx or pdf", returncode=2)
        try:
            content = writers[format](document, number, lang, clean)
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from None
        start, end = document.programme.period
        name = f"{document.programme.body}-{start}-{end}_revision-{number}"
        output = output or Path(f"{name}{'_clean' if clean else ''}_{lang}.{format}")
        output.write_bytes(content)
        self.stderr.write(f"wrote {output} ({len(content):,} bytes)")


def find_programme(spec: str | None) -> Programme:
    try:
        programme = Programme.objects.find(spec)
    except ValueError:
        raise CommandError(
            f"{spec!r} is not BODY-START-END, e.g. CTP-2022-2025", returncode=2
        ) from None
    if programme is None:
        raise CommandError(
            f"no programme {spec}" if spec else "no programme yet: run `jalon import FILE` first",
            returncode=2,
        )
    return programme
