"""Remembered answers of the activity list and detail, keyed on the data's version.

An answer is kept as the bytes sent, with its headers, under the user, the path, the
query parameters, the media type asked for and `reporting.versions.data_version()` (one
statement): any change of the data makes a new key, so an answer is never served stale
by a change the audit trail records; entries also expire after TTL seconds, which bounds
what a commit overtaken by a later one (same version read before it) could leave behind.
Each worker process keeps its own (bounded) memory of answers: a hit costs the version's
statement and no other query of the view.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

TTL = 60.0  # seconds
MAX_BYTES = 64 * 2**20  # per process


class Answers:
    def __init__(self, max_bytes: int = MAX_BYTES, ttl: float = TTL):
        self.max_bytes, self.ttl = max_bytes, ttl
        self._entries: OrderedDict = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[0] < time.monotonic():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return entry[1], entry[2]

    def put(self, key, content: bytes, headers: dict) -> None:
        if len(content) > self.max_bytes // 4:
            return
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = (time.monotonic() + self.ttl, content, headers)
            self._size += len(content)
            while self._size > self.max_bytes:
                self._drop(next(iter(self._entries)))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0

    def _drop(self, key) -> None:
        entry = self._entries.pop(key)
        self._size -= len(entry[1])


ANSWERS = Answers()
