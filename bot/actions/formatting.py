"""Small pieces every answer uses: numbers, dates, links, sources, confidence, in zh or en.

Pure Python over core's values: no Rasa imports, no facts of its own. The chat widget
renders `[title](/path)` as a link and everything else as plain text.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Iterable, Sequence
from urllib.parse import urlencode

from core.money import yuan_text
from core.sources import CONFIDENCE_LABELS, Source


def pick(texts: dict, lang: str) -> str:
    """The `lang` text of a {zh, en} pair (zh if missing)."""
    return texts.get(lang) or texts.get("zh") or ""


def yuan(amount: Decimal) -> str:
    """903.9 → '903.90': core's one money rule (half up to the fen), without the ¥ sign."""
    return yuan_text(amount, symbol="")


def num(value: Decimal | int | float) -> str:
    """A volume or count without trailing zeros: 250.0 → '250', 150.50 → '150.5'."""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.normalize():f}"


def date(value: dt.date | None, lang: str) -> str:
    """2013-08-01 → '2013年8月1日' / '1 August 2013'."""
    if value is None:
        return "—"
    if lang == "en":
        return f"{value.day} {value:%B} {value.year}"
    return f"{value.year}年{value.month}月{value.day}日"


def span(start: dt.date, end: dt.date, lang: str) -> str:
    """A date range; a single day when start == end."""
    if start == end:
        return date(start, lang)
    if lang == "en":
        return f"{date(start, lang)} – {date(end, lang)}"
    if start.year == end.year:
        return f"{date(start, lang)}至{end.month}月{end.day}日"
    return f"{date(start, lang)}至{date(end, lang)}"


def confidence(code: str, lang: str) -> str:
    label = CONFIDENCE_LABELS.get(code, {}).get(lang, code)
    return f"可信度：{label}" if lang == "zh" else f"confidence: {label}"


def source_line(sources: Source | Sequence[Source], lang: str) -> str:
    """'来源：<title>（可信度：高，2013-07-30）' for the first source (the primary one)."""
    first = sources if isinstance(sources, Source) else sources[0]
    details = confidence(first.confidence, lang) + (f", {first.as_of}" if first.as_of else "")
    if lang == "zh":
        details = details.replace(", ", "，")
        return f"来源：{first.title}（{details}）"
    return f"Source: {first.title} ({details})"


def link(title: str, path: str, **params: object) -> str:
    """A Markdown link to a site page, e.g. [查看计算过程](/bill?usage_m3=250&people=3)."""
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return f"[{title}]({path}{'?' + query if query else ''})"


def bullets(lines: Iterable[str]) -> str:
    return "\n".join(f"• {line}" for line in lines)


def paragraphs(*parts: str | None) -> str:
    """Join the non-empty parts with blank lines."""
    return "\n\n".join(part for part in parts if part)


TIER_NAMES = {
    "zh": {1: "第一档", 2: "第二档", 3: "第三档"},
    "en": {1: "tier 1", 2: "tier 2", 3: "tier 3"},
}


def tier_name(number: int, lang: str) -> str:
    return TIER_NAMES[lang].get(number) or (f"第{number}档" if lang == "zh" else f"tier {number}")


def m3_range(lower: Decimal, upper: Decimal | None, lang: str) -> str:
    """'220–300立方米（含）' / '220–300 m³ (inclusive)' / '300立方米以上' / 'above 300 m³'."""
    if upper is None:
        return f"{num(lower)}立方米以上" if lang == "zh" else f"above {num(lower)} m³"
    if lang == "zh":
        return f"{num(lower)}–{num(upper)}立方米（含）"
    return f"{num(lower)}–{num(upper)} m³ (inclusive)"
