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
from bot.actions.i18n import PerLanguage, particular, translator
from core.price_dates import in_force_since
from core.tariffs import Bill, Tariff

PERIOD_WORDS = PerLanguage(lambda _: {
    "year": _("a year"),
    "month": _("a month"),
    "two_months": _("every two months"),
    "quarter": _("a quarter"),
    "half_year": _("every six months"),
})


def tier_lines(tariff: Tariff, lang: str, people: int = 1) -> list[str]:
    """One line per tier: name, volume range (for this household size) and price."""
    _ = translator(lang)
    return [
        _("%(tier)s: %(range)s, ¥%(price)s/m³", tier=tier_name(tier.number, lang).capitalize(),
          range=m3_range(lower, upper, lang), price=yuan(tier.price_yuan_per_m3))
        for tier, (lower, upper) in zip(tariff.tiers, tariff.tier_bounds(people), strict=True)
    ]


def large_household_line(tariff: Tariff, lang: str) -> str | None:
    rule = tariff.large_household
    if rule is None:
        return None
    _ = translator(lang)
    return _(
        "Households of %(people)s or more: an extra %(extra)s m³ of basic annual volume (%(confidence)s; "
        "not fully verified).", people=rule.min_people, extra=num(rule.extra_m3),
        confidence=confidence(rule.confidence, lang))


def _sentence(line: str, lang: str) -> str:
    """A tier line as a sentence of its own."""
    _ = translator(lang)
    return _("%(sentence)s.", sentence=line)


def tiers_text(tariff: Tariff, lang: str, asked_tier: int | None = None) -> str:
    """The tier table with ranges, prices, basis, effective date, caveat and source."""
    _ = translator(lang)
    head = _("%(tariff)s, in force from %(date)s:", tariff=pick(tariff.name, lang), date=date(tariff.effective_from, lang))
    lines = tier_lines(tariff, lang)
    focus = None
    if asked_tier is not None and 1 <= asked_tier <= len(lines):
        focus = _sentence(lines[asked_tier - 1], lang)
    return paragraphs(
        focus,
        head + "\n" + bullets(lines),
        _("How it works: %(basis)s", basis=pick(tariff.basis, lang)),
        large_household_line(tariff, lang),
        tariff.caveats[lang][0] if tariff.caveats.get(lang) else None,
        source_line(tariff.sources, lang),
        link(_("See the calculator"), "/bill"),
    )


def basis_text(tariff: Tariff, lang: str) -> str:
    """Annual per-household basis, incremental blocks, since when, what is not verified."""
    _ = translator(lang)
    since = _("These are the %(prices)s (information as of %(date)s).", prices=in_force_since(tariff)[lang],
              date=date(tariff.as_of, lang))
    _p = particular(lang)
    items = _p("list of unverified items", "; ").join(pick(u["label"], lang) for u in tariff.unverified)
    unknown = _("Not yet verified: %(items)s.", items=items)
    return paragraphs(
        pick(tariff.basis, lang),
        since,
        "\n".join(tariff.caveats.get(lang, [])) or None,
        unknown if tariff.unverified else None,
        source_line(tariff.sources, lang),
        link(_("Methodology"), "/methodology"),
    )


