"""Property test: the tier lines of any bill, as every surface shows them, sum to the total
shown (hypothesis lives only in the site venv; tests/core/test_money.py runs everywhere)."""

from decimal import Decimal

import pytest

from core import money
from core.tariffs import bill

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

usage = st.decimals(min_value=0, max_value=100_000, places=3, allow_nan=False, allow_infinity=False)
people = st.integers(min_value=1, max_value=30)
period = st.sampled_from(["year", "month", "two_months"])


def shown(amount: Decimal) -> Decimal:
    """Read an amount back from the text a page, the API or the bot displays."""
    return Decimal(money.yuan_text(amount)[1:].replace(",", ""))


@settings(max_examples=400, deadline=None)
@given(usage, people, period)
def test_tier_lines_as_shown_sum_to_the_total_as_shown(u, p, per):
    result = bill(u, p, per)
    assert sum(shown(c.amount_yuan) for c in result.charges) == shown(result.total_yuan)
    for charge in result.charges:  # each line is its exact amount to within one fen
        assert abs(charge.amount_yuan - charge.exact_amount_yuan) < money.FEN


@settings(max_examples=400, deadline=None)
@given(st.lists(st.decimals(min_value=0, max_value=10_000, places=4), min_size=1, max_size=6))
def test_split_to_fen_sums_to_the_rounded_total(amounts):
    lines = money.split_to_fen(amounts)
    assert sum(lines) == money.to_fen(sum(amounts))
    assert all(abs(line - exact) < money.FEN for line, exact in zip(lines, amounts, strict=True))
