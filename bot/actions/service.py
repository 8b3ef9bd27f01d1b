"""Hotlines, handing off to a person, the site's own features, and the fallback.

`action_fallback` runs when NLU is unsure (nlu_fallback): the reader may still recognise a
water question ("250" after "how much water?", "交了150元…"), then an approved FAQ entry
may answer it (the site's /api/v1/faq/search); only then the honest "I couldn't answer".
It says the question was recorded for staff only when it came through the site's channel,
which records every exchange with its fallback flag (web/chat/services.py).
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import site_api
from bot.actions.common import asked_text, content_or_sorry, latest_intent, message_text, reply_lang, say
from bot.actions.info_texts import hotlines_text
from bot.actions.site_texts import (
    ASKS_REAL_NAME,
    PLEDGE_LEAGUE,
    QUIZ_NICKNAME,
    SITE_ANSWERS,
    fallback_leave_line,
    fallback_text,
    faq_answer_text,
    handoff_text,
    leave_ask_text,
    leave_buttons,
    leave_offer_text,
    left_text,
    not_leaving_text,
    not_left_text,
    nothing_pending_text,
    topic_buttons,
)
from bot.actions.water import (
    InfoAction,
    is_other_utility,
    is_period_follow_up,
    is_water_message,
    read_turn,
    water_turn,
)
from bot.components.focus import asks_something, question_focus
from bot.components.topic_rules import HUMAN
from core import sources

MAX_QUESTION_CHARS = 500
RECORDING_CHANNELS = {"site"}  # channels whose caller records every exchange for the staff


def recorded_for_staff(tracker: Tracker) -> bool:
    return tracker.get_latest_input_channel() in RECORDING_CHANNELS


def main_hotline() -> Optional[sources.Hotline]:
    """The best-sourced hotline (12345 in content), or None if content cannot be read."""
    try:
        hotlines = sources.hotlines()
    except (OSError, ValueError):
        return None
    return next((h for h in hotlines if h.confidence == "high"), hotlines[0] if hotlines else None)


class ActionHotline(Action):
    def name(self) -> Text:
        return "action_hotline"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        lang = reply_lang(tracker)
        hotlines = content_or_sorry(dispatcher, lang, sources.hotlines)
        if hotlines is None:
            return []
        say(dispatcher, hotlines_text(hotlines, lang))
        return [SlotSet("lang", lang)]


PENDING_SLOT = "pending_question"  # a question the bot offered to leave for staff, until accepted or declined
ACCEPT = re.compile(r"留给|留下|帮我留|转给|交给|\bleave it\b|\byes\b|\bplease do\b", re.IGNORECASE)


def question_in_handoff(text: str) -> Optional[str]:
    """The message itself when it asks something besides "转人工" ("转人工，水表坏了谁来修")."""
    rest = HUMAN.sub(" ", text)
    rest = re.sub(r"[\s,，。.!！?？]+", " ", rest).strip()
    words = len(re.findall(r"[\u3400-\u9fff]", rest)) + len(re.findall(r"[A-Za-z]+", rest))
    return text.strip() if words >= 6 and asks_something(rest) else None


def _events_since_previous_user(tracker: Tracker) -> List[Dict[str, Any]]:
    """The events of the turn before the latest user message (the bot's previous reply)."""
    events = list(tracker.events)
    users = [i for i, e in enumerate(events) if e.get("event") == "user"]
    if not users:
        return []
    end = users[-1]
    start = users[-2] if len(users) > 1 else -1
    return events[start + 1:end]


def previous_unanswered(tracker: Tracker) -> Optional[str]:
    """The question the bot could not answer in the previous turn, if it could not."""
    for event in _events_since_previous_user(tracker):
        if event.get("event") == "slot" and event.get("name") == "unanswered_question" and event.get("value"):
            return str(event["value"])
    return None


def fresh_offer(tracker: Tracker) -> Optional[str]:
    """The question offered in the bot's previous reply (an older offer has lapsed)."""
    offered = None
    for event in _events_since_previous_user(tracker):
        if event.get("event") == "slot" and event.get("name") == PENDING_SLOT:
            offered = event.get("value") or None
    pending = tracker.get_slot(PENDING_SLOT)
    return str(pending) if offered and pending else None


class ActionHandoff(Action):
    """'转人工 / talk to a person': the hotlines from content, and the offer to leave the
    question for staff (the one in this message, or the one just not answered)."""

    def name(self) -> Text:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        lang = reply_lang(tracker)
        offered = fresh_offer(tracker)
        text = message_text(tracker)
        if offered and ACCEPT.search(text):  # "好的，帮我留给工作人员" after the offer
            return await leave_pending(dispatcher, tracker, offered, lang)
        hotlines = content_or_sorry(dispatcher, lang, sources.hotlines)
        if hotlines is None:
            return []
        question = question_in_handoff(text) or previous_unanswered(tracker)
        say(dispatcher, handoff_text(hotlines, lang, False))
        if question:
            dispatcher.utter_message(text=leave_offer_text(question, lang), buttons=leave_buttons(lang))
        else:
            say(dispatcher, leave_ask_text(lang))
        return [SlotSet("lang", lang), SlotSet("awaiting", None),
                SlotSet(PENDING_SLOT, question[:MAX_QUESTION_CHARS] if question else None)]


async def leave_pending(dispatcher: CollectingDispatcher, tracker: Tracker, question: str, lang: str) -> List[Dict[Text, Any]]:
    """POST the question to the site; say it was left only if the site saved it."""
    saved = await site_api.leave_question(question, lang, tracker.sender_id)
    if saved is not None:
        say(dispatcher, left_text(saved["message"], lang))
    else:
        say(dispatcher, not_left_text(lang, main_hotline()))
    return [SlotSet("lang", lang), SlotSet(PENDING_SLOT, None)]


class ActionLeaveQuestion(Action):
    """The answer to the offer: yes → POST /api/v1/questions; no → nothing is sent."""

    def name(self) -> Text:
        return "action_leave_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        lang = reply_lang(tracker)
        offered = fresh_offer(tracker)
        if offered is None:  # a "yes"/"no" with no offer just before it
            say(dispatcher, nothing_pending_text(lang))
            return [SlotSet("lang", lang), SlotSet(PENDING_SLOT, None)]
        if latest_intent(tracker) == "deny":
            say(dispatcher, not_leaving_text(lang))
            return [SlotSet("lang", lang), SlotSet(PENDING_SLOT, None)]
        return await leave_pending(dispatcher, tracker, offered, lang)


class ActionSiteInfo(InfoAction):
    """The quiz (how a school joins), pledges and campaigns, the calculators: with links
    ("用计算器算一下：一年250吨 三口人" is a bill: InfoAction answers it as one)."""

    def name(self) -> Text:
        return "action_site_info"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[Dict[Text, Any]]:
        intent = latest_intent(tracker) or ""
        answer = SITE_ANSWERS.get(intent, SITE_ANSWERS["ask_calculators"])
        if intent == "ask_quiz" and ASKS_REAL_NAME.search(asked_text(tracker)):
            answer = QUIZ_NICKNAME  # "要写真名吗": the privacy answer, not the whole join procedure
        say(dispatcher, answer[lang] + ("\n\n" + PLEDGE_LEAGUE[lang] if intent == "ask_pledge" else ""))
        return [SlotSet("lang", lang)]


class ActionFallback(Action):
    """Not understood by NLU: the reader, then the FAQ, then an honest fallback."""

    def name(self) -> Text:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        text = message_text(tracker)
        remembered = tracker.get_slot("reading")
        current, _, previous = read_turn(text, remembered if isinstance(remembered, dict) else None, tracker.get_slot("awaiting"))
        if is_water_message(current) or is_period_follow_up(current, previous) or is_other_utility(current):
            return water_turn(dispatcher, tracker) + [SlotSet("unanswered_question", None)]
        return await fallback_turn(dispatcher, tracker)


async def fallback_turn(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    """An approved FAQ entry from the site if one matches, else the honest fallback."""
    lang = reply_lang(tracker)
    text = message_text(tracker)
    start, end = question_focus(text)
    match = await site_api.search_faq(text[start:end], lang)
    if match is not None:
        say(dispatcher, faq_answer_text(match, lang))
        return [SlotSet("lang", lang), SlotSet("unanswered_question", None), SlotSet("awaiting", None)]
    recorded = recorded_for_staff(tracker)
    question = text[:MAX_QUESTION_CHARS] or None
    lines = [fallback_text(lang, recorded, main_hotline())]
    if question:
        lines.append(fallback_leave_line(lang))
    buttons = (leave_buttons(lang)[:1] if question else []) + topic_buttons(lang)
    dispatcher.utter_message(text="\n\n".join(lines), buttons=buttons)
    return [
        SlotSet("lang", lang),
        SlotSet("unanswered_question", question),
        SlotSet(PENDING_SLOT, question),
        SlotSet("awaiting", None),
    ]
