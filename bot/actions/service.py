"""Hotlines, handing off to a person, the site's own features, and the fallback.

`action_fallback` runs when NLU is unsure (nlu_fallback): the reader may still recognise a
water question ("250" after "how much water?", "交了150元…"), then an approved FAQ entry
may answer it (the site's /api/v1/faq/search); only then the honest "I couldn't answer".
It says the question was recorded for staff only when it came through the site's channel,
which records every exchange with its fallback flag (web/chat/services.py).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import site_api
from bot.actions.common import SORRY, latest_intent, reply_lang, say
from bot.actions.info_texts import hotlines_text
from bot.actions.site_texts import (
    SITE_ANSWERS,
    fallback_text,
    faq_answer_text,
    handoff_text,
    topic_buttons,
)
from bot.actions.water import is_other_utility, is_period_follow_up, is_water_message, read_turn, water_turn
from bot.components.focus import question_focus
from core import sources

MAX_QUESTION_CHARS = 500
RECORDING_CHANNELS = {"site"}  # channels whose caller records every exchange for the staff


def recorded_for_staff(tracker: Tracker) -> bool:
    return tracker.get_latest_input_channel() in RECORDING_CHANNELS


def main_hotline() -> Optional[sources.Hotline]:
    """The best-sourced hotline (12345 in content), or None if content cannot be read."""
    try:
        hotlines = sources.hotlines()
    except (OSError, ValueError):
        return None
    return next((h for h in hotlines if h.confidence == "high"), hotlines[0] if hotlines else None)


def _hotlines_or_sorry(dispatcher: CollectingDispatcher, lang: str):
    """The hotlines from content, or None after saying sorry (content unreadable)."""
    try:
        return sources.hotlines()
    except (OSError, ValueError):
        say(dispatcher, SORRY[lang])
        return None


class ActionHotline(Action):
    def name(self) -> Text:
        return "action_hotline"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        lang = reply_lang(tracker)
        hotlines = _hotlines_or_sorry(dispatcher, lang)
        if hotlines is None:
            return []
        say(dispatcher, hotlines_text(hotlines, lang))
        return [SlotSet("lang", lang)]


class ActionHandoff(Action):
    """'转人工 / talk to a person': the hotlines from content and what leaving a question does."""

    def name(self) -> Text:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        lang = reply_lang(tracker)
        hotlines = _hotlines_or_sorry(dispatcher, lang)
        if hotlines is None:
            return []
        say(dispatcher, handoff_text(hotlines, lang, recorded_for_staff(tracker)))
        return [SlotSet("lang", lang), SlotSet("awaiting", None)]


class ActionSiteInfo(Action):
    """The quiz (how a school joins), pledges and campaigns, the calculators: with links."""

    def name(self) -> Text:
        return "action_site_info"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        lang = reply_lang(tracker)
        answer = SITE_ANSWERS.get(latest_intent(tracker) or "", SITE_ANSWERS["ask_calculators"])
        say(dispatcher, answer[lang])
        return [SlotSet("lang", lang)]


class ActionFallback(Action):
    """Not understood by NLU: the reader, then the FAQ, then an honest fallback."""

    def name(self) -> Text:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        text = str((tracker.latest_message or {}).get("text") or "")
        remembered = tracker.get_slot("reading")
        current, _, previous = read_turn(text, remembered if isinstance(remembered, dict) else None, tracker.get_slot("awaiting"))
        if is_water_message(current) or is_period_follow_up(current, previous) or is_other_utility(current):
            return water_turn(dispatcher, tracker) + [SlotSet("unanswered_question", None)]
        return await fallback_turn(dispatcher, tracker)


async def fallback_turn(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    """An approved FAQ entry from the site if one matches, else the honest fallback."""
    lang = reply_lang(tracker)
    text = str((tracker.latest_message or {}).get("text") or "")
    start, end = question_focus(text)
    match = await site_api.search_faq(text[start:end], lang)
    if match is not None:
        say(dispatcher, faq_answer_text(match, lang))
        return [SlotSet("lang", lang), SlotSet("unanswered_question", None), SlotSet("awaiting", None)]
    recorded = recorded_for_staff(tracker)
    dispatcher.utter_message(text=fallback_text(lang, recorded, main_hotline()), buttons=topic_buttons(lang))
    return [
        SlotSet("lang", lang),
        SlotSet("unanswered_question", text[:MAX_QUESTION_CHARS] or None),
        SlotSet("awaiting", None),
    ]
