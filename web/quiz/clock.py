"""The quiz's one source of "now" (naive UTC), so tests can freeze time around event windows."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

_frozen: dt.datetime | None = None


def now() -> dt.datetime:
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
