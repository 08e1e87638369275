"""Python's cyclic garbage collector paused while a large acyclic structure is built
(a loaded programme, a report, a WeasyPrint layout, an API page).

One pause for the whole process, counted: the collector goes back on when the last
pause ends, and only if it was on when the first began. Each caller checking
`gc.isenabled()` on its own (as before) lost it under gunicorn's threads: a thread
entering while another's pause ran read "off", the other ended its pause (on), then
the first turned it off — and, having found it off, never back on.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0
_was_enabled = False


@contextmanager
def collector_paused():
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()
