"""The chat proxy against a misbehaving bot (tests/fake_bot.py, a real loopback server):
a total deadline, a cap on the answer's size, and a bound on concurrent bot calls."""

from __future__ import annotations

import threading
import time

import pytest

from tests.fake_bot import FakeBot
from web.chat import services


@pytest.fixture
def fake_bot(app, monkeypatch):
    """`fake_bot(mode)` → a running FakeBot the app talks to; stopped after the test."""
    started = []

    def make(mode: str, **options) -> FakeBot:
        bot = FakeBot(mode, **options).__enter__()
        started.append(bot)
        monkeypatch.setitem(app.config, "BOT_URL", bot.url)
        return bot

    monkeypatch.setattr(services, "_bot_quiet_until", 0.0)
    monkeypatch.setattr(services, "_health_quiet_until", 0.0)
    yield make
    for bot in started:
        bot.__exit__(None, None, None)


def ask(client, message="hello"):
    started = time.monotonic()
    response = client.post("/api/chat", json={"message": message, "lang": "en"})
    return response, time.monotonic() - started


@pytest.mark.parametrize("mode", ["trickle_body", "trickle_headers", "hang"])
def test_total_deadline_holds_whatever_the_bot_does(app, client, fake_bot, monkeypatch, mode):
    monkeypatch.setitem(app.config, "BOT_TIMEOUT_SECONDS", 1.0)
    fake_bot(mode, trickle_interval=0.1)  # a byte every 0.1 s: no single read ever waits 1 s
    response, elapsed = ask(client)
    assert elapsed < 2.5, f"{mode}: chat took {elapsed:.1f}s with a 1 s deadline"
    body = response.get_json()
    assert response.status_code == 200 and body["bot_available"] is False
    assert "(/bill)" in body["replies"][0]["text"]


@pytest.mark.parametrize("mode", ["huge", "huge_unsized"])
def test_oversized_answer_is_refused_not_passed_to_the_browser(app, client, fake_bot, monkeypatch, mode):
    monkeypatch.setitem(app.config, "BOT_TIMEOUT_SECONDS", 10.0)
    fake_bot(mode, huge_bytes=8 * 1024 * 1024)
    response, elapsed = ask(client)
    assert response.status_code == 200 and response.get_json()["bot_available"] is False
    assert len(response.get_data()) < 4096
    assert elapsed < 3


def test_a_normal_answer_still_goes_through(client, fake_bot):
    fake_bot("ok")
    response, _elapsed = ask(client)
    assert response.get_json() == {"replies": [{"text": "ok"}], "bot_available": True}


def test_when_every_bot_slot_is_taken_the_next_chat_is_answered_at_once(app, fake_bot, monkeypatch):
    monkeypatch.setitem(app.config, "BOT_TIMEOUT_SECONDS", 3.0)
    monkeypatch.setitem(app.config, "BOT_MAX_CONCURRENT", 2)
    bot = fake_bot("hang")
    hung = [threading.Thread(target=ask, args=(app.test_client(),)) for _ in range(2)]
    for thread in hung:
        thread.start()
    deadline = time.monotonic() + 2
    while bot.requests < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert bot.requests == 2
    response, elapsed = ask(app.test_client())
    for thread in hung:
        thread.join()
    assert elapsed < 0.5, f"the third chat waited {elapsed:.1f}s for a slot"
    body = response.get_json()
    assert response.status_code == 200 and body["bot_available"] is False
    assert "busy" in body["replies"][0]["text"] and "(/bill)" in body["replies"][0]["text"]
    assert bot.requests == 2  # the busy answer never reached the bot


def test_busy_reply_in_chinese(app, fake_bot, monkeypatch):
    monkeypatch.setitem(app.config, "BOT_MAX_CONCURRENT", 1)
    monkeypatch.setitem(app.config, "BOT_TIMEOUT_SECONDS", 2.0)
    bot = fake_bot("hang")
    thread = threading.Thread(target=ask, args=(app.test_client(),))
    thread.start()
    while bot.requests < 1:
        time.sleep(0.02)
    text = app.test_client().post("/api/chat", json={"message": "水费", "lang": "zh"}).get_json()["replies"][0]["text"]
    thread.join()
    assert "繁忙" in text and "(/bill)" in text


def test_health_check_of_a_hung_bot_is_bounded_and_not_repeated_at_once(app, client, fake_bot):
    bot = fake_bot("trickle_body", trickle_interval=0.1)
    started = time.monotonic()
    assert client.get("/healthz").get_json()["bot"] == "unavailable"
    assert time.monotonic() - started < 2.5
    started = time.monotonic()
    assert client.get("/readyz").get_json()["bot"] == "unavailable"
    assert time.monotonic() - started < 0.5 and bot.requests == 1
