"""`read_message`: one message read whole, every rule applied in order."""

from __future__ import annotations

import re
from decimal import Decimal

from core.reading.household import _LARGE, _household, _people_change, _people_mentions
from core.reading.money import _amounts
from core.reading.note import _period_notes
from core.reading.period import (
    _CORRECTION,
    _FOLLOW_UP_ASK,
    _PAST_PERIOD,
    _SHORT_CORRECTION,
    _SHORT_PERIODS,
    _SURE_CORRECTION,
    _amount_period_of,
    _classify_periods,
    _usage_period_of,
    find_periods,
)
from core.reading.question import (
    _BILL_WORDS,
    _HOW_CALCULATED,
    _NOT_A_BILL,
    _OTHER_TIERS,
    _OWN_USE,
    _PER_UNIT_PRICE,
    _RATE_WORDS,
    _TIER,
    _WATER_PRICE_WORD,
    _WHY_PEOPLE,
    _question_in,
    _questions,
    _tier_named,
    _tier_of,
)
from core.reading.result import Reading
from core.reading.tail import question_tail
from core.reading.text import _Span, _tidy, normalize_text
from core.reading.volume import (
    _ONE_MORE,
    _OTHER_UTILITY,
    _WATER_WORD,
    _bare_number,
    _bare_thresholds,
    _bare_volumes,
    _volumes,
)

_TARIFF_QUESTIONS = ("bill", "tier_price", "tier_boundary", "which_tier", "marginal_price", "large_household")


