"""Core's one clock: "now" in UTC and today's date in Shanghai.

Stored times are naive UTC; every date shown to people is a Shanghai date (UTC+8, no daylight
saving). Pure: the site's clock (`web/clock.py`) and the bot build on this one, so freezing it
in a test freezes both. Durations use `time.monotonic`, not this.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from typing import Iterator

try:
    from zoneinfo import ZoneInfo

    SHANGHAI: dt.tzinfo = ZoneInfo("Asia/Shanghai")
except Exception:  # no tz database: Shanghai has had no daylight saving since 1991
    SHANGHAI = dt.timezone(dt.timedelta(hours=8), "CST")

_frozen: dt.datetime | None = None


def utc_now() -> dt.datetime:
    """Current time, naive UTC (the database's convention)."""
    if _frozen is not None:
        return _frozen
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def to_shanghai(value: dt.datetime) -> dt.datetime:
    """Naive UTC → naive Shanghai wall-clock time."""
    return value.replace(tzinfo=dt.timezone.utc).astimezone(SHANGHAI).replace(tzinfo=None)


def from_shanghai(value: dt.datetime) -> dt.datetime:
    """Naive Shanghai wall-clock time → naive UTC."""
    return value.replace(tzinfo=SHANGHAI).astimezone(dt.timezone.utc).replace(tzinfo=None)


def shanghai_today() -> dt.date:
    """Today's date in Shanghai, whatever the server's time zone."""
    return to_shanghai(utc_now()).date()


def freeze(value: dt.datetime | None) -> None:
    """Freeze the clock at `value`, naive UTC (None unfreezes). Tests only."""
    global _frozen
    _frozen = value


@contextmanager
def frozen(value: dt.datetime) -> Iterator[None]:
    """Freeze the clock at `value` for a `with` block, then restore what was there."""
    previous = _frozen
    freeze(value)
    try:
        yield
    finally:
        freeze(previous)
