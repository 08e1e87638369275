"""`make bench`: in-process timings on the real PTC document, median of repeated runs.

Runs against a throw-away SQLite database (or JALON_BENCH_DATABASE_URL) and prints a
table. Timings live here, never in the tests.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "jalon/data/ptc-programme-2022-2025.txt"
RUNS = int(os.environ.get("JALON_BENCH_RUNS", "15"))


class Rollback(Exception):
    pass


def median_seconds(action, runs=RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    workdir = tempfile.mkdtemp(prefix="jalon-bench-")
    os.environ["JALON_DATABASE_URL"] = os.environ.get(
        "JALON_BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3"
    )
    os.environ["JALON_VAR_DIR"] = workdir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jalon.settings")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from jalon.core import interchange
    from jalon.core.rules import check
    from jalon.core.textdoc import read_text
    from jalon.interchange.store import load, store
    from jalon.programmes.models import Programme

    call_command("migrate", verbosity=0)
    data = DOCUMENT.read_bytes()

    def import_into_empty_database():
        try:
            with transaction.atomic():
                store(read_text(str(DOCUMENT), data))
                raise Rollback
        except Rollback:
            pass

    rows = [("read the text export (no database)", lambda: read_text("doc", data), None)]
    rows.append(("import into an empty database", import_into_empty_database, 0.3))
    store(read_text(str(DOCUMENT), data))
    programme = Programme.objects.get()
    rows += [
        ("re-import, 0 changes", lambda: store(read_text(str(DOCUMENT), data)), None),
        ("export JSON", lambda: interchange.dumps(load(programme)), None),
        ("check the rules (document in memory)", lambda: check(document), 0.05),
        ("check the rules (load from the database)", lambda: check(load(programme)), None),
    ]
    document = load(programme)

    print(f"jalon benchmark — {connection.vendor}, {DOCUMENT.name}, median of {RUNS} runs")
    print(f"{'operation':<40} {'median':>10} {'target':>10}")
    print("-" * 62)
    for name, action, target in rows:
        action()  # warm-up
        seconds = median_seconds(action)
        verdict = "" if target is None else ("ok" if seconds <= target else "SLOW")
        target_text = "" if target is None else f"{target * 1000:.0f} ms"
        print(f"{name:<40} {seconds * 1000:>7.1f} ms {target_text:>10} {verdict}")


if __name__ == "__main__":
    main()
