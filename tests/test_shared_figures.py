"""The dashboard's figures are computed once for all workers: a worker finding a figure
missing from the shared cache while another computes it waits for that one's answer
instead of computing it beside it (the database cache, as deployed by default)."""

import threading
import time
from types import SimpleNamespace

import pytest
from django.core.cache import cache

from jalon.web import dashboard

pytestmark = pytest.mark.django_db(transaction=True)  # each thread its own connection

PROGRAMME = SimpleNamespace(pk=987654)
VERSION = "test-version"
KEY = f"jalon:figures:{PROGRAMME.pk}:{VERSION}"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def counted(value, before=lambda: None):
    """A computation that counts its runs and calls `before()` first."""

    def compute():
        before()
        compute.runs += 1
        return value

    compute.runs = 0
    return compute


def test_a_worker_waits_for_the_figure_another_is_computing(monkeypatch):
    computing, waiting = threading.Event(), threading.Event()

    def held_until_the_other_waits():
        computing.set()
        assert waiting.wait(10), "the second worker never waited"

    first = counted({"answer": 1}, held_until_the_other_waits)
    second = counted({"answer": 2})
    results = {}

    def pause(seconds):
        waiting.set()
        time.sleep(seconds)

    monkeypatch.setattr(dashboard, "_pause", pause)

    def worker():
        try:
            results["first"] = dashboard.cached("figures", PROGRAMME, first, VERSION)
        finally:
            from django.db import connection

            connection.close()

    thread = threading.Thread(target=worker)
    thread.start()
    assert computing.wait(10)
    results["second"] = dashboard.cached("figures", PROGRAMME, second, VERSION)
    thread.join(10)
    assert (first.runs, second.runs) == (1, 0)
    assert results == {"first": {"answer": 1}, "second": {"answer": 1}}
    assert cache.get(f"{KEY}:computing") is None  # the claim is released


def test_a_computation_that_fails_releases_its_claim():
    def broken():
        raise RuntimeError("the checker failed")

    with pytest.raises(RuntimeError):
        dashboard.cached("figures", PROGRAMME, broken, VERSION)
    assert cache.get(f"{KEY}:computing") is None
    again = counted({"answer": 3})
    assert dashboard.cached("figures", PROGRAMME, again, VERSION) == {"answer": 3}
    assert again.runs == 1


def test_a_claim_left_by_a_dead_worker_delays_the_figure_but_does_not_block_it(monkeypatch):
    cache.add(f"{KEY}:computing", 1, timeout=60)  # a worker killed while computing
    monkeypatch.setattr(dashboard, "WAIT_SECONDS", 0.0)
    pauses = []
    monkeypatch.setattr(dashboard, "_pause", pauses.append)
    compute = counted({"answer": 4})
    assert dashboard.cached("figures", PROGRAMME, compute, VERSION) == {"answer": 4}
    assert compute.runs == 1 and pauses  # it waited, then computed it itself
    assert cache.get(f"{KEY}:computing") == 1  # not its claim to release
    assert dashboard.cached("figures", PROGRAMME, counted(None), VERSION) == {"answer": 4}
