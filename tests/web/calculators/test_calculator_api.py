"""The calculators' JSON API: shapes, and every bad input answering 400 in the asked language."""

import pytest

from web.openapi import document


def test_bill_json(client):
    response = client.get("/api/v1/bill?usage_m3=250&people=3&period=year")
    assert response.status_code == 200
    data = response.get_json()
    assert data["total_yuan"] == 903.9
    assert [(t["tier"], t["volume_m3"], t["price_yuan_per_m3"], t["amount_yuan"]) for t in data["tiers"]] == [
        (1, 220, 3.45, 759.0), (2, 30, 4.83, 144.9), (3, 0, 5.83, 0.0)]
    assert data["tariff"]["effective_from"] == "2013-08-01"
    assert data["tariff"]["source"]["url"].startswith("http")
    assert data["tier"] == 2 and data["left_in_tier_m3"] == 50 and data["next_m3_price_yuan"] == 4.83


def test_bill_json_defaults_and_chinese_numerals(client):
    data = client.get("/api/v1/bill?usage_m3=两百二十吨").get_json()
    assert data["people"] == 1 and data["period"] == "year" and data["total_yuan"] == 759.0


BAD = [
    ("", "usage_m3"),
    ("usage_m3=", "usage_m3"),
    ("usage_m3=-1", "usage_m3"),
    ("usage_m3=abc", "usage_m3"),
    ("usage_m3=NaN", "usage_m3"),
    ("usage_m3=inf", "usage_m3"),
    ("usage_m3=-Infinity", "usage_m3"),
    ("usage_m3=1e300", "usage_m3"),
    ("usage_m3=1000000.5", "usage_m3"),
    ("usage_m3=100&people=0", "people"),
    ("usage_m3=100&people=-3", "people"),
    ("usage_m3=100&people=2.5", "people"),
    ("usage_m3=100&people=abc", "people"),
    ("usage_m3=100&people=", "people"),
    ("usage_m3=100&people=31", "people"),
    ("usage_m3=100&period=week", "period"),
]


@pytest.mark.parametrize(("query", "field"), BAD)
@pytest.mark.parametrize(("lang", "marker"), [("zh", "。"), ("en", ".")])
def test_bad_bill_input_is_400_in_language(client, query, field, lang, marker):
    response = client.get(f"/api/v1/bill?{query}&lang={lang}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["field"] == field
    assert error["message"].endswith(marker)
    has_cjk = any("\u4e00" <= ch <= "\u9fff" for ch in error["message"])
    assert has_cjk == (lang == "zh") or "两百五十" in error["message"]


def test_bad_lang(client):
    response = client.get("/api/v1/bill?usage_m3=1&lang=fr")
    assert response.status_code == 400 and response.get_json()["error"]["field"] == "lang"


def test_savings_json(client):
    response = client.post("/api/v1/savings?lang=en", json={"people": 3, "dripping_taps": 1})
    assert response.status_code == 200
    data = response.get_json()
    keys = [a["key"] for a in data["actions"]]
    assert {"shorter_shower", "fix_drip", "water_saving_toilet", "efficient_showerhead", "full_loads_laundry"} <= set(keys)
    drip = next(a for a in data["actions"] if a["key"] == "fix_drip")
    assert drip["m3_per_year"] == 11.36 and drip["yuan_per_year"] > 0
    assert data["defaults"]["shower_litres_per_person_per_day"]["source"]["confidence"] == "med"
    assert data["defaults"]["shower_litres_per_person_per_day"]["source"]["kind"] == "secondary"
    assert data["bill"]["total_yuan"] > 0


@pytest.mark.parametrize(
    ("body", "field"),
    [(None, "body"), ([1, 2], "body"), ({}, "people"), ({"people": 0}, "people"), ({"people": 1.5}, "people"),
     ({"people": 2, "shower_minutes": -1}, "shower_minutes"), ({"people": 2, "litres_per_flush": "nan"}, "litres_per_flush"),
     ({"people": 2, "toilet_grade": 9}, "toilet_grade")],
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bad_savings_input(client, body, field, lang):
    if body is None:
        response = client.post(f"/api/v1/savings?lang={lang}", data="not json", content_type="application/json")
    else:
        response = client.post(f"/api/v1/savings?lang={lang}", json=body)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["field"] == field
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"]) == (lang == "zh")


def test_savings_lang_in_body(client):
    response = client.post("/api/v1/savings", json={"people": 0, "lang": "en"})
    assert "whole number" in response.get_json()["error"]["message"]


def test_savings_api_needs_no_csrf(csrf_app):
    response = csrf_app.test_client().post("/api/v1/savings", json={"people": 2})
    assert response.status_code == 200


def test_labels_json(client):
    data = client.get("/api/v1/labels?lang=en").get_json()
    assert len(data["products"]) == 9 and data["standard_search_url"].startswith("https://openstd")
    toilet = client.get("/api/v1/labels?product=马桶&lang=zh").get_json()["product"]
    assert toilet["key"] == "toilet" and toilet["standard"] == "GB 25502-2024"
    assert toilet["thresholds"] == {"1": None, "2": None, "3": None}
    missing = client.get("/api/v1/labels?product=fridge&lang=en")
    assert missing.status_code == 404 and missing.get_json()["error"]["field"] == "product"


def test_openapi_documents_the_paths():
    document.cache_clear()
    paths = document()["paths"]
    assert {"/api/v1/bill", "/api/v1/savings", "/api/v1/labels"} <= set(paths)
    assert "Bill" in document()["components"]["schemas"]
