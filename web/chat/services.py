"""Talking to Rasa over its HTTP channel, and keeping the record of exchanges.

The site never imports the bot: it reaches it only over HTTP (web/chat/botclient.py: a total
deadline, a size cap and a bound on concurrent calls), and keeps working when the bot is
down, slow or busy (a polite reply with links to the calculators).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete

from web import clock
from web.chat import botclient
from web.chat.models import ChatExchange
from web.chat.questions import purge_orphan_statuses, question_hash
from web.extensions import db

QUESTION_KEPT_CHARS = 1000
MAX_REPLIES, MAX_REPLY_CHARS = 20, 4000  # far above anything the bot says; a runaway answer is cut
# After a timeout we stop waiting on the bot for a little while, so worker threads are not
# tied up BOT_TIMEOUT_SECONDS per request while it is down. Per process; a restart forgets it.
_bot_quiet_until = 0.0
# A health probe that timed out is not repeated for a while either, so /healthz and /readyz
# answer at once while the bot hangs (one probe per interval per process pays the deadline).
_health_quiet_until = 0.0
HEALTH_RECHECK_SECONDS = 30.0


@dataclass
class BotAnswer:
    replies: list[dict] = field(default_factory=list)
    available: bool = True
    intent: str | None = None
    confidence: float | None = None
    fallback: bool = False
    more_intents: list[str] = field(default_factory=list)  # other questions answered in the same reply


def conversation_id(sender_token: str) -> str:
    return hashlib.sha256(sender_token.encode()).hexdigest()[:32]


def _replies_from(messages: list) -> tuple[list[dict], dict]:
    """Rasa's message list → widget replies, plus the `custom.meta` the site channel adds."""
    replies, meta = [], {}
    for message in messages if isinstance(messages, list) else []:
        if not isinstance(message, dict):
            continue
        custom = message.get("custom")
        if isinstance(custom, dict) and isinstance(custom.get("meta"), dict):
            meta = custom["meta"]
            continue
        text = message.get("text")
        buttons = [
            {"title": str(b.get("title", ""))[:80], "payload": str(b.get("payload", ""))[:200]}
            for b in message.get("buttons") or [] if isinstance(b, dict) and b.get("title")
        ]
        if len(replies) >= MAX_REPLIES:
            break
        if isinstance(text, str) and text.strip():
            reply = {"text": text[:MAX_REPLY_CHARS]}
            if buttons:
                reply["buttons"] = buttons
            replies.append(reply)
        elif buttons and replies:
            replies[-1].setdefault("buttons", []).extend(buttons)
    return replies, meta


def unavailable_reply() -> dict:
    return {
        "text": _(
            "Sorry, the assistant is not available right now. You can still work out your bill with the "
            "[water bill calculator](/bill), see what you could save with the [savings calculator](/savings), "
            "or read the [water-efficiency label guide](/labels)."
        )
    }


def busy_reply() -> dict:
    return {
        "text": _(
            "Sorry, the assistant is busy right now. Please ask again in a moment. Meanwhile you can work out "
            "your bill with the [water bill calculator](/bill), see what you could save with the "
            "[savings calculator](/savings), or read the [water-efficiency label guide](/labels)."
        )
    }


def not_understood_reply() -> dict:
    return {"text": _("Sorry, I did not catch that. Could you ask it another way?")}


def _bot_is_quiet() -> bool:
    return time.monotonic() < _bot_quiet_until


def _quiet_for_a_while() -> None:
    global _bot_quiet_until
    _bot_quiet_until = time.monotonic() + float(current_app.config["BOT_QUIET_SECONDS"])


