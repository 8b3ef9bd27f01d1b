"""Friendly nicknames for students, and the checks a chosen nickname must pass.

A nickname must not be a way to identify or contact a child: no digits runs that look like a
phone or student number, no e-mail addresses; and nothing rude and no public figure's name,
however it is spelt (`core.nicknames`, with the list in content/nicknames/blocked.yaml).
A teacher can require generated nicknames only (`is_generated`): pupils then pick one of the
names below, which are friendly by construction.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable

from core import nicknames as core_nicknames

ADJECTIVES = [
    ("勤快的", "Busy"), ("快乐的", "Happy"), ("聪明的", "Clever"), ("勇敢的", "Brave"),
    ("安静的", "Quiet"), ("闪亮的", "Shiny"), ("飞快的", "Speedy"), ("细心的", "Careful"),
    ("友好的", "Friendly"), ("清凉的", "Cool"), ("活泼的", "Lively"), ("认真的", "Keen"),
    ("神奇的", "Magic"), ("温和的", "Gentle"), ("机灵的", "Nimble"), ("欢乐的", "Jolly"),
]
NOUNS = [
    ("小水滴", "Raindrop"), ("小海豚", "Dolphin"), ("小青蛙", "Frog"), ("小鸭子", "Duckling"),
    ("小鲸鱼", "Whale"), ("小水獭", "Otter"), ("小企鹅", "Penguin"), ("小海龟", "Turtle"),
    ("小荷叶", "Lily Pad"), ("小浪花", "Wave"), ("小云朵", "Cloud"), ("小彩虹", "Rainbow"),
    ("小河马", "Hippo"), ("小金鱼", "Goldfish"), ("小螃蟹", "Crab"), ("小海星", "Starfish"),
]
MIN_LENGTH, MAX_LENGTH = 2, 20
_ADJECTIVES = {lang: {pair[i] for pair in ADJECTIVES} for i, lang in enumerate(("zh", "en"))}
_NOUNS = {lang: {pair[i] for pair in NOUNS} for i, lang in enumerate(("zh", "en"))}


def suggestions(lang: str, count: int = 3, rng: random.Random | None = None,
                taken: Callable[[list[str]], set[str]] | None = None) -> list[str]:
    """`count` different friendly names in the given language (zh or en). `taken(candidates)`
    returns the keys (see `key`) already used in the event; those are never offered. When the
    plain names run short (a big event), a small number is added ("Happy Otter 7")."""
    rng = rng or random.Random()
    chosen: list[str] = []
    for attempt in range(6):
        pairs = rng.sample([(a, n) for a in ADJECTIVES for n in NOUNS], max(count * 4, 12))
        if lang == "en":
            candidates = [f"{a[1]} {n[1]}" for a, n in pairs]
        else:
            candidates = [f"{a[0]}{n[0]}" for a, n in pairs]
        if attempt >= 2:  # the plain names are mostly used: add a number
            candidates = [f"{name} {rng.randint(2, 999)}" if lang == "en" else f"{name}{rng.randint(2, 999)}"
                          for name in candidates]
        used = taken(candidates) if taken else set()
        for name in candidates:
            if key(name) not in used and name not in chosen and problem(name) is None:
                chosen.append(name)
            if len(chosen) == count:
                return chosen
    return chosen


def normalise(nickname: str) -> str:
    """Trim, collapse spaces and NFKC-normalise (full-width letters become ASCII)."""
    text = unicodedata.normalize("NFKC", nickname or "")
    return re.sub(r"\s+", " ", text).strip()


def key(nickname: str) -> str:
    """What must be unique within an event: case and spacing do not make a new name."""
    return normalise(nickname).casefold().replace(" ", "")[:MAX_LENGTH + 4]


def looks_like_contact(text: str) -> bool:
    """A phone or student number (5+ digits), an e-mail or a web address: never in a
    nickname or a class label, which children see on the projector."""
    text = normalise(text)
    return "@" in text or bool(re.search(r"\d{5,}", text)) or bool(re.search(r"https?:|www\.", text, re.I))


def problem(nickname: str) -> str | None:
    """None if the nickname is fine, else a code: empty, too_short, too_long, rude, figure,
    contact, symbols."""
    text = normalise(nickname)
    if not text:
        return "empty"
    if len(text) < MIN_LENGTH:
        return "too_short"
    if len(text) > MAX_LENGTH:
        return "too_long"
    reason = core_nicknames.refused(text)
    if reason:
        return reason
    if looks_like_contact(text):
        return "contact"
    if not re.fullmatch(r"[\w .'\-·]+", text):
        return "symbols"
    return None


def is_generated(nickname: str) -> bool:
    """True if the nickname is one `suggestions` can make: an adjective and a noun of the
    lists above, in Chinese ("快乐的小水滴", "快乐的小水滴7") or English ("Happy Raindrop 7")."""
    text = normalise(nickname)
    base = re.sub(r" ?\d{1,3}$", "", text)
    english = any(base.startswith(adjective + " ") and base[len(adjective) + 1:] in _NOUNS["en"]
                  for adjective in _ADJECTIVES["en"])
    return english or any(base.startswith(adjective) and base[len(adjective):] in _NOUNS["zh"]
                          for adjective in _ADJECTIVES["zh"])