def read_message(text: str, expecting: str | None = None) -> Reading:
    """Read the WHOLE message (any length; never truncates). `expecting` ("usage_m3", "people" or
    "amount_yuan") is what the caller just asked for: a bare number then answers it."""
    norm = normalize_text(text)
    notes: list[str] = []
    volumes_all = _volumes(norm)
    amounts_all = _amounts(norm, volumes_all)
    amounts = [a for a in amounts_all if a.kind == "amount"]
    taken = volumes_all + amounts_all
    tier_spans = [_Span(m.start(), m.end(), "tier") for m in _TIER.finditer(norm)]
    mentions = mentions_all = _people_mentions(norm, taken + tier_spans)
    # rule 9: a long message's final question decides; its story only fills what the question lacks
    figures = [v for v in volumes_all if v.kind in ("volume", "above", "below")]
    t = question_tail(norm, lambda part: _question_in(part, bool(amounts)) is not None, figures, amounts, mentions,
                      find_periods(norm))
    ask = norm[t:]
    if t:
        notes.append("question_at_end")
        if any(p.start >= t and p.kind in ("people", "part") for p in mentions):  # "现在家里五口人" beats the story's
            mentions = [p for p in mentions if p.start >= t]
        if any(v.start >= t for v in figures):
            volumes_all = [v for v in volumes_all if v.start >= t]
        tier_spans = [s for s in tier_spans if s.start >= t]
    people = _household(norm, mentions, notes)
    people_change = _people_change(norm, mentions) if people is None else None
    question, questions = _questions(ask, bool(amounts))
    if t:
        tail_amounts = [a for a in amounts if a.start >= t]
        if tail_amounts or question in _TARIFF_QUESTIONS:  # story money never turns a bill question into another
            amounts = tail_amounts
        if tail_amounts and question == "usage_from_amount":  # "…我的问题是：上个月交了150元 用了多少水": no story volume
            volumes_all = [v for v in volumes_all if v.start >= t]

    usage_spans = [v for v in volumes_all if v.kind == "volume"]
    if question in ("tier_boundary", "tier_price"):  # "第一档的上限是220吨吗": a guess at the answer, not a usage
        usage_spans = [v for v in usage_spans if not v.extra.get("guess")]
    above = [v for v in volumes_all if v.kind == "above"] or [v for v in _bare_thresholds(norm, taken) if v.start >= t]
    below = [v for v in volumes_all if v.kind == "below"]
    price_question = question in ("tier_price", "tier_boundary", "which_tier") or (
        question in (None, "bill") and (above or below) and _RATE_WORDS.search(ask)
    )
    if (above or below) and price_question and not usage_spans:
        question = question if question in ("tier_price", "tier_boundary", "which_tier") else "tier_price"
        questions = [q if q != "bill" else question for q in questions] or [question]
    elif not usage_spans and not (len(norm) <= 16 and _FOLLOW_UP_ASK.search(norm) and not _OWN_USE.search(norm)):
        usage_spans = [v for v in above + below if not v.extra.get("bare")]  # "我家用水超过300吨了，要交多少钱"
    if not usage_spans and question in (None, "bill", "which_tier", "marginal_price", "why") and not (t and amounts):
        usage_spans = _bare_volumes(norm, taken + mentions_all + tier_spans + above + below)  # "280 a year", "一年250"
    changes = [v for v in usage_spans if v.extra.get("change") and v.value != 1]
    usage_spans = [v for v in usage_spans if v not in changes]
    usage_change = changes[-1].value * changes[-1].extra["change"] if changes else None
    ours = [v for v in usage_spans if not v.extra.get("not_ours")]
    chosen = (ours or usage_spans)[-1] if usage_spans else None  # rule 4: the last stated (of this household)

    periods = _classify_periods(norm, [chosen] if chosen else changes[-1:], amounts)
    usage_period = _usage_period_of(norm, chosen, periods, t if chosen.start >= t else 0) if chosen is not None else None
    if chosen is not None and chosen.extra.get("period_from_cycle"):
        notes.append("period_from_billing_cycle")
    asked = [p for p in periods if p.kind == "asked_period" and p.start >= t]
    # "oops, I meant every two months, not every month": the period of the remembered volume is corrected
    surely_correcting = chosen is None and not amounts and bool(
        any(p.kind == "negated" or (p.kind == "loose_period" and p.extra["of_figure"]) for p in periods)
        or _SURE_CORRECTION.search(norm)
        or (len(norm) <= 30 and _SHORT_CORRECTION.search(norm) and not re.search(r"吗|\?", norm)))
    if not asked and chosen is None and not amounts and len(norm) <= 40 and _FOLLOW_UP_ASK.search(norm) and not surely_correcting:
        # a short follow-up about another period: "那一个月呢", "what about per month?" (not "than last year")
        asked = [p for p in periods if p.kind == "loose_period" and not _PAST_PERIOD.search(norm[max(0, p.start - 9) : p.end])]
    correcting = surely_correcting or (chosen is None and not amounts and not asked and bool(_CORRECTION.search(norm)))
    asked_period = asked[-1].code if asked else None
    amount_period = _amount_period_of(norm, amounts[-1], periods) if amounts else None

    usage = usage_range = litres = None
    usage_from_question = False
    if chosen is not None:
        usage, usage_range, litres = chosen.value, chosen.extra["range"], chosen.extra["litres"]
        if chosen.extra.get("bare"):
            notes.append("bare_number_as_usage")
        if chosen.extra.get("zi"):
            notes.append("meter_zi")
        if chosen.extra.get("units"):
            notes.append("units_as_m3")
    one_more = list(_ONE_MORE.finditer(norm, t))
    one_more_spans = [_Span(m.start(), m.end(), "one_more") for m in one_more]
    bare = _bare_number(norm, taken + mentions_all + tier_spans + periods + one_more_spans)
    if question == "marginal_price" and chosen is None and not one_more and _LARGE.search(ask):
        question = "large_household"  # "how many extra cubic metres does a big family get": the allowance, not a price
        questions = [q if q != "marginal_price" else "large_household" for q in questions]
    if one_more and chosen is None and question in (None, "bill", "tier_price") and not above and not below:
        question = "marginal_price"  # "那再多1吨呢", "add 1 more m3?": the price of one more m³
        questions = [*(q for q in questions if q not in ("bill", "tier_price")), "marginal_price"]
    if usage is not None and usage_change is not None:  # "一年250吨，再多用20吨要多少钱": 270
        usage, usage_range, usage_change = _tidy(max(usage + usage_change, Decimal(0))), None, None
        notes.append("usage_changed")
    if usage is None and expecting == "usage_m3" and bare is not None:
        usage = bare
    if people is None and expecting == "people" and bare is not None and bare == bare.to_integral_value() and 0 < bare <= 200:
        people = int(bare)
    amount_yuan = amounts[-1].value if amounts else None
    if amount_yuan is None and expecting == "amount_yuan" and bare is not None:
        amount_yuan = bare

    above_m3 = above[-1].value if above else None
    below_m3 = below[-1].value if below else None
    tier = _tier_named(ask)
    if tier is None and t and question in ("tier_price", "tier_boundary", "which_tier", "marginal_price") \
            and not any(v.start >= t for v in figures):
        tier = _tier_named(norm)  # "I'm in tier 2 at 240 m3; what will each additional m3 cost?"
    if tier is None and question in ("tier_price", "tier_boundary", "which_tier"):
        if above and usage is None:
            tier = _tier_of(above[-1].value, people, above=True)
        elif below and usage is None:
            tier = _tier_of(below[-1].value, people, above=False)
    if (tier is not None and question in (None, "bill") and usage is None and not amounts and people is None
            and above_m3 is None and below_m3 is None and not _OWN_USE.search(ask)):
        question = "tier_price"  # "what does tier 2 cost", "第二档收多少": the tier's price, not a bill to compute
        questions = [*(q for q in questions if q != "bill"), "tier_price"]
    if question == "which_tier" and usage is None and above_m3 is None and below_m3 is None and tier is not None:
        question = "tier_price"  # "每吨水3.45元是第一档吧": about a tier's price, not where a usage falls
        questions = [q if q != "which_tier" else "tier_price" for q in questions]
    if (question == "bill" or (question is None and _WATER_PRICE_WORD.search(ask))) and usage is None and amount_yuan is None \
            and tier is None and _HOW_CALCULATED.search(ask) and not re.search(r"省|\bsav(?:e|es|ing)\b", ask):
        question = "tier_price"  # "水费到底怎么算的", "how is the water bill calculated": the tiers, not a bill to compute
        questions = [q if q != "bill" else "tier_price" for q in questions]
        notes.append("how_calculated")
    if _OTHER_TIERS.search(ask) and usage is None and question in (None, "tier_price", "bill"):
        question, tier = "tier_price", None  # "and the other two?": the whole table
        questions = [*(q for q in questions if q != "bill"), "tier_price"]
        notes.append("other_tiers")
    if question == "why" and _WHY_PEOPLE.search(ask) and "large_household" not in questions:
        questions = [*questions, "large_household"]  # "why would it be cheaper with more people": the 5+ rule
    if question == "bill" and amount_yuan is not None and usage is None:
        question = None  # "这个月水费88块，正常吗": the bill is known; nothing to compute
        questions = [q for q in questions if q != "bill"]
    if (question is None and usage is not None and people is not None and amount_yuan is None and usage_change is None
            and _BILL_WORDS.search(ask) and not _NOT_A_BILL.search(ask)):
        question, questions = "bill", [*questions, "bill"]  # rule 7b: "一年二百三十方 四口人 水钱" is a bill to compute
        notes.append("bill_by_words")
    if question == "tier_price" and usage is not None and tier is None:
        # "用了250吨，每吨多少钱": the price of the next m³ at that usage; "阶梯水价怎么算？去年用了280方": the bill
        question = "marginal_price" if _PER_UNIT_PRICE.search(ask) else "bill"
        questions = [q if q != "tier_price" else question for q in questions]

    corrected_period = None
    if correcting:
        loose = [p for p in periods if p.kind == "loose_period"]
        corrected_period = loose[-1].code if len({p.code for p in loose}) == 1 else None
    asked_period = None if asked_period in _SHORT_PERIODS else asked_period
    amount_period = None if amount_period in _SHORT_PERIODS else amount_period
    per_person_m3 = meter = None
    if chosen is not None and chosen.extra.get("per_person") and usage is not None:
        per_person_m3 = usage  # "每人每月4吨", "3 m3 per person a month": the household uses it × people
        if people is not None:
            usage_range = (usage_range[0] * people, usage_range[1] * people) if usage_range else None
            usage = _tidy(usage * people)
            notes.append("per_person_times_people")
        else:
            usage = usage_range = None
            notes.append("per_person_needs_household")
    if chosen is not None and chosen.extra.get("meter"):
        meter = chosen.extra["meter"]
        notes.append("meter_difference")
    written_m3 = written_period = None
    if usage is not None and usage_period in _SHORT_PERIODS:  # "每天0.5方": the tiers are annual, so a year at once
        written_m3, written_period, factor = usage, usage_period, _SHORT_PERIODS[usage_period]
        usage, usage_period = _tidy(usage * factor), "year"
        usage_range = (usage_range[0] * factor, usage_range[1] * factor) if usage_range else None
        notes.append(f"annualised_{written_period}")
    if usage is not None:
        if usage_period is None and asked_period is not None:
            usage_period, usage_from_question = asked_period, True
        if litres is not None:
            notes.append("litres_to_m3")
        if usage_range is not None:
            notes.append("range_midpoint")
        notes += _period_notes(usage_period)
        if usage_from_question and usage_period != "year":
            notes.append("usage_period_from_question")
    if _OTHER_UTILITY.search(ask) and not _WATER_WORD.search(norm):
        # "天然气多少钱一方", "what's the gas price per m3": not a water question; keep only the household
        return Reading(people=people, notes=("other_utility",))
    return Reading(
        usage_m3=usage,
        usage_range_m3=usage_range,
        usage_period=usage_period,
        asked_period=asked_period,
        people=people,
        question=question,
        tier=tier,
        amount_yuan=amount_yuan,
        amount_period=amount_period,
        notes=tuple(dict.fromkeys(notes)),
        questions=tuple(dict.fromkeys(questions)),
        above_m3=above_m3,
        below_m3=below_m3,
        bare_number=bare,
        litres=litres,
        written_m3=written_m3,
        written_period=written_period,
        per_person_m3=per_person_m3,
        meter_readings=meter,
        usage_ask_period=usage_from_question,
        corrected_period=corrected_period,
        people_change=people_change,
        usage_change=usage_change,
    )
