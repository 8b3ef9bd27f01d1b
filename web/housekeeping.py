"""Chores done at read time instead of by cron (retention purges, flushing counters), each
at most once per interval per process, so a busy page does not pay for them on every view."""

from __future__ import annotations

import threading
import time

from flask import current_app


class AtMostEvery:
    """`if chore.due(): …` is true once per interval per process (thread-safe).

    The interval is a config key, so tests can set it to 0 and see every chore run.
    """

    def __init__(self, config_key: str):
        self.config_key = config_key
        self._last = float("-inf")
        self._lock = threading.Lock()

    def due(self) -> bool:
        interval = float(current_app.config[self.config_key])
        with self._lock:
            now = time.monotonic()
            if now - self._last < interval:
                return False
            self._last = now
            return True
