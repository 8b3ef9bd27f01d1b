"""The site's one source of "now" and of Shanghai wall-clock time, built on `core.clock`.

Stored times are naive UTC; people read and type Shanghai time (UTC+8, no daylight saving).
Tests freeze time with `set_now` / `frozen`; that freezes core's clock too (one clock).
"""

from __future__ import annotations

import datetime as dt
import time

from core import clock as core_clock
from core.clock import SHANGHAI, frozen  # noqa: F401  (the site's names for them)


def now() -> dt.datetime:
    """Current time, naive UTC (the database's convention)."""
    return core_clock.utc_now()


def set_now(value: dt.datetime | None) -> None:
    """Freeze the clock at `value` (None unfreezes). Tests only."""
    core_clock.freeze(value)


def to_local(value: dt.datetime | None) -> dt.datetime | None:
    """Naive UTC → naive Shanghai time, for display and forms."""
    return None if value is None else core_clock.to_shanghai(value)


def from_local(value: dt.datetime | None) -> dt.datetime | None:
    """Naive Shanghai time (typed by a person, or from content) → naive UTC."""
    return None if value is None else core_clock.from_shanghai(value)


def local_today() -> dt.date:
    """Today's date in Shanghai: the date every page shows."""
    return to_local(now()).date()


def epoch_seconds() -> float:
    """The real wall clock in POSIX seconds, for machinery that keeps its own epoch times (the
    rate limiter's storage says when a window resets). Not frozen by tests: that storage
    never is."""
    return time.time()
