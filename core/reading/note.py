"""`reading_note`: the "我的理解是……" / "I read this as …" sentence."""

from __future__ import annotations

from decimal import Decimal

from core.reading.period import _SHORT_PERIODS, PERIOD_NAMES
from core.reading.result import Reading
from core.tariffs import PERIODS_PER_YEAR

# Notes that make `reading_note` speak: the reading converted or assumed something.
_CONVERSION_NOTES = frozenset({
    "litres_to_m3", "range_midpoint", "annualised_month", "annualised_two_months", "annualised_quarter",
    "annualised_half_year", "period_assumed_year", "people_total_over_parts", "people_sum_of_parts",
    "period_from_earlier_turn", "period_not_inherited", "bare_number_as_usage", "usage_period_from_question",
    "annualised_day", "annualised_week", "annualised_half_month", "per_person_times_people", "meter_difference",
    "per_person_needs_household", "meter_zi", "people_changed", "units_as_m3",
    "period_from_billing_cycle", "usage_changed",
})  # fmt: skip

_PERIOD_NOTES = frozenset({"period_assumed_year", *(f"annualised_{p}" for p in (*PERIODS_PER_YEAR, *_SHORT_PERIODS))})


def _num(value: Decimal) -> str:
    """12.500 → "12.5", 144.0 → "144"; never scientific notation."""
    text = f"{value.normalize():f}" if value == value else str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def reading_note(reading: Reading, lang: str) -> str | None:
    """The "我的理解是……" / "I read this as …" sentence when the reading converted or assumed
    something (period annualised, litres, range, total over parts, assumed period); else None."""
    if not (set(reading.notes) & _CONVERSION_NOTES):
        return None
    zh = lang != "en"
    parts: list[str] = []
    usage, period = reading.usage_m3, reading.usage_period
    if usage is not None:
        if reading.usage_range_m3 is not None:
            lo, hi = reading.usage_range_m3
            parts.append(f"用水{_num(lo)}至{_num(hi)}立方米，按中间值{_num(usage)}立方米计算" if zh
                         else f"{_num(lo)} to {_num(hi)} m³, taken as the midpoint {_num(usage)} m³")
        base = reading.written_m3 if reading.written_m3 is not None else usage
        if reading.meter_readings is not None:
            old, new = (_num(v) for v in reading.meter_readings)
            parts.append(f"水表读数{new}−{old}={_num(usage)}立方米" if zh else f"meter reading {new} − {old} = {_num(usage)} m³")
        if reading.litres is not None:
            in_m3 = _num(reading.per_person_m3 if reading.per_person_m3 is not None else base)
            parts.append(f"{_num(reading.litres)}升即{in_m3}立方米" if zh else f"{_num(reading.litres)} litres = {in_m3} m³")
        if reading.per_person_m3 is not None and reading.people is not None:
            p, n, h = _num(reading.per_person_m3), reading.people, _num(base)
            parts.append(f"每人{p}立方米×{n}人={h}立方米" if zh else f"{p} m³ per person × {n} people = {h} m³")
        if reading.written_period is not None:
            factor, w, u = _SHORT_PERIODS[reading.written_period], _num(base), _num(usage)
            parts.append(f"{PERIOD_NAMES['zh'][reading.written_period]}{w}立方米，全年按{w}×{factor}={u}立方米计算" if zh
                         else f"{w} m³ {PERIOD_NAMES['en'][reading.written_period]}, so {w} × {factor} = {u} m³ a year")
        elif period is None:
            said = not all(v is None for v in (reading.usage_range_m3, reading.litres, reading.meter_readings,
                                               reading.per_person_m3))
            if "period_not_inherited" in reading.notes:
                parts.append(f"{_num(usage)}立方米按全年用水量计算，因为与上一条的用量差得太多，不像是同一周期" if zh
                             else f"{_num(usage)} m³ taken as a year's use, as it is too far from your earlier figure "
                                  "to be for the same period")
            elif zh:
                parts.append(("" if said else f"{_num(usage)}立方米，") + "没有说明周期，按全年用水量计算")
            else:
                parts.append(("" if said else f"{_num(usage)} m³, ") + "no period given, so taken as a year's use")
        elif period == "year":
            if all(v is None for v in (reading.usage_range_m3, reading.litres, reading.meter_readings, reading.per_person_m3)):
                parts.append(f"全年{_num(usage)}立方米" if zh else f"{_num(usage)} m³ a year")
        else:
            per, annual = PERIODS_PER_YEAR[period], reading.annual_usage_m3
            approx = "约" if reading.usage_range_m3 is not None else ""
            u, a = _num(usage), _num(annual)
            parts.append(f"{PERIOD_NAMES['zh'][period]}{approx}{u}立方米，全年按{u}×{per}={a}立方米计算"
                         if zh else f"{u} m³ {PERIOD_NAMES['en'][period]}, so {u} × {per} = {a} m³ a year")
        if "usage_changed" in reading.notes:
            parts.append(f"用量按改变后的{_num(usage)}立方米计" if zh else f"the volume changed to {_num(usage)} m³")
        if "period_from_billing_cycle" in reading.notes:
            parts.append("周期按您说的抄表周期" if zh else "the period being your billing cycle")
        if "period_from_earlier_turn" in reading.notes:
            parts.append("周期沿用上一条消息" if zh else "the period from your earlier message")
        if "bare_number_as_usage" in reading.notes:
            parts.append(f"{_num(usage)}按用水量（立方米）计" if zh else f"{_num(usage)} read as m³ of water")
        if "units_as_m3" in reading.notes:
            parts.append("账单上的“单位”按立方米计" if zh else "the bill's units read as m³")
        if "meter_zi" in reading.notes:
            parts.append("水表走的“字”按立方米计" if zh else "the meter's \"zi\" (units on the dial) read as m³")
    elif reading.per_person_m3 is not None:
        p = _num(reading.per_person_m3)
        parts.append(f"每人{p}立方米，还需要知道家里有几口人" if zh else f"{p} m³ per person; the household size is still needed")
    if reading.people is not None:
        if "people_changed" in reading.notes:
            parts.append(f"家里人数变为{reading.people}口人" if zh else f"the household now {reading.people} people")
        elif "people_total_over_parts" in reading.notes:
            parts.append(f"按您说的总数{reading.people}口人计算" if zh else f"{reading.people} people, the total you gave")
        elif "people_sum_of_parts" in reading.notes:
            parts.append(f"各部分相加共{reading.people}口人" if zh else f"{reading.people} people, adding up the parts")
        else:
            noun = "person" if reading.people == 1 else "people"
            parts.append(f"{reading.people}口人" if zh else f"for {reading.people} {noun}")
    if not parts:
        return None
    if zh:
        return "我的理解是：" + "，".join(parts) + "。"
    return "I read this as " + ", ".join(parts) + "."
