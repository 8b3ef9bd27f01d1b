"""Answers about the tiered water price and bills, built from core.tariffs objects.

Pure functions (tariff or bill in, text out) so they are tested without Rasa. Every
number comes from the Tariff/Bill that core computed; this module only words it.
"""

from __future__ import annotations

from decimal import Decimal

from bot.actions.formatting import (
    bullets,
    confidence,
    date,
    link,
    m3_range,
    num,
    paragraphs,
    pick,
    source_line,
    tier_name,
    yuan,
)
from core.price_dates import in_force_since
from core.tariffs import Bill, Tariff

PERIOD_WORDS = {
    "zh": {"year": "全年", "month": "每月", "two_months": "每两个月", "quarter": "每季度", "half_year": "每半年"},
    "en": {"year": "a year", "month": "a month", "two_months": "every two months", "quarter": "a quarter",
           "half_year": "every six months"},
}


def tier_lines(tariff: Tariff, lang: str, people: int = 1) -> list[str]:
    """One line per tier: name, volume range (for this household size) and price."""
    lines = []
    for tier, (lower, upper) in zip(tariff.tiers, tariff.tier_bounds(people), strict=True):
        price = yuan(tier.price_yuan_per_m3)
        if lang == "zh":
            lines.append(f"{tier_name(tier.number, lang)}：{m3_range(lower, upper, lang)}，{price}元/立方米")
        else:
            lines.append(f"{tier_name(tier.number, lang).capitalize()}: {m3_range(lower, upper, lang)}, ¥{price}/m³")
    return lines


def large_household_line(tariff: Tariff, lang: str) -> str | None:
    rule = tariff.large_household
    if rule is None:
        return None
    if lang == "zh":
        return (
            f"{rule.min_people}人及以上家庭：每年基本水量增加{num(rule.extra_m3)}立方米"
            f"（{confidence(rule.confidence, lang)}，未完全核实）。"
        )
    return (
        f"Households of {rule.min_people} or more: an extra {num(rule.extra_m3)} m³ of basic annual volume "
        f"({confidence(rule.confidence, lang)}; not fully verified)."
    )


def tiers_text(tariff: Tariff, lang: str, asked_tier: int | None = None) -> str:
    """The tier table with ranges, prices, basis, effective date, caveat and source."""
    if lang == "zh":
        head = f"{pick(tariff.name, lang)}，{date(tariff.effective_from, lang)}起执行："
    else:
        head = f"{pick(tariff.name, lang)}, in force from {date(tariff.effective_from, lang)}:"
    lines = tier_lines(tariff, lang)
    focus = None
    if asked_tier is not None and 1 <= asked_tier <= len(lines):
        focus = lines[asked_tier - 1] + ("。" if lang == "zh" else ".")
    basis = ("计价方式：" if lang == "zh" else "How it works: ") + pick(tariff.basis, lang)
    page = link("查看计算过程" if lang == "zh" else "See the calculator", "/bill")
    return paragraphs(
        focus,
        head + "\n" + bullets(lines),
        basis,
        large_household_line(tariff, lang),
        tariff.caveats[lang][0] if tariff.caveats.get(lang) else None,
        source_line(tariff.sources, lang),
        page,
    )


def basis_text(tariff: Tariff, lang: str) -> str:
    """Annual per-household basis, incremental blocks, since when, what is not verified."""
    if lang == "zh":
        since = f"这里用的是{in_force_since(tariff)['zh']}（资料截至{date(tariff.as_of, lang)}）。"
        unknown = "尚未核实：" + "；".join(pick(u["label"], lang) for u in tariff.unverified) + "。"
    else:
        since = f"These are the {in_force_since(tariff)['en']} (information as of {date(tariff.as_of, lang)})."
        unknown = "Not yet verified: " + "; ".join(pick(u["label"], lang) for u in tariff.unverified) + "."
    return paragraphs(
        pick(tariff.basis, lang),
        since,
        "\n".join(tariff.caveats.get(lang, [])) or None,
        unknown if tariff.unverified else None,
        source_line(tariff.sources, lang),
        link("计算方法" if lang == "zh" else "Methodology", "/methodology"),
    )


def large_household_text(tariff: Tariff, lang: str, people: int | None = None) -> str:
    """The large-household rule with its caveat; the tiers for `people` if given."""
    rule = tariff.large_household
    if rule is None:
        none = "这份水价没有针对多人口家庭的规则记录。" if lang == "zh" else "No large-household rule is recorded."
        return paragraphs(none, link("计算方法" if lang == "zh" else "Methodology", "/methodology"))
    tiers = None
    if people is not None:
        head = f"{people}口人家庭的档位：" if lang == "zh" else f"Tiers for a household of {people}:"
        tiers = head + "\n" + bullets(tier_lines(tariff, lang, people))
    title = "查看计算过程" if lang == "zh" else "See the calculator"
    return paragraphs(
        pick(rule.note, lang),
        tiers,
        source_line(rule.source, lang),
        link(title, "/bill", people=people) if people else link(title, "/bill"),
    )


