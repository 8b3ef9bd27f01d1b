"""usage_from_amount is bill()'s inverse to the fen ("上个月交了150元" → m³)."""

from decimal import Decimal

import pytest

from core.tariffs import PERIODS_PER_YEAR, AmountError, bill, usage_from_amount

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

amounts = st.decimals(min_value=0, max_value=200_000, places=2, allow_nan=False, allow_infinity=False)
people = st.integers(min_value=1, max_value=30)
periods = st.sampled_from(sorted(PERIODS_PER_YEAR))


@settings(max_examples=400, deadline=None)
@given(amounts, people, periods)
def test_bill_of_inverse_is_the_amount_to_the_fen(amount, household, period):
    usage = usage_from_amount(amount, household, period)
    result = bill(usage, household, period)
    assert abs(result.period_total_yuan - amount) <= Decimal("0.01")


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=50_000, places=1), people)
def test_inverse_of_bill_is_the_usage(usage, household):
    total = bill(usage, household).total_yuan
    # the total is rounded to the fen, so the volume comes back within a fen's worth of m³
    assert abs(usage_from_amount(total, household) - usage) <= Decimal("0.01")


def test_known_points():
    first_tier_price = bill(1, 1).next_m3_price_yuan
    assert usage_from_amount(first_tier_price * 100, 3) == Decimal(100)
    # a fifth person moves the tier limits up, so the same money buys more water above tier 1
    assert usage_from_amount(2000, 5) > usage_from_amount(2000, 4)
    assert usage_from_amount(0) == 0


@pytest.mark.parametrize("bad", ["-1", "abc", "NaN", "Infinity"])
def test_bad_amounts(bad):
    with pytest.raises(AmountError):
        usage_from_amount(bad)
