"""End to end: the trained model under `rasa run` and the action server, over HTTP.

Starts `rasa run actions` and `rasa run --enable-api` on free loopback ports with
bot/models/putuo.tar.gz (train it first: `make model`), then talks through the REST and
site channels. Slow (model load ≈ 20–60 s): `pytest -m slow tests/bot/test_rest_e2e.py`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
from decimal import Decimal
from pathlib import Path

import pytest

from bot.actions.formatting import yuan
from core import tariffs
from tests.support import free_port, post_json, start, stop, wait_for

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
BOT = REPO / "bot"
MODEL = BOT / "models" / "putuo.tar.gz"
RASA = Path(sys.executable).parent / "rasa"


class Bot:
    """A running Rasa, addressed through one of its channels (`rest` or `site`)."""

    def __init__(self, url: str, actions: subprocess.Popen | None = None):
        self.url, self.actions = url, actions

    def post(self, channel: str, message: object, sender: str, lang: str | None = None) -> list[dict]:
        body = {"sender": sender, "message": message}
        if lang:
            body["metadata"] = {"lang": lang}
        return post_json(f"{self.url}/webhooks/{channel}/webhook", body)


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    assert MODEL.exists(), "no trained model: run `make model` first (make test does)"
    work = tmp_path_factory.mktemp("bot")
    actions_port, bot_port = free_port(), free_port()
    endpoints = work / "endpoints.yml"
    endpoints.write_text(
        f"action_endpoint:\n  url: http://127.0.0.1:{actions_port}/webhook\n"
        "tracker_store:\n  type: bot.components.tracker_store.BoundedInMemoryTrackerStore\n"  # as bot/endpoints.yml
    )
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "SITE_URL": f"http://127.0.0.1:{free_port()}"}
    actions_log, bot_log = work / "actions.log", work / "bot.log"
    actions = start([str(RASA), "run", "actions", "--actions", "bot.actions", "-p", str(actions_port)], actions_log, env)
    rasa = start([str(RASA), "run", "--enable-api", "-i", "127.0.0.1", "-p", str(bot_port), "-m", str(MODEL),
                  "--endpoints", str(endpoints), "--credentials", "credentials.yml"], bot_log, env, cwd=BOT)
    try:
        wait_for(f"http://127.0.0.1:{actions_port}/health", 90, actions, actions_log)
        wait_for(f"http://127.0.0.1:{bot_port}/status", 300, rasa, bot_log, ok=lambda status, _body: status == 200)
        yield Bot(f"http://127.0.0.1:{bot_port}", actions)
    finally:
        stop(rasa)
        stop(actions)


def _text(messages: list[dict]) -> str:
    return "\n".join(m.get("text", "") for m in messages if "text" in m)


def _meta(messages: list[dict]) -> dict:
    assert "custom" in messages[-1], messages
    return messages[-1]["custom"]["meta"]


def _sender() -> str:
    return f"e2e-{uuid.uuid4().hex[:12]}"


def test_rest_bill_in_one_message(bot):
    expected = yuan(tariffs.bill(Decimal(250), 3).total_yuan)  # 220×3.45 + 30×4.83 = 903.90
    reply = _text(bot.post("rest", "我用了250吨，家里3口人，要交多少钱", _sender()))
    assert expected in reply
    assert "[查看计算过程](/bill?usage_m3=250&people=3)" in reply


def test_site_form_asks_for_what_is_missing_and_takes_a_correction(bot):
    sender = _sender()
    first = bot.post("site", "帮我算一下水费，一年用了两百五十吨", sender, "zh")
    assert "几口人" in _text(first)
    assert _meta(first)["intent"] == "ask_bill" and _meta(first)["lang"] == "zh"
    second = bot.post("site", "三个人", sender, "zh")
    assert yuan(tariffs.bill(250, 3).total_yuan) in _text(second)
    corrected = bot.post("site", "不对，是5口人", sender, "zh")
    assert yuan(tariffs.bill(250, 5).total_yuan) in _text(corrected)
    assert "people=5" in _text(corrected)
    meta = _meta(corrected)
    assert meta["intent"] == "inform" and meta["fallback"] is False and 0 < meta["confidence"] <= 1


def test_english_in_english_out(bot):
    messages = bot.post("site", "how much is the bill for 250 cubic meters and 3 people", _sender(), "zh")
    assert yuan(tariffs.bill(250, 3).total_yuan) in _text(messages)
    assert "See the working" in _text(messages)
    assert _meta(messages)["lang"] == "en"


def test_tier_prices_and_labels(bot):
    sender = _sender()
    tiers = _text(bot.post("rest", "阶梯水价是多少", sender))
    assert all(yuan(t.price_yuan_per_m3) in tiers for t in tariffs.tariff_in_force().tiers)
    assert "(/labels" in _text(bot.post("rest", "水效标识是什么", sender))


@pytest.mark.parametrize(
    "message",
    [
        "",
        "   ",
        "水" * 10_000,
        "😂😂😂",
        "<script>alert(1)</script>",
        "'; DROP TABLE users; --",
        "Hello 你好 水价 price?",
        None,
        12345,
    ],
)
def test_odd_messages_get_a_sensible_reply(bot, message):
    messages = bot.post("site", message, _sender(), "zh")
    text = _text(messages)
    assert text.strip()
    assert "<script" not in text and "DROP TABLE" not in text
    assert set(_meta(messages)) >= {"intent", "confidence", "fallback", "lang"}


def test_low_confidence_is_a_marked_fallback_with_buttons(bot):
    messages = bot.post("site", "qwpoeiruty zmxncbv", _sender(), "en")
    meta = _meta(messages)
    assert meta["intent"] in ("nlu_fallback", "out_of_scope")
    assert any(m.get("buttons") for m in messages)
    if meta["intent"] == "nlu_fallback":
        assert meta["fallback"] is True


def test_site_rejects_a_bad_sender(bot):
    request = urllib.request.Request(
        f"{bot.url}/webhooks/site/webhook", data=b'{"message": "hi"}', headers={"Content-Type": "application/json"}
    )
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=10)
    assert error.value.code == 400


def test_zz_actions_down_is_polite(bot):
    """Runs last (name): stops the action server, then asks for a bill."""
    stop(bot.actions)
    messages = bot.post("site", "250吨，3口人，水费多少", _sender(), "zh")
    assert "(/bill)" in _text(messages)
    assert _meta(messages)["degraded"] is True
    assert bot.post("rest", "250吨，3口人，水费多少", _sender()) == []  # the plain REST channel says nothing
