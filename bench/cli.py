"""`make bench`, command line: the wall time of `jalon` commands, start-up included.

What a user waits for: a new process each time (interpreter, Django set-up, the command),
against a throw-away SQLite database holding the real programme. Median of repeated runs.
The CPU time (user + system) of the process is shown beside the wall time: on a busy
machine the wall time grows, the CPU time much less.
"""

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JALON = str(Path(sys.executable).parent / "jalon")
DOCUMENT = ROOT / "jalon/data/ptc-programme-2022-2025.txt"
RUNS = int(os.environ.get("JALON_BENCH_CLI_RUNS", "7"))
TARGET = 1.0  # seconds


def main() -> None:
    workdir = tempfile.mkdtemp(prefix="jalon-bench-cli-")
    env = {
        **os.environ,
        "JALON_VAR_DIR": workdir,
        "JALON_DATABASE_URL": f"sqlite:///{workdir}/bench.sqlite3",
    }

    def jalon(*args: str) -> None:
        subprocess.run([JALON, *args], env=env, check=True, capture_output=True)

    jalon("import", str(DOCUMENT))
    jalon("session", "open", "CTP-245-246", "--start", "2024-10-22")
    print(f"\njalon command line — wall time with start-up, median of {RUNS} runs")
    print(f"{'command':<56} {'median':>10} {'cpu':>9} {'target':>9}")
    print("-" * 80)
    commands = {
        "jalon session list": ["session", "list"],
        "jalon status set I.8 --session CTP-245-246 --text …": [
            "status",
            "set",
            "I.8",
            "--session",
            "CTP-245-246",
            "--text",
            "En cours.",
        ],
        "jalon check --session CTP-245-246": ["check", "--session", "CTP-245-246"],
    }
    for name, args in commands.items():
        times, cpu = [], []
        for _ in range(RUNS):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run([JALON, *args], env=env, capture_output=True)
            times.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        seconds = statistics.median(times)
        target = TARGET if "check" not in name else None
        verdict = "" if target is None else ("ok" if seconds <= target else "SLOW")
        target_text = "" if target is None else f"{target * 1000:.0f} ms"
        cpu_ms = statistics.median(cpu) * 1000
        print(f"{name:<56} {seconds * 1000:>7.0f} ms {cpu_ms:>6.0f} ms {target_text:>9} {verdict}")


if __name__ == "__main__":
    main()
