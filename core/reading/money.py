"""Money: an amount paid (worked back to m³ by the caller) or a price per unit, never a usage."""

from __future__ import annotations

import re

from core.numbers import NUMERAL as _NUM
from core.reading.text import _numeral, _overlaps, _Span

# 块 is also a classifier ("一块新的水表", "一块儿住"): money only before these.
_MONEY_UNIT = (
    r"(?:元|块钱|块(?=钱|多|左右|上下|水费|的水费|了|呢|吗|吧|啊|一个月|每|一年|一季|[\s,.!?;。、/\d]|$)|圆|rmb|yuan|cny|kuai|bucks)"
)

_AMOUNT = re.compile(
    rf"(?:¥|rmb|cny)\s*(?P<pre>(?<![\d.])\d{{1,12}}(?:\.\d{{1,6}})?)|(?P<num>{_NUM})\s*(?:多)?\s*{_MONEY_UNIT}(?![a-z])"
    # "上个月水费一百二", "交了一百五", "paid 150": a figure after paying words is money, in Chinese numerals too
    rf"|(?:交了|缴了|付了|花了|交|缴|付|paid|pay|spent|bill\s+(?:was|is|came\s+to|of)|水费\s*(?:一年|全年|每年|每个?月|一个月|上个?月|这个?月|本月|每季度?|一季度?|上季度?|两个月|每两个月)?\s*(?:是|为|:)?)\s*"
    rf"(?:才|就|大概|大约|差不多|约|有|要|一共|总共|共)?\s*(?P<bare>{_NUM})\s*(?:多|出头|左右|上下)?"
    r"(?![\d.零〇一二两三四五六七八九十百千万亿])(?!\s*(?:[个口人吨方立升月年天周季次半档级期%元块度字]|yuan|rmb|kuai|bucks|m3|tons?|cubic|people|persons?"
    r"|ppl|of\s+us|times|months?|years?|quarters?|weeks?|days?))",
)

_AMOUNT_IS_PRICE = re.compile(r"^\s*(?:/|每|一\s*(?:吨|方|立方)|1\s*(?:吨|方|立方|m3)"
    r"|per\b(?!\s+(?:year|month|quarter|annum|yr|mo|two\s+months|half))"
    r"|a\s+(?:ton|m3|cubic)|each\b(?!\s+(?:year|month|quarter)))")

_PRICE_LEAD = re.compile(
    r"(?:每吨|每方|每立方米?|一吨|一方|每吨水|每方水|per\s+(?:m3|ton|cubic\s*met\w*)|单价|价格)\s*(?:是|要|为|:)?\s*$")


def _amounts(text: str, taken: list[_Span]) -> list[_Span]:
    spans = []
    for m in _AMOUNT.finditer(text):
        if _overlaps(m.span(), taken):
            continue
        group = next(g for g in ("pre", "num", "bare") if m.group(g))
        raw = m.group(group)
        if "几" in text[max(0, m.start(group) - 1) : m.end(group) + 1]:
            continue  # "几十块钱", "十几块", "好几百": a vague amount, never a figure to work back
        value, _rng = _numeral(raw)
        if value is None:
            continue
        if _AMOUNT_IS_PRICE.search(text[m.end() : m.end() + 10]) or _PRICE_LEAD.search(text[max(0, m.start() - 10) : m.start()]):
            spans.append(_Span(m.start(), m.end(), "price", value))
            continue
        spans.append(_Span(m.start(), m.end(), "amount", value))
    return spans
