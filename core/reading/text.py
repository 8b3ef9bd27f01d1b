"""Normalising a message, numerals, and the clause and sentence spans every reader works on."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from core.numbers import normalize as _fold
from core.numbers import to_decimal

# Traditional characters residents type (Hong Kong/Taiwan input methods) that matter here.
_TRADITIONAL = str.maketrans(
    "兩噸個幾費錢檔階塊萬億們貴說這麼為來點裡價計實單雙現樣還戶請問嗎夠漲會該給繳額樓兒總共隻錯對寫誤應離開爺媽孫婦親鄰錶讀數從變約區號時間頂邊際與舊電氣剛辦張帳賬層級標準滿頭過週歲著讓認識釐夥齊學業務處據長歡倆閨",
    "两吨个几费钱档阶块万亿们贵说这么为来点里价计实单双现样还户请问吗够涨会该给缴额楼儿总共只错对写误应离开爷妈孙妇亲邻表读数从变约区号时间顶边际与旧电气刚办张账账层级标准满头过周岁着让认识厘伙齐学业务处据长欢俩闺",
)

_CJK_LATIN = re.compile(r"(?<=[\u3400-\u9fff])(?=[A-Za-z])|(?<=[A-Za-z])(?=[\u3400-\u9fff])")


def normalize_text(text: str) -> str:
    """Traditional → simplified for the words we read, full width → half width (NFKC), no
    thousands separators; Chinese punctuation becomes ASCII (，→, ？→?), 。 stays."""
    text = (text or "").translate(_TRADITIONAL).replace("立方公尺", "立方米").replace("公吨", "吨")
    text = unicodedata.normalize("NFKC", text)
    # A space between Chinese and Latin letters, so English words have word boundaries ("请问how much").
    text = _CJK_LATIN.sub(" ", text)
    return _fold(text).lower()  # patterns are written in lower case: no IGNORECASE, which is slow on CJK text


_CN_SIMPLE = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple": 2, "couple": 2,
}  # fmt: skip

_WORD_NUM = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"


def _numeral(raw: str) -> tuple[Decimal | None, tuple[Decimal, Decimal] | None]:
    """A numeral → (value, range). 十二三 / 三四百 / 一两百 are ranges (two neighbouring digits):
    drop one digit for the low end and the other for the high end; the value is the midpoint."""
    raw = raw.strip()
    if len(raw) > 24:  # no household or meter has such a number; cn2an would choke on it
        return None, None
    if raw.lower() in _WORDS:
        return Decimal(_WORDS[raw.lower()]), None
    for i in range(len(raw) - 1):
        a, b = _CN_SIMPLE.get(raw[i]), _CN_SIMPLE.get(raw[i + 1])
        if a is not None and b is not None and b == a + 1:
            low, high = to_decimal(raw[: i + 1] + raw[i + 2 :]), to_decimal(raw[:i] + raw[i + 1 :])
            if low is not None and high is not None and low < high:
                return (low + high) / 2, (low, high)
    return to_decimal(raw), None


_CLAUSE_BREAK = re.compile(r"[,，、;。!?\n:]|(?<!\d)\.|\.(?!\d)|\s[-–—]\s")

_SENTENCE_BREAK = re.compile(r"(?<=[。!?;\n])|(?<=[^\d\s]\.)(?=\s)")


def _tidy(value: Decimal) -> Decimal:
    """219.0 → 219, 0.450 → 0.45 (never 2.2E+2): products are shown to residents."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


@dataclass
class _Span:
    start: int
    end: int
    kind: str
    value: Decimal | None = None
    code: str | None = None
    extra: dict = field(default_factory=dict)


def _overlaps(span: tuple[int, int], taken: list[_Span]) -> bool:
    return any(span[0] < t.end and t.start < span[1] for t in taken)


@lru_cache(maxsize=8)
def _clause_breaks(text: str) -> tuple[list[int], list[int]]:
    """Where clause breaks start and end, found once per message (long messages stay linear)."""
    found = list(_CLAUSE_BREAK.finditer(text))
    return [m.start() for m in found], [m.end() for m in found]


def _clause_bounds(text: str, pos: int) -> tuple[int, int]:
    """The clause (between , ; 。 ! ? and the like) that contains position `pos`."""
    starts, ends = _clause_breaks(text)
    before = bisect_right(ends, pos) - 1
    after = bisect_left(starts, pos)
    return (ends[before] if before >= 0 else 0), (starts[after] if after < len(starts) else len(text))


@lru_cache(maxsize=8)
def _sentences(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for part in _SENTENCE_BREAK.split(text):
        if part.strip():
            out.append((pos, part))
        pos += len(part)
    return out


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    starts = [start for start, _ in _sentences(text)]
    return max((s for s in starts if s <= pos), default=0), min((s for s in starts if s > pos), default=len(text))
