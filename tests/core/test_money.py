"""core.money: one rounding rule (half-up to the fen) and tier lines that add up to the total."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from core import money
from core.tariffs import bill


@pytest.mark.parametrize(("exact", "fen"), [("8.625", "8.63"), ("8.615", "8.62"), ("0.005", "0.01"),
                                            ("0.0049", "0.00"), ("903.9", "903.90")])
def test_to_fen_rounds_half_up_not_half_even(exact, fen):
    assert money.to_fen(D(exact)) == D(fen)


def test_the_2_5_m3_bill_shows_the_same_amount_on_the_tier_line_and_the_total():
    """The audit's case: 2.5 m³ × 3.45 = 8.625 showed ¥8.62 on the line and ¥8.63 as the total."""
    result = bill(D("2.5"))
    assert result.charges[0].exact_amount_yuan == D("8.625")
    assert money.yuan_text(result.charges[0].amount_yuan) == money.yuan_text(result.total_yuan) == "¥8.63"


def test_split_gives_the_lost_fen_to_the_largest_remainders():
    # 0.004 + 0.004 + 0.004 = 0.012 → 0.01: one line gets the fen, the first on a tie.
    assert money.split_to_fen([D("0.004"), D("0.004"), D("0.004")]) == (D("0.01"), D("0"), D("0"))
    assert money.split_to_fen([D("1.005"), D("2.001")]) == (D("1.01"), D("2.00"))
    with pytest.raises(ValueError):
        money.split_to_fen([D("-1")])


def test_yuan_text_groups_thousands_with_two_decimals():
    assert money.yuan_text(D("1104")) == "¥1,104.00"
    assert money.yuan_text(D("1234.565"), symbol="", grouping=False) == "1234.57"
