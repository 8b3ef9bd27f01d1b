"""The bill at and around every tier boundary, the large-household rule, and bad inputs."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest

from core import tariffs
from core.tariffs import (
    InputError,
    NoTariffError,
    PeopleError,
    PeriodError,
    UsageError,
    bill,
    tariff_in_force,
)

D = Decimal


@pytest.mark.parametrize(
    ("usage_m3", "people", "total_yuan", "tier", "next_price", "left_m3"),
    [
        ("0", 1, "0.00", 1, "3.45", "220"),
        ("1", 1, "3.45", 1, "3.45", "219"),
        ("219.99", 1, "758.97", 1, "3.45", "0.01"),  # 758.9655 -> 758.97
        ("220", 1, "759.00", 1, "4.83", "0"),
        ("220.01", 1, "759.05", 2, "4.83", "79.99"),  # 759 + 0.0483
        ("250", 3, "903.90", 2, "4.83", "50"),
        ("300", 1, "1145.40", 2, "5.83", "0"),  # 759 + 80 x 4.83
        ("300.01", 1, "1145.46", 3, "5.83", None),  # + 0.0583
        ("1000", 4, "5226.40", 3, "5.83", None),  # 1145.40 + 700 x 5.83
        ("1000000", 1, "5829396.40", 3, "5.83", None),
        # 4 people: ordinary bounds; 5 people: both bounds +100 (our stated assumption)
        ("320", 4, "1262.00", 3, "5.83", None),  # 1145.40 + 20 x 5.83
        ("320", 5, "1104.00", 1, "4.83", "0"),
        ("320.01", 5, "1104.05", 2, "4.83", "79.99"),
        ("400", 5, "1490.40", 2, "5.83", "0"),
        ("400.01", 5, "1490.46", 3, "5.83", None),
    ],
)
def test_bill_table(usage_m3, people, total_yuan, tier, next_price, left_m3):
    result = bill(usage_m3, people)
    assert result.total_yuan == D(total_yuan)
    assert result.tier == tier
    assert result.next_m3_price_yuan == D(next_price)
    assert result.left_in_tier_m3 == (None if left_m3 is None else D(left_m3))
    assert result.total_yuan == sum(c.amount_yuan for c in result.charges).quantize(D("0.01"), ROUND_HALF_UP)
    assert sum(c.volume_m3 for c in result.charges) == D(usage_m3)


def test_each_price_only_on_its_block():
    charges = bill(350).charges
    assert [(c.tier, c.volume_m3, c.price_yuan_per_m3) for c in charges] == [
        (1, D(220), D("3.45")),
        (2, D(80), D("4.83")),
        (3, D(50), D("5.83")),
    ]


@pytest.mark.parametrize(("period", "factor"), [("month", 12), ("two_months", 6), ("year", 1)])
def test_periods_are_annualised(period, factor):
    result = bill(D(25), 2, period)
    assert result.annual_usage_m3 == 25 * factor
    assert result.total_yuan == bill(25 * factor, 2).total_yuan
    expected = (sum(c.amount_yuan for c in result.charges) / factor).quantize(D("0.01"), ROUND_HALF_UP)
    assert result.period_total_yuan == expected


def test_money_is_decimal_rounded_half_up_to_the_fen():
    result = bill("0.13")  # 0.13 x 3.45 = 0.4485 -> 0.45
    assert result.total_yuan == D("0.45")
    assert isinstance(result.total_yuan, Decimal)
    assert result.total_yuan.as_tuple().exponent == -2


def test_floats_are_read_through_their_text():
    assert bill(220.01).total_yuan == D("759.05")


def test_tariff_in_force_by_date():
    tariff = tariff_in_force(dt.date(2024, 1, 1))
    assert tariff.effective_from == dt.date(2013, 8, 1)
    assert [t.price_yuan_per_m3 for t in tariff.tiers] == [D("3.45"), D("4.83"), D("5.83")]
    assert tariff.tier_bounds(4) == [(0, 220), (220, 300), (300, None)]
    assert tariff.tier_bounds(5) == [(0, 320), (320, 400), (400, None)]
    assert tariff.large_household.confidence == "med"
    assert tariff.sources and all(s.url and s.confidence for s in tariff.sources)
    assert tariff.caveats["zh"] and len(tariff.caveats["zh"]) == len(tariff.caveats["en"])
    assert tariff_in_force().id == tariff.id
    with pytest.raises(NoTariffError):
        tariff_in_force(dt.date(2013, 7, 31))


def test_caveat_mentions_the_2021_hearing():
    tariff = tariff_in_force(dt.date(2025, 1, 1))
    assert any("2021" in c for c in tariff.caveats["en"]) and any("2021" in c for c in tariff.caveats["zh"])
    assert any("shine.cn" in (s.url or "") for s in tariff.sources)


@pytest.mark.parametrize(
    ("usage", "code"),
    [
        (None, "required"),
        ("", "required"),
        ("  ", "required"),
        ("abc", "not_a_number"),
        ("nan", "not_a_number"),
        (float("nan"), "not_a_number"),
        ("inf", "not_finite"),
        (float("-inf"), "not_finite"),
        (-0.01, "negative"),
        ("1000000.01", "too_large"),
        (1e300, "too_large"),
        (True, "not_a_number"),
    ],
)
def test_bad_usage(usage, code):
    with pytest.raises(UsageError) as info:
        bill(usage)
    assert info.value.field == "usage_m3" and info.value.code == code
    assert info.value.message("zh") and info.value.message("en")


@pytest.mark.parametrize(
    ("people", "code"),
    [(0, "out_of_range"), (31, "out_of_range"), (-1, "out_of_range"), (2.5, "not_whole_number"),
     ("x", "not_whole_number"), (True, "not_whole_number"), ("", "required"), (float("nan"), "not_whole_number")],
)
def test_bad_people(people, code):
    with pytest.raises(PeopleError) as info:
        bill(10, people)
    assert info.value.field == "people" and info.value.code == code
    assert isinstance(info.value, (InputError, ValueError))


def test_people_accepts_whole_numbers_as_text():
    assert bill(10, "3").people == 3 and bill(10, 3.0).people == 3


def test_bad_period():
    with pytest.raises(PeriodError) as info:
        bill(10, 1, "week")
    assert info.value.field == "period"


def test_loader_caches_and_reloads():
    tariffs.check()
    assert tariffs.tariffs() is tariffs.tariffs()


def test_every_period_has_names_and_a_bill():
    from core.tariffs import PERIOD_NAMES, PERIODS_PER_YEAR

    for lang in ("zh", "en"):
        assert set(PERIOD_NAMES[lang]) == set(PERIODS_PER_YEAR)
    assert bill(30, 3, "quarter").annual_usage_m3 == 120 and bill(60, 3, "half_year").annual_usage_m3 == 120
