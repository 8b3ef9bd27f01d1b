"""Which language to answer in: the language the user wrote in.

Pure Python (no Rasa imports) so both the action server and the site channel use it.
CJK characters mean Chinese; real English words mean English; anything else ("ok", "250",
emoji, "m3") is a tie, broken by the site's `metadata.lang`, then by the conversation's
previous language, then Chinese.
"""

from __future__ import annotations

import re

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]")
_CJK_IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
# Tokens that say nothing about the writer's language (units, acknowledgements, codes).
_NEUTRAL = {
    "ok", "okay", "k", "m", "m3", "cbm", "l", "kg", "gb", "qr", "hi", "hey", "yes", "no",
    "lol", "thx", "ty", "wifi", "app", "pm", "am", "vs", "id", "tier", "ppl",
}  # fmt: skip


def clean_lang(value: object) -> str | None:
    """`value` if it is a supported language code ("zh", "en", "zh-CN", "en_US"), else None."""
    if not isinstance(value, str):
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGS else None


MIN_ENGLISH_WORDS = 3  # an English sentence quoting a Chinese term ("saw 水效 on the box, what's it mean")


def detect(text: str | None) -> str | None:
    """The message's main language: 'zh' if it is mostly Chinese characters, 'en' if it is
    mostly English words (a Chinese term quoted in an English sentence keeps it English),
    else None (a tie: "ok", "250", emoji)."""
    if not text:
        return None
    words = [w.lower() for w in _WORD.findall(text)]
    meaningful = [w for w in words if w not in _NEUTRAL and len(w) > 1]
    ideographs = len(_CJK_IDEOGRAPH.findall(text))
    if ideographs:
        english = len(meaningful) >= MIN_ENGLISH_WORDS and len(meaningful) > ideographs
        return "en" if english else "zh"
    return "en" if meaningful else None


def choose(text: str | None, metadata_lang: object = None, previous: object = None) -> str:
    """The reply language: detection, then the site's metadata.lang, then the previous one."""
    if text and text.startswith("/"):  # a button payload: keep the conversation's language
        return clean_lang(metadata_lang) or clean_lang(previous) or DEFAULT_LANG
    return detect(text) or clean_lang(metadata_lang) or clean_lang(previous) or DEFAULT_LANG
