"""Hostile input stopped in one place, before any view sees it (each family reached a 500
once): JSON with lone surrogates or absurd nesting, integers in URLs beyond any database id,
and database locks that outlast the lock timeout.

- `SafeJSONProvider`: `request.get_json()` refuses JSON nested deeper than MAX_JSON_DEPTH
  or holding a lone surrogate (``"\\ud800"`` decodes to a str no database or encoder takes):
  views that call `get_json(silent=True)` see None and answer their usual 400.
- `BoundedIntConverter` replaces `<int:…>`: numbers above MAX_ID (every id column is a
  32-bit INTEGER on PostgreSQL; SQLite overflows at 2^63) match no route, so they are a 404.
- `engine_options`: the lock timeout (SQLite busy timeout, PostgreSQL lock_timeout) and
  `hide_parameters`, so SQL parameters (residents' chat text) never reach error logs.
  A lock held longer is an OperationalError, answered 503 with Retry-After by
  web/public/errors.py.
"""

from __future__ import annotations

import os
import re

from flask.json.provider import DefaultJSONProvider
from werkzeug.routing import IntegerConverter

MAX_JSON_DEPTH = 32
MAX_ID = 2**31 - 1
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


class SafeJSONProvider(DefaultJSONProvider):
    def loads(self, s, **kwargs):
        try:
            value = super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None
        check_json(value)
        return value


def check_json(value: object) -> None:
    """ValueError when `value` nests deeper than MAX_JSON_DEPTH or holds a lone surrogate
    (iterative, so the check cannot itself run out of stack)."""
    pending = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            if LONE_SURROGATE.search(item):
                raise ValueError("lone surrogate in JSON text")
            continue
        if not isinstance(item, (dict, list)):
            continue
        if depth >= MAX_JSON_DEPTH:
            raise ValueError(f"JSON nested deeper than {MAX_JSON_DEPTH}")
        if isinstance(item, dict):
            pending.extend((key, depth + 1) for key in item)
            pending.extend((child, depth + 1) for child in item.values())
        else:
            pending.extend((child, depth + 1) for child in item)


class BoundedIntConverter(IntegerConverter):
    """`<int:…>` that never matches a number no id can have (so no driver overflows)."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002 (werkzeug's names)
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def engine_options(database_url: str, lock_timeout_ms: int, base: dict | None = None) -> dict:
    """SQLAlchemy engine options for `database_url` (see the module docstring)."""
    options = {**(base or {}), "hide_parameters": True}
    connect_args = dict(options.get("connect_args") or {})
    if database_url.startswith("sqlite"):
        connect_args.setdefault("timeout", lock_timeout_ms / 1000)  # sqlite3's busy timeout
    elif database_url.startswith("postgresql"):
        # A gevent worker serves thousands of phones: SQLAlchemy's default 5 + 10 connections
        # made a school's answers queue for a connection (answer p99 15 s at 5,000 phones).
        options.setdefault("pool_size", int(os.environ.get("DATABASE_POOL_SIZE", "20")))
        options.setdefault("max_overflow", int(os.environ.get("DATABASE_MAX_OVERFLOW", "20")))
        extra = f"-c lock_timeout={int(lock_timeout_ms)}"
        connect_args["options"] = f"{connect_args['options']} {extra}" if connect_args.get("options") else extra
    options["connect_args"] = connect_args
    return options
