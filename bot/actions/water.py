"""`action_answer_water_question`: every bill / tier / price question, read with core.reading.

One action instead of the old bill form. Each turn it reads the WHOLE message
(`core.reading.read_message`), merges it with the reading remembered from earlier turns
(`continue_reading`: "那要是300吨呢", "and for 5 people?", "why?"), decides what was asked
and answers it, or asks only for what is still missing (the volume). The remembered reading
lives in one slot, `reading` (`Reading.to_dict()`); `awaiting` says that the last turn asked
for the volume, so a bare "250" is read as the answer.

`answer_water_question` is pure (no Rasa): text, intent and remembered state in, replies
and new state out. Every figure comes from core.tariffs; the wording from tariff_texts.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import tariff_texts as texts
from bot.actions.common import SORRY, latest_intent, message_text, reply_lang, say
from bot.actions.formatting import paragraphs
from core import numbers, tariffs
from core.reading import Reading, continue_reading, read_message, reading_note

# What an intent asks when the reader found no question word ("帮我算算" → bill).
INTENT_QUESTIONS = {
    "ask_bill": "bill",
    "ask_which_tier": "which_tier",
    "ask_next_price": "marginal_price",
    "ask_tiers": "tier_price",
    "ask_large_household": "large_household",
}
NEEDS_USAGE = ("bill", "which_tier", "marginal_price")
FOCUS = {"bill": "total", "which_tier": "tier", "marginal_price": "next"}


@dataclass
class WaterAnswer:
    replies: List[str] = field(default_factory=list)
    reading: Optional[dict] = None  # the reading to remember (Reading.to_dict()), question included
    awaiting: Optional[str] = None  # "usage" when the reply asked for the volume
    response: Optional[str] = None  # a domain response to send instead (answered in Rasa's reply language)


def is_water_message(reading: Reading) -> bool:
    """The reader found something only a water question has (a volume or a change of it, an amount or a question type)."""
    return (reading.usage_m3 is not None or reading.amount_yuan is not None or reading.question is not None
            or reading.usage_change is not None)


# "阶梯水价从哪一年开始执行", "第二档是按年算的吗", "is tier 2 counted per year or per month": the basis
# (since when, over what period), not a tier's price or where it ends
_BASIS = re.compile(
    r"按年|按月|按季|按户|按人头?|累计|年度|清零|哪一?年|几几年|什么时候|何时|多久|执行|实施|实行|生效"
    r"|\bwhen\b|\bsince\b|\bdate\b|\bcounted\b|\breset|\bbasis\b|\b(?:per\s+year|yearly|annual)\s+or\b|\bor\s+(?:per\s+)?month"
)


def is_water_question(reading: Reading, text: str = "") -> bool:
    """The one guard every info action (tariff basis, large household, meter reading, tips, leak check,
    labels, water days, campaigns, site info) asks before its own answer: the reading is a question
    only the water answer can answer right, whatever intent NLU chose — a bill, a tier, the next m³ or
    the large-household rule with a volume to compute with ("现在家里五口人 去年全年用水三百四十吨
    一年水费应该多少" under ask_large_household); money to work back to m³; a tier's price pinned to a
    tier or a bound ("用水超过了二百二十吨 多出来那部分按什么价" under ask_tariff_basis); where a tier
    ends — never the basis ("第二档是按年算的吗", since when); which tier or the next m³'s price; how the bill is
    calculated; gas or electricity (out of scope, never the water tiers). `text` is the message."""
    if is_other_utility(reading) or "how_calculated" in reading.notes:
        return True
    question = reading.question
    if question is None:
        return False
    if question == "usage_from_amount":
        return reading.amount_yuan is not None
    if reading.usage_m3 is not None or reading.usage_change is not None:
        return question in ("bill", "which_tier", "marginal_price", "large_household", "tier_price", "tier_boundary", "why")
    if question in ("which_tier", "marginal_price"):
        return True
    if question in ("tier_price", "tier_boundary"):
        if reading.above_m3 is not None or reading.below_m3 is not None:
            return True  # "用水超过了二百二十吨 多出来那部分按什么价"
        if _BASIS.search(text.lower()):
            return False
        return reading.tier is not None or question == "tier_boundary"  # "第二档多少钱", "第一档到多少吨为止"
    return False


def answer_if_water_question(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """`water_turn` when the latest message `is_water_question`, else None: the info action answers."""
    text = message_text(tracker)
    if is_water_question(read_message(text), text):
        return water_turn(dispatcher, tracker)
    return None


class InfoAction(Action, ABC):
    """An info action (labels, tips, water days, campaigns, site info): a water question NLU took
    for its topic gets the water answer (`answer_if_water_question`); anything else, the topic's
    own `answer` in the reply language. Abstract, so rasa_sdk does not register it."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        events = answer_if_water_question(dispatcher, tracker)
        if events is not None:
            return events
        return await self.answer(dispatcher, tracker, reply_lang(tracker))

    @abstractmethod
    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[Dict[Text, Any]]:
        """The topic's reply in `lang` (not a water question); the events to return."""


def is_other_utility(reading: Reading) -> bool:
    """Gas or electricity and not water ("电费多少钱一度", "gas price per cubic metre")."""
    return "other_utility" in reading.notes


def is_period_follow_up(current: Reading, previous: Optional[Reading]) -> bool:
    """Only a period or the household, after a volume: "sorry, I meant per month" (a correction), "what
    about a quarter?", "五口人呢", "if my dad moves out"."""
    return previous is not None and previous.usage_m3 is not None and (
        current.corrected_period is not None or current.asked_period is not None
        or current.people is not None or current.people_change is not None
    )


def read_turn(text: str, remembered: Optional[dict], awaiting: Optional[str]) -> tuple[Reading, Reading, Optional[Reading]]:
    """(current, merged, previous): this message's reading, merged with the remembered one."""
    # the answer to our "how much water?" may be just "250": the reader takes it as the volume
    current = read_message(text, expecting="usage_m3" if awaiting == "usage" else None)
    if awaiting == "usage" and current.usage_m3 is None and current.amount_yuan is None:
        bare = numbers.parse_number(text)
        if bare is not None:
            current = replace(current, usage_m3=bare)
    previous = None
    if remembered:
        try:
            previous = Reading.from_dict(remembered)
        except (KeyError, TypeError, ValueError, ArithmeticError):
            previous = None  # a slot from an older version of the bot: start afresh
    merged = continue_reading(previous, current) if previous is not None else current
    return current, merged, previous


def choose_question(current: Reading, intent: Optional[str], previous: Optional[Reading], awaiting: Optional[str]) -> str:
    """The question of this turn: the reader's, else (for an answer or a follow-up) the one
    remembered, else the intent's, else a bill."""
    if current.question:
        return current.question
    remembered = previous.question if previous is not None else None
    if remembered == "why":
        remembered = "bill"
    if (intent in (None, "inform", "nlu_fallback") or awaiting) and remembered:
        return remembered
    return INTENT_QUESTIONS.get(intent or "") or remembered or "bill"


def _bill_or_error(usage: Decimal, people: int, period: str, lang: str) -> tuple[Optional[tariffs.Bill], Optional[str]]:
    try:
        return tariffs.bill(usage, people, period), None
    except tariffs.InputError as error:
        return None, error.message(lang)


def _large_people(tariff: tariffs.Tariff) -> Optional[int]:
    return tariff.large_household.min_people if tariff.large_household else None


def _bills(reading: Reading, lang: str) -> tuple[Optional[tariffs.Bill], Optional[tariffs.Bill], Optional[int], Optional[str]]:
    """(bill, bill for a large household or None, people_up_to or None, error text)."""
    period = reading.usage_period or "year"
    usage = reading.usage_m3
    assert usage is not None
    if reading.people is not None:
        result, error = _bill_or_error(usage, reading.people, period, lang)
        return result, None, None, error
    small, error = _bill_or_error(usage, 1, period, lang)
    if small is None:
        return None, None, None, error
    large_min = _large_people(small.tariff)
    if large_min is None:
        return small, None, None, None
    large, _ = _bill_or_error(usage, large_min, period, lang)
    return small, large, large_min - 1, None


def answer_water_question(
    text: str, intent: Optional[str], remembered: Optional[dict], awaiting: Optional[str], lang: str
) -> WaterAnswer:
    """Read the turn, merge it with what was said before, answer or ask for the volume."""
    current, reading, previous = read_turn(text, remembered, awaiting)
    if is_other_utility(current):  # "what's the gas price per m3": not water, never the water tiers
        return WaterAnswer([], remembered, response="utter_out_of_scope")
    question = choose_question(current, intent, previous, awaiting)
    if question == "why" and (previous is None or previous.usage_m3 is None):
        question = "tier_price" if reading.usage_m3 is None else "why"
    if question == "tier_price" and "how_calculated" in current.notes and reading.usage_m3 is not None:
        question = "why"  # "水费到底怎么算的" after a bill: the tiers with the resident's own numbers
    reading = replace(reading, question=question)
    remember = reading.to_dict()
    note = reading_note(reading, lang)
    try:
        tariff = tariffs.tariff_in_force()
    except (tariffs.NoTariffError, OSError, ValueError):
        return WaterAnswer([SORRY[lang]], remember)

    table = None
    if question == "tier_price" and current.people is not None and current.people >= (_large_people(tariff) or 10**6):
        # "what about for a family of 6?" after the tier table: the tiers for that household
        table = texts.tier_boundary_text(tariff, lang, current.people, reading.tier)
    elif question == "tier_price":
        table = texts.tiers_text(tariff, lang, reading.tier)
    elif question == "tier_boundary" and "large_household" in current.questions:
        # "第一档封顶多少吨 五口人的家庭也一样吗": the common limits AND the rule for 5 or more
        table = paragraphs(texts.tier_boundary_text(tariff, lang, None, reading.tier),
                           texts.large_household_text(tariff, lang, reading.people))
    elif question == "tier_boundary":
        table = texts.tier_boundary_text(tariff, lang, reading.people, reading.tier)
    elif question == "large_household" and "tier_boundary" in current.questions:
        table = paragraphs(texts.tier_boundary_text(tariff, lang, None, reading.tier),
                           texts.large_household_text(tariff, lang, reading.people))
    elif question == "large_household":
        table = texts.large_household_text(tariff, lang, reading.people)
    if table is not None:
        if current.usage_m3 is None:
            return WaterAnswer([table], remember)
        # a volume in the same message ("第三档多少钱一吨，我家一年250吨要交多少"): its bill too
        question = "bill"
        reading = replace(reading, question=question)
        remember = reading.to_dict()
    if question == "usage_from_amount" or (reading.usage_m3 is None and reading.amount_yuan is not None):
        return WaterAnswer([_usage_from_amount(reading, tariff, lang, note)], remember)
    if reading.usage_m3 is None:  # bill, which tier, marginal price: the volume is what is missing
        if question == "marginal_price":
            reply = paragraphs(texts.marginal_prices_text(tariff, lang), texts.ASK_USAGE_FOR_TIER[lang])
        elif question == "which_tier":
            reply = paragraphs(texts.tier_boundary_text(tariff, lang, reading.people, None), texts.ASK_USAGE_FOR_TIER[lang])
        else:
            reply = texts.ASK_USAGE[lang]
        return WaterAnswer([reply], remember, awaiting="usage")

    result, large, up_to, error = _bills(reading, lang)
    if result is None:
        return WaterAnswer([reply for reply in (table, error or SORRY[lang]) if reply], remember)
    if question == "why":
        # "why would it be cheaper with more people": the 5+ rule first, then the tiers with their numbers
        rule = texts.large_household_text(tariff, lang, reading.people) if "large_household" in current.questions else None
        return WaterAnswer([paragraphs(note, rule, texts.why_text(result, lang))], remember)
    parts = [note, texts.bill_text(result, lang, FOCUS.get(question, "total"), people_up_to=up_to)]
    if up_to is not None:
        parts.append(texts.household_assumption_text(result, large, lang))
    asked = reading.asked_period
    if asked and asked != result.period and asked in tariffs.PERIODS_PER_YEAR and asked != "year":
        per_asked = tariffs.PERIODS_PER_YEAR[asked]
        share, _ = _bill_or_error(result.annual_usage_m3 / per_asked, result.people, asked, lang)
        if share is not None:
            parts.append(texts.asked_period_text(result, asked, share.period_total_yuan, lang))
    return WaterAnswer([reply for reply in (table, paragraphs(*parts)) if reply], remember)


def _usage_from_amount(reading: Reading, tariff: tariffs.Tariff, lang: str, note: Optional[str]) -> str:
    amount = reading.amount_yuan
    if amount is None:
        return paragraphs(note, texts.ASK_USAGE[lang])
    period = reading.amount_period or "year"
    try:
        if reading.people is not None:
            usage = tariffs.usage_from_amount(amount, reading.people, period)
            return paragraphs(note, texts.usage_from_amount_text(amount, period, usage, reading.people, lang))
        usage = tariffs.usage_from_amount(amount, 1, period)
        large_min = _large_people(tariff)
        large = tariffs.usage_from_amount(amount, large_min, period) if large_min else None
        differs = large is not None and abs(large - usage) >= Decimal("0.05")
        text = texts.usage_from_amount_text(
            amount, period, usage, None, lang, up_to=(large_min - 1) if large_min else None,
            large_usage=large if differs else None, large_min=large_min if differs else None,
        )
    except tariffs.InputError as error:
        return error.message(lang)
    extra = texts.ASK_AMOUNT_PERIOD[lang] if reading.amount_period is None else None
    return paragraphs(note, text, extra)


class ActionAnswerWaterQuestion(Action):
    def name(self) -> Text:
        return "action_answer_water_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        if only_lifted_by_merging(tracker) and not tracker.get_slot("awaiting"):
            text = message_text(tracker)
            remembered = tracker.get_slot("reading")
            current, _, previous = read_turn(text, remembered if isinstance(remembered, dict) else None, None)
            if not is_water_message(current) and not is_period_follow_up(current, previous) and not is_other_utility(current):
                # noise spread over the water intents ("who is the president"): not a water question
                from bot.actions.service import fallback_turn

                return await fallback_turn(dispatcher, tracker)
        return water_turn(dispatcher, tracker)


FALLBACK_THRESHOLD = 0.4  # FallbackClassifier's threshold in config.yml


def only_lifted_by_merging(tracker: Tracker) -> bool:
    """NLU chose a water intent only because SamePathIntents added up several weak ones."""
    ranking = (tracker.latest_message or {}).get("intent_ranking") or []
    if not ranking or not isinstance(ranking[0], dict):
        return False
    own = ranking[0].get("own_confidence")
    return isinstance(own, (int, float)) and own < FALLBACK_THRESHOLD


def water_turn(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    """Answer the latest message as a water question (also used by the fallback action)."""
    lang = reply_lang(tracker)
    text = message_text(tracker)
    remembered = tracker.get_slot("reading")
    result = answer_water_question(
        text,
        latest_intent(tracker),
        remembered if isinstance(remembered, dict) else None,
        tracker.get_slot("awaiting"),
        lang,
    )
    for reply in result.replies:
        say(dispatcher, reply)
    if result.response:
        dispatcher.utter_message(response=result.response)
    return [SlotSet("reading", result.reading), SlotSet("awaiting", result.awaiting), SlotSet("lang", lang)]
