"""`action_label_info`: the water-efficiency label scheme, grades, products and standards."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import label_texts
from bot.actions.common import content_or_sorry, entity_values, latest_intent, message_text, say
from bot.actions.formatting import paragraphs
from bot.actions.water import InfoAction
from bot.components.topic_rules import PRODUCT
from core import labels

MAX_PRODUCTS = 3

ANSWERS = {
    "ask_label_scheme": lambda scheme, lang, product: label_texts.scheme_text(scheme, lang),
    "ask_label_grades": label_texts.grades_text,
    "ask_label_water_saving": label_texts.water_saving_text,
    "ask_label_products": label_texts.products_text,
    "ask_label_standard": label_texts.standard_text,
    "ask_label_contents": lambda scheme, lang, product: label_texts.contents_text(scheme, lang),
}


class ActionLabelInfo(InfoAction):
    def name(self) -> Text:
        return "action_label_info"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[Dict[Text, Any]]:
        scheme = content_or_sorry(dispatcher, lang, labels.scheme)
        if scheme is None:
            return []
        products = []
        for found in map(labels.product, entity_values(tracker, "product")):
            if found is not None and found not in products:
                products.append(found)
        intent = latest_intent(tracker) or ""
        answer = ANSWERS.get(intent, ANSWERS["ask_label_scheme"])
        if intent == "ask_label_products" and len(products) > 1:  # "do taps and toilets need the label"
            say(dispatcher, paragraphs(*(answer(scheme, lang, p) for p in products[:MAX_PRODUCTS])))
            return []
        if intent == "ask_label_products" and not products:
            text = message_text(tracker)
            unknown = [m.group() for m in PRODUCT.finditer(text) if labels.product(m.group()) is None]
            if unknown:  # "电热水器有水效标识吗": say it is not in the list, then the list
                say(dispatcher, paragraphs(label_texts.not_listed_text(list(dict.fromkeys(unknown)), lang),
                                           answer(scheme, lang, None)))
                return []
        say(dispatcher, answer(scheme, lang, products[0] if products else None))
        return []
