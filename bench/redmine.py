"""jalon's REST API beside a Redmine's, same data, same load (issue #14's comparison).

Not part of `make bench` (it needs a Redmine). Against any Redmine whose REST API is
enabled, with an administrator's API key, whose server processes run on this machine
(their CPU is read from /proc):

    .venv/bin/python bench/redmine.py --redmine http://127.0.0.1:3000 --key KEY \\
        --redmine-match 'apache2|Passenger'        # or --redmine-pids PID… (and children)

1. loads the real programme's 94 activities (jalon/data/ptc-programme-2022-2025.txt)
   into a Redmine project (`--project`, created if missing) as issues: subject = reference
   and title, description = the activity's texts, Redmine's priority from the
   programme's (A High, B Normal, C Low), the custom fields "Reference" and "Deadline"
   where the Redmine has issue custom fields of those names. Idempotent: an activity
   whose reference already opens an issue's subject in the project is not sent again;
2. starts jalon the way bench/api_load.py does: a throw-away SQLite database holding the
   same document, gunicorn with 2 workers on a free loopback port, a member's token;
3. runs interleaved rounds — jalon, Redmine, jalon, Redmine… — of each request with 4
   client threads, each on a keep-alive connection (reopened when the server closes it:
   gunicorn's sync workers close after every answer), for `--seconds` each, and prints
   throughput, median and p95 latency, the server CPU per request (utime + stime of the
   server's processes from /proc, before and after each run; jalon: the gunicorn master
   and its workers; Redmine: every process matching `--redmine-match` or under
   `--redmine-pids`, searched again at every reading) and the ratios jalon/Redmine.

jalon answers a repeated request from what it remembered until the data changes (see the
README); Redmine builds every answer. The figures are the steady state of the same
requests repeated, as issue #14's were.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.api_load import environment, free_port, jalon, load, member_token, serve  # noqa: E402
from jalon.core.programme import ActivityData  # noqa: E402

DOCUMENT = ROOT / "jalon/data/ptc-programme-2022-2025.txt"
THREADS = 4
# The programme's priority (jalon.core.vocabulary.Priority) -> Redmine's default priorities.
PRIORITIES = {"A": "High", "B": "Normal", "C": "Low"}
SUBJECT_LENGTH = 255  # Redmine's limit
CUSTOM_FIELDS = ("Reference", "Deadline")
DEFAULT_MATCH = r"apache2|httpd|nginx|Passenger|puma|unicorn|thin server"


def text_of(text: dict[str, str]) -> str:
    """One text of a bilingual field: French, else English, else any language it has."""
    return text.get("fr") or text.get("en") or next(iter(text.values()), "")


def issue_payload(
    activity: ActivityData,
    project_id: int,
    priorities: dict[str, int],
    custom_fields: dict[str, int],
) -> dict:
    """The Redmine issue (POST /issues.json's body) for one activity. `priorities`: Redmine's
    priority ids by name; `custom_fields`: its issue custom field ids by name (those of
    CUSTOM_FIELDS that exist; the others are left out)."""  # fmt: skip
    subject = f"{activity.ref} {text_of(activity.title)}".strip()
    if len(subject) > SUBJECT_LENGTH:
        subject = subject[: SUBJECT_LENGTH - 1] + "…"
    parts = []
    texts = (("Title", activity.title), ("KPI", activity.kpi),
             ("Deadline", activity.deadline), ("Resources", activity.resources))  # fmt: skip
    for label, text in texts:
        for language, value in sorted(text.items()):
            if value:
                parts.append(f"*{label}* ({language}): {value}")
    if activity.responsible_bodies:
        parts.append(f"*Responsible*: {', '.join(activity.responsible_bodies)}")
    if activity.strategic_codes:
        parts.append(f"*Strategic Plan*: {', '.join(activity.strategic_codes)}")
    for report in activity.status_reports:
        for language, value in sorted(report.text.items()):
            if value:
                parts.append(f"*Status {report.session}* ({language}): {value}")
    issue = {"project_id": project_id, "subject": subject, "description": "\n\n".join(parts)}
    name = PRIORITIES.get(str(activity.priority or ""))
    if name in priorities:
        issue["priority_id"] = priorities[name]
    values = {"Reference": activity.ref, "Deadline": text_of(activity.deadline)}
    fields = [{"id": custom_fields[n], "value": values[n]} for n in CUSTOM_FIELDS
              if n in custom_fields]  # fmt: skip
    if fields:
        issue["custom_fields"] = fields
    return {"issue": issue}


def reference_of(subject: str) -> str:
    """The activity reference that opens an issue's subject ("I.8 Compiler…" -> "I.8")."""
    return subject.split(" ", 1)[0]


def programme() -> tuple[str, list[ActivityData]]:
    """The real programme's code (as jalon's API names it) and current activities, read
    as bench/run.py reads them."""
    from jalon.core.textdoc import read_text

    document = read_text(str(DOCUMENT), DOCUMENT.read_bytes())
    first, last = document.programme.period
    return f"{document.programme.body}-{first}-{last}", document.current()


class Redmine:
    """Redmine's REST API (JSON), for loading the issues; the load itself is api_load's."""

    def __init__(self, base: str, key: str):
        url = urllib.parse.urlsplit(base.rstrip("/"))
        if url.scheme != "http":
            raise SystemExit("--redmine: an http:// address (the load speaks plain HTTP)")
        self.base, self.key = base.rstrip("/"), key
        self.host, self.port, self.prefix = url.hostname, url.port or 80, url.path

    def call(self, method: str, path: str, body: dict | None = None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.base + path, data=data, method=method,
            headers={"X-Redmine-API-Key": self.key, "Content-Type": "application/json"},
        )  # fmt: skip
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = response.read()
        return json.loads(answer) if answer.strip() else None

    def ids_by_name(self, path: str, key: str) -> dict[str, int]:
        return {item["name"]: item["id"] for item in self.call("GET", path)[key]}

    def issues(self, project: str, query: str = "") -> list[dict]:
        found, offset = [], 0
        while True:
            page = self.call("GET", f"/issues.json?project_id={project}&status_id=*"
                                    f"&limit=100&offset={offset}{query}")  # fmt: skip
            found += page["issues"]
            offset += len(page["issues"])
            if not page["issues"] or offset >= page["total_count"]:
                return found


def load_issues(
    redmine: Redmine, project: str, code: str, programme: list[ActivityData]
) -> dict[str, int]:
    """The programme's activities as issues of `project` (created if missing); return the
    issue ids by activity reference. What is already there is not sent again."""
    try:
        custom_fields = redmine.ids_by_name("/custom_fields.json", "custom_fields")
    except urllib.error.HTTPError:  # not an administrator's key: no custom fields
        custom_fields = {}
    custom_fields = {n: i for n, i in custom_fields.items() if n in CUSTOM_FIELDS}
    try:
        project_id = redmine.call("GET", f"/projects/{project}.json")["project"]["id"]
    except urllib.error.HTTPError as error:
        if error.code != 404:
            raise
        trackers = redmine.ids_by_name("/trackers.json", "trackers")
        created = redmine.call("POST", "/projects.json", {"project": {
            "name": f"jalon bench: {code}", "identifier": project,
            "tracker_ids": sorted(trackers.values()),
            "issue_custom_field_ids": sorted(custom_fields.values()),
            "enabled_module_names": ["issue_tracking"],
        }})  # fmt: skip
        project_id = created["project"]["id"]
    priorities = redmine.ids_by_name("/enumerations/issue_priorities.json", "issue_priorities")
    ids = {reference_of(issue["subject"]): issue["id"] for issue in redmine.issues(project)}
    missing = [a for a in programme if a.ref not in ids]
    for activity in missing:
        payload = issue_payload(activity, project_id, priorities, custom_fields)
        ids[activity.ref] = redmine.call("POST", "/issues.json", payload)["issue"]["id"]
    print(f"Redmine project {project}: {len(programme) - len(missing)} issues already there, "
          f"{len(missing)} created")  # fmt: skip
    return ids


# Server CPU from /proc.


def processes() -> dict[int, tuple[int, str, int]]:
    """Every process: pid -> (ppid, command line, utime + stime in clock ticks). The
    command line is headed by the process's name (`comm`: apache2, PassengerAgent, ruby,
    gunicorn)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue  # gone meanwhile
        name, fields = stat.split("(", 1)[1].rsplit(")", 1)[0], stat.rsplit(")", 1)[1].split()
        cpu = int(fields[11]) + int(fields[12])  # utime, stime
        found[int(entry.name)] = (int(fields[1]), f"{name}: {command.strip()}", cpu)
    return found


def with_descendants(table, roots: set[int]) -> set[int]:
    chosen, grew = set(roots) & table.keys(), True
    while grew:
        more = {pid for pid, (ppid, _, _) in table.items() if ppid in chosen} - chosen
        chosen |= more
        grew = bool(more)
    return chosen


@dataclass
class Servers:
    """How a server's processes are found: given pids (and all their descendants), or a
    pattern searched in command lines (never this bench's own processes)."""

    pids: frozenset[int] = frozenset()
    pattern: str = ""

    def ticks(self) -> dict[int, int]:
        table = processes()
        if self.pids:
            chosen = with_descendants(table, set(self.pids))
        else:
            own = with_descendants(table, {os.getpid()})
            chosen = {p for p, (_, command, _) in table.items()
                      if re.search(self.pattern, command)} - own  # fmt: skip
        return {pid: table[pid][2] for pid in chosen}

    def names(self) -> str:
        table = processes()
        counts: dict[str, int] = {}
        for pid in self.ticks():
            if pid in table:
                name = table[pid][1].split(":", 1)[0]
                counts[name] = counts.get(name, 0) + 1
        return ", ".join(f"{name} ×{n}" for name, n in sorted(counts.items()))


def busy_seconds() -> float:
    """The whole machine's busy CPU seconds so far (every core; /proc/stat)."""
    ticks = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(ticks[:8]) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")  # less idle, iowait


def cpu_between(before: dict[int, int], after: dict[int, int]) -> float:
    """CPU seconds spent between two readings (a process started meanwhile counts whole;
    one that ended meanwhile is lost)."""
    ticks = sum(t - before.get(pid, 0) for pid, t in after.items())
    return ticks / os.sysconf("SC_CLK_TCK")


@dataclass
class Run:
    requests: int = 0
    seconds: float = 0.0
    cpu: float = 0.0
    client_cpu: float = 0.0
    busy: float = 0.0  # the whole machine's
    errors: int = 0
    latencies: list[float] | None = None
    rates: list[float] | None = None

    def add(self, seconds, latencies, errors, cpu, client_cpu, busy):
        self.requests += len(latencies)
        self.seconds += seconds
        self.cpu += cpu
        self.client_cpu += client_cpu
        self.busy += busy
        self.errors += errors
        self.latencies = (self.latencies or []) + latencies
        self.rates = (self.rates or []) + [len(latencies) / seconds]

    def rate(self) -> float:
        return self.requests / self.seconds

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies or [0.0])
        if share == 0.5:
            return statistics.median(ordered)
        return ordered[max(int(len(ordered) * share) - 1, 0)]

    def cpu_per_request(self) -> float:
        return self.cpu / max(self.requests, 1)


def answer_size(host, port, path, headers) -> tuple[int, int]:
    """(bytes, items) of one answer: the items of a list, 1 for one object."""
    import http.client

    connection = http.client.HTTPConnection(host, port, timeout=30)
    connection.request("GET", path, headers={"Host": host, **headers})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    if response.status != 200:
        raise SystemExit(f"GET {path}: HTTP {response.status} {body[:200]!r}")
    data = json.loads(body)
    items = data.get("results", data.get("issues"))
    return len(body), len(items) if isinstance(items, list) else 1


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--redmine", required=True, help="base URL, e.g. http://127.0.0.1:3000")
    parser.add_argument("--key", default=os.environ.get("REDMINE_API_KEY"),
                        help="an administrator's API key (default: $REDMINE_API_KEY)")  # fmt: skip
    found = parser.add_mutually_exclusive_group()
    found.add_argument("--redmine-pids", type=int, nargs="+", default=[],
                       help="Redmine's server processes (their descendants are counted too), "
                            "e.g. $(pgrep -o apache2)")  # fmt: skip
    found.add_argument("--redmine-match", default=DEFAULT_MATCH,
                       help=f"a regular expression searched in command lines (default "
                            f"{DEFAULT_MATCH!r})")  # fmt: skip
    parser.add_argument("--project", default="jalon-bench", help="Redmine project identifier")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--seconds", type=float, default=5.0,
                        help="seconds of load per server, request, round (default 5)")  # fmt: skip
    parser.add_argument("--threads", type=int, default=THREADS, help="client threads (4)")
    parser.add_argument("--jalon-threads", type=int, default=1,
                        help="threads per gunicorn worker (default 1: sync workers, as "
                             "bench/api_load.py; 2 as `jalon serve --production`)")  # fmt: skip
    args = parser.parse_args(argv)
    if not args.key:
        parser.error("--key or $REDMINE_API_KEY is needed")

    redmine = Redmine(args.redmine, args.key)
    code, activities = programme()
    issues = load_issues(redmine, args.project, code, activities)
    high = redmine.ids_by_name("/enumerations/issue_priorities.json", "issue_priorities")["High"]
    one = "I.8"
    listed = f"/api/v1/activities/?programme={code}"
    in_project = f"{redmine.prefix}/issues.json?project_id={args.project}&status_id=*"
    scenarios = [
        ("list of 94", f"{listed}&page_size=100", f"{in_project}&limit=100"),
        ("page of 50", listed, f"{in_project}&limit=50"),
        ("priority A / High", f"{listed}&page_size=100&priority=A",
         f"{in_project}&limit=100&priority_id={high}"),
        (f"one activity ({one})", f"/api/v1/activities/{one}/?programme={code}",
         f"{redmine.prefix}/issues/{issues[one]}.json"),
    ]  # fmt: skip

    workdir = Path(tempfile.mkdtemp(prefix="jalon-redmine-bench-"))
    env = environment(workdir)
    jalon(env, "import", str(DOCUMENT))
    token = member_token(env)
    port = free_port()
    server = serve(env, port, workers=2, threads=args.jalon_threads)
    try:
        jalon_servers = Servers(pids=frozenset({server.pid}))
        redmine_servers = Servers(frozenset(args.redmine_pids), args.redmine_match)
        sides = {
            "jalon": ("127.0.0.1", port, {"Authorization": f"Token {token}"}, jalon_servers),
            "Redmine": (redmine.host, redmine.port, {"X-Redmine-API-Key": args.key},
                        redmine_servers),
        }  # fmt: skip
        sizes = {}
        for name, *paths in scenarios:
            for side, path in zip(sides, paths, strict=True):
                host, side_port, headers, _ = sides[side]
                sizes[name, side] = answer_size(host, side_port, path, headers)
                # Warm-up: both servers have loaded their code and filled their caches.
                load(side_port, path, headers=headers, host=host, threads=args.threads,
                     requests=10_000, time_limit=1.0)  # fmt: skip
        print(f"jalon: gunicorn, 2 workers × {args.jalon_threads} thread(s), 127.0.0.1:{port}; "
              f"CPU of {jalon_servers.names()}")  # fmt: skip
        print(f"Redmine: {args.redmine}; CPU of {redmine_servers.names() or 'NO PROCESS FOUND'}")
        results = {key: Run() for key in sizes}
        for number in range(args.rounds):
            for name, *paths in scenarios:
                for side, path in zip(sides, paths, strict=True):
                    host, side_port, headers, servers = sides[side]
                    before, own, busy = servers.ticks(), os.times(), busy_seconds()
                    seconds, latencies, errors = load(
                        side_port, path, headers=headers, host=host, threads=args.threads,
                        requests=1_000_000, time_limit=args.seconds,
                    )  # fmt: skip
                    cpu = cpu_between(before, servers.ticks())
                    now, busy = os.times(), busy_seconds() - busy
                    client = now.user + now.system - own.user - own.system
                    results[name, side].add(seconds, latencies, errors, cpu, client, busy)
            print(f"round {number + 1} of {args.rounds} done", file=sys.stderr)
        report(results, sizes, scenarios, args)
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


