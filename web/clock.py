"""The site's one source of "now" and of Shanghai wall-clock time.

Stored times are naive UTC; people read and type Shanghai time (UTC+8, no daylight saving).
Tests freeze time with `set_now` / `frozen`, or by monkeypatching `now`.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

try:
    from zoneinfo import ZoneInfo

    SHANGHAI: dt.tzinfo = ZoneInfo("Asia/Shanghai")
except Exception:  # no tz database: Shanghai has had no daylight saving since 1991
    SHANGHAI = dt.timezone(dt.timedelta(hours=8), "CST")

_frozen: dt.datetime | None = None


def now() -> dt.datetime:
    """Current time, naive UTC (the database's convention)."""
    if _frozen is not None:
        return _frozen
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def set_now(value: dt.datetime | None) -> None:
    """Freeze the clock at `value` (None unfreezes). Tests only."""
    global _frozen
    _frozen = value


@contextmanager
def frozen(value: dt.datetime):
    previous = _frozen
    set_now(value)
    try:
        yield
    finally:
        set_now(previous)


def to_local(value: dt.datetime | None) -> dt.datetime | None:
    """Naive UTC → naive Shanghai time, for display and forms."""
    if value is None:
        return None
    return value.replace(tzinfo=dt.timezone.utc).astimezone(SHANGHAI).replace(tzinfo=None)


def from_local(value: dt.datetime | None) -> dt.datetime | None:
    """Naive Shanghai time (typed by a person, or from content) → naive UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=SHANGHAI).astimezone(dt.timezone.utc).replace(tzinfo=None)


def local_today() -> dt.date:
    return to_local(now()).date()
