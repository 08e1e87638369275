"""`make bench`: in-process timings, median of repeated runs; a table on stdout.

Runs against a throw-away SQLite database (or JALON_BENCH_DATABASE_URL). Timings live
here, never in the tests. Each operation that writes runs in a transaction rolled back
afterwards, so every run starts from the same state.
"""

import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "jalon/data/ptc-programme-2022-2025.txt"
RUNS = int(os.environ.get("JALON_BENCH_RUNS", "15"))
SYNTHETIC = (1000, 20)  # activities × sessions
AUTUMN_2024 = date(2024, 10, 22)  # CTP-245-246: dates not in the calendar
WORD_RSS_MB = 300  # the Word export's peak resident memory at 10,000 × 20


# `jalon export` as the command line runs it, then the process's own peak resident memory
# (VmHWM: since exec; ru_maxrss would count the bench's memory, copied at fork).
PEAK_RSS = """import atexit, sys
from jalon.cli import main
def peak():
    status = open("/proc/self/status").read()
    sys.stderr.write(next(line for line in status.splitlines() if line.startswith("VmHWM:")))
atexit.register(peak)
main(["jalon", *sys.argv[1:]])
"""


def export_in_a_process(programme: str, name: str, session: str) -> tuple[float, float, float]:
    """`jalon export` of a session document in a process of its own (the bench's
    environment, so its database): (wall seconds, CPU seconds, peak resident memory in
    MB), that process's alone, not the bench's."""
    with tempfile.TemporaryDirectory(prefix="jalon-bench-export-") as folder:
        command = [sys.executable, "-c", PEAK_RSS, "export", "--programme", programme,
                   "--format", name, "--session", session, "--output",
                   f"{folder}/out.{name}"]  # fmt: skip
        start = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    kilobytes = int(done.stderr.rsplit("VmHWM:", 1)[1].split()[0])
    return seconds, cpu, kilobytes / 1024


class Rollback(Exception):
    pass


def judged(seconds: float, target: float | None) -> tuple[str, str]:
    """(the target as printed, the verdict): both empty without a target."""
    if target is None:
        return "", ""
    return f"{target * 1000:.0f} ms", "ok" if seconds <= target else "SLOW"


def text_export(rows: int) -> bytes:
    """The real document's head (title, session, section I header) and `rows` activity
    rows made from its first one (each cell cut to 60 characters, ~300 bytes a row),
    numbered 1..rows: a text export of any length."""
    lines = DOCUMENT.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if line.split("\t")[0].strip() == "1.")
    prose = [line for line in lines[first:] if "\t" not in line and "sent" in line]
    cells = [cell[:60] for cell in lines[first].split("\t")]
    body = ["\t".join([str(n), *cells[1:]]) for n in range(1, rows + 1)]
    return "\n".join([*prose, *lines[:first], *body]).encode()


