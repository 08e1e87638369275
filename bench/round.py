"""The reporting round's bench, runnable alone (`.venv/bin/python bench/round.py`):

1. the round's to-do page at 10,000 activities: server time (Django's test client, no
   network) and the number of queries, against the real programme's 94;
2. a scripted officer updating 40 statuses through the web over real HTTP (a WSGI server
   on a free loopback port, urllib with cookies and the CSRF token): sign in, open the
   to-do list, then 40 × (save and next). Reports the wall time.
Throw-away SQLite database (or JALON_BENCH_DATABASE_URL)."""

import os
import re
import statistics
import sys
import threading
import time
import urllib.parse
import urllib.request
from datetime import date
from http.cookiejar import CookieJar, DefaultCookiePolicy
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, make_server

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "jalon/data/ptc-programme-2022-2025.txt"


class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from bench.environment import setup_django

    setup_django("jalon-bench-round-", "testserver,127.0.0.1")
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from jalon.accounts.roles import create_user
    from jalon.core.synthetic import synthetic_programme
    from jalon.core.textdoc import read_text
    from jalon.interchange.store import store
    from jalon.reporting.models import Session
    from jalon.reporting.services import open_session

    call_command("migrate", verbosity=0)
    store(read_text(str(DOCUMENT), DOCUMENT.read_bytes()))
    open_session("CTP-245-246", date(2024, 10, 22), date(2024, 10, 24))
    officer = create_user("officer", "secretariat", "officer-password-1", bodies=["CTP"])
    client = Client()
    client.force_login(officer)

    cpu_times = []

    def page(url, runs=5):
        client.get(url)  # warm-up
        times = []
        cpu_times.clear()
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                start, start_cpu = time.perf_counter(), time.process_time()
                assert client.get(url).status_code == 200
                times.append(time.perf_counter() - start)
                cpu_times.append(time.process_time() - start_cpu)
        return statistics.median(times), len(queries)

    print(f"jalon round bench — {connection.vendor}")
    seconds, queries = page("/rounds/CTP-245-246/")
    print(f"real (94)   round to-do page      {seconds * 1000:7.1f} ms  {queries} queries")
    size = int(os.environ.get("JALON_BENCH_ACTIVITIES", "10000"))
    start = time.perf_counter()
    store(synthetic_programme(size, 2, body="CLF"), "synthetic")
    print(f"{size} activities stored in {time.perf_counter() - start:.1f} s")
    latest = Session.latest(Session.objects.filter(code__startswith="CLF").first().body)
    seconds, queries = page(f"/rounds/{latest.code}/")
    verdict = "ok" if seconds <= 0.2 else "SLOW"
    print(f"{size:<11} round to-do page      {seconds * 1000:7.1f} ms (CPU "
          f"{statistics.median(cpu_times) * 1000:.1f} ms)  {queries} queries  "
          f"(target 200 ms: {verdict})")  # fmt: skip
    seconds, queries = page(f"/rounds/{latest.code}/?state=carried&finding=overdue")
    print(f"{size:<11} filtered to-do page   {seconds * 1000:7.1f} ms  {queries} queries")
    # The first view after a change: one status saved (a real change, through the same
    # service as the editor) before each view; only what changed is read again.
    from jalon.reporting.services import set_status

    reports = list(latest.status_reports.select_related("activity").order_by("pk")[:7])
    client.get(f"/rounds/{latest.code}/")
    times, cpu = [], []
    for n, report in enumerate(reports):
        set_status(report.activity, latest, text=f"En cours : revu le {n + 1} octobre 2032.",
                   lang="en")  # fmt: skip
        with CaptureQueriesContext(connection) as queries:
            start, start_cpu = time.perf_counter(), time.process_time()
            assert client.get(f"/rounds/{latest.code}/").status_code == 200
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    after = statistics.median(times)
    verdict = "ok" if after <= 0.2 else "SLOW"
    print(f"{size:<11} to-do page, first view after a change (one status saved) "
          f"{after * 1000:7.1f} ms (CPU {statistics.median(cpu) * 1000:.1f} ms)  "
          f"{len(queries)} queries  (target 200 ms: {verdict})")  # fmt: skip

    server = make_server("127.0.0.1", 0, get_wsgi_application(), handler_class=Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    # Production settings mark the cookies Secure; the loopback server speaks plain HTTP.
    loopback = DefaultCookiePolicy(secure_protocols=("https", "http"))
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(CookieJar(policy=loopback))
    )

    def get(url):
        with opener.open(base + url) as response:
            return response.geturl(), response.read().decode()

    def post(url, fields):
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(base + url, data, headers={"Referer": base + url})
        with opener.open(request) as response:
            return response.geturl(), response.read().decode()

    def token(html):
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]

    start = time.perf_counter()
    _, html = get("/login/")
    post("/login/", {"csrfmiddlewaretoken": token(html), "username": "officer",
                     "password": "officer-password-1"})  # fmt: skip
    _, html = get("/rounds/CTP-245-246/")
    url = base + re.search(r'href="(/rounds/CTP-245-246/I\.1/edit/)"', html)[1]
    url, html = get(url.removeprefix(base))
    saves = 0
    for _ in range(40):
        version = re.search(r'name="version" value="(\d+)"', html)[1]
        ref = re.search(r"/rounds/CTP-245-246/(I{1,2}\.\d+)/edit/", url)[1]
        text = f"En cours : {ref} revu en octobre 2024. Prochaine étape : mai 2025."
        url, html = post(url.removeprefix(base), {
            "csrfmiddlewaretoken": token(html), "version": version, "keyword": "in_progress",
            "execution_level": "blue" if ref.startswith("I.") else "", "text_fr": text,
            "text_en": "", "next": "1"})  # fmt: skip
        saves += 1
    wall = time.perf_counter() - start
    server.shutdown()
    updated = Session.objects.get(code="CTP-245-246").status_reports.filter(carried_forward=False)
    print(f"officer: sign in, to-do list, {saves} saves with save and next over HTTP: "
          f"{wall:.1f} s wall time ({wall / saves * 1000:.0f} ms a status); "
          f"{updated.count()} statuses updated; now on {url.removeprefix(base)}")  # fmt: skip


if __name__ == "__main__":
    main()
