"""The reply language is decided in Rasa, whatever endpoints file starts it (issue #10 §9).

A benchmark (and any deployment) may start Rasa with its own endpoints file that names only
the action server, no `nlg:`. Rasa then used its plain templated generator, which follows the
`lang` slot — set only by actions — so English small talk, out-of-scope questions and "what
can you do" (answers that need no action) came back in Chinese. This starts the trained model
with exactly such an endpoints file, the action server up and then down, and asks in English
through both channels. Slow (model load): `pytest -m slow tests/bot/test_reply_language_e2e.py`.
"""

from __future__ import annotations

import re
import uuid

import pytest

from tests.support import Bot, running_bot, stop

pytestmark = pytest.mark.slow

CJK = re.compile(r"[\u4e00-\u9fff]")
# Fresh wordings (not copied from the training data): small talk, out of scope, capabilities.
ENGLISH_WITHOUT_ACTIONS = [
    "good evening!",
    "cheers, that was really helpful",
    "which football team won last night",
    "could you book me a taxi to the airport",
    "so what sort of things are you able to help with",
    "what kinds of questions can I ask you",
]


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    with running_bot(tmp_path_factory.mktemp("bot-lang")) as running:  # the action server only: no nlg:
        yield running


def _text(messages: list[dict]) -> str:
    return "\n".join(m.get("text", "") for m in messages if "text" in m)


def _assert_english(messages: list[dict], message: str) -> None:
    text = _text(messages)
    assert text.strip(), (message, messages)
    assert not CJK.search(text), (message, text)


def _ask_all(bot: Bot) -> None:
    for message in ENGLISH_WITHOUT_ACTIONS:
        for channel, lang in (("site", "zh"), ("site", None), ("rest", None)):
            _assert_english(bot.post(channel, message, f"lang-{uuid.uuid4().hex[:10]}", lang), message)
    # a conversation that began in Chinese (an action set the slot to zh) switches to English
    sender = f"lang-{uuid.uuid4().hex[:10]}"
    assert CJK.search(_text(bot.post("site", "阶梯水价是多少", sender, "zh")))
    for message in ENGLISH_WITHOUT_ACTIONS[::2]:
        _assert_english(bot.post("site", message, sender, "zh"), message)


def test_english_small_talk_out_of_scope_and_capabilities_are_answered_in_english(bot):
    _ask_all(bot)
    hello = _text(bot.post("site", "你好", f"lang-{uuid.uuid4().hex[:10]}", "en"))
    assert CJK.search(hello)  # and Chinese stays Chinese


def test_z_still_english_with_the_action_server_down(bot):
    stop(bot.actions)
    for message in ENGLISH_WITHOUT_ACTIONS:
        _assert_english(bot.post("site", message, f"lang-{uuid.uuid4().hex[:10]}", "zh"), message)
    # the domain's responses are English msgids; Rasa itself takes the Chinese from bot.po
    hello = bot.post("site", "你好", f"lang-{uuid.uuid4().hex[:10]}", "en")
    assert _text(hello).startswith("您好！我是“节水普陀”小助手")
    assert [b["title"] for b in hello[0]["buttons"]][:2] == ["算水费", "阶梯水价"]
    hello = bot.post("site", "hello there", f"lang-{uuid.uuid4().hex[:10]}", "zh")
    assert _text(hello).startswith("Hello! I'm the Putuo Saves Water assistant.")
    assert [b["title"] for b in hello[0]["buttons"]][:2] == ["Water bill", "Tiered prices"]
