"""The Rasa-side pieces: same-path intent merging, the long-message focus, the language NLG."""

from __future__ import annotations

import asyncio

import pytest

pytest.importorskip("rasa")

from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.events import SlotSet, UserUttered  # noqa: E402
from rasa.shared.core.trackers import DialogueStateTracker  # noqa: E402

from bot.components.focus import LONG_MESSAGE_CHARS, question_focus, question_sentences  # noqa: E402
from bot.components.intent_groups import merge_ranking  # noqa: E402
from bot.components.nlg import LanguageAwareNLG  # noqa: E402

GROUPS = {"water": ["ask_bill", "ask_which_tier", "inform"], "labels": ["ask_label_scheme", "ask_label_grades"]}


def test_same_path_intents_share_their_confidence():
    ranking = [
        {"name": "ask_bill", "confidence": 0.46},
        {"name": "ask_which_tier", "confidence": 0.41},
        {"name": "ask_label_scheme", "confidence": 0.08},
        {"name": "greet", "confidence": 0.05},
    ]
    merged = merge_ranking(ranking, GROUPS)
    assert [e["name"] for e in merged] == ["ask_bill", "ask_label_scheme", "greet"]
    assert merged[0]["confidence"] == pytest.approx(0.87) and merged[0]["own_confidence"] == 0.46
    # FallbackClassifier's ambiguity check (top two within 0.1) no longer fires on same-path intents
    assert merged[0]["confidence"] - merged[1]["confidence"] > 0.1


def test_different_paths_stay_apart():
    ranking = [{"name": "ask_bill", "confidence": 0.45}, {"name": "ask_label_grades", "confidence": 0.4},
               {"name": "ask_label_scheme", "confidence": 0.15}]
    merged = merge_ranking(ranking, GROUPS)
    assert merged[0]["name"] == "ask_label_grades" and merged[0]["confidence"] == pytest.approx(0.55)
    assert merged[1] == {"name": "ask_bill", "confidence": 0.45, "own_confidence": 0.45}


def test_short_messages_are_read_whole():
    text = "我家三口人，一年用了260吨，水费多少？"
    assert question_focus(text) == (0, len(text))


def test_the_question_at_the_end_of_a_long_message_is_the_focus():
    story = "我们家住在普陀区长风街道，老房子了，水管是二十年前装的。" * 20
    text = story + "请问一年用260吨水，三口人，水费大概多少？"
    assert len(text) > LONG_MESSAGE_CHARS
    start, end = question_focus(text)
    assert "水费大概多少" in text[start:end] and end - start <= 200
    assert "长风街道" not in text[start:end]


def test_a_long_message_without_a_question_mark_still_has_a_focus():
    text = "x" * 500 + " how much is water per cubic metre"
    start, end = question_focus(text)
    assert text[start:end].endswith("cubic metre") and end - start <= 200


def _nlg_reply(text: str, metadata: dict | None, slot_lang: str | None) -> str:
    domain = Domain.from_yaml(
        """
version: "3.1"
slots:
  lang: {type: categorical, values: [zh, en], initial_value: zh, influence_conversation: false, mappings: [{type: custom}]}
responses:
  utter_thank:
    - text: "You're welcome! Every drop counts."
      buttons: [{title: "Water bill", payload: /ask_bill}]
"""
    )
    events = [] if slot_lang is None else [SlotSet("lang", slot_lang)]
    events.append(UserUttered(text, {"name": "thank", "confidence": 1.0}, metadata=metadata))
    tracker = DialogueStateTracker.from_events("t", events, domain.slots)
    nlg = LanguageAwareNLG(domain=domain)
    reply = asyncio.run(nlg.generate("utter_thank", tracker, "site"))
    return f"{reply['text']} [{reply['buttons'][0]['title']}]"


def test_reply_language_is_decided_in_rasa_without_the_action_server():
    """The response is English msgids; the Chinese (text and button titles) comes from bot.po."""
    english, chinese = "You're welcome! Every drop counts. [Water bill]", "不客气！节约每一滴水。 [算水费]"
    assert _nlg_reply("thanks a lot", None, "zh") == english  # English words win over the slot
    assert _nlg_reply("谢谢", {"lang": "en"}, "en") == chinese  # Chinese characters win over metadata
    assert _nlg_reply("ok", {"lang": "en"}, "zh") == english  # a tie: the site's metadata
    assert _nlg_reply("ok", None, "en") == english  # then the conversation's language
    assert _nlg_reply("ok", None, None) == chinese  # then Chinese


def test_action_answers_are_still_validated_after_the_fast_validator_is_installed():
    import jsonschema
    from rasa.core.actions.action import RemoteAction

    from bot.components import remote_actions

    remote_actions.install()
    action = RemoteAction("action_x", None)
    good = {"events": [{"event": "slot", "name": "lang", "value": "zh", "timestamp": None}],
            "responses": [{"text": "你好"}]}
    assert action._validate_action_result(good) is True
    with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": [{"event": "no_such_event"}]})
    with pytest.raises(jsonschema.ValidationError):
        action._validate_action_result({"events": "not a list"})


def test_question_sentences():
    assert question_sentences("世界水日是哪天？还有，洗澡怎么省水？谢谢。") == ["世界水日是哪天？", "还有，洗澡怎么省水？"]
    assert question_sentences("I live alone. How much is water? Where is the quiz?") == [
        "How much is water?", "Where is the quiz?"]
    assert question_sentences("你好") == []
