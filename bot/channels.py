"""The site's chat channel: Rasa's REST channel plus one `custom.meta` element per turn.

The site posts ``{"sender", "message", "metadata": {"lang"}}`` to /webhooks/site/webhook and
gets the usual list of bot messages followed by
``{"custom": {"meta": {"intent", "confidence", "fallback", "lang", "degraded"}}}``, read from
the tracker after the turn (with bot/components/tracker_store.py, the tracker object the store
just saved: no second read and decode), so the site can record questions, intents and unanswered ones.
Input is cleaned first (control characters, lang code; up to the site's 10,000-character limit,
nothing is cut: a longer message is refused with 413, never silently truncated); a turn that
produced no message at all (the action server is down or failed) gets a polite note linking
the calculator instead of an empty list.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any, Dict, List, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.actions import lang as language
from bot.actions.common import FOLLOW_UP_TEXT
from bot.actions.i18n import PerLanguage
from bot.actions.info_texts import ROOM_ALIASES
from bot.actions.site_texts import ASKS_REAL_NAME
from bot.components.focus import question_clauses
from bot.components.topic_rules import LABEL_FAMILY, PRODUCT, has_volume_or_money
from core.reading import read_message

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 10_000  # the site's limit (web/chat/api.py); longer → 413, never cut
MAX_SENDER_CHARS = 128
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FALLBACK_ACTIONS = {"utter_fallback", "utter_default", "action_default_fallback"}
# action_fallback may still answer (reader, FAQ); it sets this slot only when it could not
UNANSWERED_SLOT = "unanswered_question"
FALLBACK_INTENTS = {"nlu_fallback"}

UNAVAILABLE = PerLanguage(lambda _: _(
    "Sorry, I can't look that up or compute it right now. Please try again later, or use the "
    "[bill calculator](/bill) directly, or see the [FAQ](/faq)."
))
# Intents that go to one action (config.yml, SamePathIntents "water"): one answer covers them.
SAME_PATH = {"ask_bill": "water", "ask_which_tier": "water", "ask_next_price": "water", "inform": "water",
             "ask_tiers": "water", "ask_large_household": "water"}
NOT_OFFERED = {"nlu_fallback", "out_of_scope", "greet", "thank", "goodbye", "stop", "inform"}
OFFER_MIN_CONFIDENCE = 0.7  # a second question is answered only when classified this confidently
MAX_SENTENCES_PARSED = 6
MAX_ANSWERS = 3  # one message gets at most this many answers (one per answer path)
EMPTY = PerLanguage(lambda _: _('Please type your question, e.g. "250 m3, 3 people, how much is the bill?"'))
# the reader's question types that are about the tariff by themselves (core.reading); "how much"
# alone ("how much water does it save?") is read as a bill only with a volume or money to compute with
TARIFF_QUESTIONS = {"tier_price", "tier_boundary", "large_household"}
COMPUTED_QUESTIONS = {"bill", "which_tier", "marginal_price", "usage_from_amount"}


def reads_as_tariff_question(clause: str) -> bool:
    """The reader takes `clause` for a question about the tariff: a tier's price or bound, the
    5+ rule, or a computation with its volume or money ("what's the tier 1 limit")."""
    reading = read_message(clause)
    return reading.question in TARIFF_QUESTIONS or (
        reading.question in COMPUTED_QUESTIONS and (reading.usage_m3 is not None or reading.amount_yuan is not None))



def clean_message(text: object) -> str:
    """The message as Rasa should see it: a string without control characters (never shortened)."""
    if not isinstance(text, str):
        return ""
    return _CONTROL.sub(" ", text).strip()


def turn_meta(tracker: Any, text: str, metadata_lang: Optional[str], replied: bool = True) -> Dict[str, Any]:
    """intent, confidence, fallback and lang of the latest turn, read from the tracker.

    `lang` is the language the bot replied in (the `lang` slot); when the turn produced no
    reply (actions unreachable, so the slot may be stale) it is detected here instead.
    """
    intent: Optional[str] = None
    confidence: Optional[float] = None
    fallback = False
    lang = language.choose(text, metadata_lang)
    if tracker is not None:
        latest = tracker.latest_message
        parsed = (latest.intent or {}) if latest else {}
        intent = parsed.get("name")
        if parsed.get("confidence") is not None:
            confidence = round(float(parsed["confidence"]), 4)
        actions = _actions_since_user(tracker)
        if _unanswered_set_this_turn(tracker):  # an action said "I couldn't answer" (and that it is recorded)
            fallback = True
        elif "action_fallback" in actions:  # it answered from the reader or the FAQ
            fallback = not replied
        else:
            fallback = intent in FALLBACK_INTENTS or bool(FALLBACK_ACTIONS & set(actions))
        lang = language.choose(text, metadata_lang, tracker.get_slot("lang"))
    return {"intent": intent, "confidence": confidence, "fallback": fallback, "lang": lang}


def _unanswered_set_this_turn(tracker: Any) -> bool:
    for event in reversed(tracker.events):
        if getattr(event, "type_name", "") == "user":
            return False
        if getattr(event, "type_name", "") == "slot" and event.key == UNANSWERED_SLOT and event.value:
            return True
    return False


def _actions_since_user(tracker: Any) -> List[str]:
    names = []
    for event in reversed(tracker.events):
        if getattr(event, "type_name", "") == "user":
            break
        if getattr(event, "type_name", "") == "action":
            names.append(event.action_name)
    return names


# A short follow-up stays in the topic of the previous answer ("ok, how do I join in" after
# the campaigns; "is anything happening round here for it?" after a water day; "which number
# should I phone" after the hotlines): previous intent → [(words of the follow-up, intent)].
FOLLOW_UPS: Dict[str, List[tuple]] = {
    "ask_campaigns": [
        (re.compile(r"\b(?:join|sign(?:ing)? up|take part|participate|register|get involved|pledge)\b|参加|参与|报名|加入|承诺",
                    re.I), "ask_pledge"),
    ],
    "ask_water_days": [
        (re.compile(r"\b(?:happening|events?|activit(?:y|ies)|going on|round here|around here|near(?:by| me| here)|"
                    r"local(?:ly)?|join|anything on|what'?s on|in (?:my|our|the) (?:area|district|neighbou?rhood)|putuo)\b|"
                    r"活动|附近|本地|区里|普陀|参加|报名|这边|周边|社区|街道|小区", re.I), "ask_campaigns"),
    ],
    "ask_pledge": [
        (re.compile(r"\b(?:rank(?:s|ing)?|league|leaderboard|top|compare|street|how many)\b|排名|排行|名次|街道|多少人", re.I),
         "ask_pledge"),
    ],
    "ask_human": [
        (re.compile(r"\b(?:number|phone|call|ring|contact|hotline|week|days|still|ages|hours)\b|电话|号码|打哪|热线|"
                    r"好几天|一直|还没|已经|多久了|一周|一个星期", re.I), "ask_hotline"),
    ],
}
FOLLOW_UPS["ask_hotline"] = FOLLOW_UPS["ask_human"]
for _label_intent in LABEL_FAMILY:  # "那洗碗机呢" after a label answer: the same question for that product
    FOLLOW_UPS[_label_intent] = [(PRODUCT, _label_intent)]
# "那洗衣服方面呢" / "what about the bathroom" after the tips: that room's tips
ROOM_WORDS = re.compile("|".join(re.escape(alias) for alias in sorted(
    (a for aliases in ROOM_ALIASES.values() for a in aliases), key=len, reverse=True)), re.I)
FOLLOW_UPS["ask_tips"] = [(ROOM_WORDS, "ask_tips")]
# "要写真名吗" / "do the kids need an account" after the quiz: answered by the quiz's privacy line
FOLLOW_UPS["ask_quiz"] = [(ASKS_REAL_NAME, "ask_quiz")]
FOLLOW_UPS["ask_pledge"].append((ASKS_REAL_NAME, "ask_pledge"))  # the pledge answer says no name is needed
FOLLOW_UP_MAX_CHARS = 80
# "方" alone is not a volume ("洗衣服方面呢", "方法"): only after a number
_WATER_WORDS = re.compile(r"水费|水价|档|吨|[0-9０-９一二三四五六七八九十百千两几]\s*方|立方|\b(?:tier|price|bill|m3|cubic)\b",
                          re.I)

# "and where does the second one end?" after the tier table (or a bill): that tier's bound,
# sent to the water answer as a question the reader knows ("where does tier 2 end")
_WATER_ANSWERS = {"ask_tiers", "ask_which_tier", "ask_next_price", "ask_large_household", "ask_tariff_basis",
                  "ask_bill", "inform"}
_TIER_ORDINAL = re.compile(
    r"\b(?:(first|1st)|(second|2nd|middle)|(third|3rd|last))\b|\btier (?:(one|1)|(two|2)|(three|3))\b|"
    r"第(?:(一|1)|(二|2)|(三|3))(?:档|个|级|阶)?|(?:(一|1)|(二|2)|(三|3))档",  # not "一个月"
    re.I,
)
_TIER_BOUND = re.compile(
    r"\b(?:ends?|stops?|go(?:es)? (?:up )?to|how far|up to|upper|limit|cap|max(?:imum)?|tops? out|finish(?:es)?|"
    r"reach(?:es)?|runs? (?:up )?to|cut ?off|begins?|starts?|kicks? in)\b|到哪|到多少|为止|上限|封顶|截止|最多|到几|"
    r"多少吨以内|范围|从多少|从哪|多少吨开始|几吨开始|起算|下限",
    re.I,
)


# what the turn says instead (a question core.reading reads as that tier's bound)
TIER_BOUND_QUESTION = PerLanguage(lambda _: _("where does tier %(tier)s end"))


def tier_bound_turn(text: str, previous: Optional[str], lang: str) -> Optional[str]:
    """The question the water answer reads for a tier-bound follow-up ("how far does the 2nd
    go?" → "where does tier 2 end"); None when `text` is not one, or the reader already reads
    it as that tier's bound."""
    if previous not in _WATER_ANSWERS or len(text) > FOLLOW_UP_MAX_CHARS or text.startswith("/"):
        return None
    ordinal, bound = _TIER_ORDINAL.search(text), _TIER_BOUND.search(text)
    if ordinal is None or bound is None or has_volume_or_money(text):
        return None
    reading = read_message(text)
    if reading.question == "tier_boundary" and reading.tier is not None:
        return None  # understood as it is
    tier = 1 + next(index for index, group in enumerate(ordinal.groups()) if group) % 3
    return TIER_BOUND_QUESTION[lang].replace("%(tier)s", str(tier))


def follow_up_entities(intent: str, text: str) -> str:
    """The entities a follow-up sent as `/intent` carries: the product after a label answer, the room after tips."""
    match = PRODUCT.search(text) if intent in LABEL_FAMILY else ROOM_WORDS.search(text) if intent == "ask_tips" else None
    if match is None:
        return ""
    return json.dumps({"product" if intent in LABEL_FAMILY else "room": match.group()}, ensure_ascii=False)


def previous_intent(tracker: Any) -> Optional[str]:
    """The intent of the last user message already answered (before this one)."""
    if tracker is None:
        return None
    latest = getattr(tracker, "latest_message", None)
    return ((latest.intent or {}).get("name") if latest else None) or None


async def follow_up_intent(agent: Any, text: str, previous: Optional[str]) -> Optional[str]:
    """The intent to continue with when `text` is a short follow-up in the previous topic."""
    rules = FOLLOW_UPS.get(previous or "")
    if not rules or agent is None or len(text) > FOLLOW_UP_MAX_CHARS or text.startswith("/"):
        return None
    wanted = next((intent for pattern, intent in rules if pattern.search(text)), None)
    if wanted is None:
        return None
    try:
        parsed = await agent.parse_message(text)
    except Exception:
        logger.exception("site channel: parsing a follow-up failed")
        return None
    intent = (parsed.get("intent") or {}).get("name")
    if parsed.get("keyword_rule") or intent == wanted:
        return None  # the message names its own topic (or already the one wanted)
    if SAME_PATH.get(intent or "") == "water" and (_WATER_WORDS.search(text) or reads_as_tariff_question(text)):
        return None  # a water question of its own ("and how much is tier 2?")
    # DIET is often sure and wrong on a few words with no topic of their own ("how can I take
    # part?" → tips): the previous topic and the follow-up's words decide
    return wanted


def combined_meta(metas: List[Dict[str, Any]]) -> Dict[str, Any]:
    """One meta for a message answered in one or more turns (one per question).

    `intent`/`confidence`: the first answered turn's; `intents`: every answered turn's intent
    in order (the site records them all); `fallback`: no turn was answered.
    """
    answered = [m for m in metas if not m["fallback"]]
    first = dict((answered or metas)[0])
    first["intents"] = [m["intent"] for m in answered if m["intent"]] or ([first["intent"]] if first["intent"] else [])
    first["fallback"] = not answered
    return first


# A message this long that ends in a water question is a story told for that question (core.reading rule 9)
LONG_MESSAGE_CHARS = 100
FINAL_QUESTION_CHARS = 300  # its final question is looked for in this many last characters


def ends_in_a_water_question(text: str) -> bool:
    """A long story whose final question is a water question (a bill, a tier…): one turn, answered as
    that question — its clauses about a big family or a leaking toilet are the story, not questions."""
    if len(text) < LONG_MESSAGE_CHARS:
        return False
    reading = read_message(text)
    if reading.question is None or "question_at_end" not in reading.notes:
        return False
    clauses = question_clauses(text[-FINAL_QUESTION_CHARS:])  # the end is enough (a whole 10,000-char story: ~0.3 s)
    return not clauses or read_message(clauses[-1]).question is not None  # "…另外世界水日是哪天？" still splits


async def question_turns(agent: Any, text: str) -> List[str]:
    """The message as separate turns when it asks questions on two or more answer paths.

    Each clause (bot/components/focus.question_clauses) is classified on its own; when at
    least two are confidently on different answer paths, every path becomes its own turn
    (its clauses joined, in message order), up to MAX_ANSWERS, so each question is answered
    through the same path as if asked alone. Otherwise [] (the message is one turn) — always for a
    long story that ends in a water question (`ends_in_a_water_question`).
    """
    if agent is None or ends_in_a_water_question(text):
        return []
    clauses = question_clauses(text)[:MAX_SENTENCES_PARSED]
    if len(clauses) < 2:
        return []
    paths: List[Optional[str]] = []
    for clause in clauses:
        try:
            parsed = await agent.parse_message(clause)
        except Exception:
            logger.exception("site channel: parsing a clause failed")
            return []
        intent = (parsed.get("intent") or {}).get("name")
        confidence = float((parsed.get("intent") or {}).get("confidence") or 0.0)
        # a clause asks something (focus.question_clauses), so "inform" there is a water question
        known = intent and intent not in NOT_OFFERED - {"inform"} and confidence >= OFFER_MIN_CONFIDENCE
        if not known and reads_as_tariff_question(clause):
            paths.append("water")  # "what's the tier 1 limit" (NLU unsure): the reader knows it is a tariff question
            continue
        paths.append(SAME_PATH.get(intent, intent) if known else None)
    distinct = list(dict.fromkeys(p for p in paths if p))
    if len(distinct) < 2:
        return []
    # a clause on no known path goes with the next known one (or the last one at the end)
    owner: List[str] = []
    for index, path in enumerate(paths):
        owner.append(path or next((p for p in paths[index + 1:] if p), None) or distinct[-1])
    turns = []
    for path in distinct[:MAX_ANSWERS]:
        turns.append(" ".join(clause for clause, mine in zip(clauses, owner, strict=True) if mine == path))
    return turns


class SiteInput(RestInput):
    """REST channel for the 节水普陀 site (`bot.channels.SiteInput` in credentials.yml)."""

    @classmethod
    def name(cls) -> Text:
        return "site"

    def blueprint(self, on_new_message: Any) -> Blueprint:
        site_webhook = Blueprint("custom_webhook_SiteInput", __name__)

        @site_webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @site_webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                body = request.json
            except Exception:  # sanic raises InvalidUsage on a body that is not JSON
                body = None
            if not isinstance(body, dict):
                return response.json({"error": {"message": "expected a JSON object"}}, status=400)
            sender = body.get("sender")
            if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
                return response.json(
                    {"error": {"field": "sender", "message": "sender must be a string of 1-128 characters"}},
                    status=400,
                )
            metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else {}
            metadata_lang = language.clean_lang(metadata.get("lang"))
            raw = body.get("message")
            if isinstance(raw, str) and len(raw) > MAX_MESSAGE_CHARS:
                return response.json(
                    {"error": {"field": "message", "message": f"message must be at most {MAX_MESSAGE_CHARS} characters"}},
                    status=413,
                )
            text = clean_message(raw)
            if not text:
                reply_lang = metadata_lang or language.DEFAULT_LANG
                meta = {"intent": None, "confidence": None, "fallback": False, "lang": reply_lang, "degraded": False}
                return response.json([{"recipient_id": sender, "text": EMPTY[reply_lang]}, {"custom": {"meta": meta}}])
            agent = getattr(request.app.ctx, "agent", None)
            turns = await question_turns(agent, text) or [text]
            extra: Dict[str, Any] = {}
            if len(turns) == 1:
                previous = previous_intent(await self._tracker(request, sender))
                bound = tier_bound_turn(text, previous, language.choose(text, metadata_lang))
                follow = None if bound else await follow_up_intent(agent, text, previous)
                if bound:
                    turns = [bound]
                    metadata_lang = language.choose(text, metadata_lang)
                elif follow:  # answered as the previous topic's intent, in the language of the message
                    turns = [f"/{follow}{follow_up_entities(follow, text)}"]
                    metadata_lang = language.choose(text, metadata_lang)
                    extra[FOLLOW_UP_TEXT] = text
            messages: List[Dict[str, Any]] = []
            metas: List[Dict[str, Any]] = []
            for turn_text in turns:
                collector = CollectingOutputChannel()
                message = UserMessage(
                    turn_text,
                    collector,
                    sender,
                    input_channel=self.name(),
                    metadata={**({"lang": metadata_lang} if metadata_lang else {}), **extra},
                )
                try:
                    await on_new_message(message)
                except Exception:
                    logger.exception("site channel: handling the message failed")
                tracker = await self._tracker(request, sender)
                replies = list(collector.messages)
                metas.append(turn_meta(tracker, text, metadata_lang, replied=bool(replies)))
                messages.extend(replies)
            meta = combined_meta(metas)
            meta["degraded"] = not messages
            if not messages:
                messages.append({"recipient_id": sender, "text": UNAVAILABLE[meta["lang"]]})
            messages.append({"custom": {"meta": meta}})
            return response.json(messages)

        return site_webhook

    @staticmethod
    async def _tracker(request: Request, sender: str) -> Any:
        agent = getattr(request.app.ctx, "agent", None)
        if agent is None or agent.tracker_store is None:
            return None
        store: Any = agent.tracker_store
        while store is not None:  # Rasa wraps the configured store (AwaitableTrackerStore, …)
            recent = getattr(store, "recent", None)
            if callable(recent):  # BoundedInMemoryTrackerStore: the object it just saved, no decoding
                tracker = recent(sender)
                if tracker is not None:
                    return tracker
                break
            store = getattr(store, "_tracker_store", None)
        try:
            return await agent.tracker_store.retrieve(sender)
        except Exception:
            logger.exception("site channel: reading the tracker failed")
            return None
