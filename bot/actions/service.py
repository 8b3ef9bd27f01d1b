"""`action_hotline` (core.sources hotlines) and `action_mark_unanswered` (fallback queue)."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import SORRY, reply_lang, say
from bot.actions.info_texts import hotlines_text
from core import sources

MAX_QUESTION_CHARS = 500


class ActionHotline(Action):
    def name(self) -> Text:
        return "action_hotline"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        lang = reply_lang(tracker)
        try:
            hotlines = sources.hotlines()
        except (OSError, ValueError):
            say(dispatcher, SORRY[lang])
            return []
        say(dispatcher, hotlines_text(hotlines, lang))
        return []


class ActionMarkUnanswered(Action):
    """Keeps the question in the tracker (slot `unanswered_question`) for the staff queue."""

    def name(self) -> Text:
        return "action_mark_unanswered"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        text = str((tracker.latest_message or {}).get("text") or "")[:MAX_QUESTION_CHARS]
        return [SlotSet("unanswered_question", text or None)]
