"""One clock: nothing in core/, web/ or bot/ reads the time for dates except the two clock modules.

`core/clock.py` (pure; UTC now, Shanghai today, a freeze hook for tests) and `web/clock.py`
(the site's names, built on it) are the only places that may ask the system for the date or
time of day. Durations and timeouts may use the monotonic clocks, listed explicitly below.
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

from core import calendar, clock, tariffs

REPO = Path(__file__).resolve().parents[2]
CLOCKS = {"core/clock.py", "web/clock.py"}
SCANNED = ("core", "web", "bot")
DATE_METHODS = {"now", "utcnow", "today"}  # on datetime / date (any spelling: dt.datetime, date, …)
TIME_OK = {"monotonic", "monotonic_ns", "perf_counter", "perf_counter_ns", "process_time", "sleep"}
# bot/ belongs to the bot engineer: its current offenders are listed here so this test passes
# now; each must go to `core.clock.shanghai_today()` / `utc_now()` and then leave this list.
# An entry that no longer occurs fails the test, so the list can only shrink.
BOT_OFFENDERS: set[tuple[str, str]] = set()  # calls still to move to core.clock (none left)


def dotted(node: ast.AST) -> str:
    """`dt.datetime.now` for the expression dt.datetime.now, "" for anything not a plain name chain."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr}" if base else ""
    return ""


def clock_reads(source: str) -> list[str]:
    """Every call in `source` that reads the wall clock (or imports a function that does)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module == "time":
            found += [f"from time import {a.name}" for a in node.names if a.name not in TIME_OK]
        if not isinstance(node, ast.Call):
            continue
        name = dotted(node.func)
        parts = name.split(".")
        reads_date = len(parts) >= 2 and parts[-1] in DATE_METHODS and parts[-2] in ("datetime", "date")
        reads_time = len(parts) == 2 and parts[0] == "time" and parts[1] not in TIME_OK
        if reads_date or reads_time:
            found.append(name)
    return found


def offenders() -> set[tuple[str, str]]:
    found = set()
    for folder in SCANNED:
        for path in sorted((REPO / folder).glob("**/*.py")):
            relative = path.relative_to(REPO).as_posix()
            if relative not in CLOCKS:
                found.update((relative, call) for call in clock_reads(path.read_text(encoding="utf-8")))
    return found


def test_only_the_clock_modules_read_the_clock():
    found = offenders()
    new = sorted(found - BOT_OFFENDERS)
    assert not new, "use core.clock (core, bot) or web.clock (site) instead:\n" + "\n".join(map(str, new))
    fixed = sorted(BOT_OFFENDERS - found)
    assert not fixed, f"fixed, so remove from BOT_OFFENDERS: {fixed}"
    assert all(path.startswith("bot/") for path, _ in BOT_OFFENDERS)


def test_the_scan_catches_every_spelling():
    for source in ("import datetime as dt\ndt.datetime.now()", "from datetime import datetime\ndatetime.utcnow()",
                   "from datetime import date\ndate.today()", "import datetime\ndatetime.datetime.now(tz)",
                   "import datetime as dt\ndt.date.today()", "import time\ntime.time()",
                   "import time\ntime.localtime()", "from time import time"):
        assert clock_reads(source), source
    for source in ("import time\ntime.monotonic()", "import time\ntime.perf_counter()", "from time import monotonic",
                   "from sqlalchemy import func\nfunc.now()", "from web import clock\nclock.now()"):
        assert not clock_reads(source), source


def test_freezing_core_clock_freezes_shanghai_dates_in_core():
    # 2026-12-31 17:00 UTC is already 1 January 2027 in Shanghai.
    with clock.frozen(dt.datetime(2026, 12, 31, 17, 0)):
        assert clock.utc_now() == dt.datetime(2026, 12, 31, 17, 0)
        assert clock.shanghai_today() == dt.date(2027, 1, 1)
        assert tariffs.tariff_in_force() == tariffs.tariff_in_force(dt.date(2027, 1, 1))
        first = calendar.next_water_days()[0]
        assert first.end >= dt.date(2027, 1, 1)
        assert first == calendar.next_water_days(dt.date(2027, 1, 1))[0]
    with clock.frozen(dt.datetime(2026, 12, 31, 15, 59)):
        assert clock.shanghai_today() == dt.date(2026, 12, 31)
    assert clock.utc_now() != dt.datetime(2026, 12, 31, 15, 59)  # unfrozen after the block


def test_shanghai_round_trip():
    utc = dt.datetime(2026, 6, 1, 20, 30)
    assert clock.to_shanghai(utc) == dt.datetime(2026, 6, 2, 4, 30)
    assert clock.from_shanghai(clock.to_shanghai(utc)) == utc
