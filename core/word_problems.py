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
from core.sources import Source

ASKS = ("total_yuan", "next_m3_price_yuan")
MAX_USAGE_M3 = Decimal(5000)  # a year of one household: anything above is not a school exercise
TIER_NAMES_ZH = ("一", "二", "三", "四", "五", "六")


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
    return {"zh": f"{people}口人的家庭", "en": "a one-person household" if people == 1 else f"a household of {people}"}


def tariff_word_problem(usage_m3: object, people: object, ask: str = "total_yuan",
                        on: dt.date | None = None) -> WordProblem:
    """A numeric word problem on the year's bill (`total_yuan`) or the price of the next m³
    (`next_m3_price_yuan`) of a household using `usage_m3` m³ a year."""
    if ask not in ASKS:
        raise WordProblemError("ask", {"zh": "请选择要问的内容。", "en": "Choose what to ask."})
    try:
        usage = tariffs.parse_usage_m3(usage_m3)
        household = tariffs.parse_people(people)
    except (tariffs.UsageError, tariffs.PeopleError) as exc:
        raise WordProblemError(exc.field, exc.messages) from None
    if usage <= 0 or usage > MAX_USAGE_M3:
        raise WordProblemError("usage_m3", {
            "zh": f"请填写大于0、不超过{_number(MAX_USAGE_M3)}立方米的年用水量。",
            "en": f"Enter a year's use above 0 and at most {_number(MAX_USAGE_M3)} m³."})
    result = tariffs.bill(usage, household, "year", on)
    tariff = result.tariff
    since = price_dates.in_force_since(tariff)
    who, volume = _household(household), _number(usage)
    if ask == "total_yuan":
        answer = result.total_yuan
        text = {"zh": f"一户{who['zh']}一年用水{volume}立方米。按上海阶梯水价（{since['zh']}），全年水费是多少元？",
                "en": f"{who['en'].capitalize()} uses {volume} m³ of water in a year. With Shanghai's tiered "
                      f"prices ({since['en']}), what is the year's water bill in yuan?"}
        used = [c for c in result.charges if c.volume_m3 > 0]
        zh_parts = [f"第{TIER_NAMES_ZH[c.tier - 1]}档{_number(c.volume_m3)}立方米×{_number(c.price_yuan_per_m3)}元"
                    for c in used]
        en_parts = [f"tier {c.tier} {_number(c.volume_m3)} m³ × ¥{_number(c.price_yuan_per_m3)}" for c in used]
        explanation = {"zh": f"每档只对该档内的水量收费：{'，'.join(zh_parts)}，合计{_yuan(answer)}元。",
                       "en": f"Each tier is charged only on the water inside it: {', '.join(en_parts)}; "
                             f"¥{_yuan(answer)} in all."}
    else:
        answer = result.next_m3_price_yuan
        text = {"zh": f"一户{who['zh']}今年已经用水{volume}立方米。按上海阶梯水价（{since['zh']}），"
                      "再多用1立方米要付多少元？",
                "en": f"{who['en'].capitalize()} has used {volume} m³ of water so far this year. With Shanghai's "
                      f"tiered prices ({since['en']}), how many yuan does one more cubic metre cost?"}
        explanation = {"zh": f"全年用水{volume}立方米，属于第{TIER_NAMES_ZH[result.tier - 1]}档，"
                             f"下一立方米按{_number(answer)}元计。",
                       "en": f"{volume} m³ in the year is in tier {result.tier}, so the next m³ costs "
                             f"¥{_number(answer)}."}
    large = tariff.large_household
    if large is not None and household >= large.min_people:
        explanation = {lang: f"{explanation[lang]}{'' if lang == 'zh' else ' '}{large.note[lang]}"
                       for lang in explanation}
    note = price_dates.as_of_note(tariff)
    explanation = {lang: f"{explanation[lang]}{'' if lang == 'zh' else ' '}{note[lang]}" for lang in explanation}
    source = tariff.primary_source
    spec = {"kind": "tariff_bill", "usage_m3": volume, "people": household, "ask": ask, "tariff": tariff.id,
            "effective_from": tariff.effective_from.isoformat(),
            "source": {"title": source.title, "url": source.url, "confidence": source.confidence,
                       "as_of": source.as_of}}
    return WordProblem(text=text, explanation=explanation, answer=answer, unit={"zh": "元", "en": "yuan"},
                       source=source, spec=spec)
