"""Table tests for core.numbers: volumes and household sizes as residents write them."""

from decimal import Decimal

import pytest

from core.numbers import (
    normalize,
    parse_number,
    parse_people,
    parse_period,
    parse_volume,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("用了两百二十吨", "220"),
        ("二百五十吨", "250"),
        ("250方", "250"),
        ("去年用了250 方水", "250"),
        ("150.5立方米", "150.5"),
        ("一年用水一百五十点五方", "150.5"),
        ("２５０ｍ³", "250"),
        ("２５０立方", "250"),
        ("250m3", "250"),
        ("250 m³", "250"),
        ("I used 250 cubic meters", "250"),
        ("about 180 cubic metres last year", "180"),
        ("300 tons", "300"),
        ("1,200 m3", "1200"),
        ("二百五十多吨", "250"),
        ("2百吨", "200"),
        ("上个月用了十五吨", "15"),
        ("三口人用了200吨", "200"),
        ("用了1.5万吨", "15000"),
    ],
)
def test_parse_volume(text, expected):
    assert parse_volume(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    [
        "第二档?",
        "我家4口人",
        "水价多少",
        "",
        "250",
        "二百五十",
        "🚰💧",
        "<script>1</script>",
    ],
)
def test_parse_volume_needs_a_unit(text):
    assert parse_volume(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("220", "220"),
        ("两百二十", "220"),
        ("二百五", "250"),
        ("２２０", "220"),
        ("150.5。", "150.5"),
        ("250吨", None),
        ("hello", None),
        ("", None),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == (Decimal(expected) if expected else None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4口人", 4),
        ("我家4口人", 4),
        ("不对，是4口人", 4),
        ("三个人", 3),
        ("一家三口", 3),
        ("三口之家", 3),
        ("５人", 5),
        ("两位", 2),
        ("我一个人住", 1),
        ("4 people", 4),
        ("we are 4", 4),
        ("We are four", 4),
        ("family of 5", 5),
        ("three people", 3),
        ("just me", 1),
        ("250吨", None),
        ("第二档", None),
        ("", None),
    ],
)
def test_parse_people(text, expected):
    assert parse_people(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一年用了250吨", "year"),
        ("去年", "year"),
        ("per year", "year"),
        ("上个月用了15吨", "month"),
        ("每月", "month"),
        ("monthly", "month"),
        ("两个月用了40吨", "two_months"),
        ("every two months", "two_months"),
        ("250吨", None),
    ],
)
def test_parse_period(text, expected):
    assert parse_period(text) == expected


def test_normalize_folds_full_width_and_separators():
    assert normalize("１，２００ｍ³") == "1200m3"


@pytest.mark.parametrize(("text", "expected"), [("每季度", "quarter"), ("半年", "half_year"), ("每天", None), ("weekly", None)])
def test_parse_period_names_only_bill_periods(text, expected):
    """The bot passes this to core.tariffs.bill(): never a period the bill cannot take."""
    assert parse_period(text) == expected