def bill_text(bill: Bill, lang: str, focus: str = "total", people_up_to: int | None = None) -> str:
    """The bill with its tier breakdown; `focus` puts the tier or next-m³ answer first.

    `people_up_to`: the household size was not given and the bill is the same for 1 to that
    many people (said so instead of "1口人").
    """
    charged = [c for c in bill.charges if c.volume_m3 > 0]
    who = people_phrase(None if people_up_to else bill.people, lang, people_up_to)
    tier = tier_name(bill.tier, lang)
    next_price = yuan(bill.next_m3_price_yuan)
    period = PERIOD_WORDS[lang][bill.period]
    if lang == "zh":
        lines = [
            f"{tier_name(c.tier, lang)} {m3_range(c.lower_m3, c.upper_m3, lang)}："
            f"{num(c.volume_m3)}立方米 × {yuan(c.price_yuan_per_m3)}元 = {yuan(c.amount_yuan)}元"
            for c in charged
        ] or ["用水量为0，水费为0元"]
        basis = f"按{period}用水{num(bill.usage_m3)}立方米、{who}计算"
        if bill.period != "year":
            basis += f"（换算为全年{num(bill.annual_usage_m3)}立方米）"
        total = f"{basis}，全年水费约 {yuan(bill.total_yuan)} 元："
        if bill.period != "year":
            total = f"{basis}，全年水费约 {yuan(bill.total_yuan)} 元，折合{period}约 {yuan(bill.period_total_yuan)} 元："
        where = f"您在{tier}，再多用1立方米要 {next_price} 元。"
        if bill.left_in_tier_m3 is not None:
            where += f"距{tier}上限还有{num(bill.left_in_tier_m3)}立方米。"
        estimate = "按月或两月读数换算全年只是估算，账单周期未核实。" if bill.period != "year" else None
        title = "查看计算过程"
        note = f"价格为{date(bill.tariff.effective_from, lang)}起执行的标准，可能已调整，详见[计算方法](/methodology)。"
    else:
        lines = [
            f"{tier_name(c.tier, lang).capitalize()}, {m3_range(c.lower_m3, c.upper_m3, lang)}: "
            f"{num(c.volume_m3)} m³ × ¥{yuan(c.price_yuan_per_m3)} = ¥{yuan(c.amount_yuan)}"
            for c in charged
        ] or ["No water used, so the bill is ¥0.00"]
        basis = f"For {num(bill.usage_m3)} m³ {period} and {who}"
        if bill.period != "year":
            basis += f" ({num(bill.annual_usage_m3)} m³ a year)"
        total = f"{basis}, the annual bill is about ¥{yuan(bill.total_yuan)}:"
        if bill.period != "year":
            total = f"{basis}, the annual bill is about ¥{yuan(bill.total_yuan)}, about ¥{yuan(bill.period_total_yuan)} {period}:"
        where = f"You are in {tier}; one more m³ costs ¥{next_price}."
        if bill.left_in_tier_m3 is not None:
            where += f" {num(bill.left_in_tier_m3)} m³ left before the end of {tier}."
        estimate = (
            "Annualising a monthly or two-monthly reading is only an estimate; the billing cycle is not verified."
            if bill.period != "year"
            else None
        )
        title = "See the working"
        note = (
            f"Prices in force from {date(bill.tariff.effective_from, lang)}; they may have changed, "
            "see [Methodology](/methodology)."
        )
    large = None
    rule = bill.tariff.large_household
    if rule is not None and bill.people >= rule.min_people:
        large = pick(rule.note, lang)
    breakdown = total + "\n" + bullets(lines)
    page = link(
        title,
        "/bill",
        usage_m3=num(bill.usage_m3).replace(",", ""),
        people=None if people_up_to else bill.people,
        period=None if bill.period == "year" else bill.period,
    )
    first, second = (where, breakdown) if focus in ("tier", "next") else (breakdown, where)
    return paragraphs(first, second, large, estimate, note, page)


# --- answers of action_answer_water_question (issue #10): wording only, numbers from core ---

