"""`action_label_info`: the water-efficiency label scheme, grades, products and standards."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import label_texts
from bot.actions.common import SORRY, entity_values, latest_intent, reply_lang, say
from core import labels

ANSWERS = {
    "ask_label_scheme": lambda scheme, lang, product: label_texts.scheme_text(scheme, lang),
    "ask_label_grades": label_texts.grades_text,
    "ask_label_water_saving": label_texts.water_saving_text,
    "ask_label_products": label_texts.products_text,
    "ask_label_standard": label_texts.standard_text,
    "ask_label_contents": lambda scheme, lang, product: label_texts.contents_text(scheme, lang),
}


class ActionLabelInfo(Action):
    def name(self) -> Text:
        return "action_label_info"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        lang = reply_lang(tracker)
        try:
            scheme = labels.scheme()
        except (OSError, ValueError):
            say(dispatcher, SORRY[lang])
            return []
        product = next((p for p in map(labels.product, entity_values(tracker, "product")) if p), None)
        answer = ANSWERS.get(latest_intent(tracker) or "", ANSWERS["ask_label_scheme"])
        say(dispatcher, answer(scheme, lang, product))
        return []
