"""`action_tariff_info`: the annual basis and since when, the meter-reading cycle (unverified).

The tier table, boundaries, prices and the large-household rule are answered by
action_answer_water_question (bot/actions/water.py); the branches for them stay here for
old trackers and button payloads.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import SORRY, entity_values, latest_intent, reply_lang, say
from bot.actions.site_texts import hotline_lines
from bot.actions.tariff_texts import basis_text, large_household_text, meter_reading_text, tiers_text
from bot.actions.validation import read_people
from bot.actions.water import answer_if_water_question
from core import sources, tariffs

_TIER_WORDS = {
    "一": 1,
    "1": 1,
    "first": 1,
    "1st": 1,
    "二": 2,
    "2": 2,
    "second": 2,
    "2nd": 2,
    "三": 3,
    "3": 3,
    "third": 3,
    "3rd": 3,
}


def asked_tier(values: List[Any]) -> int | None:
    """第二档 / tier 2 / second tier → 2."""
    for value in values:
        text = str(value).lower()
        for word, number in _TIER_WORDS.items():
            if word in text:
                return number
    return None


class ActionTariffInfo(Action):
    def name(self) -> Text:
        return "action_tariff_info"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        lang = reply_lang(tracker)
        try:
            tariff = tariffs.tariff_in_force()
        except (tariffs.NoTariffError, OSError, ValueError):
            say(dispatcher, SORRY[lang])
            return []
        intent = latest_intent(tracker)
        events = answer_if_water_question(dispatcher, tracker)  # "用水超过了二百二十吨 多出来那部分按什么价"
        if events is not None:
            return events
        if intent == "ask_meter_reading":
            try:
                hotlines = [h for h in sources.hotlines() if "meter" in h.purpose.get("en", "").lower()]
            except (OSError, ValueError):
                hotlines = []
            say(dispatcher, meter_reading_text(tariff, lang, hotline_lines(hotlines, lang)))
        elif intent == "ask_tariff_basis":
            say(dispatcher, basis_text(tariff, lang))
        elif intent == "ask_large_household":
            people = next((p for p in map(read_people, entity_values(tracker, "household")) if p), None)
            say(dispatcher, large_household_text(tariff, lang, people))
        else:
            say(dispatcher, tiers_text(tariff, lang, asked_tier(entity_values(tracker, "tier"))))
        return []