def reader_scaling() -> None:
    """`python bench/run.py reader`: the text reader is linear in the rows (no database)."""
    sys.path.insert(0, str(ROOT))
    from jalon.core.textdoc import read_text

    print("text reader — wall and CPU seconds (median of 3), CPU per 10,000 rows (target ≤ 1 s)")
    for rows in (1_000, 10_000, 30_000, 100_000):
        data = text_export(rows)
        wall, cpu = [], []
        for _ in range(3):
            start, start_cpu = time.perf_counter(), time.process_time()
            document = read_text("bench.txt", data)
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        assert len(document.activities) == rows
        # CPU time: on a shared machine the wall time also counts other processes' turns.
        per = statistics.median(cpu) / rows * 10_000
        verdict = "ok" if per <= 1.0 else "SLOW"
        print(f"{rows:>8} rows {len(data) / 2**20:>6.1f} MB {statistics.median(wall):>8.2f} s wall "
              f"{statistics.median(cpu):>7.2f} s CPU {per:>6.2f} s/10k rows {verdict}")  # fmt: skip


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from bench.environment import setup_django

    setup_django("jalon-bench-")
    from django.core.management import call_command
    from django.db import connection, transaction

    from bench.floor import api_floor, median_seconds, replayer
    from jalon.core import interchange
    from jalon.core.diff import diff
    from jalon.core.rules import check
    from jalon.core.synthetic import synthetic_programme
    from jalon.core.textdoc import read_text
    from jalon.documents.formats import render
    from jalon.interchange.store import load, load_for_check, load_for_document, store
    from jalon.programmes.models import Programme
    from jalon.reporting.services import open_session

    def rolled_back(action):
        def run():
            try:
                with transaction.atomic():
                    action()
                    raise Rollback
            except Rollback:
                pass

        return run

    def timed(action, runs=RUNS) -> float:
        return median_seconds(action, runs)  # after a warm-up

    call_command("migrate", verbosity=0)
    print(f"jalon benchmark — {connection.vendor}, median of {RUNS} runs (after a warm-up)")
    print(f"{'programme':<10} {'operation':<45} {'median':>10} {'target':>9}      "
          "ratio to the floor (SQL replay [+ json.dumps])")  # fmt: skip
    print("-" * 110)

    def measure(programme, name, action, target=None, runs=RUNS, floor=None):
        """`floor`: the same work's floor (bench/floor.py), timed alike; the ratio is printed."""
        seconds = timed(action, runs)
        target_text, verdict = judged(seconds, target)
        ratio = ""
        if floor is not None:
            floor_seconds = timed(floor, runs)
            ratio = f"{seconds / floor_seconds:>5.1f}× floor {floor_seconds * 1000:.1f} ms"
        print(f"{programme:<10} {name:<45} {seconds * 1000:>7.1f} ms {target_text:>9} "
              f"{verdict:<4} {ratio}")  # fmt: skip

    data = DOCUMENT.read_bytes()
    read = lambda: read_text(str(DOCUMENT), data)  # noqa: E731
    measure("real", "read the text export (no database)", read)
    measure("real", "import into an empty database", rolled_back(lambda: store(read())), 0.3)
    store(read())
    real = Programme.objects.get()
    real_document = load(real)
    measure("real", "re-import, 0 changes", lambda: store(read()))
    measure("real", "load() the programme", lambda: load(real), None, RUNS,
            replayer(lambda: load(real)))  # fmt: skip
    measure("real", "export JSON", lambda: interchange.dumps(load(real)))
    measure("real", "check the rules (document in memory)", lambda: check(real_document), 0.05)
    measure("real", "check the rules (from the database)", lambda: check(load(real)))
    measure("real", "open a round (carry 94 statuses forward)",
            rolled_back(lambda: open_session("CTP-245-246", AUTUMN_2024)), 1.0)  # fmt: skip
    open_session("CTP-245-246", AUTUMN_2024)
    pair = ["CTP-243-244", "CTP-245-246"]
    measure("real", "diff two sessions", lambda: diff(load(real, pair), *pair), 0.5)
    for name, target in (("docx", 1.0), ("pdf", 1.5), ("xlsx", 0.5), ("html", None)):
        session_document = lambda name=name: render(  # noqa: E731  (as `jalon export` does)
            load_for_document(real, "CTP-243-244"), name, "CTP-243-244"
        )
        runs = 5 if name == "pdf" else RUNS
        measure("real", f"session document, {name} (load + render)", session_document, target, runs)

    activities, sessions = SYNTHETIC
    label, runs = f"{activities}×{sessions}", max(3, RUNS // 3)
    synthetic = synthetic_programme(activities, sessions, body="CRC")  # apart from the PTC's
    start = time.perf_counter()
    big = store(synthetic, "synthetic").programme
    print(f"{label:<10} {'store the synthetic programme (once)':<45} "
          f"{(time.perf_counter() - start) * 1000:>7.1f} ms")  # fmt: skip
    pair = [synthetic.sessions[-2].id, synthetic.sessions[-1].id]
    next_round = rolled_back(lambda: open_session("CRC-275", date(2032, 10, 19)))
    measure(label, "open a round (carry forward)", next_round, 1.0, runs)
    measure(label, "diff the last two sessions", lambda: diff(load(big, pair), *pair), 0.5, runs)
    measure(label, "check the rules (from the database)",
            lambda: check(load(big, pair[1:]), pair[1]), None, runs)  # fmt: skip
    # The whole programme's document for its last session (#14: at most 8 s); once, after
    # the warm-up.
    measure(label, "session document, pdf (load + render)",
            lambda: render(load_for_document(big, pair[1]), "pdf", pair[1]), 8.0, 1)  # fmt: skip

    # Web pages: server time through Django's test client (no network), signed in.
    from django.test import Client

    from jalon.accounts.roles import create_user

    client = Client()
    reader = create_user("bench", "member", "bench-password-1")
    client.force_login(reader)

    def page_of(client, url):
        def get():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return get

    def page(url):
        return page_of(client, url)

    from rest_framework.authtoken.models import Token

    api = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=reader)[0].key}")

    from jalon.api.answers import ANSWERS

    def floor_of(url):
        ANSWERS.clear()  # the floor of the whole work: the SQL of a request not remembered
        return api_floor(api, url)

    def api_measure(label, name, url, target, runs=RUNS):
        """The request repeated (its answer remembered, as between two changes of the
        data), then as the first request after a change (nothing remembered)."""
        measure(label, name, page_of(api, url), target, runs, floor_of(url))
        fresh = page_of(api, url)

        def first_after_a_change():
            ANSWERS.clear()
            fresh()

        measure(label, "  the same, first request after a change", first_after_a_change,
                None, runs, floor_of(url))  # fmt: skip

    api_measure(
        "real",
        "API: list of all 94 (page_size=100)",
        "/api/v1/activities/?programme=CTP-2022-2025&page_size=100",
        0.006,
    )
    api_measure(
        "real",
        "API: list, filtered (overdue)",
        "/api/v1/activities/?programme=CTP-2022-2025&overdue=true",
        0.004,
    )
    api_measure("real", "API: one activity", "/api/v1/activities/I.8/?programme=CTP-2022-2025",
                0.003)  # fmt: skip
    measure("real", "web: activity list", page("/activities/?programme=CTP-2022-2025"), 0.1)
    measure("real", "web: dashboard", page("/?programme=CTP-2022-2025"), 0.2)
    measure("real", "web: activity detail", page("/activities/I.8/?programme=CTP-2022-2025"))
    size = int(os.environ.get("JALON_BENCH_ACTIVITIES", "10000"))
    label = f"{size // 1000}k×20"
    start = time.perf_counter()
    store(synthetic_programme(size, 20, body="CLF"), "synthetic")
    print(f"{label:<10} {'store the synthetic programme (once)':<45} "
          f"{(time.perf_counter() - start) * 1000:>7.1f} ms")  # fmt: skip
    clf = Programme.objects.find("CLF-2022-2032")
    last = synthetic_programme(size, 20, body="CLF").sessions[-1].id
    measure(label, "load() the programme", lambda: load(clf), None, 3,
            replayer(lambda: load(clf)))  # fmt: skip
    measure(label, "load() one session (as jalon check does)", lambda: load(clf, [last]), None,
            3, replayer(lambda: load(clf, [last])))  # fmt: skip
    measure(label, "jalon check (load one session + check)",
            lambda: check(load_for_check(clf, last), last), 2.0, 3)  # fmt: skip
    after_last = re.sub(r"\d+$", lambda number: str(int(number[0]) + 1), last)  # CLF-n+1
    next_round = rolled_back(lambda: open_session(after_last, date(2032, 10, 19)))
    measure(label, "open a round (carry forward)", next_round, 1.0, 3)
    for name, target in (("docx", 10.0), ("xlsx", 4.0)):
        measure(label, f"session document, {name} (load + render)",
                lambda name=name: render(load_for_document(clf, last), name, last), target,
                1)  # fmt: skip
    seconds, cpu, megabytes = export_in_a_process("CLF-2022-2032", "docx", last)
    verdict = "ok" if megabytes <= WORD_RSS_MB else "SLOW"
    print(f"{label:<10} {'jalon export --format docx: peak RSS':<45} {megabytes:>7.0f} MB "
          f"{f'{WORD_RSS_MB} MB':>9} {verdict:<4} its own process: {seconds:.1f} s, "
          f"{cpu:.1f} s CPU, start-up included")  # fmt: skip
    for name, url, target in (
        ("API: first page (50)", "/api/v1/activities/?programme=CLF-2022-2032", None),
        ("API: page of 500", "/api/v1/activities/?programme=CLF-2022-2032&page_size=500", 0.03),
        ("API: filtered and sorted", "/api/v1/activities/?programme=CLF-2022-2032"
         "&execution_level=red&priority=A&ordering=-due", None),
    ):  # fmt: skip
        api_measure(label, name, url, target, 5)
    big_list = "/activities/?programme=CLF-2022-2032"
    measure(label, "web: activity list", page(big_list), 0.1, 5)
    measure(label, "web: activity list, filtered and sorted",
            page(big_list + "&execution_level=red&priority=A&ordering=-due"), 0.1, 5)  # fmt: skip
    # The dashboard at 10,000: its first view (the checker's summary in the shared cache,
    # nothing else remembered), the same with nothing cached at all (the checker's run
    # over every activity, which one worker makes for all), a new worker's first view
    # (the shared cache filled by another), its first view after a change (one status
    # saved), and seen again (warm). Wall median and CPU median of 5.
    from django.core.cache import cache

    from jalon.reporting import todo
    from jalon.reporting.models import Session
    from jalon.reporting.services import set_status
    from jalon.reporting.todo import forget_rows
    from jalon.web import dashboard as figures

    dashboard = page("/?programme=CLF-2022-2032")
    dashboard()
    session = Session.objects.get(code=last)

    def first_views(prepare, name, target, runs=5, note=""):
        wall, cpu = [], []
        for n in range(runs):
            prepare(n)
            start, start_cpu = time.perf_counter(), time.process_time()
            dashboard()
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        seconds = statistics.median(wall)
        target_text, verdict = judged(seconds, target)
        print(f"{label:<10} {name:<45} {seconds * 1000:>7.1f} ms {target_text:>9} "
              f"{verdict:<4} CPU {statistics.median(cpu) * 1000:.1f} ms{note}")  # fmt: skip

    def forget_worker():
        """This worker's own memories emptied, as after a start."""
        forget_rows()
        todo._findings.cache_clear()

    def nothing_cached(_n):
        cache.clear()
        forget_worker()

    def checker_shared(_n):
        # The first view: the checker's summary in the shared cache (computed once
        # for all workers), nothing else remembered anywhere: the figures are counted in
        # the database, the translation states read, the page rendered.
        cache.clear()
        figures.findings_summary(clf, session)
        forget_worker()

    reports = list(session.status_reports.select_related("activity").order_by("pk")[:5])

    def one_status_saved(n):
        set_status(reports[n].activity, session, text=f"En cours : revu le {n + 1} mai 2032.",
                   lang="en")  # fmt: skip

    def new_worker(_n):
        # Another worker filled the shared cache (the database cache by default): this
        # worker's own memories are empty, as after a start (the "per worker").
        dashboard()
        forget_worker()

    first_views(checker_shared, "web: dashboard, first view", 0.3,
                note=" (the checker's summary shared, nothing else remembered)")  # fmt: skip
    first_views(nothing_cached, "  the same, nothing cached at all", None,
                note=" (the checker over every activity: once for all workers)")  # fmt: skip
    first_views(new_worker, "web: dashboard, a new worker's first view", 0.3)
    first_views(one_status_saved, "web: dashboard, first view after a change", 0.3)
    measure(label, "web: dashboard (warm)", dashboard, 0.2, 5)


if __name__ == "__main__":
    if sys.argv[1:] == ["reader"]:
        reader_scaling()
    else:
        main()
        reader_scaling()
