"""`continue_reading`: a follow-up turn merged with what the conversation said before."""

from __future__ import annotations

from decimal import Decimal

from core.reading.note import _CONVERSION_NOTES, _PERIOD_NOTES, _period_notes
from core.reading.period import _SHORT_PERIODS
from core.reading.question import _tier_of
from core.reading.result import Reading
from core.reading.text import _tidy


def continue_reading(remembered: Reading | None, current: Reading) -> Reading:
    """A follow-up turn: what the current message states wins, the rest comes from `remembered`.

    A new volume with its own period replaces the old period ("全年20吨"); a new volume without
    one keeps the old period only if it is of the same size (within ×4: "每月12吨" → "那15吨呢");
    "那要是用到300吨呢" after "每月12吨" is a year, with the assumption noted. A bare number
    ("and 221?") is a volume when the conversation was about volumes.
    """
    if remembered is None:
        return current
    notes = [n for n in current.notes if n != "period_assumed_year"]
    if current.usage_m3 is not None and current.usage_m3 in (remembered.usage_m3, remembered.written_m3):
        notes = [n for n in notes if n != "bare_number_as_usage"]  # "that 170 was for half a year": the figure they gave
    usage, usage_range, usage_period, litres = current.usage_m3, current.usage_range_m3, current.usage_period, current.litres
    written_m3, written_period = current.written_m3, current.written_period
    stated = (current.usage_m3, current.people, current.amount_yuan, current.tier, current.above_m3, current.below_m3)
    nothing_new = all(v is None for v in stated)
    if usage is None and nothing_new and current.bare_number is not None and (
        remembered.usage_m3 is not None or remembered.question in ("bill", "marginal_price", "which_tier", "why")
    ):
        usage, usage_range, usage_period, litres = current.bare_number, None, None, None
        notes.append("bare_number_as_usage")
    if usage is None and current.usage_change is not None and remembered.usage_m3 is not None:
        # "那再多用20吨呢": the remembered volume changed, over its own period
        usage = _tidy(max(remembered.usage_m3 + current.usage_change, Decimal(0)))
        usage_range, litres, usage_period = None, None, remembered.usage_period
        written_m3, written_period = None, None
        notes.append("usage_changed")
    if usage is None and current.corrected_period is not None and remembered.usage_m3 is not None:
        # "sorry, I meant that's per month": the same figure as written, over the corrected period
        usage = remembered.written_m3 if remembered.written_m3 is not None else remembered.usage_m3
        usage_range = None if remembered.written_m3 is not None else remembered.usage_range_m3
        litres, usage_period, written_m3, written_period = remembered.litres, current.corrected_period, None, None
        if usage_period in _SHORT_PERIODS:
            written_m3, written_period = usage, usage_period
            usage, usage_period = _tidy(usage * _SHORT_PERIODS[written_period]), "year"
            usage_range = None
        notes.extend(n for n in remembered.notes if n in ("litres_to_m3", "range_midpoint") and n not in notes)
        notes.append("period_corrected")
    if usage is None:
        usage, usage_range, litres = remembered.usage_m3, remembered.usage_range_m3, remembered.litres
        usage_period, written_m3, written_period = remembered.usage_period, remembered.written_m3, remembered.written_period
        notes.extend(n for n in remembered.notes if n in _CONVERSION_NOTES and n not in notes)
    elif (usage_period is None or current.usage_ask_period) and remembered.usage_period == "year":
        usage_period = "year"
    elif (usage_period is None or current.usage_ask_period) and remembered.usage_period is not None:
        old = remembered.usage_m3
        close = bool(old and old > 0 and Decimal("0.25") <= usage / old <= 4)
        if close and current.asked_period is None:
            usage_period = remembered.usage_period
            notes.append("period_from_earlier_turn")
        elif usage_period is None and not close:  # "too far from your earlier figure" only when it is
            notes.append("period_not_inherited")
    people = current.people
    if people is None:
        people = remembered.people
        if people is not None and current.people_change:  # "我爸要是搬走了呢": one fewer than before
            people = max(1, people + current.people_change)
            notes.append("people_changed")
        elif people is not None:
            notes.append("people_from_earlier_turn")
    changed_volume = current.usage_m3 is not None or any(
        n in notes for n in ("bare_number_as_usage", "period_corrected", "usage_changed"))
    per_person = current.per_person_m3
    if per_person is None and not changed_volume:
        per_person = remembered.per_person_m3
    if per_person is not None and people is not None:  # "每人每月4吨" then "我们5个人": recount for the household
        factor = _SHORT_PERIODS[written_period] if written_period else 1
        usage, usage_range = _tidy(per_person * people * factor), None
        written_m3 = _tidy(per_person * people) if written_period else written_m3
        notes = [n for n in notes if n != "per_person_needs_household"] + ["per_person_times_people"]
    question = current.question or remembered.question
    if question == "usage_from_amount" and changed_volume and current.question is None:
        question = "bill"
    amount_yuan, amount_period = current.amount_yuan, current.amount_period
    if amount_yuan is None and not changed_volume:
        amount_yuan, amount_period = remembered.amount_yuan, remembered.amount_period
    tier = current.tier
    if tier is None and current.above_m3 is not None and question in ("tier_price", "tier_boundary", "which_tier"):
        tier = _tier_of(current.above_m3, people, above=True)  # "and above 300?" after a tier-price question
    elif tier is None and not changed_volume and current.question in (None, remembered.question) \
            and "other_tiers" not in current.notes:
        tier = remembered.tier
    if usage is not None:
        notes = [n for n in notes if n not in _PERIOD_NOTES]
        if written_period is not None:
            notes.append(f"annualised_{written_period}")
        notes += _period_notes(usage_period)
    return Reading(
        usage_m3=usage,
        usage_range_m3=usage_range,
        usage_period=usage_period,
        asked_period=current.asked_period or remembered.asked_period,
        people=people,
        question=question,
        tier=tier,
        amount_yuan=amount_yuan,
        amount_period=amount_period,
        notes=tuple(dict.fromkeys(notes)),
        questions=current.questions or remembered.questions,
        above_m3=current.above_m3 if current.above_m3 is not None or changed_volume else remembered.above_m3,
        below_m3=current.below_m3 if current.below_m3 is not None or changed_volume else remembered.below_m3,
        bare_number=current.bare_number,
        litres=litres,
        written_m3=written_m3,
        written_period=written_period,
        per_person_m3=per_person,
        meter_readings=current.meter_readings if current.usage_m3 is not None else remembered.meter_readings,
    )
