"""Slot extraction and validation: the reply language every turn, the bill form's numbers.

Parsing lives in core.numbers (shared with the site); bounds in core.tariffs. The form's
slots hold the resident's own words ("两百二十吨", "一家三口") until validated here into
plain numbers ("220", "3").
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Dict, Optional, Text

from rasa_sdk import FormValidationAction, Tracker, ValidationAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions import lang as language
from bot.actions.common import reply_lang
from bot.actions.formatting import num
from core import numbers, tariffs


def read_usage(value: Any, bare_number_ok: bool = True) -> Optional[Decimal]:
    """A volume from slot text: '250吨', '两百二十方', '150.5 m3', or a bare '220'."""
    if value is None:
        return None
    text = str(value)
    found = numbers.parse_volume(text)
    if found is None and bare_number_ok:
        found = numbers.parse_number(text)
    return found


def read_people(value: Any) -> Optional[int]:
    """A household size from slot text: '4口人', '一家三口', 'four people', or a bare '4'."""
    if value is None:
        return None
    text = str(value)
    found = numbers.parse_people(text)
    if found is None:
        bare = numbers.parse_number(text)
        if bare is not None and bare == bare.to_integral_value():
            found = int(bare)
    return found


class ValidateSlotMappings(ValidationAction):
    """`action_validate_slot_mappings`: runs after every user message."""

    def name(self) -> Text:
        return "action_validate_slot_mappings"

    async def extract_lang(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        message = tracker.latest_message or {}
        metadata = message.get("metadata") or {}
        chosen = language.choose(message.get("text"), metadata.get("lang"), tracker.get_slot("lang"))
        return {"lang": chosen}

    async def validate_period(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return {"period": numbers.parse_period(str(value)) if value else None}


class ValidateWaterBillForm(FormValidationAction):
    """`validate_water_bill_form`: turns the resident's words into numbers, checks bounds."""

    def name(self) -> Text:
        return "validate_water_bill_form"

    async def validate_usage_m3(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        usage = read_usage(value)
        if usage is None:  # not a volume: the form asks again with an example
            return {"usage_m3": None}
        try:
            usage = tariffs.parse_usage_m3(usage)
        except tariffs.UsageError as error:
            dispatcher.utter_message(text=error.message(reply_lang(tracker)))
            return {"usage_m3": None}
        return {"usage_m3": num(usage).replace(",", "")}

    async def validate_household_size(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        people = read_people(value)
        if people is None:
            return {"household_size": None}
        try:
            people = tariffs.parse_people(people)
        except tariffs.PeopleError as error:
            dispatcher.utter_message(text=error.message(reply_lang(tracker)))
            return {"household_size": None}
        return {"household_size": str(people)}
