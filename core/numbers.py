"""Low-level numerals, and the old one-field readers kept as thin wrappers over core.reading.

Residents write 两百二十吨, 250方, 150.5立方米, ２５０ｍ³, 4口人, 一家三口. The whole message is
read by `core.reading.read_message` (the ONE parser: units, periods, household, question);
this module keeps only what a numeral is (`NUMERAL`, `to_decimal`, `parse_number`,
`normalize`) and the `parse_volume`/`parse_people`/`parse_period` functions older callers
use, which now ask the reader. Chinese numerals go through cn2an ("smart" mode also reads
mixed forms such as 2百, 1.5万).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

import cn2an

_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿点"
# One numeral: Arabic (150.5), Arabic with a Chinese multiplier (2百, 1.5万) or Chinese (两百二十).
# Bounded, and never starting inside another numeral, so a 10,000-digit message is read in linear time.
NUMERAL = (
    rf"(?:(?<![\d.])\d{{1,12}}(?:\.\d{{1,6}})?(?:[十百千万亿][{_CN_DIGITS}]{{0,8}})?|(?<![{_CN_DIGITS}])[{_CN_DIGITS}]{{1,16}})"
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


def parse_number(text: str) -> Decimal | None:
    """A message that is only a number (an answer to "how much?"): 220, 两百二十, ２２０."""
    cleaned = normalize(text).strip().strip("。.!！?？~～ ")
    if not re.fullmatch(NUMERAL, cleaned):
        return None
    return to_decimal(cleaned)


def parse_volume(text: str) -> Decimal | None:
    """The water volume in m³ written next to a unit (吨/方/立方/立方米/m³/tons/升…), as the
    reader reads it (a price unit such as 多少钱一吨 is not a volume). None without a unit."""
    from core.reading import read_message

    return read_message(text).usage_m3


def parse_people(text: str) -> int | None:
    """The household size as the reader reads it: 4口人, 三个人, 一家三口, "4 people", "family of 4"."""
    from core.reading import read_message

    return read_message(text).people


def parse_period(text: str) -> str | None:
    """The period a message names ("year", "month", "two_months", "quarter", "half_year"), or None:
    the volume's period first, then the asked one, then the money's, then any period phrase."""
    from core.reading import find_periods, normalize_text, read_message

    reading = read_message(text)
    found = reading.usage_period or reading.asked_period or reading.amount_period
    if found:
        return found
    from core.tariffs import PERIODS_PER_YEAR

    periods = [code for _start, _end, code in find_periods(normalize_text(text)) if code in PERIODS_PER_YEAR]
    return periods[0] if periods else None  # never "day"/"week": no bill is read over those
