"""After the reveal a question shows its source (title, link, date, confidence) and, for a
price, which prices it uses."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import T0


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ["Source:", "dated 2013-07-30", "confidence: high", "prices in force since 1 August 2013"]),
    ("zh", ["来源：", "日期：2013-07-30", "可信度：高", "2013年8月1日起执行的价格"]),
])
def test_the_reveal_shows_the_source_and_the_price_date(client, frozen_now, make_event, lang, words):
    event = make_event(question_ids=("tariff-tier1-price",), minutes=5)
    client.post(f"/join?code={event.code}&lang={lang}", data={"nickname": "Brave Frog"})
    before = client.get(f"/play/{event.code}").get_data(as_text=True)
    assert 'class="quiz-source quiz-source--pending" hidden>' in before  # hidden until the reveal
    frozen_now(T0 + dt.timedelta(minutes=6))
    page = client.get(f"/play/{event.code}").get_data(as_text=True)
    assert 'class="quiz-source"' in page and 'href="http://en.people.cn/90882/8346804.html"' in page
    for word in words:
        assert word in page, word