def ask_bot(sender_token: str, message: str, lang: str) -> BotAnswer:
    """Forward one message to Rasa; never raises for bot trouble, never waits longer than
    BOT_TIMEOUT_SECONDS in all, and answers "busy" at once when BOT_MAX_CONCURRENT calls
    are already waiting on the bot in this process."""
    if _bot_is_quiet():
        return BotAnswer(replies=[unavailable_reply()], available=False)
    config = current_app.config
    url = config["BOT_URL"].rstrip("/") + config["BOT_WEBHOOK_PATH"]
    payload = {"sender": conversation_id(sender_token), "message": message, "metadata": {"lang": lang}}
    try:
        with botclient.slot(int(config["BOT_MAX_CONCURRENT"])):
            messages = botclient.request_json("POST", url, payload, deadline=float(config["BOT_TIMEOUT_SECONDS"]),
                                              max_bytes=int(config["BOT_MAX_REPLY_BYTES"]))
    except botclient.BotBusy:
        current_app.logger.warning("bot busy: %s calls already waiting", config["BOT_MAX_CONCURRENT"])
        return BotAnswer(replies=[busy_reply()], available=False)
    except botclient.BotTimeout:
        _quiet_for_a_while()
        current_app.logger.warning("bot gave no complete answer within %ss", config["BOT_TIMEOUT_SECONDS"])
        return BotAnswer(replies=[unavailable_reply()], available=False)
    except botclient.BotError as exc:
        current_app.logger.warning("bot unavailable: %s", exc)
        return BotAnswer(replies=[unavailable_reply()], available=False)
    replies, meta = _replies_from(messages)
    confidence = meta.get("confidence")
    intent = meta.get("intent")[:80] if isinstance(meta.get("intent"), str) else None
    return BotAnswer(
        replies=replies or [not_understood_reply()],
        intent=intent,
        confidence=float(confidence) if isinstance(confidence, (int, float)) else None,
        fallback=bool(meta.get("fallback")) or not replies,
        more_intents=_more_intents(meta.get("intents"), intent),
    )


_INTENT_NAME = re.compile(r"^[a-z][a-z0-9_]{0,79}$")
MAX_MORE_INTENTS = 4


def _more_intents(intents: object, first: str | None) -> list[str]:
    """The intents of the other answers in the same reply (the site channel's meta.intents,
    first one excluded), kept only if they look like intent names."""
    if not isinstance(intents, list):
        return []
    names = [i for i in intents if isinstance(i, str) and _INTENT_NAME.match(i)]
    if names and names[0] == first:
        names = names[1:]
    return names[:MAX_MORE_INTENTS]


def bot_is_up(timeout: float = 0.5) -> bool:
    """For health checks: bounded like a chat (total deadline, small answer), and at once
    "no" while a recent timeout (of a chat or a probe) says the bot hangs, so health probes
    never queue behind a hung bot."""
    global _health_quiet_until
    if _bot_is_quiet() or time.monotonic() < _health_quiet_until:
        return False
    try:
        botclient.exchange("GET", current_app.config["BOT_URL"], deadline=timeout, max_bytes=64 * 1024)
        return True
    except botclient.BotTimeout:
        _health_quiet_until = time.monotonic() + HEALTH_RECHECK_SECONDS
        return False
    except botclient.BotError:
        return False


def record_exchange(sender_token: str, question: str, lang: str, answer: BotAnswer) -> ChatExchange:
    exchange = ChatExchange(
        conversation=conversation_id(sender_token), lang=lang, question=question[:QUESTION_KEPT_CHARS],
        question_hash=question_hash(question[:QUESTION_KEPT_CHARS]),
        intent=answer.intent, confidence=answer.confidence, fallback=answer.fallback,
        more_intents=" ".join(answer.more_intents) or None,
        bot_available=answer.available, reply_count=len(answer.replies),
    )
    db.session.add(exchange)
    db.session.flush()
    return exchange


def purge_old_exchanges(now: dt.datetime | None = None) -> int:
    """Delete exchanges older than CHAT_RETENTION_DAYS; returns how many went."""
    cutoff = (now or clock.now()) - dt.timedelta(days=current_app.config["CHAT_RETENTION_DAYS"])
    result = db.session.execute(delete(ChatExchange).where(ChatExchange.created_at < cutoff))
    purge_orphan_statuses()
    return result.rowcount or 0
