"""Small pieces every answer uses: numbers, dates, links, sources, confidence, in zh or en.

Pure Python over core's values: no Rasa imports, no facts of its own. The chat widget
renders `[title](/path)` as a link and everything else as plain text.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Iterable, Sequence
from urllib.parse import urlencode

from babel.dates import format_date

from bot.actions.i18n import PerLanguage, particular, translator
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
    """2013-08-01 → '2013年8月1日' / '1 August 2013' (the CLDR pattern is in the catalog)."""
    if value is None:
        return "—"
    _p = particular(lang)
    # Translators: a CLDR date pattern (y year, M month, MMMM its name, d day): 2013-08-01 → "1 August 2013"
    return format_date(value, _p("date pattern (CLDR)", "d MMMM y"), locale=lang)


def span(start: dt.date, end: dt.date, lang: str) -> str:
    """A date range; a single day when start == end; the year once when both share it (zh)."""
    if start == end:
        return date(start, lang)
    _, _p = translator(lang), particular(lang)
    if start.year == end.year:
        # Translators: the CLDR pattern of a range's last day when the year was said at its start
        last = format_date(end, _p("date pattern (CLDR) for the end of a range in the same year", "d MMMM y"),
                           locale=lang)
    else:
        last = date(end, lang)
    return _("%(start)s – %(end)s", start=date(start, lang), end=last)


def confidence(code: str, lang: str) -> str:
    label = CONFIDENCE_LABELS.get(code, {}).get(lang, code)
    _ = translator(lang)
    return _("confidence: %(label)s", label=label)


def source_line(sources: Source | Sequence[Source], lang: str) -> str:
    """'来源：<title>（可信度：高，2013-07-30）' for the first source (the primary one)."""
    _ = translator(lang)
    first = sources if isinstance(sources, Source) else sources[0]
    details = confidence(first.confidence, lang)
    if first.as_of:
        details = _("%(confidence)s, %(as_of)s", confidence=details, as_of=first.as_of)
    return _("Source: %(title)s (%(details)s)", title=first.title, details=details)


def link(title: str, path: str, **params: object) -> str:
    """A Markdown link to a site page, e.g. [查看计算过程](/bill?usage_m3=250&people=3)."""
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return f"[{title}]({path}{'?' + query if query else ''})"


def bullets(lines: Iterable[str]) -> str:
    return "\n".join(f"• {line}" for line in lines)


def paragraphs(*parts: str | None) -> str:
    """Join the non-empty parts with blank lines."""
    return "\n\n".join(part for part in parts if part)


TIER_NAMES = PerLanguage(lambda _: {1: _("tier 1"), 2: _("tier 2"), 3: _("tier 3")})


def tier_name(number: int, lang: str) -> str:
    _ = translator(lang)
    return TIER_NAMES[lang].get(number) or _("tier %(number)s", number=number)


def m3_range(lower: Decimal, upper: Decimal | None, lang: str) -> str:
    """'220–300立方米（含）' / '220–300 m³ (inclusive)' / '300立方米以上' / 'above 300 m³'."""
    _ = translator(lang)
    if upper is None:
        return _("above %(lower)s m³", lower=num(lower))
    return _("%(lower)s–%(upper)s m³ (inclusive)", lower=num(lower), upper=num(upper))
