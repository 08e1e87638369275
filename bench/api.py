"""`python bench/api.py`: bench/run.py's API lines alone — each request repeated (its
answer remembered) and as the first request after a change (nothing remembered), with
the ratio to its floor (SQL replay + json.dumps), CPU time and the number of queries;
`python bench/api.py profile [URL]` prints a cProfile of the first request after a change.
Synthetic programme: JALON_BENCH_ACTIVITIES (default 10,000) × 20 sessions."""

import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "jalon/data/ptc-programme-2022-2025.txt"
RUNS = int(os.environ.get("JALON_BENCH_RUNS", "41"))
SIZE = int(os.environ.get("JALON_BENCH_ACTIVITIES", "10000"))

LIST = "/api/v1/activities/"
REAL = [
    ("list of all 94 (page_size=100)", f"{LIST}?programme=CTP-2022-2025&page_size=100", 0.006),
    ("list, filtered (overdue)", f"{LIST}?programme=CTP-2022-2025&overdue=true", 0.004),
    ("one activity", f"{LIST}I.8/?programme=CTP-2022-2025", 0.003),
]
BIG = [
    ("first page (50)", f"{LIST}?programme=CLF-2022-2032", None),
    ("page of 500", f"{LIST}?programme=CLF-2022-2032&page_size=500", 0.03),
    ("filtered and sorted", f"{LIST}?programme=CLF-2022-2032"
     "&execution_level=red&priority=A&ordering=-due", None),
    ("overdue, 100 a page", f"{LIST}?programme=CLF-2022-2032&overdue=true&page_size=100", None),
    ("page of 94 (page_size=94)", f"{LIST}?programme=CLF-2022-2032&page_size=94", None),
    ("one activity", f"{LIST}I.8/?programme=CLF-2022-2032", None),
]  # fmt: skip


def setup(big: bool):
    # The throttle still runs (its cost is the request's), at a rate the runs stay under.
    os.environ.setdefault("JALON_API_RATE_MEMBER", "1000000/minute")
    sys.path.insert(0, str(ROOT))
    from bench.environment import setup_django

    setup_django("jalon-bench-")
    from django.core.management import call_command
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from jalon.accounts.roles import create_user
    from jalon.core.synthetic import synthetic_programme
    from jalon.core.textdoc import read_text
    from jalon.interchange.store import store

    call_command("migrate", verbosity=0)
    store(read_text(str(DOCUMENT), DOCUMENT.read_bytes()))
    if big:
        store(synthetic_programme(SIZE, 20, body="CLF"), "synthetic")
    reader = create_user("bench", "member", "bench-password-1")
    return Client(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=reader)[0].key}")


def measure(api, label, name, url, target):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.floor import api_floor
    from jalon.api.answers import ANSWERS

    def get():
        response = api.get(url)
        assert response.status_code == 200, (url, response.status_code)

    def first():
        ANSWERS.clear()
        get()

    ANSWERS.clear()
    floor = api_floor(api, url)
    with CaptureQueriesContext(connection) as captured:
        first()
    count = len(captured.captured_queries)

    def timings(action):
        action()
        wall, cpu = [], []
        for _ in range(RUNS):
            start, start_cpu = time.perf_counter(), time.process_time()
            action()
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        return statistics.median(wall), statistics.median(cpu)

    for kind, action in (("repeated", get), ("first after a change", first)):
        (wall, cpu), (floor_wall, _) = timings(action), timings(floor)
        verdict = "" if target is None or kind == "repeated" else (
            "ok" if wall <= target else "SLOW")  # fmt: skip
        target_text = "" if target is None or kind == "repeated" else f"{target * 1000:.0f} ms"
        print(f"{label:<7} {name:<32} {kind:<21} {wall * 1000:>6.2f} ms wall {cpu * 1000:>6.2f} ms "
              f"CPU {target_text:>6} {verdict:<4} {wall / floor_wall:>4.1f}× floor "
              f"{floor_wall * 1000:.2f} ms, {count} queries")  # fmt: skip


def profile(api, url):
    from jalon.api.answers import ANSWERS

    for _ in range(5):
        ANSWERS.clear()
        api.get(url)
    profiler = cProfile.Profile()
    for _ in range(50):
        ANSWERS.clear()
        profiler.enable()
        api.get(url)
        profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(60)
    stats.sort_stats("tottime").print_stats(40)


def main():
    args = sys.argv[1:]
    if args and args[0] == "profile":
        url = args[1] if len(args) > 1 else REAL[0][1]
        profile(setup("CLF" in url), url)
        return
    big = "real" not in args
    api = setup(big)
    print(f"API, median of {RUNS} runs: wall, CPU, ratio to the floor (SQL replay + json.dumps)")
    for name, url, target in REAL:
        measure(api, "real", name, url, target)
    if big:
        for name, url, target in BIG:
            measure(api, f"{SIZE // 1000}k×20", name, url, target)


if __name__ == "__main__":
    main()
