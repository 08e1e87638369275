"""Floors for `make bench`: what an operation cannot cost less than on this machine, in
this run — replaying the SQL it ran (fetching every row) and, for the API, `json.dumps`
of the payload it returned. Ratios to these floors stay meaningful on a busy machine,
where absolute times do not."""

import json
import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext


def statements(action) -> list[str]:
    """The SQL `action()` runs, as executed."""
    with CaptureQueriesContext(connection) as captured:
        action()
    return [query["sql"] for query in captured.captured_queries]


def replay(sql: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in sql:
            cursor.execute(statement)
            if cursor.description:
                cursor.fetchall()


def api_floor(client, url: str):
    """A function doing the request's floor work: its SQL again and `json.dumps` of its
    payload, as DRF renders it (compact, UTF-8)."""
    sql = statements(lambda: client.get(url))
    payload = client.get(url).json()

    def floor():
        replay(sql)
        json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()

    return floor


def median_seconds(action, runs: int) -> float:
    action()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def replayer(action):
    """A function replaying the SQL `action()` runs: the floor of reading its rows."""
    sql = statements(action)
    return lambda: replay(sql)