ASK_USAGE = {
    "zh": "请问用了多少水？请带上单位和时间，比如“一年250吨”“每月20方”或“两个月40立方米”。",
    "en": 'How much water was used? Please give the volume and the period, e.g. "250 m³ a year", '
    '"20 m³ a month" or "40 m³ every two months".',
}
ASK_USAGE_FOR_TIER = {
    "zh": "告诉我用水量（比如“一年250吨”），我就能算出您在哪一档、再多用1立方米要多少钱。",
    "en": 'Tell me the usage (e.g. "250 m³ a year") and I can tell you which tier you are in and what one more m³ costs.',
}
ASK_AMOUNT_PERIOD = {
    "zh": "也可以告诉我交的是多长时间的水费（比如“上个月”“两个月”），我换算得更准。",
    "en": 'You can also tell me what period the payment covered (e.g. "last month", "two months").',
}


def people_phrase(people: int | None, lang: str, up_to: int | None = None) -> str:
    """'3口人' / '3 people'; `up_to` (unknown size) → '1–4口人' / 'up to 4 people'."""
    if people is None and up_to is not None:
        return f"1–{up_to}口人" if lang == "zh" else f"up to {up_to} people"
    if lang == "zh":
        return f"{people}口人"
    return "1 person" if people == 1 else f"{people} people"


def household_assumption_text(small: Bill, large: Bill | None, lang: str) -> str:
    """Said when the household size was not given: what was assumed, what changes for 5+."""
    rule = small.tariff.large_household
    if large is None or rule is None or large.total_yuan == small.total_yuan:
        return (
            "这个用水量在第一档以内，家庭人数不影响结果。"
            if lang == "zh"
            else "At this volume the household size does not change the bill."
        )
    up_to = rule.min_people - 1
    if lang == "zh":
        line = (
            f"您没说家里几口人，以上按常见的{up_to}人及以下家庭计算。"
            f"如果家里有{rule.min_people}人及以上，第一、二档上限各提高{num(rule.extra_m3)}立方米，"
            f"全年水费约 {yuan(large.total_yuan)} 元"
        )
        if large.period != "year":
            line += f"（折合{PERIOD_WORDS[lang].get(large.period, '')}约 {yuan(large.period_total_yuan)} 元）"
        return line + "。告诉我人数即可重新计算。"
    line = (
        f"You didn't say how many people live in the household, so this is for the common case of {up_to} or fewer. "
        f"For {rule.min_people} or more people the tier limits are {num(rule.extra_m3)} m³ higher and the annual "
        f"bill is about ¥{yuan(large.total_yuan)}"
    )
    if large.period != "year":
        line += f" (about ¥{yuan(large.period_total_yuan)} {PERIOD_WORDS[lang].get(large.period, '')})"
    return line + ". Tell me the household size and I'll recompute."


def asked_period_text(bill: Bill, period: str, amount: Decimal, lang: str) -> str:
    """The total for the period the resident asked about ("每个月交多少")."""
    if lang == "zh":
        return f"折合{PERIOD_WORDS[lang].get(period, period)}约 {yuan(amount)} 元。"
    return f"That is about ¥{yuan(amount)} {PERIOD_WORDS[lang].get(period, period)}."


def usage_from_amount_text(
    amount: Decimal, period: str, usage: Decimal, people: int | None, lang: str, up_to: int | None = None,
    large_usage: Decimal | None = None, large_min: int | None = None,
) -> str:
    """Money worked back to m³ through the tiers."""
    per = PERIOD_WORDS[lang].get(period, period)
    who = people_phrase(people, lang, up_to)
    shown = num(usage.quantize(Decimal("0.1")))
    if lang == "zh":
        text = f"按阶梯水价倒推：{who}、{per}水费 {yuan(amount)} 元，约等于{per}用水 {shown} 立方米。"
        if large_usage is not None and large_min is not None:
            text += f"如果家里有{large_min}人及以上，约 {num(large_usage.quantize(Decimal('0.1')))} 立方米。"
        return text + "（只按水价计算，账单里如有其他费用会使结果偏大；账单周期如何分摊阶梯未核实。）"
    text = (
        f"Working back through the tiered prices: a bill of ¥{yuan(amount)} {per} for {who} "
        f"is about {shown} m³ {per}."
    )
    if large_usage is not None and large_min is not None:
        text += f" For {large_min} or more people it is about {num(large_usage.quantize(Decimal('0.1')))} m³."
    return text + (
        " (Water price only: any other charges on the bill would make this too high; how the annual tiers "
        "are split across bills is not verified.)"
    )


def marginal_prices_text(tariff: Tariff, lang: str) -> str:
    """'What does one more m³ cost' without a usage: it depends on the tier."""
    head = (
        "再多用1立方米的价格取决于您全年用水量在哪一档："
        if lang == "zh"
        else "What one more m³ costs depends on which tier your annual usage is in:"
    )
    return head + "\n" + bullets(tier_lines(tariff, lang))


