"""`Reading`: what one message (or a conversation so far) says, and its slot form."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal, InvalidOperation

from core.reading.period import _SHORT_PERIODS
from core.reading.question import QUESTIONS
from core.tariffs import PERIODS_PER_YEAR


@dataclass(frozen=True)
class Reading:
    """What one message (or a conversation so far) says; None = not said. See the contract."""

    usage_m3: Decimal | None = None
    usage_range_m3: tuple[Decimal, Decimal] | None = None
    usage_period: str | None = None
    asked_period: str | None = None
    people: int | None = None
    question: str | None = None
    tier: int | None = None
    amount_yuan: Decimal | None = None
    amount_period: str | None = None
    notes: tuple[str, ...] = ()
    # Additions to the contract:
    questions: tuple[str, ...] = ()  # every question type asked, in message order (one per clause: "水费多少，第几档")
    above_m3: Decimal | None = None  # a threshold volume: "三百吨以上" / "over 300 m3"
    below_m3: Decimal | None = None  # "220吨以内" / "up to 220 m3"
    bare_number: Decimal | None = None  # the last number with no unit ("and 221?"); never a usage by itself
    litres: Decimal | None = None  # the volume as written in litres, when it was (8000升 → 8 m³)
    written_m3: Decimal | None = None  # a daily or weekly volume as written ("每天0.5方"); usage_m3 is then the year's
    written_period: str | None = None  # "day" | "week" | "half_month" (tiers are annual: ×365/×52/×24, usage_period "year")
    per_person_m3: Decimal | None = None  # "每人每月4吨": the volume per person; usage_m3 = it × people (None until known)
    meter_readings: tuple[Decimal, Decimal] | None = None  # "读数从1234变成1260": usage_m3 = 26
    usage_ask_period: bool = field(default=False, compare=False, repr=False)  # internal: period taken from the question
    # internal: "sorry, I meant per month" with no volume: the period of the remembered volume
    corrected_period: str | None = field(default=None, compare=False, repr=False)
    # "我爸要是搬走了呢" −1, "if my mum moves in" +1: applied to the remembered household by continue_reading
    people_change: int | None = field(default=None, compare=False, repr=False)
    # "那再多用20吨呢" +20, "少用50吨呢" −50: applied to the remembered volume by continue_reading
    usage_change: Decimal | None = field(default=None, compare=False, repr=False)

    @property
    def annual_usage_m3(self) -> Decimal | None:
        """The volume over a year: usage × readings per year of its period (a year if not said)."""
        if self.usage_m3 is None:
            return None
        return self.usage_m3 * PERIODS_PER_YEAR[self.usage_period or "year"]

    @property
    def periods_per_year(self) -> int:
        return PERIODS_PER_YEAR[self.usage_period or "year"]

    def to_dict(self) -> dict:
        """JSON-safe (Decimals as strings, tuples as lists), for a Rasa slot."""
        out: dict = {}
        for f in fields(self):
            if f.name in ("usage_ask_period", "corrected_period", "people_change", "usage_change"):
                continue
            value = getattr(self, f.name)
            if isinstance(value, Decimal):
                value = str(value)
            elif f.name in ("usage_range_m3", "meter_readings") and value is not None:
                value = [str(value[0]), str(value[1])]
            elif isinstance(value, tuple):
                value = list(value)
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict | None) -> Reading | None:
        """The inverse of `to_dict`; None or garbage → None (a slot may be empty or stale)."""
        if not isinstance(data, dict):
            return None
        try:
            dec = {name: (None if data.get(name) in (None, "") else Decimal(str(data[name])))
                   for name in ("usage_m3", "amount_yuan", "above_m3", "below_m3", "bare_number", "litres",
                                "written_m3", "per_person_m3")}  # fmt: skip
            if any(not value.is_finite() for value in dec.values() if value is not None):
                return None
            rng = data.get("usage_range_m3")
            period_ok = {None, *PERIODS_PER_YEAR}
            reading = cls(
                **dec,
                usage_range_m3=_decimal_pair(rng),
                usage_period=data.get("usage_period") if data.get("usage_period") in period_ok else None,
                asked_period=data.get("asked_period") if data.get("asked_period") in period_ok else None,
                people=int(data["people"]) if data.get("people") is not None else None,
                question=data.get("question") if data.get("question") in QUESTIONS else None,
                tier=int(data["tier"]) if data.get("tier") is not None else None,
                amount_period=data.get("amount_period") if data.get("amount_period") in period_ok else None,
                notes=tuple(str(n) for n in data.get("notes") or ()),
                questions=tuple(q for q in data.get("questions") or () if q in QUESTIONS),
                written_period=data.get("written_period") if data.get("written_period") in _SHORT_PERIODS else None,
                meter_readings=_decimal_pair(data.get("meter_readings")),
            )
        except (InvalidOperation, TypeError, ValueError, IndexError, KeyError):
            return None
        return reading


def _decimal_pair(pair) -> tuple[Decimal, Decimal] | None:
    return (Decimal(str(pair[0])), Decimal(str(pair[1]))) if pair else None
