"""The one place campaigns read the time, so tests can freeze it (`monkeypatch` `clock.now`).

Stored times are naive UTC; people read and type Shanghai wall-clock time (UTC+8, no DST).
"""

from __future__ import annotations

import datetime as dt

try:
    from zoneinfo import ZoneInfo

    SHANGHAI: dt.tzinfo = ZoneInfo("Asia/Shanghai")
except Exception:  # no tz database: Shanghai has had no daylight saving since 1991
    SHANGHAI = dt.timezone(dt.timedelta(hours=8), "CST")


def now() -> dt.datetime:
    """Current time, naive UTC (the database's convention)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def to_local(value: dt.datetime | None) -> dt.datetime | None:
    """Naive UTC → naive Shanghai time, for display and forms."""
    if value is None:
        return None
    return value.replace(tzinfo=dt.timezone.utc).astimezone(SHANGHAI).replace(tzinfo=None)


def from_local(value: dt.datetime | None) -> dt.datetime | None:
    """Naive Shanghai time (typed by an editor, or from content) → naive UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=SHANGHAI).astimezone(dt.timezone.utc).replace(tzinfo=None)


def local_today() -> dt.date:
    return to_local(now()).date()
