"""`action_tips`: water-saving tips by room, and how to check for a leak with the meter."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import SORRY, entity_values, latest_intent, reply_lang, say
from bot.actions.info_texts import leak_check_text, room_key, tips_text
from bot.actions.water import answer_if_water_question
from core import tips


class ActionTips(Action):
    def name(self) -> Text:
        return "action_tips"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        events = answer_if_water_question(dispatcher, tracker)  # a story about leaks ending in a bill question
        if events is not None:
            return events
        lang = reply_lang(tracker)
        try:
            rooms = tips.rooms()
        except (OSError, ValueError):
            say(dispatcher, SORRY[lang])
            return []
        if latest_intent(tracker) == "ask_leak_check":
            say(dispatcher, leak_check_text(rooms, lang))
            return []
        room = room_key(entity_values(tracker, "room") + entity_values(tracker, "product"))
        say(dispatcher, tips_text(rooms, lang, room))
        return []