def report(results, sizes, scenarios, args) -> None:
    print(f"\n{args.threads} client threads, keep-alive, {args.rounds} interleaved rounds × "
          f"{args.seconds:.0f} s per server and request; server CPU from /proc")  # fmt: skip
    print(f"{'request':<22} {'server':<8} {'items':>5} {'KB':>6} {'req/s':>8} "
          f"{'(min–max)':>13} {'p50':>9} {'p95':>9} {'err':>4} {'CPU/req':>9} "
          f"{'server':>6} {'client':>6} {'others':>6}")  # fmt: skip
    print("-" * 131)
    for name, *_ in scenarios:
        for side in ("jalon", "Redmine"):
            run, (size, items) = results[name, side], sizes[name, side]
            cells = [
                f"{name if side == 'jalon' else '':<22}", f"{side:<8}", f"{items:>5}",
                f"{size / 1024:>6.1f}", f"{run.rate():>8.1f}",
                f"{f'({min(run.rates):.0f}–{max(run.rates):.0f})':>13}",
                f"{run.percentile(0.5) * 1000:>6.1f} ms",
                f"{run.percentile(0.95) * 1000:>6.1f} ms", f"{run.errors:>4}",
                f"{run.cpu_per_request() * 1000:>6.2f} ms",
                f"{run.cpu / run.seconds:>6.0%}", f"{run.client_cpu / run.seconds:>6.0%}",
                f"{max(run.busy - run.cpu - run.client_cpu, 0) / run.seconds:>6.0%}",
            ]  # fmt: skip
            print(" ".join(cells))
        mine, theirs = results[name, "jalon"], results[name, "Redmine"]
        faster = mine.rate() / theirs.rate()
        cheaper = mine.cpu_per_request() / max(theirs.cpu_per_request(), 1e-9)
        cells = [
            f"{'':<22}", f"{'ratio':<8}", f"{'':>5}", f"{'':>6}", f"{faster:>7.1f}×",
            f"{'':>13}", f"{mine.percentile(0.5) / theirs.percentile(0.5):>8.3f}×",
            f"{mine.percentile(0.95) / theirs.percentile(0.95):>8.3f}×", f"{'':>4}",
            f"{cheaper:>8.3f}×",
            f"  throughput ≥ 30×: {'yes' if faster >= 30 else 'NO'}, "
            f"CPU ≤ 0.05×: {'yes' if cheaper <= 0.05 else 'NO'}",
        ]  # fmt: skip
        print(" ".join(cells))
    print(
        "server: the server's CPU over the wall time (200 % = both cores of a 2-core "
        "machine); client: this bench's own CPU (its threads and their parsing); others: "
        "the rest of the machine's (anything else running meanwhile)"
    )


if __name__ == "__main__":
    main()
