"""Tariff word problems: every figure comes from core.tariffs (never typed), the explanation
says which prices, and bad inputs are refused in zh and en."""

from decimal import Decimal

import pytest

from core import price_dates, tariffs
from core.word_problems import WordProblemError, tariff_word_problem


@pytest.mark.parametrize("usage, people", [(100, 1), (220, 3), (250, 3), (300, 4), (350, 5), (1234.5, 6)])
def test_the_answer_is_the_bill_core_computes(usage, people):
    problem = tariff_word_problem(usage, people, "total_yuan")
    bill = tariffs.bill(usage, people, "year")
    assert problem.answer == bill.total_yuan and problem.unit == {"zh": "元", "en": "yuan"}
    volume = format(Decimal(str(usage)).normalize(), "f")
    assert f"用水{volume}立方米" in problem.text["zh"] and f"{people}口人" in problem.text["zh"]
    note = price_dates.as_of_note(bill.tariff)
    assert problem.explanation["zh"].endswith(note["zh"]) and problem.explanation["en"].endswith(note["en"])
    assert problem.spec["usage_m3"] == volume
    assert problem.source == bill.tariff.primary_source


def test_the_next_cubic_metre_price_and_the_large_household_note():
    problem = tariff_word_problem("250", 3, "next_m3_price_yuan")
    assert problem.answer == tariffs.bill(250, 3).next_m3_price_yuan
    large = tariffs.tariff_in_force().large_household
    assert large.note["zh"] not in problem.explanation["zh"]
    big = tariff_word_problem("250", large.min_people, "total_yuan")
    assert large.note["zh"] in big.explanation["zh"] and large.note["en"] in big.explanation["en"]


@pytest.mark.parametrize("usage, people, ask, field", [
    ("", 3, "total_yuan", "usage_m3"), ("abc", 3, "total_yuan", "usage_m3"), (0, 3, "total_yuan", "usage_m3"),
    (5001, 3, "total_yuan", "usage_m3"), (250, 0, "total_yuan", "people"), (250, 31, "total_yuan", "people"),
    (250, 2.5, "total_yuan", "people"), (250, 3, "average", "ask")])
def test_bad_inputs_are_refused_in_both_languages(usage, people, ask, field):
    with pytest.raises(WordProblemError) as caught:
        tariff_word_problem(usage, people, ask)
    assert caught.value.field == field and caught.value.message["zh"] and caught.value.message["en"]


hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=Decimal("0.1"), max_value=5000, places=1), st.integers(min_value=1, max_value=30))
def test_any_household_gets_cores_bill_and_price(usage, people):
    bill = tariffs.bill(usage, people)
    assert tariff_word_problem(usage, people).answer == bill.total_yuan
    assert tariff_word_problem(usage, people, "next_m3_price_yuan").answer == bill.next_m3_price_yuan
