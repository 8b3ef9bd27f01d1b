"""Tariff word problems a teacher generates: the teacher picks a year's water use and a
household size; the question, the explanation and the numeric answer all come from
`core.tariffs.bill` under the tariff in force, so no price or total is ever typed.

The explanation ends with the tariff's as-of note (`core.price_dates`), as every quiz text
that shows a price must; a household large enough for the extra basic volume also gets the
tariff's own note about that rule (its confidence and our assumption), word for word.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from core import money, price_dates, tariffs
from core.i18n import tr, tr_ctx
from core.sources import Source

ASKS = ("total_yuan", "next_m3_price_yuan")
MAX_USAGE_M3 = Decimal(5000)  # a year of one household: anything above is not a school exercise
# How a tier's number is said inside a sentence (第一档 in Chinese, "tier 1" in English).
TIER_NUMBERS = (tr_ctx("tier number", "1"), tr_ctx("tier number", "2"), tr_ctx("tier number", "3"),
                tr_ctx("tier number", "4"), tr_ctx("tier number", "5"), tr_ctx("tier number", "6"))


class WordProblemError(ValueError):
    """Inputs a word problem cannot take: `field` (usage_m3, people, ask) and a zh/en message."""

    def __init__(self, field: str, message: dict[str, str]):
        self.field, self.message = field, message
        super().__init__(message["en"])


@dataclass(frozen=True)
class WordProblem:
    text: dict[str, str]
    explanation: dict[str, str]
    answer: Decimal  # yuan
    unit: dict[str, str]
    source: Source
    spec: dict  # what it was computed from (stored with the question)


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f") if value != 0 else "0"


def _yuan(value: Decimal) -> str:
    return money.yuan_text(value, symbol="", grouping=False)


def _household(people: int) -> dict[str, str]:
    """How the question starts: "一户3口人的家庭…" / "A household of 3…"."""
    return tr("A one-person household") if people == 1 else tr("A household of %(people)s", people=people)


def _then(first: dict[str, str], second: dict[str, str]) -> dict[str, str]:
    """Two sentences one after the other (a space between them in English, none in Chinese)."""
    return tr_ctx("two sentences in a row", "%(first)s %(second)s", first=first, second=second)


def tariff_word_problem(usage_m3: object, people: object, ask: str = "total_yuan",
                        on: dt.date | None = None) -> WordProblem:
    """A numeric word problem on the year's bill (`total_yuan`) or the price of the next m³
    (`next_m3_price_yuan`) of a household using `usage_m3` m³ a year."""
    if ask not in ASKS:
        raise WordProblemError("ask", tr("Choose what to ask."))
    try:
        usage = tariffs.parse_usage_m3(usage_m3)
        household = tariffs.parse_people(people)
    except (tariffs.UsageError, tariffs.PeopleError) as exc:
        raise WordProblemError(exc.field, exc.messages) from None
    if usage <= 0 or usage > MAX_USAGE_M3:
        raise WordProblemError("usage_m3", tr("Enter a year's use above 0 and at most %(maximum)s m³.",
                                              maximum=_number(MAX_USAGE_M3)))
    result = tariffs.bill(usage, household, "year", on)
    tariff = result.tariff
    since = price_dates.in_force_since(tariff)
    who, volume = _household(household), _number(usage)
    if ask == "total_yuan":
        answer = result.total_yuan
        text = tr("%(who)s uses %(volume)s m³ of water in a year. With Shanghai's tiered prices (%(since)s), what is "
                  "the year's water bill in yuan?", who=who, volume=volume, since=since)
        parts = [tr("tier %(tier)s %(volume)s m³ × ¥%(price)s", tier=TIER_NUMBERS[c.tier - 1],
                    volume=_number(c.volume_m3), price=_number(c.price_yuan_per_m3))
                 for c in result.charges if c.volume_m3 > 0]
        separator = tr_ctx("list", ", ")
        explanation = tr("Each tier is charged only on the water inside it: %(parts)s; ¥%(total)s in all.",
                         parts={lang: separator[lang].join(part[lang] for part in parts) for lang in separator},
                         total=_yuan(answer))
    else:
        answer = result.next_m3_price_yuan
        text = tr("%(who)s has used %(volume)s m³ of water so far this year. With Shanghai's tiered prices "
                  "(%(since)s), how many yuan does one more cubic metre cost?", who=who, volume=volume, since=since)
        explanation = tr("%(volume)s m³ in the year is in tier %(tier)s, so the next m³ costs ¥%(price)s.",
                         volume=volume, tier=TIER_NUMBERS[result.tier - 1], price=_number(answer))
    large = tariff.large_household
    if large is not None and household >= large.min_people:
        explanation = _then(explanation, large.note)
    explanation = _then(explanation, price_dates.as_of_note(tariff))
    source = tariff.primary_source
    spec = {"kind": "tariff_bill", "usage_m3": volume, "people": household, "ask": ask, "tariff": tariff.id,
            "effective_from": tariff.effective_from.isoformat(),
            "source": {"title": source.title, "url": source.url, "confidence": source.confidence,
                       "as_of": source.as_of}}
    return WordProblem(text=text, explanation=explanation, answer=answer, unit=tr_ctx("unit", "yuan"),
                       source=source, spec=spec)