def tier_boundary_text(tariff: Tariff, lang: str, people: int | None, asked_tier: int | None) -> str:
    """Where each tier starts and ends (for a large household if the size says so)."""
    household = people or 1
    lines = tier_lines(tariff, lang, household)
    focus = lines[asked_tier - 1] if asked_tier and 1 <= asked_tier <= len(lines) else None
    if lang == "zh":
        head = f"{people}口人家庭的阶梯划分（按全年用水量）：" if people else "阶梯划分（按每户全年用水量）："
    else:
        head = (
            f"Tier limits for a household of {people} (annual usage):" if people else "Tier limits (annual usage per household):"
        )
    return paragraphs(
        (focus + ("。" if lang == "zh" else ".")) if focus else None,
        head + "\n" + bullets(lines),
        None if people and tariff.large_household and people >= tariff.large_household.min_people
        else large_household_line(tariff, lang),
        source_line(tariff.sources, lang),
    )


def why_text(bill: Bill, lang: str) -> str:
    """Why the bill is what it is, with the resident's own numbers: tier by tier."""
    charged = [c for c in bill.charges if c.volume_m3 > 0]
    annual = num(bill.annual_usage_m3)
    if lang == "zh":
        head = f"水价按每户全年用水量分档累进：您全年用水{annual}立方米，"
        if len(charged) <= 1:
            head += "全部在第一档，所以每立方米都按第一档价格计算："
        else:
            head += "超过档位上限的部分按更高一档的价格计算，所以平均价格上升："
        lines = [
            f"{tier_name(c.tier, lang)}（{m3_range(c.lower_m3, c.upper_m3, lang)}）：{num(c.volume_m3)}立方米 × "
            f"{yuan(c.price_yuan_per_m3)}元 = {yuan(c.amount_yuan)}元"
            for c in charged
        ]
        tail = f"合计 {yuan(bill.total_yuan)} 元"
        if bill.average_price_yuan_per_m3 is not None:
            tail += f"，平均每立方米 {yuan(bill.average_price_yuan_per_m3)} 元"
        tail += f"；再多用1立方米按{tier_name(bill.tier, lang)}价格 {yuan(bill.next_m3_price_yuan)} 元。"
    else:
        head = f"Prices rise in blocks of annual usage per household: you use {annual} m³ a year, "
        if len(charged) <= 1:
            head += "all of it in tier 1, so every m³ is charged at the tier-1 price:"
        else:
            head += "and the part above each tier limit is charged at the next tier's higher price:"
        lines = [
            f"{tier_name(c.tier, lang).capitalize()} ({m3_range(c.lower_m3, c.upper_m3, lang)}): {num(c.volume_m3)} m³ × "
            f"¥{yuan(c.price_yuan_per_m3)} = ¥{yuan(c.amount_yuan)}"
            for c in charged
        ]
        tail = f"Total ¥{yuan(bill.total_yuan)}"
        if bill.average_price_yuan_per_m3 is not None:
            tail += f", on average ¥{yuan(bill.average_price_yuan_per_m3)} per m³"
        tail += f"; one more m³ costs the {tier_name(bill.tier, lang)} price of ¥{yuan(bill.next_m3_price_yuan)}."
    return paragraphs(head + "\n" + bullets(lines), tail, pick(bill.tariff.basis, lang))


def meter_reading_text(tariff: Tariff, lang: str, hotline_lines: list[str]) -> str:
    """'How often is the meter read': not verified in our sources, said so; who to ask."""
    cycle = next((u for u in tariff.unverified if u.get("key") == "billing_cycle"), None)
    if lang == "zh":
        head = (
            f"抱歉，{pick(cycle['label'], lang)}在我们的资料里没有核实，我不能确定多久抄一次表。"
            if cycle
            else "抱歉，我们的资料里没有抄表周期的信息。"
        )
        ask = "您家的水费账单上会写明抄表日期；也可以打电话询问："
        tail = "阶梯水价按全年用水量计算，和抄表频率无关。"
    else:
        head = (
            f"Sorry: the {pick(cycle['label'], lang).lower()} is not verified in our sources, so I can't say how often "
            "the meter is read."
            if cycle
            else "Sorry, our sources have nothing on how often meters are read."
        )
        ask = "Your water bill shows the reading dates; you can also ask by phone:"
        tail = "The tiered price works on annual usage, whatever the reading interval."
    return paragraphs(head, ask + "\n" + bullets(hotline_lines) if hotline_lines else None, tail,
                      source_line(tariff.sources, lang))
