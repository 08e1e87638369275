"""`make bench`, API part: throughput and latency of the activity list under a bounded
local load — gunicorn with 2 workers on the loopback interface (a free port chosen at
run time), 8 client threads, a fixed number of requests (and a time limit), on the real
programme and on a synthetic one of 10,000 activities × 20 sessions — and the server's
CPU per request, read from /proc for the workers, beside the in-process floor of the
same request (its SQL replayed + json.dumps of its payload, bench/floor.py).
"""

import http.client
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
REQUESTS = int(os.environ.get("JALON_BENCH_REQUESTS", "400"))
THREADS = 8
TIME_LIMIT = 60.0  # seconds, per scenario
SYNTHETIC = int(os.environ.get("JALON_BENCH_ACTIVITIES", "10000"))
DEMO_DATA_TARGET = 20.0  # seconds, at 10,000 × 20


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def jalon(env, *args) -> str:
    return subprocess.run([str(BIN / "jalon"), *args], env=env, check=True,
                          capture_output=True, text=True).stdout.strip()  # fmt: skip


def load(
    port: int,
    path: str,
    token: str = "",
    *,
    headers: dict[str, str] | None = None,
    host: str = "127.0.0.1",
    threads: int = THREADS,
    requests: int = REQUESTS,
    time_limit: float = TIME_LIMIT,
) -> tuple[float, list[float], int]:
    """Send `requests` GETs (at most `time_limit` seconds) from `threads` threads, each on
    a keep-alive connection of its own (reopened when the server closes it), with jalon's
    token or other `headers`; return (seconds, latencies, errors)."""
    latencies: list[float] = []
    errors = 0
    remaining = iter(range(requests))
    lock = threading.Lock()
    deadline = time.perf_counter() + time_limit
    headers = {"Authorization": f"Token {token}"} if headers is None else headers
    headers = {"Host": host, **headers}

    def worker():
        nonlocal errors
        connection = http.client.HTTPConnection(host, port, timeout=30)
        while time.perf_counter() < deadline:
            with lock:
                if next(remaining, None) is None:
                    break
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                ok = False
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=30)
            with lock:
                latencies.append(time.perf_counter() - started)
                errors += not ok
        connection.close()

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return time.perf_counter() - started, latencies, errors


def worker_cpu_seconds(master: int) -> float:
    """User + system CPU of the gunicorn workers (the master's children), from /proc."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(fields[1]) == master:  # ppid
            total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
    return total / os.sysconf("SC_CLK_TCK")


def floors(env, token: str, paths: list[str]) -> dict[str, float]:
    """The in-process floor of each request, in seconds (median)."""
    os.environ.update(env)
    os.environ["JALON_ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jalon.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client

    from bench.floor import api_floor, median_seconds

    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    return {path: median_seconds(api_floor(client, path), 20) for path in paths}


def environment(workdir: Path) -> dict[str, str]:
    """The environment of jalon's commands and server: a throw-away SQLite database in
    `workdir`, production settings, no rate limit, workers never recycled."""
    return {
        **os.environ,
        "JALON_DATABASE_URL": f"sqlite:///{workdir}/api.sqlite3",
        "JALON_VAR_DIR": str(workdir),
        "JALON_DEBUG": "0",
        "JALON_SECRET_KEY": "benchmark-only-secret-key",
        "JALON_ALLOWED_HOSTS": "127.0.0.1",
        "JALON_SSL_REDIRECT": "0",
        "JALON_PASSWORD": "benchmark-password-1",
        # Throughput, not the rate limit: the bench's one token may send as fast as it can.
        "JALON_API_RATE_MEMBER": "none",
        # The same workers throughout, whose CPU /proc tells (gunicorn.conf.py reads it).
        "JALON_MAX_REQUESTS": "0",
    }


def member_token(env) -> str:
    """A member `bench` and its API token; the static files collected, as a deployment
    would."""
    jalon(env, "adduser", "bench", "--role", "member")
    token = jalon(env, "token", "bench")
    jalon(env, "collectstatic", "--no-input")
    return token


def serve(env, port: int, workers: int = 2, threads: int = 1) -> subprocess.Popen:
    """gunicorn serving jalon on 127.0.0.1:`port`, once it accepts connections. One thread:
    gunicorn's sync workers (which close the connection after every answer); more: its
    gthread workers (which keep it open, as `jalon serve --production` does)."""
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "jalon.wsgi", "--workers", str(workers),
         "--threads", str(threads), "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        env=env, cwd=ROOT,
    )  # fmt: skip
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    return server


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="jalon-api-bench-"))
    env = environment(workdir)
    jalon(env, "import", str(ROOT / "jalon/data/ptc-programme-2022-2025.txt"))
    command = ("demo-data", "--activities", str(SYNTHETIC), "--sessions", "20")
    start, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    jalon(env, *command)
    seconds, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    verdict = ("ok" if seconds <= DEMO_DATA_TARGET else "SLOW") if SYNTHETIC == 10_000 else ""
    print(f"jalon {' '.join(command)}: {seconds:.1f} s with start-up, {cpu:.1f} s CPU "
          f"(target {DEMO_DATA_TARGET:.0f} s at 10,000) {verdict}")  # fmt: skip
    token = member_token(env)
    port = free_port()
    server = serve(env, port)
    try:
        scenarios = [
            ("real (94)", "/api/v1/activities/?programme=CTP-2022-2025&page_size=100"),
            ("real, page of 50", "/api/v1/activities/?programme=CTP-2022-2025"),
            ("real, filtered", "/api/v1/activities/?programme=CTP-2022-2025&overdue=true"),
            (f"synthetic ({SYNTHETIC:,})", "/api/v1/activities/?programme=CRC-2022-2032"),
            ("synthetic, page of 500",
             "/api/v1/activities/?programme=CRC-2022-2032&page_size=500"),
            ("synthetic, filtered", "/api/v1/activities/?programme=CRC-2022-2032"
             "&execution_level=red&priority=A&ordering=-due"),
        ]  # fmt: skip
        floor = floors(env, token, [path for _, path in scenarios])
        print(f"API load — gunicorn 2 workers, {THREADS} client threads, {REQUESTS} requests "
              "per scenario, loopback; server CPU per request from /proc")  # fmt: skip
        print(f"{'activity list':<26} {'req/s':>8} {'p50':>9} {'p95':>9} {'errors':>7} "
              f"{'CPU/request':>12} {'floor':>9} {'ratio':>6}")  # fmt: skip
        print("-" * 96)
        for name, path in scenarios:
            load(port, path, token)  # warm-up: workers import everything, caches fill
            cpu = worker_cpu_seconds(server.pid)
            seconds, latencies, errors = load(port, path, token)
            cpu = (worker_cpu_seconds(server.pid) - cpu) / len(latencies)
            latencies.sort()
            p50 = statistics.median(latencies) * 1000
            p95 = latencies[int(len(latencies) * 0.95) - 1] * 1000
            print(f"{name:<26} {len(latencies) / seconds:>8.1f} {p50:>6.1f} ms {p95:>6.1f} ms "
                  f"{errors:>7} {cpu * 1000:>9.2f} ms {floor[path] * 1000:>6.2f} ms "
                  f"{cpu / floor[path]:>5.1f}×")  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
