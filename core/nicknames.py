"""Whether a quiz nickname names something a school does not want on its projector.

A pure rule over plain strings, shared by the site (join form and API) and its tests. The
list of refused words and names is content (`content/nicknames/blocked.yaml`); this module
turns a nickname into *skeletons* — the letters a reader sees, with every trick to hide them
undone — and looks the refused entries up in them:

* Unicode compatibility forms (full-width "ｆｕｃｋ" → "fuck") and diacritics ("Fück" → "fuck");
* case ("FUCK"); look-alike Cyrillic and Greek letters ("fuсk" with a Cyrillic с);
* leetspeak: 0→o, 1→i or l, 3→e, 4→a, 5→s, 7→t, 8→b, 9→g, @→a, $→s, !→i, |→l, +→t;
* anything that is not a letter between the letters (spaces, dots, stars, zero-width
  characters, digits used as separators: "f.u.c.k", "习 近 平", "习★近★平", "xi2 jin4 ping2");
* repeated letters ("fuuuuck").

Short Latin words (under MIN_ANYWHERE letters) are refused only as the whole nickname, and
innocent words that contain a refused one ("Scunthorpe", "Sussex", "Trumpet") are removed
before matching, so ordinary names pass.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from core.content import ContentError, Fields, content_dir

MIN_ANYWHERE = 6  # a Latin entry this long is refused anywhere in a nickname; shorter ones only alone

LOOK_ALIKES = str.maketrans({
    # Cyrillic letters that look like Latin ones
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    # Greek
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
    "χ": "x", "ς": "s",
    # Latin letters without a decomposition
    "ß": "ss", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "æ": "ae", "œ": "oe",
})
LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g", "@": "a", "$": "s",
        "!": "i", "|": "l", "+": "t", "€": "e"}
LEET_ALTERNATIVES = {"1": "l", "|": "i"}  # the second reading of an ambiguous character


def _letters(text: str) -> str:
    """Compatibility-normalised, diacritics removed, case folded, look-alikes mapped."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFC", text).casefold().translate(LOOK_ALIKES)
    return text


def _squash(text: str) -> str:
    """Only letters, repeated letters collapsed ("f-u-u-u-c-k" → "fuck")."""
    kept = "".join(ch for ch in text if unicodedata.category(ch).startswith("L"))
    return re.sub(r"(.)\1+", r"\1", kept)


def skeletons(nickname: str) -> set[str]:
    """Every reading of the nickname's letters: digits and symbols as leetspeak (each
    ambiguous one both ways), and with digits and symbols simply dropped."""
    text = _letters(nickname)
    readings = {
        _squash("".join(LEET.get(ch, ch) for ch in text)),
        _squash("".join(LEET_ALTERNATIVES.get(ch, LEET.get(ch, ch)) for ch in text)),
        _squash(text),
    }
    return {reading for reading in readings if reading}


def _is_latin(skeleton: str) -> bool:
    return skeleton.isascii()


@dataclass(frozen=True)
class Blocklist:
    anywhere: frozenset[str]  # skeletons refused wherever they appear
    alone: frozenset[str]  # skeletons refused as the whole nickname
    allowed: tuple[str, ...]  # innocent skeletons removed before matching, longest first
    figures: frozenset[str]  # the skeletons that came from public figures (for the reason)
    pattern: re.Pattern  # `anywhere` as one alternation (a join page checks a dozen names)


def blocklist_path() -> Path:
    return content_dir() / "nicknames" / "blocked.yaml"


def _entry(fields: Fields, key: str, index: int, value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise fields.error(f"{key}[{index}]", "must be a non-empty string")
    found = _squash(_letters(value))
    if not found:
        raise fields.error(f"{key}[{index}]", "has no letters")
    return found


def _latin_variants(spelling: str) -> list[str]:
    """A pinyin "surname given" name also in the western order ("xi jinping" → "jinping xi")."""
    words = spelling.split()
    variants = [spelling]
    if len(words) == 2:
        variants.append(f"{words[1]} {words[0]}")
    return variants


@cache
def blocklist() -> Blocklist:
    """The refused words and names of content/nicknames/blocked.yaml, as skeletons."""
    top = Fields.load(blocklist_path())
    rude = top.child("rude")
    anywhere: set[str] = set()
    alone: set[str] = set()
    figures: set[str] = set()
    for key, target in (("anywhere", anywhere), ("alone", alone)):
        for index, word in enumerate(rude.items(key)):
            target.add(_entry(rude, key, index, word))
    allowed = {_entry(top, "allowed", i, word) for i, word in enumerate(top.items("allowed"))}
    groups = top.child("public_figures")
    for group in groups.all_keys():
        for person in groups.children(group):
            names = [_entry(person, "zh", i, name) for i, name in enumerate(person.items("zh"))]
            for i, spelling in enumerate(person.items("latin")):
                _entry(person, "latin", i, spelling)
                names += [_squash(_letters(variant)) for variant in _latin_variants(spelling)]
            for name in names:
                if _is_latin(name) and len(name) < MIN_ANYWHERE:
                    alone.add(name)
                else:
                    anywhere.add(name)
                figures.add(name)
    both = (anywhere | alone) & allowed
    if both:
        raise ContentError(blocklist_path(), "allowed", f"{sorted(both)[0]!r} is both refused and allowed")
    pattern = re.compile("|".join(re.escape(word) for word in sorted(anywhere, key=len, reverse=True)))
    return Blocklist(frozenset(anywhere), frozenset(alone), tuple(sorted(allowed, key=len, reverse=True)),
                     frozenset(figures), pattern)


def refused(nickname: str) -> str | None:
    """None if the nickname names nothing refused; else "figure" (a public figure's name) or
    "rude" (a rude word)."""
    rules = blocklist()
    for skeleton in skeletons(nickname):
        for ok in rules.allowed:
            skeleton = skeleton.replace(ok, "·")
        parts = [part for part in skeleton.split("·") if part]
        whole = "".join(parts)
        hits = [whole] if whole in rules.alone else []
        hits += [word for part in parts for word in _found(rules, part)]
        if hits:
            return "figure" if any(hit in rules.figures for hit in hits) else "rude"
    return None


def _found(rules: Blocklist, part: str) -> list[str]:
    """Every `anywhere` entry inside `part`, overlapping ones included ("figure" wins over
    "rude" whichever the alternation meets first)."""
    if not rules.pattern.search(part):
        return []
    return [word for word in rules.anywhere if word in part]


def check() -> None:
    blocklist.cache_clear()
    blocklist()
