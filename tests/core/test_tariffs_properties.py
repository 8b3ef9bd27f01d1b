"""Property tests of the bill (hypothesis lives only in the site venv: skipped elsewhere)."""

from decimal import ROUND_HALF_UP, Decimal

import pytest

from core.tariffs import bill

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

usage = st.decimals(min_value=0, max_value=1_000_000, places=3, allow_nan=False, allow_infinity=False)
people = st.integers(min_value=1, max_value=30)
step = st.decimals(min_value=Decimal("0.001"), max_value=500, places=3)


@settings(max_examples=300, deadline=None)
@given(usage, people, step)
def test_non_decreasing_and_continuous(u, p, d):
    low, high = bill(u, p), bill(min(u + d, Decimal(1_000_000)), p)
    assert high.total_yuan >= low.total_yuan
    # continuous: never jumps by more than the top price per m3 (plus a fen of rounding)
    assert high.total_yuan - low.total_yuan <= (high.annual_usage_m3 - low.annual_usage_m3) * Decimal("5.83") + Decimal("0.01")


@settings(max_examples=300, deadline=None)
@given(usage, people, step)
def test_marginal_price_non_decreasing(u, p, d):
    assert bill(min(u + d, Decimal(1_000_000)), p).next_m3_price_yuan >= bill(u, p).next_m3_price_yuan


@settings(max_examples=300, deadline=None)
@given(usage, people, st.sampled_from(["year", "month", "two_months"]))
def test_total_is_rounded_sum_of_tiers(u, p, period):
    result = bill(u / 12 if period != "year" else u, p, period)
    assert result.total_yuan == sum(c.amount_yuan for c in result.charges).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert sum(c.volume_m3 for c in result.charges) == result.annual_usage_m3
    assert all(c.volume_m3 >= 0 for c in result.charges)


@settings(max_examples=200, deadline=None)
@given(usage)
def test_large_households_never_pay_more(u):
    assert bill(u, 5).total_yuan <= bill(u, 4).total_yuan
