"""Helpers shared by the actions: reply language, entity values, sending text.

Kept free of facts; every action module imports from here.
"""

from __future__ import annotations

from typing import Any, Callable, List, Optional, TypeVar

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import lang as language
from bot.actions.i18n import PerLanguage


def reply_lang(tracker: Tracker) -> str:
    """The language of the latest message (then metadata.lang, then the conversation's last
    language): the same rule as bot/components/nlg.py, so actions and responses agree."""
    message = tracker.latest_message or {}
    metadata = message.get("metadata") or {}
    return language.choose(message.get("text"), metadata.get("lang"), tracker.get_slot("lang"))


def entity_values(tracker: Tracker, name: str) -> List[Any]:
    """Every value of entity `name` in the latest message (synonyms already mapped)."""
    entities = (tracker.latest_message or {}).get("entities") or []
    return [e.get("value") for e in entities if e.get("entity") == name and e.get("value") is not None]


def message_text(tracker: Tracker) -> str:
    """The latest message's text ("" when there is none)."""
    return str((tracker.latest_message or {}).get("text") or "")


FOLLOW_UP_TEXT = "follow_up_text"  # metadata set by the site channel when a follow-up is sent as `/intent`


def asked_text(tracker: Tracker) -> str:
    """The resident's own words of the latest turn (a follow-up the site channel sent as `/intent`
    keeps them in its metadata)."""
    message = tracker.latest_message or {}
    original = (message.get("metadata") or {}).get(FOLLOW_UP_TEXT)
    return str(original if isinstance(original, str) else message.get("text") or "")


def latest_intent(tracker: Tracker) -> str | None:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def say(dispatcher: CollectingDispatcher, text: str) -> None:
    dispatcher.utter_message(text=text)


SORRY = PerLanguage(
    lambda _: _("Sorry, I can't read that information right now. Please try again later or see the [FAQ](/faq).")
)

T = TypeVar("T")


def content_or_sorry(dispatcher: CollectingDispatcher, lang: str, load: Callable[[], T]) -> Optional[T]:
    """`load()` (content read by core), or None after saying SORRY when the content cannot be
    read (a missing file, or one that does not match its schema)."""
    try:
        return load()
    except (OSError, ValueError):
        say(dispatcher, SORRY[lang])
        return None
