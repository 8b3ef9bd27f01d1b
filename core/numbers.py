"""Reading water volumes and household sizes out of free text, in Chinese or English.

Residents write 两百二十吨, 250方, 150.5立方米, ２５０ｍ³, "250 cubic meters", 4口人, 一家三口,
"4 people". Both the bot's form validation and the site's forms call these functions, so a
number is read the same way everywhere. Numbers are anchored on their unit: in
"一年用水一百五十点五方" the volume is the numeral next to 方 (150.5), not the 一 of 一年.
Chinese numerals go through cn2an ("smart" mode also reads mixed forms such as 2百, 1.5万).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

import cn2an

# Characters that may make up one number, Arabic or Chinese (点 is the decimal point).
_NUM = r"[0-9零〇一二两三四五六七八九十百千万亿点.]+"
_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿点"

_VOLUME_UNITS_ZH = r"(?:立方米|立方|方|吨|m3|m\^3|cbm|cubic\s*met(?:er|re)s?|cu\.?\s*m|tons?|tonnes?)"
_VOLUME = re.compile(rf"({_NUM})\s*(?:多|余|来)?\s*(?:个)?\s*{_VOLUME_UNITS_ZH}", re.IGNORECASE)
# A bare unit after an English number word ("two hundred cubic meters") is not supported:
# residents type digits in English.

_PEOPLE_PATTERNS = (
    re.compile(rf"一家({_NUM})口"),  # 一家三口
    re.compile(rf"({_NUM})\s*口之家"),  # 三口之家
    re.compile(rf"({_NUM})\s*(?:口人|个人|口|人|位)"),  # 4口人, 三个人, 5人, 两位
    re.compile(r"(\d+)\s*(?:people|persons?|residents?|members?|ppl|pax)\b", re.IGNORECASE),
    re.compile(r"(?:family|household)\s+of\s+(\d+|[a-z]+)\b", re.IGNORECASE),
    re.compile(r"\bwe\s+are\s+(\d+|[a-z]+)\b", re.IGNORECASE),
    re.compile(r"\b([a-z]+)\s+(?:people|persons?|residents?|members?)\b", re.IGNORECASE),
)
_ALONE = re.compile(
    r"(?:我)?(?:一个人住|独居|单身|自己住)|\b(?:just\s+me|live\s+alone|living\s+alone|single\s+person)\b",
    re.IGNORECASE,
)
_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

_PERIODS = (
    (
        "two_months",
        re.compile(
            r"两个月|二个月|2个月|双月|隔月|每两月|two\s+months|bi-?monthly|2\s*months",
            re.IGNORECASE,
        ),
    ),
    (
        "month",
        re.compile(
            r"一个月|每个?月|月度|上个?月|这个?月|本月|单月|\bmonth(?:ly)?\b|per\s+month|a\s+month",
            re.IGNORECASE,
        ),
    ),
    (
        "year",
        re.compile(
            r"一年|每年|全年|年度|去年|今年|年用水|\byear(?:ly)?\b|annual(?:ly)?|per\s+year|a\s+year",
            re.IGNORECASE,
        ),
    ),
)


def normalize(text: str) -> str:
    """NFKC-fold full-width digits and letters (２５０ｍ³ → 250m3), drop thousands separators."""
    folded = unicodedata.normalize("NFKC", text or "")
    folded = folded.replace("³", "3").replace("，", ",")
    return re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", folded)


def to_decimal(numeral: str) -> Decimal | None:
    """One numeral, Arabic or Chinese or mixed (150.5, 两百二十, 2百, 一百五十点五) → Decimal."""
    numeral = numeral.strip().strip(".")
    if not numeral:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", numeral):
        return Decimal(numeral)
    if not any(ch in _CN_DIGITS for ch in numeral):
        return None
    try:
        value = cn2an.cn2an(numeral, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def parse_volume(text: str) -> Decimal | None:
    """The water volume in m³ written next to a unit (吨/方/立方/立方米/m³/tons/cubic meters).

    1 吨 of water is 1 m³, which is how Shanghai bills are read. Returns None when no
    number stands next to a volume unit.
    """
    for match in _VOLUME.finditer(normalize(text)):
        value = to_decimal(match.group(1))
        if value is not None:
            return value
    return None


def parse_number(text: str) -> Decimal | None:
    """A message that is only a number (an answer to "how much?"): 220, 两百二十, ２２０."""
    cleaned = normalize(text).strip().strip("。.!！?？~～ ")
    if not re.fullmatch(_NUM, cleaned):
        return None
    return to_decimal(cleaned)


def parse_people(text: str) -> int | None:
    """The number of people in the household: 4口人, 三个人, 一家三口, "4 people", "family of 4"."""
    normalized = normalize(text)
    for pattern in _PEOPLE_PATTERNS:
        for match in pattern.finditer(normalized):
            raw = match.group(1)
            value = _WORDS.get(raw.lower()) if raw.isalpha() and raw.isascii() else to_decimal(raw)
            if value is not None and Decimal(value) == Decimal(value).to_integral_value():
                return int(value)
    if _ALONE.search(normalized):
        return 1
    return None


def parse_period(text: str) -> str | None:
    """The billing period a usage refers to: "year", "month" or "two_months", or None."""
    normalized = normalize(text)
    for period, pattern in _PERIODS:
        if pattern.search(normalized):
            return period
    return None
