"""The site channel's input cleaning and per-turn meta (no server needed)."""

from types import SimpleNamespace

import pytest

pytest.importorskip("rasa")

from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered  # noqa: E402

from bot.channels import MAX_MESSAGE_CHARS, SiteInput, clean_message, turn_meta  # noqa: E402


def test_clean_message():
    assert clean_message(None) == ""
    assert clean_message(42) == ""
    assert clean_message("  hi\x00there\x1b ") == "hi there"
    # up to the site's 10,000-character limit nothing is cut (it used to keep only 1,000)
    long = "背景" * 4_990 + "水费多少？"
    assert MAX_MESSAGE_CHARS == 10_000
    assert clean_message(long) == long and len(long) > 1_000


def _tracker(intent, confidence, actions, lang="zh"):
    events = [UserUttered("x", {"name": intent, "confidence": confidence})]
    events += [ActionExecuted(name) for name in actions] + [SlotSet("lang", lang)]
    return SimpleNamespace(latest_message=events[0], events=events, get_slot=lambda name: lang if name == "lang" else None)


def test_turn_meta_reads_intent_confidence_and_fallback():
    meta = turn_meta(_tracker("ask_tiers", 0.98765, ["action_tariff_info"]), "水价", None)
    assert meta == {"intent": "ask_tiers", "confidence": 0.9877, "fallback": False, "lang": "zh"}
    meta = turn_meta(_tracker("nlu_fallback", 0.4, ["utter_fallback"], "en"), "hmm", "en")
    assert meta["fallback"] is True and meta["lang"] == "en"


def test_fallback_action_that_answered_is_not_a_fallback():
    answered = _tracker("nlu_fallback", 0.3, ["action_fallback"])
    assert turn_meta(answered, "250", None)["fallback"] is False
    unanswered = _tracker("nlu_fallback", 0.3, ["action_fallback"])
    unanswered.events.append(SlotSet("unanswered_question", "？？"))
    assert turn_meta(unanswered, "？？", None)["fallback"] is True
    # the water action handing noise to the fallback: recorded as unanswered too
    lifted = _tracker("ask_tiers", 0.45, ["action_answer_water_question"])
    lifted.events.append(SlotSet("unanswered_question", "who is the president"))
    assert turn_meta(lifted, "who is the president", None)["fallback"] is True


def test_turn_meta_without_a_reply_detects_the_language():
    meta = turn_meta(_tracker("ask_bill", 0.9, [], lang="zh"), "how much is my bill", None, replied=False)
    assert meta["lang"] == "en"
    assert turn_meta(None, "ok", "en")["lang"] == "en"


def test_channel_name():
    assert SiteInput.name() == "site"
