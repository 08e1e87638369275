"""The forward agenda's and the consolidated report's bench (issue 17, part 7), runnable
alone (`.venv/bin/python bench/agenda.py`): 20 bodies × 100 activities × 20 sessions
(synthetic programmes, one per body of the registry), then

1. the forward agenda of the Council's June 2025 session across the 20 programmes
   (load + compute; the page and the API add their rendering) — target 100 ms;
2. the consolidated report at a date: load the 20 programmes at their session, count,
   and render Word, and PDF — target 3 s.

Median of repeated runs after a warm-up (the deadline reader's cache warm, as in a
running server; the first, cold run is printed too). Throw-away SQLite database (or
JALON_BENCH_DATABASE_URL)."""

import os
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BODIES, ACTIVITIES, SESSIONS = 20, 100, 20
RUNS = int(os.environ.get("JALON_BENCH_RUNS", "15"))


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from bench.environment import setup_django

    setup_django("jalon-bench-agenda-")
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from bench.floor import median_seconds
    from jalon.accounts.roles import create_user
    from jalon.agenda import services
    from jalon.core.agenda import milestones
    from jalon.core.bodies import BODIES as REGISTRY
    from jalon.core.synthetic import synthetic_programme
    from jalon.documents.agenda import report_document
    from jalon.documents.tables import render_docx, render_pdf
    from jalon.interchange.store import store
    from jalon.programmes.models import Body
    from jalon.reporting.models import Session

    call_command("migrate", verbosity=0)
    label = f"{BODIES}×{ACTIVITIES}×{SESSIONS}"
    start = time.perf_counter()
    for index, info in enumerate(REGISTRY[:BODIES]):
        store(synthetic_programme(ACTIVITIES, SESSIONS, seed=index, body=info.code), "bench")
    print(f"jalon agenda benchmark — {connection.vendor}, median of {RUNS} runs (after a warm-up)")
    print(f"{'dataset':<12} {'operation':<52} {'median':>10} {'target':>9}")
    print("-" * 90)
    print(f"{label:<12} {'store the 20 synthetic programmes (once)':<52} "
          f"{(time.perf_counter() - start) * 1000:>7.0f} ms")  # fmt: skip
    council = Body.objects.get(code="CONSEIL")
    session = Session.objects.create(code="CONSEIL-145-146", body=council, numbers=[145, 146],
                                     start=date(2025, 6, 26), end=date(2025, 6, 28))  # fmt: skip
    first, last = session.start, session.end
    june = (date(2025, 6, 1), date(2025, 6, 30))

    def measure(name, action, target=None, runs=RUNS):
        seconds = median_seconds(action, runs)
        verdict = "" if target is None else ("ok" if seconds <= target else "SLOW")
        target_text = "" if target is None else f"{target * 1000:.0f} ms"
        print(f"{label:<12} {name:<52} {seconds * 1000:>7.1f} ms {target_text:>9} {verdict}")
        return seconds

    milestones.cache_clear()
    cold = time.perf_counter()
    entries = services.agenda(council, first, last)
    print(f"{label:<12} {'forward agenda, Council session, first run (cold)':<52} "
          f"{(time.perf_counter() - cold) * 1000:>7.1f} ms")  # fmt: skip
    programmes = len({e.programme for e in entries})
    measure(f"forward agenda, Council session ({len(entries)} from {programmes} progr.)",
            lambda: services.agenda(council, first, last), 0.1)  # fmt: skip
    measure("forward agenda, Council, June 2025 (date range)",
            lambda: services.agenda(council, *june), 0.1)  # fmt: skip
    client = Client()
    client.force_login(create_user("bench", "member", "bench-password-1"))

    def page():
        response = client.get("/agenda/", {"body": "CONSEIL", "session": session.code})
        assert response.status_code == 200

    measure("web: forward agenda page (Council session)", page, None)
    day = date(2025, 6, 1)
    measure("consolidated report: load + figures (20 bodies)",
            lambda: services.consolidated(day), None, 5)  # fmt: skip
    measure(
        "consolidated report, Word (load + render)",
        lambda: render_docx(report_document(services.consolidated(day), "fr")),
        3.0,
        5,
    )
    measure(
        "consolidated report, PDF (load + render)",
        lambda: render_pdf(report_document(services.consolidated(day), "en")),
        3.0,
        3,
    )


if __name__ == "__main__":
    main()
