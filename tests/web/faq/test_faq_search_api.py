"""`GET /api/v1/faq/search`: the contract the assistant's fallback relies on."""

from __future__ import annotations

import pytest


@pytest.fixture
def entries(make_faq):
    bill = make_faq("how-tiers-work", ["阶梯水价怎么算", "水费分几档", "每吨水多少钱"],
                    ["How does the tiered water price work", "What are the water price tiers"])
    days = make_faq("world-water-day", ["世界水日是哪一天", "世界水日是几月几号"],
                    ["When is World Water Day", "What date is World Water Day"])
    draft = make_faq("draft-entry", ["小区停水了吗"], ["Is the water off in my estate"], status="draft")
    return bill, days, draft


def test_a_paraphrase_finds_its_entry_in_both_languages(client, entries, app, openapi_valid, monkeypatch):
    bill, days, _draft = entries
    monkeypatch.setitem(app.config, "SITE_URL", "https://water.example.cn")
    response = openapi_valid(client.get("/api/v1/faq/search", query_string={"q": "水费是分几档的？", "lang": "zh"}))
    assert response.status_code == 200
    data = response.get_json()
    assert data["match"]["id"] == bill.id and data["match"]["question"] == "阶梯水价怎么算"
    assert data["match"]["answer"] == bill.answer_zh
    assert data["match"]["url"] == "https://water.example.cn/faq/how-tiers-work?lang=zh"
    assert data["match"]["score"] >= data["threshold"] > 0
    english = openapi_valid(client.get("/api/v1/faq/search", query_string={"q": "world water day date?", "lang": "en"}))
    assert english.get_json()["match"]["id"] == days.id
    assert english.get_json()["match"]["answer"] == days.answer_en


def test_unrelated_questions_and_drafts_do_not_match(client, entries, openapi_valid):
    for question in ("小区停水了吗", "明天天气怎么样", "How do I renew my passport?"):
        response = openapi_valid(client.get("/api/v1/faq/search", query_string={"q": question, "lang": "zh"}))
        assert response.status_code == 200 and response.get_json()["match"] is None, question


def test_the_url_ignores_a_forged_host(client, entries, app, monkeypatch):
    monkeypatch.setitem(app.config, "SITE_URL", "https://water.example.cn/")
    data = client.get("/api/v1/faq/search?q=世界水日是哪天&lang=zh", headers={"Host": "evil.example"}).get_json()
    assert data["match"]["url"].startswith("https://water.example.cn/faq/")


@pytest.mark.parametrize("query, lang, message", [
    ({"q": ""}, "zh", "请输入"),
    ({"q": "   "}, "en", "Type a question"),
    ({"q": "水" * 1001}, "zh", "1000"),
    ({"q": "x" * 1001}, "en", "under 1000 characters"),
    ({}, "en", "Type a question"),
])
def test_bad_questions_get_a_400_in_the_asked_language(client, query, lang, message, openapi_valid):
    response = openapi_valid(client.get("/api/v1/faq/search", query_string={**query, "lang": lang}))
    assert response.status_code == 400
    assert response.get_json()["error"]["field"] == "q" and message in response.get_json()["error"]["message"]


def test_an_unknown_language_is_refused(client, openapi_valid):
    response = openapi_valid(client.get("/api/v1/faq/search?q=水费&lang=fr"))
    assert response.status_code == 400 and response.get_json()["error"]["field"] == "lang"


def test_a_new_approved_entry_is_found_at_once_and_a_withdrawn_one_is_not(client, entries, make_faq, db):
    assert client.get("/api/v1/faq/search?q=水表不准怎么办&lang=zh").get_json()["match"] is None
    meter = make_faq("meter-check", ["水表不准怎么办", "怀疑水表坏了"], ["My water meter seems wrong"])
    assert client.get("/api/v1/faq/search?q=水表不准怎么办&lang=zh").get_json()["match"]["id"] == meter.id
    from web import clock

    meter.status, meter.updated_at = "draft", clock.now()
    db.session.commit()
    assert client.get("/api/v1/faq/search?q=水表不准怎么办&lang=zh").get_json()["match"] is None


def test_the_search_is_documented():
    from web.openapi import document

    document.cache_clear()
    assert "/api/v1/faq/search" in document()["paths"] and "FaqMatch" in document()["components"]["schemas"]


def test_an_entry_changed_by_another_site_instance_is_seen_at_the_next_search(client, entries, app):
    """Each process caches its index under a version read from the database, so a change
    written by any instance (here: straight into the table on its own connection) counts."""
    from sqlalchemy import create_engine, text

    bill, _days, _draft = entries
    assert client.get("/api/v1/faq/search?q=阶梯水价怎么算&lang=zh").get_json()["match"]["id"] == bill.id
    other = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    with other.begin() as conn:
        conn.execute(text("UPDATE faq_entries SET status = 'draft', updated_at = :now WHERE id = :id"),
                     {"now": "2099-01-01 00:00:00", "id": bill.id})
    other.dispose()
    assert client.get("/api/v1/faq/search?q=阶梯水价怎么算&lang=zh").get_json()["match"] is None
