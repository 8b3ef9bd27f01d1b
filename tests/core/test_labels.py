"""The label scheme: aliases resolve, unverified thresholds stay None, editions are dated."""

import datetime as dt
from decimal import Decimal

import pytest

from core.labels import product, scheme


@pytest.mark.parametrize(
    ("alias", "key"),
    [
        ("坐便器", "toilet"), ("马桶", "toilet"), ("toilet", "toilet"), (" Toilet ", "toilet"),
        ("智能坐便器", "smart_toilet"), ("smart toilet", "smart_toilet"), ("Smart  Toilet", "smart_toilet"),
        ("淋浴器", "shower"), ("花洒", "shower"), ("shower", "shower"),
        ("水嘴", "faucet"), ("水龙头", "faucet"), ("faucet", "faucet"), ("tap", "faucet"),
        ("洗碗机", "dishwasher"), ("dishwasher", "dishwasher"),
        ("净水器", "water_purifier"), ("净水机", "water_purifier"), ("water purifier", "water_purifier"),
        ("洗衣机", "washing_machine"), ("washing machine", "washing_machine"),
        ("小便器", "urinal"), ("urinal", "urinal"), ("蹲便器", "squat_pan"),
    ],
)
def test_aliases(alias, key):
    assert product(alias).key == key


def test_unknown_product():
    assert product("冰箱") is None and product("") is None


def test_toilet_edition_2025():
    toilet = product("toilet")
    assert toilet.standard == "GB 25502-2024"
    assert toilet.current.effective == dt.date(2025, 5, 1)
    assert all(value is None for value in toilet.thresholds.values())  # not verified: no number
    old = next(e for e in toilet.editions if e.standard == "GB 25502-2017")
    assert old.status == "historical" and old.superseded_on == dt.date(2025, 5, 1)
    assert old.thresholds[2].text == "≤ 5.0 L"
    assert toilet.water_saving_if["zh"] and toilet.water_saving_if["en"]
    assert toilet.batch == 1 and toilet.mandatory_from == dt.date(2018, 8, 1)


@pytest.mark.parametrize(("key", "upcoming"), [("smart_toilet", "GB 38448-2025"), ("dishwasher", "GB 38383-2025"),
                                                ("washing_machine", "GB 12021.4-2026")])
def test_2027_changes(key, upcoming):
    editions = product(key).upcoming()
    assert [e.standard for e in editions] == [upcoming]
    assert editions[0].effective == dt.date(2027, 4, 1)


def test_only_register_thresholds_are_numbers():
    numbers = {(p.key, e.standard, g): t.value for p in scheme().products for e in p.editions
               for g, t in e.thresholds.items() if t is not None}
    assert numbers == {
        ("toilet", "GB 25502-2017", 2): Decimal("5.0"),
        ("water_purifier", "GB 34914-2021", 1): Decimal(65),
        ("water_purifier", "GB 34914-2021", 3): Decimal(45),
        ("water_purifier", "GB 34914-2017", 2): Decimal(55),
        ("water_purifier", "GB 34914-2017", 5): Decimal(35),
    }


def test_dishwasher_five_grades_and_guidance():
    dishwasher = product("洗碗机")
    assert dishwasher.grades == 5 and "3" in dishwasher.water_saving_if["en"]


def test_catalogue_batches():
    batches = {n: sorted(p.key for p in products) for n, products in scheme().batches()}
    assert batches == {1: ["toilet"], 2: ["dishwasher", "smart_toilet"], 3: ["shower", "water_purifier"], 4: ["faucet"]}
    assert product("washing_machine").catalogue.status == "unconfirmed"
    assert product("urinal").batch is None


def test_every_product_has_sources_and_a_standard_link():
    s = scheme()
    assert s.standard_search_url.startswith("https://openstd.samr.gov.cn")
    for item in s.products:
        assert item.sources and all(src.confidence for src in item.sources)
        assert item.standard_url == s.standard_search_url
        assert item.name["zh"] and item.name["en"]
    assert len(s.label_fields) == 8
    assert [g["grade"] for g in s.grade_meanings] == [1, 2, 3]
    assert s.sections["legal_basis"]["text"]["en"].count("2018-03-01") == 1


def test_gb30717_dates_agree_with_the_cited_source():
    """wi89.com, the cited source, gives 2020-07-01 as the planned start; 2021-01-01 is the alternative."""
    squat = next(p for p in scheme().products if p.key == "squat_pan")
    edition = next(e for e in squat.editions if e.standard == "GB 30717-2019")
    assert (edition.effective, edition.effective_alt) == (dt.date(2020, 7, 1), dt.date(2021, 1, 1))
    assert "2020-07-01" in edition.note["en"] and any("wi89.com" in s.url for s in edition.sources)


def test_grade_direction_names_which_standards_use_5_grades():
    text = scheme().sections["grade_direction"]["text"]
    assert "GB 38383-2019" in text["zh"] and "older appliance standards" not in text["en"]
