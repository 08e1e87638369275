"""The cyclic collector's pause (jalon.core.collector), shared by gunicorn's threads."""

import gc
import threading

from jalon.core.collector import collector_paused


def test_the_collector_stays_paused_until_the_last_pause_ends_across_threads():
    # Thread A pauses; thread B pauses while A's pause runs; A ends first. Each pause
    # reading gc.isenabled() on its own turned the collector back on under B (and, when
    # B's read fell before A's end and its gc.disable() after, left it off for good).
    assert gc.isenabled()
    a_in, b_in, a_out, b_out = (threading.Event() for _ in range(4))
    seen = {}

    def a():
        with collector_paused():
            a_in.set()
            b_in.wait(5)
        a_out.set()

    def b():
        a_in.wait(5)
        with collector_paused():
            b_in.set()
            a_out.wait(5)
            seen["after A ended, within B"] = gc.isenabled()
        b_out.set()

    threads = [threading.Thread(target=a), threading.Thread(target=b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen == {"after A ended, within B": False}
    assert gc.isenabled()


def test_a_pause_nested_or_ended_by_an_exception_turns_the_collector_back_on():
    try:
        with collector_paused(), collector_paused():
            assert not gc.isenabled()
            raise ValueError
    except ValueError:
        pass
    assert gc.isenabled()


def test_a_collector_off_before_the_pause_stays_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
