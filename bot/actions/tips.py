"""`action_tips`: water-saving tips by room, and how to check for a leak with the meter."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import content_or_sorry, entity_values, latest_intent, say
from bot.actions.info_texts import leak_check_text, room_key, tips_text
from bot.actions.water import InfoAction
from core import tips


class ActionTips(InfoAction):
    """Tips by room, or the meter leak check (a story about leaks may end in a bill question: InfoAction)."""

    def name(self) -> Text:
        return "action_tips"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[Dict[Text, Any]]:
        rooms = content_or_sorry(dispatcher, lang, tips.rooms)
        if rooms is None:
            return []
        if latest_intent(tracker) == "ask_leak_check":
            say(dispatcher, leak_check_text(rooms, lang))
            return []
        room = room_key(entity_values(tracker, "room") + entity_values(tracker, "product"))
        say(dispatcher, tips_text(rooms, lang, room))
        return []
