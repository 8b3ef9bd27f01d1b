"""`reading_note`: the "我的理解是……" / "I read this as …" sentence."""

from __future__ import annotations

from decimal import Decimal

from core.content import LANGS
from core.i18n import tr, tr_ctx
from core.reading.period import _SHORT_PERIODS, PERIOD_TEXTS
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


def _period_notes(usage_period: str | None) -> list[str]:
    """The note on a volume's period: a year assumed when none was said, annualised from any
    other period; none for a year."""
    if usage_period is None:
        return ["period_assumed_year"]
    return [] if usage_period == "year" else [f"annualised_{usage_period}"]


def _num(value: Decimal) -> str:
    """12.500 → "12.5", 144.0 → "144"; never scientific notation."""
    text = f"{value.normalize():f}" if value == value else str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def reading_note(reading: Reading, lang: str) -> str | None:
    """The "我的理解是……" / "I read this as …" sentence when the reading converted or assumed
    something (period annualised, litres, range, total over parts, assumed period); else None."""
    if not (set(reading.notes) & _CONVERSION_NOTES):
        return None
    if lang not in LANGS:
        raise KeyError(lang)
    parts: list[dict[str, str]] = []
    usage, period = reading.usage_m3, reading.usage_period
    if usage is not None:
        if reading.usage_range_m3 is not None:
            lo, hi = reading.usage_range_m3
            parts.append(tr("%(low)s to %(high)s m³, taken as the midpoint %(usage)s m³",
                            low=_num(lo), high=_num(hi), usage=_num(usage)))
        base = reading.written_m3 if reading.written_m3 is not None else usage
        if reading.meter_readings is not None:
            old, new = (_num(v) for v in reading.meter_readings)
            parts.append(tr("meter reading %(new)s − %(old)s = %(usage)s m³", new=new, old=old, usage=_num(usage)))
        if reading.litres is not None:
            in_m3 = _num(reading.per_person_m3 if reading.per_person_m3 is not None else base)
            parts.append(tr("%(litres)s litres = %(m3)s m³", litres=_num(reading.litres), m3=in_m3))
        if reading.per_person_m3 is not None and reading.people is not None:
            parts.append(tr("%(per_person)s m³ per person × %(people)s people = %(total)s m³",
                            per_person=_num(reading.per_person_m3), people=reading.people, total=_num(base)))
        if reading.written_period is not None:
            parts.append(tr("%(volume)s m³ %(period)s, so %(volume)s × %(factor)s = %(annual)s m³ a year",
                            volume=_num(base), period=PERIOD_TEXTS[reading.written_period],
                            factor=_SHORT_PERIODS[reading.written_period], annual=_num(usage)))
        elif period is None:
            said = not all(v is None for v in (reading.usage_range_m3, reading.litres, reading.meter_readings,
                                               reading.per_person_m3))
            if "period_not_inherited" in reading.notes:
                parts.append(tr("%(usage)s m³ taken as a year's use, as it is too far from your earlier figure to be "
                                "for the same period", usage=_num(usage)))
            elif said:
                parts.append(tr("no period given, so taken as a year's use"))
            else:
                parts.append(tr("%(usage)s m³, no period given, so taken as a year's use", usage=_num(usage)))
        elif period == "year":
            if all(v is None for v in (reading.usage_range_m3, reading.litres, reading.meter_readings, reading.per_person_m3)):
                parts.append(tr("%(usage)s m³ a year", usage=_num(usage)))
        else:
            values = {"volume": _num(usage), "period": PERIOD_TEXTS[period], "factor": PERIODS_PER_YEAR[period],
                      "annual": _num(reading.annual_usage_m3)}
            if reading.usage_range_m3 is not None:  # the midpoint of a range: about so much
                parts.append(tr_ctx("a range's midpoint", "%(volume)s m³ %(period)s, so %(volume)s × %(factor)s = "
                                    "%(annual)s m³ a year", **values))
            else:
                parts.append(tr("%(volume)s m³ %(period)s, so %(volume)s × %(factor)s = %(annual)s m³ a year", **values))
        if "usage_changed" in reading.notes:
            parts.append(tr("the volume changed to %(usage)s m³", usage=_num(usage)))
        if "period_from_billing_cycle" in reading.notes:
            parts.append(tr("the period being your billing cycle"))
        if "period_from_earlier_turn" in reading.notes:
            parts.append(tr("the period from your earlier message"))
        if "bare_number_as_usage" in reading.notes:
            parts.append(tr("%(usage)s read as m³ of water", usage=_num(usage)))
        if "units_as_m3" in reading.notes:
            parts.append(tr("the bill's units read as m³"))
        if "meter_zi" in reading.notes:
            parts.append(tr("the meter's \"zi\" (units on the dial) read as m³"))
    elif reading.per_person_m3 is not None:
        parts.append(tr("%(per_person)s m³ per person; the household size is still needed",
                        per_person=_num(reading.per_person_m3)))
    if reading.people is not None:
        if "people_changed" in reading.notes:
            parts.append(tr("the household now %(people)s people", people=reading.people))
        elif "people_total_over_parts" in reading.notes:
            parts.append(tr("%(people)s people, the total you gave", people=reading.people))
        elif "people_sum_of_parts" in reading.notes:
            parts.append(tr("%(people)s people, adding up the parts", people=reading.people))
        elif reading.people == 1:
            parts.append(tr("for %(people)s person", people=reading.people))
        else:
            parts.append(tr("for %(people)s people", people=reading.people))
    if not parts:
        return None
    separator = tr_ctx("list", ", ")[lang]
    return tr("I read this as %(parts)s.", parts=separator.join(part[lang] for part in parts))[lang]
