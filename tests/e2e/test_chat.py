"""Conversations through the site's /api/chat with the real bot (model trained in this run):
the numbers in the answers are the core's, and the language follows the asker."""

from __future__ import annotations

import re

import pytest
import requests

from core.tariffs import bill, tariff_in_force

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def chat(live_site, live_bot):
    """A browser-like session: fetch the CSRF token (which starts the session), then post."""
    session = requests.Session()
    token = session.get(live_site.url + "/api/chat/token").json()["csrf_token"]

    def ask(message: str, lang: str = "zh") -> dict:
        response = session.post(live_site.url + "/api/chat", json={"message": message, "lang": lang},
                                headers={"X-CSRFToken": token}, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()

    return ask


def text_of(answer: dict) -> str:
    return "\n".join(reply.get("text", "") for reply in answer["replies"])


def money(amount) -> str:
    return f"{amount:.2f}"


def test_greeting_in_chinese(chat):
    answer = chat("你好")
    assert answer["bot_available"] is True
    assert CJK.search(text_of(answer))


def test_greeting_in_english(chat):
    answer = chat("hello", "en")
    assert not CJK.search(text_of(answer))


def test_bill_in_one_message_matches_core(chat):
    expected = bill(250, people=3)
    answer = text_of(chat("我家3口人，一年用了250吨水，要交多少钱？"))
    assert money(expected.total_yuan) in answer.replace(",", "")


def test_bill_form_asks_for_what_is_missing_and_takes_a_correction(chat):
    first = text_of(chat("帮我算一下水费"))
    assert CJK.search(first)
    chat("一年三百二十方")
    chat("3口人")
    corrected = text_of(chat("不对，是5口人"))
    assert money(bill(320, people=5).total_yuan) in corrected.replace(",", "")


def test_tier_prices_in_english_come_from_core(chat):
    answer = text_of(chat("What are the tiered water prices in Shanghai?", "en"))
    for tier in tariff_in_force().tiers:
        assert money(tier.price_yuan_per_m3) in answer
    assert not CJK.search(answer.replace("阶梯水价", ""))


def test_out_of_scope_is_redirected_politely(chat):
    answer = chat("今天天气怎么样？")
    assert answer["replies"] and CJK.search(text_of(answer))


def test_markup_is_not_echoed(chat):
    answer = text_of(chat("<script>alert('x')</script>"))
    assert "<script>" not in answer


def _exchanges(live_site, where: str, *params) -> list[tuple]:
    """Rows the running site recorded (its own SQLite database)."""
    import sqlite3

    path = live_site.env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        return connection.execute(f"SELECT intent, more_intents, left_for_staff, fallback FROM chat_exchanges WHERE {where}",
                                  params).fetchall()


def test_two_questions_in_one_message_are_answered_and_both_intents_recorded(chat, live_site):
    """Issue 10 B1 + B3: the whole stack, browser session → /api/chat → Rasa → actions."""
    message = "第二档水价多少钱一吨 另外中国水周是哪几天"
    answer = text_of(chat(message))
    assert money(tariff_in_force().tiers[1].price_yuan_per_m3) in answer and "中国水周" in answer
    assert _exchanges(live_site, "question = ?", message) == [("ask_tiers", "ask_water_days", 0, 0)]


def test_a_question_left_for_staff_reaches_the_dashboard_list(chat, live_site):
    """Issue 10 B3: asking for a person offers to leave the question; accepting makes the
    action server POST it to the site, which keeps it as waiting for staff."""
    offer = chat("转人工，我想问小区水箱多久清洗一次")
    assert "要把这个问题留给网站工作人员吗" in text_of(offer)
    assert any(b["payload"] == "/affirm" for r in offer["replies"] for b in r.get("buttons", []))
    assert _exchanges(live_site, "left_for_staff = 1") == []  # nothing before the resident says yes
    done = text_of(chat("/affirm"))
    assert "您的问题已留给本站工作人员" in done
    assert _exchanges(live_site, "left_for_staff = 1 AND question = ?", "转人工，我想问小区水箱多久清洗一次") == [
        (None, None, 1, 1)]
