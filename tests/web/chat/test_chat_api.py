"""/api/chat against a stub Rasa server that this test starts (the real bot is tested in
tests/e2e and tests/bot): forwarding, recording, politeness when the bot is down or slow."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from web.chat import services
from web.chat.models import ChatExchange


class StubRasa:
    """A loopback HTTP server answering like Rasa's site channel."""

    def __init__(self):
        self.reply: list = []
        self.delay = 0.0
        self.received: list[dict] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                stub.received.append({"path": self.path, "json": json.loads(body)})
                time.sleep(stub.delay)
                data = json.dumps(stub.reply).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"Hello from Rasa")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def rasa(app, monkeypatch):
    stub = StubRasa()
    monkeypatch.setitem(app.config, "BOT_URL", stub.url)
    monkeypatch.setattr(services, "_bot_quiet_until", 0.0)
    yield stub
    stub.server.shutdown()


def ask(client, message, lang=None):
    body = {"message": message} if lang is None else {"message": message, "lang": lang}
    return client.post("/api/chat", json=body)


def test_forwards_to_rasa_and_returns_replies(client, rasa, db):
    rasa.reply = [
        {"recipient_id": "x", "text": "您好！", "buttons": [{"title": "阶梯水价", "payload": "/ask_tariff"}]},
        {"recipient_id": "x", "custom": {"meta": {"intent": "greet", "confidence": 0.98, "fallback": False}}},
    ]
    response = ask(client, "你好", "zh")
    assert response.status_code == 200
    assert response.get_json() == {
        "replies": [{"text": "您好！", "buttons": [{"title": "阶梯水价", "payload": "/ask_tariff"}]}],
        "bot_available": True,
    }
    sent = rasa.received[0]
    assert sent["path"] == "/webhooks/site/webhook"
    assert sent["json"]["message"] == "你好" and sent["json"]["metadata"] == {"lang": "zh"}
    exchange = db.session.query(ChatExchange).one()
    assert (exchange.intent, exchange.confidence, exchange.fallback, exchange.bot_available) == ("greet", 0.98, False, True)


def test_sender_is_anonymous_and_stable_within_a_session(client, rasa):
    rasa.reply = [{"text": "ok"}]
    ask(client, "one")
    ask(client, "two")
    first, second = (r["json"]["sender"] for r in rasa.received)
    assert first == second and len(first) == 32
    with client.session_transaction() as session:
        assert session["chat_sender"] != first  # Rasa sees only a hash of the browser's token


def test_fallback_is_recorded_for_the_dashboard(client, rasa, db):
    rasa.reply = [{"text": "Sorry…"}, {"custom": {"meta": {"intent": "nlu_fallback", "confidence": 0.2, "fallback": True}}}]
    ask(client, "量子力学的水是什么", "zh")
    assert db.session.query(ChatExchange).one().fallback is True


def test_bot_down_gives_polite_reply_with_calculator_links(client, db):
    response = ask(client, "how much is water?", "en")
    body = response.get_json()
    assert response.status_code == 200 and body["bot_available"] is False
    assert "not available right now" in body["replies"][0]["text"] and "(/bill)" in body["replies"][0]["text"]
    assert db.session.query(ChatExchange).one().bot_available is False


def test_bot_down_reply_in_chinese(client):
    assert "暂时无法使用" in ask(client, "水费多少", "zh").get_json()["replies"][0]["text"]


def test_slow_bot_times_out_politely(app, client, rasa, monkeypatch):
    monkeypatch.setitem(app.config, "BOT_TIMEOUT_SECONDS", 0.3)
    rasa.delay = 1.0
    started = time.monotonic()
    body = ask(client, "hello", "en").get_json()
    assert time.monotonic() - started < 1.0
    assert body["bot_available"] is False
    # During the quiet period the site does not wait on the bot at all.
    rasa.delay = 0
    assert ask(client, "hello again", "en").get_json()["bot_available"] is False
    assert len(rasa.received) == 1


def test_empty_rasa_answer_still_replies(client, rasa):
    rasa.reply = []
    body = ask(client, "…", "en").get_json()
    assert body["replies"] == [{"text": "Sorry, I did not catch that. Could you ask it another way?"}]


def test_markup_from_the_bot_is_passed_as_text_for_the_widget(client, rasa):
    rasa.reply = [{"text": "<script>alert(1)</script>"}]
    assert ask(client, "x").get_json()["replies"][0]["text"] == "<script>alert(1)</script>"  # widget uses textContent


