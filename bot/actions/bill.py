"""`action_calculate_bill`: the bill, tier and next-m³ price from core.tariffs.bill."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import SORRY, reply_lang, say
from bot.actions.tariff_texts import bill_text
from bot.actions.validation import read_people, read_usage
from core import numbers, tariffs

ASK_AGAIN = {
    "zh": "抱歉，我没能读出用水量或人数，请再说一次，比如“250吨，3口人”。也可以使用[水费计算器](/bill)。",
    "en": 'Sorry, I couldn\'t read the volume or household size. Please say it again, e.g. "250 m3, 3 people", '
    "or use the [bill calculator](/bill).",
}


class ActionCalculateBill(Action):
    def name(self) -> Text:
        return "action_calculate_bill"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        lang = reply_lang(tracker)
        usage = read_usage(tracker.get_slot("usage_m3"))
        people = read_people(tracker.get_slot("household_size"))
        if usage is None or people is None:
            say(dispatcher, ASK_AGAIN[lang])
            return [
                SlotSet("usage_m3", None if usage is None else tracker.get_slot("usage_m3")),
                SlotSet("household_size", None if people is None else tracker.get_slot("household_size")),
            ]
        period_slot = tracker.get_slot("period")
        period = (
            period_slot
            if period_slot in tariffs.PERIODS_PER_YEAR
            else (numbers.parse_period(str(period_slot)) if period_slot else None) or "year"
        )
        try:
            result = tariffs.bill(usage, people, period)
        except tariffs.InputError as error:
            say(dispatcher, error.message(lang))
            return []
        except (tariffs.NoTariffError, OSError, ValueError):
            say(dispatcher, SORRY[lang])
            return []
        say(dispatcher, bill_text(result, lang, tracker.get_slot("bill_focus") or "total"))
        return []