def large_household_text(tariff: Tariff, lang: str, people: int | None = None) -> str:
    """The large-household rule with its caveat; the tiers for `people` if given."""
    _ = translator(lang)
    rule = tariff.large_household
    if rule is None:
        return paragraphs(_("No large-household rule is recorded."), link(_("Methodology"), "/methodology"))
    tiers = None
    if people is not None:
        tiers = _("Tiers for a household of %(people)s:", people=people) + "\n" + bullets(tier_lines(tariff, lang, people))
    title = _("See the calculator")
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
    _ = translator(lang)
    charged = [c for c in bill.charges if c.volume_m3 > 0]
    who = people_phrase(None if people_up_to else bill.people, lang, people_up_to)
    tier = tier_name(bill.tier, lang)
    period = PERIOD_WORDS[lang][bill.period]
    lines = [
        _("%(tier)s, %(range)s: %(volume)s m³ × ¥%(price)s = ¥%(amount)s", tier=tier_name(c.tier, lang).capitalize(),
          range=m3_range(c.lower_m3, c.upper_m3, lang), volume=num(c.volume_m3), price=yuan(c.price_yuan_per_m3),
          amount=yuan(c.amount_yuan))
        for c in charged
    ] or [_("No water used, so the bill is ¥0.00")]
    values = {"usage": num(bill.usage_m3), "period": period, "who": who, "annual": num(bill.annual_usage_m3),
              "total": yuan(bill.total_yuan), "period_total": yuan(bill.period_total_yuan)}
    if bill.period == "year":
        total = _("For %(usage)s m³ %(period)s and %(who)s, the annual bill is about ¥%(total)s:", **values)
    else:
        total = _("For %(usage)s m³ %(period)s and %(who)s (%(annual)s m³ a year), the annual bill is about "
                  "¥%(total)s, about ¥%(period_total)s %(period)s:", **values)
    where = _("You are in %(tier)s; one more m³ costs ¥%(price)s.", tier=tier, price=yuan(bill.next_m3_price_yuan))
    if bill.left_in_tier_m3 is not None:
        where += _(" %(left)s m³ left before the end of %(tier)s.", left=num(bill.left_in_tier_m3), tier=tier)
    estimate = None
    if bill.period != "year":
        estimate = _("Annualising a monthly or two-monthly reading is only an estimate; the billing cycle is not "
                     "verified.")
    note = _("Prices in force from %(date)s; they may have changed, see [Methodology](/methodology).",
             date=date(bill.tariff.effective_from, lang))
    large = None
    rule = bill.tariff.large_household
    if rule is not None and bill.people >= rule.min_people:
        large = pick(rule.note, lang)
    breakdown = total + "\n" + bullets(lines)
    page = link(
        _("See the working"),
        "/bill",
        usage_m3=num(bill.usage_m3).replace(",", ""),
        people=None if people_up_to else bill.people,
        period=None if bill.period == "year" else bill.period,
    )
    first, second = (where, breakdown) if focus in ("tier", "next") else (breakdown, where)
    return paragraphs(first, second, large, estimate, note, page)


# --- answers of action_answer_water_question (issue #10): wording only, numbers from core ---

ASK_USAGE = PerLanguage(lambda _: _(
    'How much water was used? Please give the volume and the period, e.g. "250 m³ a year", '
    '"20 m³ a month" or "40 m³ every two months".'
))
ASK_USAGE_FOR_TIER = PerLanguage(lambda _: _(
    'Tell me the usage (e.g. "250 m³ a year") and I can tell you which tier you are in and what one more m³ costs.'
))
ASK_AMOUNT_PERIOD = PerLanguage(lambda _: _(
    'You can also tell me what period the payment covered (e.g. "last month", "two months").'
))


def people_phrase(people: int | None, lang: str, up_to: int | None = None) -> str:
    """'3口人' / '3 people'; `up_to` (unknown size) → '1–4口人' / 'up to 4 people'."""
    _ = translator(lang)
    if people is None and up_to is not None:
        return _("up to %(people)s people", people=up_to)
    return _("1 person") if people == 1 else _("%(people)s people", people=people)


def household_assumption_text(small: Bill, large: Bill | None, lang: str) -> str:
    """Said when the household size was not given: what was assumed, what changes for 5+."""
    _ = translator(lang)
    rule = small.tariff.large_household
    if large is None or rule is None or large.total_yuan == small.total_yuan:
        return _("At this volume the household size does not change the bill.")
    values = {"up_to": rule.min_people - 1, "min": rule.min_people, "extra": num(rule.extra_m3),
              "total": yuan(large.total_yuan), "period_total": yuan(large.period_total_yuan),
              "period": PERIOD_WORDS[lang].get(large.period, "")}
    if large.period == "year":
        return _(
            "You didn't say how many people live in the household, so this is for the common case of %(up_to)s or "
            "fewer. For %(min)s or more people the tier limits are %(extra)s m³ higher and the annual bill is about "
            "¥%(total)s. Tell me the household size and I'll recompute.", **values)
    return _(
        "You didn't say how many people live in the household, so this is for the common case of %(up_to)s or "
        "fewer. For %(min)s or more people the tier limits are %(extra)s m³ higher and the annual bill is about "
        "¥%(total)s (about ¥%(period_total)s %(period)s). Tell me the household size and I'll recompute.", **values)


def asked_period_text(bill: Bill, period: str, amount: Decimal, lang: str) -> str:
    """The total for the period the resident asked about ("每个月交多少")."""
    _ = translator(lang)
    return _("That is about ¥%(amount)s %(period)s.", amount=yuan(amount),
             period=PERIOD_WORDS[lang].get(period, period))