@pytest.mark.parametrize("payload,status,field", [
    ("not json", 400, "message"),
    ({"message": 5}, 400, "message"),
    ({"message": "hi", "lang": "fr"}, 400, "lang"),
    ({"message": "x" * 10_001}, 413, "message"),
])
def test_bad_input_is_a_clear_json_error(client, payload, status, field):
    if isinstance(payload, str):
        response = client.post("/api/chat?lang=en", data=payload, content_type="application/json")
    else:
        response = client.post("/api/chat?lang=en", json=payload)
    assert response.status_code == status
    error = response.get_json()["error"]
    assert error["field"] == field and error["message"]


def test_bad_input_message_in_chinese(client):
    error = client.post("/api/chat?lang=zh", json={"message": 5}).get_json()["error"]
    assert error["message"] == "消息必须是文字。"


def test_empty_message_gets_a_prompt_not_an_error(client):
    response = ask(client, "   ", "en")
    assert response.status_code == 200 and "Please type a question" in response.get_json()["replies"][0]["text"]


def test_chat_needs_the_csrf_token(csrf_app):
    response = csrf_app.test_client().post("/api/chat?lang=en", json={"message": "hi"})
    assert response.status_code == 400 and "form expired" in response.get_json()["error"]["message"]


def test_rate_limit_answers_429_with_retry_after(client, rasa, rate_limits):
    rasa.reply = [{"text": "ok"}]
    responses = [ask(client, f"q{i}", "en") for i in range(21)]
    assert [r.status_code for r in responses[:20]] == [200] * 20
    limited = responses[20]
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    assert limited.get_json()["error"]["message"] == "请求过于频繁，请稍候再试。"  # UI language (no ?lang=)


def test_purge_deletes_only_old_exchanges(app, runner, db):
    old = ChatExchange(conversation="a", lang="zh", question="旧问题",
                       created_at=dt.datetime(2000, 1, 1))
    new = ChatExchange(conversation="b", lang="zh", question="新问题")
    db.session.add_all([old, new])
    db.session.commit()
    result = runner.invoke(args=["chat", "purge"])
    assert "purged 1" in result.output
    assert [e.question for e in db.session.query(ChatExchange)] == ["新问题"]


def test_widget_token_lets_the_chat_through(csrf_app):
    client = csrf_app.test_client()
    token = client.get("/api/chat/token")
    assert token.headers["Cache-Control"] == "no-store"
    response = client.post("/api/chat?lang=en", json={"message": "hi", "lang": "en"},
                           headers={"X-CSRFToken": token.get_json()["csrf_token"]})
    assert response.status_code == 200 and response.get_json()["bot_available"] is False


def test_pages_start_no_session(client):
    assert "Set-Cookie" not in client.get("/").headers


def test_every_answered_intent_is_recorded_when_one_message_gets_several_answers(client, rasa, db):
    from web.chat.questions import top_intents

    rasa.reply = [
        {"recipient_id": "x", "text": "第一档 3.45 元/立方米…"},
        {"recipient_id": "x", "text": "世界水日：3月22日…"},
        {"recipient_id": "x", "custom": {"meta": {"intent": "ask_tiers", "confidence": 0.97, "fallback": False,
                                                  "intents": ["ask_tiers", "ask_water_days"]}}},
    ]
    ask(client, "第一档水价多少 另外世界水日是哪天", "zh")
    exchange = db.session.query(ChatExchange).one()
    assert (exchange.intent, exchange.more_intents) == ("ask_tiers", "ask_water_days")
    rasa.reply = [{"text": "…"}, {"custom": {"meta": {"intent": "ask_water_days", "confidence": 0.9, "fallback": False,
                                                      "intents": ["ask_water_days", "DROP TABLE x;", 7]}}}]
    ask(client, "世界水日是哪天", "zh")
    db.session.commit()
    assert dict(top_intents()) == {"ask_water_days": 2, "ask_tiers": 1}
    rasa.reply = [{"text": "…"}, {"custom": {"meta": {"intent": "greet", "confidence": 0.9, "fallback": False}}}]
    ask(client, "你好", "zh")
    assert db.session.query(ChatExchange).order_by(ChatExchange.id.desc()).first().more_intents is None
