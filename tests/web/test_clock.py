"""The site's clock is core's clock: freezing one freezes the other, and dates are Shanghai's."""

from __future__ import annotations

import datetime as dt

from core import calendar
from core import clock as core_clock
from web import clock
from web.accounts.models import LoginFailure

LATE_UTC = dt.datetime(2026, 12, 31, 17, 30)  # already 1 January 2027 in Shanghai


def test_freezing_the_site_clock_freezes_core():
    with clock.frozen(LATE_UTC):
        assert clock.now() == core_clock.utc_now() == LATE_UTC
        assert clock.local_today() == core_clock.shanghai_today() == dt.date(2027, 1, 1)
        assert calendar.next_water_days() == calendar.next_water_days(dt.date(2027, 1, 1))
    clock.set_now(LATE_UTC)
    try:
        assert core_clock.utc_now() == LATE_UTC
    finally:
        clock.set_now(None)
    assert core_clock.utc_now() != LATE_UTC  # unfrozen


def test_model_defaults_use_the_one_clock(db):
    with clock.frozen(LATE_UTC):
        row = LoginFailure(key="probe")
        db.session.add(row)
        db.session.commit()
    assert row.created_at == LATE_UTC
