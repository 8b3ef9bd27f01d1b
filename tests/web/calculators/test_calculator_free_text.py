"""The calculators' free-text fields read what residents type with core.reading, as the
assistant does: "12吨/月", "8000升", "三口人", "family of 4"; and the quarter and half-year periods."""

import re
from urllib.parse import quote

import pytest


def text_of(response) -> str:
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_period_typed_with_the_volume_wins_over_the_default(client):
    response = client.get(f"/bill?usage_m3={quote('12吨/月')}&people={quote('三口人')}&period=year&lang=zh")
    assert response.status_code == 200
    body = text_of(response)
    assert "3口之家一个月用水12立方米" in body and "折合每年约144立方米" in body
    assert "全年¥496.80" in body  # 144 m³ in tier 1 at 3.45
    assert "period=month" in response.get_data(as_text=True)  # the share link says what was read


@pytest.mark.parametrize(("people", "expected"), [("三", 3), ("一家三口", 3), ("四口人", 4), ("family of 4", 4),
                                                   ("I live alone", 1), ("５", 5)])
def test_household_size_in_words(client, people, expected):
    response = client.get(f"/bill?usage_m3=250&people={quote(people)}&lang=en")
    assert response.status_code == 200
    assert f"250 m³ a year for {expected} people" in text_of(response)


def test_litres_are_read_as_cubic_metres(client):
    body = text_of(client.get(f"/bill?usage_m3={quote('8000升')}&people=2&lang=en"))
    assert "8 m³ a year for 2 people" in body


@pytest.mark.parametrize(("period", "annual", "zh_label"),
                         [("quarter", "120", "一个季度（三个月）"), ("half_year", "60", "半年")])
def test_quarter_and_half_year(client, period, annual, zh_label):
    body = text_of(client.get(f"/bill?usage_m3=30&people=3&period={period}&lang=zh"))
    assert f"折合每年约{annual}立方米" in body and f"3口之家{zh_label}用水30立方米" in body
    options = client.get("/bill?lang=en").get_data(as_text=True)
    assert f'value="{period}"' in options


@pytest.mark.parametrize(("query", "lang", "message"), [
    (f"usage_m3={quote('多少钱一吨')}", "zh", "例如"),  # a price phrase is not a volume
    (f"usage_m3=250&people={quote('三点五个人')}", "en", "whole number from 1 to 30"),
    (f"usage_m3=250&people={quote('四十口人')}", "zh", "1到30"),
    ("usage_m3=250&people=lots", "en", "whole number from 1 to 30"),
])
def test_free_text_that_is_not_a_value_is_refused(client, query, lang, message):
    response = client.get(f"/bill?{query}&lang={lang}")
    assert response.status_code == 400 and message in text_of(response)


def test_savings_household_size_in_chinese(client):
    response = client.get(f"/savings?people={quote('三口人')}&lang=zh")
    assert response.status_code == 200
    assert "294" in text_of(response)  # the same estimate as people=3


def test_api_reads_the_period_in_the_text_unless_one_is_given(client):
    data = client.get(f"/api/v1/bill?usage_m3={quote('12吨/月')}&people=3").get_json()
    assert data["period"] == "month" and data["annual_usage_m3"] == 144 and data["total_yuan"] == 496.8
    given = client.get(f"/api/v1/bill?usage_m3={quote('12吨/月')}&people=3&period=year").get_json()
    assert given["period"] == "year" and given["annual_usage_m3"] == 12
    quarter = client.get("/api/v1/bill?usage_m3=30&people=3&period=quarter").get_json()
    assert quarter["annual_usage_m3"] == 120 and quarter["period_total_yuan"] == 103.5
