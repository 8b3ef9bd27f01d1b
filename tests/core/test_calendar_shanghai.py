"""core.calendar.shanghai_date: the API's UTC times read as Shanghai dates."""

import datetime as dt

import pytest

from core.calendar import shanghai_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-07T16:00:00Z", dt.date(2026, 3, 8)),  # World Water Day starts 8 March in Shanghai
        ("2026-03-07T15:59:59Z", dt.date(2026, 3, 7)),
        ("2026-03-07T16:00:00+00:00", dt.date(2026, 3, 8)),
        ("2026-03-08T00:00:00+08:00", dt.date(2026, 3, 8)),
        ("2026-03-07T16:00:00", dt.date(2026, 3, 8)),
        ("2026-03-22", dt.date(2026, 3, 22)),
        ("", None),
        ("soon", None),
        (None, None),
    ],
)
def test_shanghai_date(value, expected):
    assert shanghai_date(value) == expected
