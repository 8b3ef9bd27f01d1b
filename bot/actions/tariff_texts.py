"""Answers about the tiered water price and bills, built from core.tariffs objects.

Pure functions (tariff or bill in, text out) so they are tested without Rasa. Every
number comes from the Tariff/Bill that core computed; this module only words it.
"""

from __future__ import annotations

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
from core.tariffs import Bill, Tariff

PERIOD_WORDS = {
    "zh": {"year": "全年", "month": "每月", "two_months": "每两个月"},
    "en": {"year": "a year", "month": "a month", "two_months": "every two months"},
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
        since = f"现行价格自{date(tariff.effective_from, lang)}起执行（资料截至{date(tariff.as_of, lang)}）。"
        unknown = "尚未核实：" + "；".join(pick(u["label"], lang) for u in tariff.unverified) + "。"
    else:
        since = (
            f"The current prices apply from {date(tariff.effective_from, lang)} (information as of {date(tariff.as_of, lang)})."
        )
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
        none = "现行水价没有针对多人口家庭的规则记录。" if lang == "zh" else "No large-household rule is recorded."
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


def bill_text(bill: Bill, lang: str, focus: str = "total") -> str:
    """The bill with its tier breakdown; `focus` puts the tier or next-m³ answer first."""
    charged = [c for c in bill.charges if c.volume_m3 > 0]
    tier = tier_name(bill.tier, lang)
    next_price = yuan(bill.next_m3_price_yuan)
    period = PERIOD_WORDS[lang][bill.period]
    if lang == "zh":
        lines = [
            f"{tier_name(c.tier, lang)} {m3_range(c.lower_m3, c.upper_m3, lang)}："
            f"{num(c.volume_m3)}立方米 × {yuan(c.price_yuan_per_m3)}元 = {yuan(c.amount_yuan)}元"
            for c in charged
        ] or ["用水量为0，水费为0元"]
        basis = f"按{period}用水{num(bill.usage_m3)}立方米、{bill.people}口人计算"
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
        basis = f"For {num(bill.usage_m3)} m³ {period} and {bill.people} {'person' if bill.people == 1 else 'people'}"
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
        people=bill.people,
        period=None if bill.period == "year" else bill.period,
    )
    first, second = (where, breakdown) if focus in ("tier", "next") else (breakdown, where)
    return paragraphs(first, second, large, estimate, note, page)
