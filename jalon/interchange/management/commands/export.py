from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jalon.core import interchange
from jalon.interchange.store import load
from jalon.programmes.models import Programme


class Command(BaseCommand):
    help = "Export the work programme with its sessions and statuses (jalon.programme/1 JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json"], default="json", help="output format")
        parser.add_argument(
            "-o", "--output", type=Path, help="file to write (default: standard output)"
        )
        parser.add_argument(
            "--programme", metavar="BODY-START-END",
            help="which programme, e.g. CTP-2022-2025 (default: the most recent)",
        )  # fmt: skip

    def handle(self, *args, output: Path | None, programme: str | None, **options):
        content = interchange.dumps(load(find_programme(programme)))
        if output is None:
            self.stdout.write(content, ending="")
            return
        try:
            output.write_text(content, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"{output}: cannot write: {exc.strerror}", returncode=2) from None
        self.stderr.write(f"wrote {output}")


def find_programme(spec: str | None) -> Programme:
    programmes = Programme.objects.select_related("body").order_by("-period_start", "-pk")
    if spec:
        try:
            body, start, end = spec.rsplit("-", 2)
            programmes = programmes.filter(
                body__code=body, period_start=int(start), period_end=int(end)
            )
        except ValueError:
            raise CommandError(
                f"{spec!r} is not BODY-START-END, e.g. CTP-2022-2025", returncode=2
            ) from None
    programme = programmes.first()
    if programme is None:
        raise CommandError(
            f"no programme {spec}" if spec else "no programme yet: run `jalon import FILE` first",
            returncode=2,
        )
    return programme
