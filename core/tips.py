"""Water-saving tips by room (shower, toilet, kitchen, laundry, leaks), in zh and en.

Tips are content (content/tips/tips.yaml). A tip that states a figure must carry its source;
the loader refuses one that does not, so a number can never reach a page or the bot unsourced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from core import claims
from core.content import ContentError, Fields, content_dir
from core.sources import Source, parse_source, parse_source_library

ROOMS = ("shower", "toilet", "kitchen", "laundry", "leaks")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Tip:
    key: str
    room: str
    text: dict[str, str]
    source: Source | None


@dataclass(frozen=True)
class Room:
    key: str
    name: dict[str, str]
    tips: tuple[Tip, ...]


def tips_path():
    return content_dir() / "tips" / "tips.yaml"


@cache
def rooms() -> tuple[Room, ...]:
    """Every room with its tips, in the order of the content file."""
    path = tips_path()
    top = Fields.load(path)
    parse_source_library(top)
    result, seen = [], set()
    for room in top.children("rooms"):
        key = room.choice("key", ROOMS)
        if key in seen:
            raise room.error("key", "duplicate room")
        seen.add(key)
        tips_ = []
        for tip in room.children("tips"):
            text = tip.bilingual("text")
            source = parse_source(tip.child("source")) if tip.has("source") else None
            if source is None and (_DIGIT.search(text["zh"]) or _DIGIT.search(text["en"])):
                raise tip.error("source", "a tip that states a figure needs a source")
            claims.check_references(tip, text.values())
            tips_.append(Tip(key=tip.text("key"), room=key, text=text, source=source))
        if not tips_:
            raise room.error("tips", "needs at least one tip")
        result.append(Room(key=key, name=room.bilingual("name"), tips=tuple(tips_)))
    missing = set(ROOMS) - seen
    if missing:
        raise ContentError(path, "rooms", f"missing rooms: {', '.join(sorted(missing))}")
    return tuple(result)


def tips(room: str | None = None) -> list[Tip]:
    """All tips, or those of one room (shower, toilet, kitchen, laundry, leaks)."""
    if room is not None and room not in ROOMS:
        raise ValueError(f"unknown room {room!r}; one of {', '.join(ROOMS)}")
    return [tip for r in rooms() if room in (None, r.key) for tip in r.tips]


def check() -> None:
    rooms.cache_clear()
    rooms()
