"""The bill form's validation and action_calculate_bill, against core.tariffs."""

import asyncio
from decimal import Decimal

from rasa_sdk.events import SlotSet

from bot.actions.bill import ActionCalculateBill
from bot.actions.formatting import yuan
from bot.actions.validation import ValidateSlotMappings, ValidateWaterBillForm
from core import tariffs
from tests.bot.conftest import texts


def _validate(tracker, dispatcher):
    domain = {"forms": {"water_bill_form": {"required_slots": ["usage_m3", "household_size"]}}}
    return asyncio.run(ValidateWaterBillForm().run(dispatcher, tracker, domain))


def _slot_events(**slots):
    # FormValidationAction only validates slots set in the trailing events.
    return [{"event": "slot", "name": name, "value": value} for name, value in slots.items()]


def test_bill_for_250_m3_and_3_people(make_tracker, dispatcher, run):
    expected = tariffs.bill(Decimal(250), 3).total_yuan
    tracker = make_tracker("3口人", intent="inform", slots={"usage_m3": "250", "household_size": "3"})
    assert run(ActionCalculateBill(), dispatcher, tracker) == []
    answer = texts(dispatcher)
    assert yuan(expected) in answer  # 903.90 when the 2013 tariff applies
    assert "[查看计算过程](/bill?usage_m3=250&people=3)" in answer
    assert "第二档" in answer


def test_bill_reads_words_left_in_slots_and_answers_in_english(make_tracker, dispatcher, run):
    tracker = make_tracker("x", slots={"usage_m3": "两百二十吨", "household_size": "一家三口", "lang": "en"})
    run(ActionCalculateBill(), dispatcher, tracker)
    answer = texts(dispatcher)
    assert yuan(tariffs.bill(220, 3).total_yuan) in answer
    assert "See the working" in answer and "/bill?usage_m3=220&people=3" in answer


def test_bill_for_a_month_is_annualised(make_tracker, dispatcher, run):
    tracker = make_tracker("x", slots={"usage_m3": "20", "household_size": "2", "period": "month"})
    run(ActionCalculateBill(), dispatcher, tracker)
    result = tariffs.bill(20, 2, "month")
    answer = texts(dispatcher)
    assert yuan(result.total_yuan) in answer and yuan(result.period_total_yuan) in answer
    assert "period=month" in answer


def test_focus_on_tier_puts_the_tier_first(make_tracker, dispatcher, run):
    tracker = make_tracker("x", slots={"usage_m3": "310", "household_size": "3", "bill_focus": "tier"})
    run(ActionCalculateBill(), dispatcher, tracker)
    assert texts(dispatcher).startswith("您在第三档")


def test_unreadable_slots_ask_again(make_tracker, dispatcher, run):
    tracker = make_tracker("x", slots={"usage_m3": "很多", "household_size": "3"})
    events = run(ActionCalculateBill(), dispatcher, tracker)
    assert SlotSet("usage_m3", None) in events
    assert "250吨" in texts(dispatcher)


def test_form_validation_parses_words(make_tracker, dispatcher):
    tracker = make_tracker("两百二十吨，一家三口", events=_slot_events(usage_m3="两百二十吨", household_size="一家三口"))
    events = _validate(tracker, dispatcher)
    assert {"event": "slot", "timestamp": None, "name": "usage_m3", "value": "220"} in events
    assert {"event": "slot", "timestamp": None, "name": "household_size", "value": "3"} in events


def test_form_validation_rejects_out_of_range_people_with_a_message(make_tracker, dispatcher):
    tracker = make_tracker("50口人", events=_slot_events(household_size="50口人"))
    events = _validate(tracker, dispatcher)
    assert {"event": "slot", "timestamp": None, "name": "household_size", "value": None} in events
    assert "1到30" in texts(dispatcher)


def test_form_validation_ignores_non_numbers_silently(make_tracker, dispatcher):
    tracker = make_tracker("不知道", events=_slot_events(usage_m3="不知道"))
    events = _validate(tracker, dispatcher)
    assert {"event": "slot", "timestamp": None, "name": "usage_m3", "value": None} in events
    assert dispatcher.messages == []


def test_lang_slot_follows_the_message_then_metadata(make_tracker, dispatcher):
    domain = {"slots": {"lang": {"type": "categorical", "mappings": [{"type": "custom"}]}}}
    tracker = make_tracker("how much is water", metadata={"lang": "zh"})
    events = asyncio.run(ValidateSlotMappings().run(dispatcher, tracker, domain))
    assert {"event": "slot", "timestamp": None, "name": "lang", "value": "en"} in events
    tracker = make_tracker("250", metadata={"lang": "en"})
    events = asyncio.run(ValidateSlotMappings().run(dispatcher, tracker, domain))
    assert {"event": "slot", "timestamp": None, "name": "lang", "value": "en"} in events