def usage_from_amount_text(
    amount: Decimal, period: str, usage: Decimal, people: int | None, lang: str, up_to: int | None = None,
    large_usage: Decimal | None = None, large_min: int | None = None,
) -> str:
    """Money worked back to m³ through the tiers."""
    _ = translator(lang)
    text = _("Working back through the tiered prices: a bill of ¥%(amount)s %(period)s for %(who)s is about "
             "%(usage)s m³ %(period)s.", amount=yuan(amount), period=PERIOD_WORDS[lang].get(period, period),
             who=people_phrase(people, lang, up_to), usage=num(usage.quantize(Decimal("0.1"))))
    if large_usage is not None and large_min is not None:
        text += _(" For %(people)s or more people it is about %(usage)s m³.", people=large_min,
                  usage=num(large_usage.quantize(Decimal("0.1"))))
    return text + _(
        " (Water price only: any other charges on the bill would make this too high; how the annual tiers "
        "are split across bills is not verified.)"
    )


def marginal_prices_text(tariff: Tariff, lang: str) -> str:
    """'What does one more m³ cost' without a usage: it depends on the tier."""
    _ = translator(lang)
    head = _("What one more m³ costs depends on which tier your annual usage is in:")
    return head + "\n" + bullets(tier_lines(tariff, lang))


def tier_boundary_text(tariff: Tariff, lang: str, people: int | None, asked_tier: int | None) -> str:
    """Where each tier starts and ends (for a large household if the size says so)."""
    _ = translator(lang)
    household = people or 1
    lines = tier_lines(tariff, lang, household)
    focus = lines[asked_tier - 1] if asked_tier and 1 <= asked_tier <= len(lines) else None
    if people:
        head = _("Tier limits for a household of %(people)s (annual usage):", people=people)
    else:
        head = _("Tier limits (annual usage per household):")
    return paragraphs(
        _sentence(focus, lang) if focus else None,
        head + "\n" + bullets(lines),
        None if people and tariff.large_household and people >= tariff.large_household.min_people
        else large_household_line(tariff, lang),
        source_line(tariff.sources, lang),
    )


def why_text(bill: Bill, lang: str) -> str:
    """Why the bill is what it is, with the resident's own numbers: tier by tier."""
    _ = translator(lang)
    charged = [c for c in bill.charges if c.volume_m3 > 0]
    annual = num(bill.annual_usage_m3)
    if len(charged) <= 1:
        head = _("Prices rise in blocks of annual usage per household: you use %(annual)s m³ a year, all of it in "
                 "tier 1, so every m³ is charged at the tier-1 price:", annual=annual)
    else:
        head = _("Prices rise in blocks of annual usage per household: you use %(annual)s m³ a year, and the part "
                 "above each tier limit is charged at the next tier's higher price:", annual=annual)
    lines = [
        _("%(tier)s (%(range)s): %(volume)s m³ × ¥%(price)s = ¥%(amount)s", tier=tier_name(c.tier, lang).capitalize(),
          range=m3_range(c.lower_m3, c.upper_m3, lang), volume=num(c.volume_m3), price=yuan(c.price_yuan_per_m3),
          amount=yuan(c.amount_yuan))
        for c in charged
    ]
    next_m3 = {"tier": tier_name(bill.tier, lang), "price": yuan(bill.next_m3_price_yuan),
               "total": yuan(bill.total_yuan)}
    if bill.average_price_yuan_per_m3 is not None:
        tail = _("Total ¥%(total)s, on average ¥%(average)s per m³; one more m³ costs the %(tier)s price of "
                 "¥%(price)s.", average=yuan(bill.average_price_yuan_per_m3), **next_m3)
    else:
        tail = _("Total ¥%(total)s; one more m³ costs the %(tier)s price of ¥%(price)s.", **next_m3)
    return paragraphs(head + "\n" + bullets(lines), tail, pick(bill.tariff.basis, lang))


def meter_reading_text(tariff: Tariff, lang: str, hotline_lines: list[str]) -> str:
    """'How often is the meter read': not verified in our sources, said so; who to ask."""
    _ = translator(lang)
    cycle = next((u for u in tariff.unverified if u.get("key") == "billing_cycle"), None)
    if cycle:
        head = _("Sorry: the %(item)s is not verified in our sources, so I can't say how often the meter is read.",
                 item=pick(cycle["label"], lang).lower())
    else:
        head = _("Sorry, our sources have nothing on how often meters are read.")
    ask = _("Your water bill shows the reading dates; you can also ask by phone:")
    return paragraphs(head, ask + "\n" + bullets(hotline_lines) if hotline_lines else None,
                      _("The tiered price works on annual usage, whatever the reading interval."),
                      source_line(tariff.sources, lang))
