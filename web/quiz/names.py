"""Friendly nicknames for students, and the checks a chosen nickname must pass.

A nickname must not be a way to identify or contact a child: no digits runs that look like a
phone or student number, no e-mail addresses, nothing from a short list of rude words.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable

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
# Kept short on purpose: a teacher can delete a player, and nicknames live 30 days at most.
BLOCKED = {
    "fuck", "shit", "bitch", "cunt", "dick", "penis", "sex", "porn", "nazi", "hitler", "idiot",
    "stupid", "asshole", "bastard", "傻逼", "傻b", "操你", "妈的", "他妈",
    "去死", "笨蛋", "白痴", "蠢货", "滚蛋", "混蛋", "王八", "贱", "色情", "死",
}


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
    """None if the nickname is fine, else a code: empty, too_short, too_long, contact, rude, symbols."""
    text = normalise(nickname)
    if not text:
        return "empty"
    if len(text) < MIN_LENGTH:
        return "too_short"
    if len(text) > MAX_LENGTH:
        return "too_long"
    if looks_like_contact(text):
        return "contact"
    squashed = re.sub(r"[\s\W_]+", "", text.casefold())
    if any(word in squashed for word in BLOCKED):
        return "rude"
    if not re.fullmatch(r"[\w .'\-·]+", text):
        return "symbols"
    return None
