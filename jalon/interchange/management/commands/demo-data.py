import time

from django.core.management.base import BaseCommand, CommandError

from jalon.core.synthetic import synthetic_programme
from jalon.interchange.store import store


class Command(BaseCommand):
    help = (
        "Build a synthetic programme for trying jalon at scale: N activities, each with a "
        "status at M sessions (the last one open), for a body of its own."
    )

    def add_arguments(self, parser):
        parser.add_argument("--activities", type=int, default=1000)
        parser.add_argument("--sessions", type=int, default=20)
        parser.add_argument("--body", default="CRC", help="whose programme (default: CRC)")
        parser.add_argument("--seed", type=int, default=2024)

    def handle(self, *args, activities, sessions, body, seed, **options):
        if activities < 1 or not 1 <= sessions <= 60:
            raise CommandError("--activities ≥ 1 and 1 ≤ --sessions ≤ 60", returncode=2)
        started = time.perf_counter()
        document = synthetic_programme(activities, sessions, seed=seed, body=body)
        summary = store(document, "demo-data")
        self.stdout.write(
            f"{summary.programme}: {activities} activities × {sessions} sessions; {summary} "
            f"in {time.perf_counter() - started:.1f} s"
        )
