"""Household water use by end use, and what concrete actions would save, in m³ and yuan.

Residents enter what they know (household size, showers, flush volume, laundry loads, a
dripping tap); every input left empty falls back to a default from the facts register
(content/tips/savings.yaml), and each end use says which default it used and its source.
Savings in yuan come from core.tariffs: the bill with and without the saving, at the
household's own tier.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache

from core.content import ContentError, Fields, content_dir
from core.i18n import tr
from core.money import to_fen
from core.sources import Source, parse_source, parse_source_library
from core.tariffs import Bill, InputError, bill, parse_people

DAYS_PER_YEAR = 365
LITRES_PER_M3 = Decimal(1000)
END_USES = ("shower", "toilet", "taps", "laundry", "dishwasher", "leaks")
ORIGINS = ("china", "us")


@dataclass(frozen=True)
class Action:
    """A pledgeable action; `key` is stable (campaign pledges store it)."""

    key: str
    name: dict[str, str]


ACTIONS: tuple[Action, ...] = (
    Action("shorter_shower", tr("One minute shorter showers")),
    Action("efficient_showerhead", tr("Fit a water-saving showerhead")),
    Action("water_saving_toilet", tr("Install a water-saving toilet")),
    Action("water_saving_taps", tr("Fit water-saving taps")),
    Action("fix_drip", tr("Fix the dripping tap")),
    Action("fix_running_toilet", tr("Fix the running toilet")),
    Action("full_loads_laundry", tr("Full loads only (one load fewer a week)")),
)


def actions() -> tuple[Action, ...]:
    return ACTIONS


def action(key: str) -> Action | None:
    return next((a for a in ACTIONS if a.key == key), None)


@dataclass(frozen=True)
class Parameter:
    key: str
    value: Decimal
    unit: str
    origin: str
    name: dict[str, str]
    source: Source


@dataclass(frozen=True)
class Comparison:
    key: str
    value: Decimal
    unit: str
    year: int
    name: dict[str, str]
    source: Source


@dataclass(frozen=True)
class Model:
    parameters: dict[str, Parameter]
    comparisons: tuple[Comparison, ...]

    def __getitem__(self, key: str) -> Decimal:
        return self.parameters[key].value


REQUIRED_PARAMETERS = (
    "shower_litres_per_person_per_day", "toilet_litres_per_person_per_day", "taps_litres_per_person_per_day",
    "ordinary_shower_flow_l_per_min", "efficient_shower_flow_l_per_min", "assumed_toilet_litres_per_flush",
    "efficient_toilet_litres_per_flush", "water_saving_tap_saving_percent", "flushes_per_person_per_day",
    "dishwasher_litres_per_load", "drip_us_gal_per_year",
    "running_toilet_us_gal_per_day", "litres_per_us_gallon",
)  # fmt: skip


@cache
def model() -> Model:
    """The default parameters and comparison figures from content/tips/savings.yaml."""
    path = content_dir() / "tips" / "savings.yaml"
    top = Fields.load(path)
    parse_source_library(top)
    params_node = top.child("parameters")
    parameters = {}
    for key in params_node.all_keys():
        p = params_node.child(key)
        parameters[key] = Parameter(
            key=key,
            value=p.decimal("value", minimum=Decimal(0)),
            unit=p.text("unit"),
            origin=p.choice("origin", ORIGINS),
            name=p.bilingual("name"),
            source=parse_source(p.child("source")),
        )
    missing = [k for k in REQUIRED_PARAMETERS if k not in parameters]
    if missing:
        raise ContentError(path, "parameters", f"missing {', '.join(missing)}")
    comparisons = tuple(
        Comparison(c.text("key"), c.decimal("value"), c.text("unit"), c.integer("year"), c.bilingual("name"),
                   parse_source(c.child("source")))
        for c in top.children("comparisons")
    )
    return Model(parameters, comparisons)


# Sanity limits of each input: (minimum, maximum, whole number?). Not facts, just bounds.
_LIMITS = {
    "showers_per_day": (0, 100, False),
    "shower_minutes": (0, 120, False),
    "shower_flow_l_per_min": (0, 60, False),
    "litres_per_flush": (0, 30, False),
    "flushes_per_person_per_day": (0, 50, False),
    "toilet_grade": (1, 3, True),
    "laundry_loads_per_week": (0, 70, False),
    "litres_per_load": (0, 500, False),
    "dishwasher_loads_per_week": (0, 70, False),
    "dishwasher_litres_per_load": (0, 100, False),
    "dripping_taps": (0, 20, True),
    "running_toilet_litres_per_day": (0, 5000, False),
}


def _number(field_name: str, value: object) -> Decimal | None:
    low, high, whole = _LIMITS[field_name]
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    bad = (tr("Enter a whole number from %(low)s to %(high)s.", low=low, high=high) if whole
           else tr("Enter a number from %(low)s to %(high)s.", low=low, high=high))
    if isinstance(value, bool):
        raise InputError(field_name, "not_a_number", bad, minimum=low, maximum=high)
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise InputError(field_name, "not_a_number", bad, minimum=low, maximum=high) from None
    if not number.is_finite() or not low <= number <= high or (whole and number != number.to_integral_value()):
        raise InputError(field_name, "out_of_range", bad, minimum=low, maximum=high)
    return number


@dataclass(frozen=True)
class SavingsInputs:
    """What the resident told us; None means "use the register's default"."""

    people: int
    showers_per_day: Decimal | None = None
    shower_minutes: Decimal | None = None
    shower_flow_l_per_min: Decimal | None = None
    litres_per_flush: Decimal | None = None
    flushes_per_person_per_day: Decimal | None = None
    toilet_grade: int | None = None
    laundry_loads_per_week: Decimal | None = None
    litres_per_load: Decimal | None = None
    dishwasher_loads_per_week: Decimal | None = None
    dishwasher_litres_per_load: Decimal | None = None
    dripping_taps: int = 0
    running_toilet: bool = False
    running_toilet_litres_per_day: Decimal | None = None  # measured on the meter, if the resident did

    @classmethod
    def from_mapping(cls, data: dict) -> SavingsInputs:
        """Parse form or JSON values; raises `InputError` naming the bad field."""
        if not isinstance(data, dict):
            raise InputError("body", "not_an_object", tr("The body must be a JSON object."))
        values = {name: _number(name, data.get(name)) for name in _LIMITS}
        running = data.get("running_toilet", False)
        if running in (None, ""):
            running = False
        if isinstance(running, str):
            running = running.strip().lower() in ("1", "true", "yes", "on", "y")
        if not isinstance(running, (bool, int)):
            raise InputError("running_toilet", "not_a_boolean", tr("Choose yes or no."))
        return cls(
            people=parse_people(data.get("people")),
            toilet_grade=int(values.pop("toilet_grade")) if values["toilet_grade"] is not None else None,
            dripping_taps=int(values.pop("dripping_taps") or 0),
            running_toilet=bool(running),
            **{k: v for k, v in values.items() if k not in ("toilet_grade", "dripping_taps")},
        )


@dataclass(frozen=True)
class EndUse:
    key: str
    litres_per_day: Decimal | None  # None: not estimated (an input is missing)
    basis: str  # "input" (resident's figures), "default", "missing" (no loads) or "missing_litres"
    parameters: tuple[Parameter, ...]
    excluded: tuple[str, ...] = ()  # what the resident reported but we cannot put a number on

    @property
    def m3_per_year(self) -> Decimal | None:
        return None if self.litres_per_day is None else _m3_per_year(self.litres_per_day)


@dataclass(frozen=True)
class Saving:
    action: Action
    litres_per_day: Decimal | None  # None: not applicable or not computable, see `reason`
    m3_per_year: Decimal | None
    yuan_per_year: Decimal | None
    reason: str | None  # "not_applicable", "needs_showers_per_day", "needs_laundry_loads" …
    parameters: tuple[Parameter, ...] = field(default=())


@dataclass(frozen=True)
class Estimate:
    inputs: SavingsInputs
    end_uses: tuple[EndUse, ...]
    litres_per_day: Decimal
    m3_per_year: Decimal
    litres_per_person_per_day: Decimal
    bill: Bill
    savings: tuple[Saving, ...]
    comparisons: tuple[Comparison, ...]


def _tenth(litres: Decimal | None) -> Decimal | None:
    return None if litres is None else litres.quantize(Decimal("0.1"), ROUND_HALF_UP)


def _m3_per_year(litres_per_day: Decimal) -> Decimal:
    return (litres_per_day * DAYS_PER_YEAR / LITRES_PER_M3).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _end_uses(i: SavingsInputs, m: Model) -> tuple[list[EndUse], Decimal, Decimal | None]:
    """End uses in litres/day, plus the shower flow and the toilet's litres/flush used."""
    p, people = m.parameters, Decimal(i.people)
    flow = i.shower_flow_l_per_min if i.shower_flow_l_per_min is not None else m["ordinary_shower_flow_l_per_min"]
    if i.showers_per_day is not None and i.shower_minutes is not None:
        used = () if i.shower_flow_l_per_min is not None else (p["ordinary_shower_flow_l_per_min"],)
        shower = EndUse("shower", i.showers_per_day * i.shower_minutes * flow, "input", used)
    else:
        shower = EndUse("shower", people * m["shower_litres_per_person_per_day"], "default",
                        (p["shower_litres_per_person_per_day"],))
    if i.litres_per_flush is not None:
        flushes = i.flushes_per_person_per_day
        used = () if flushes is not None else (p["flushes_per_person_per_day"],)
        flushes = flushes if flushes is not None else m["flushes_per_person_per_day"]
        toilet = EndUse("toilet", people * flushes * i.litres_per_flush, "input", used)
    else:
        toilet = EndUse("toilet", people * m["toilet_litres_per_person_per_day"], "default",
                        (p["toilet_litres_per_person_per_day"],))
    taps = EndUse("taps", people * m["taps_litres_per_person_per_day"], "default", (p["taps_litres_per_person_per_day"],))
    # No Chinese per-load figure is in the register (the old default was a US top-loader):
    # laundry is estimated only from the resident's own litres per load.
    if i.laundry_loads_per_week is None:
        laundry = EndUse("laundry", None, "missing", ())
    elif i.litres_per_load is None:
        laundry = EndUse("laundry", None, "missing_litres", ())
    else:
        laundry = EndUse("laundry", i.laundry_loads_per_week * i.litres_per_load / 7, "input", ())
    loads = i.dishwasher_loads_per_week or Decimal(0)
    per_cycle = i.dishwasher_litres_per_load
    dishwasher = EndUse("dishwasher", loads * (per_cycle if per_cycle is not None else m["dishwasher_litres_per_load"]) / 7,
                        "input", (p["dishwasher_litres_per_load"],) if loads and per_cycle is None else ())
    leak_litres, leak_params = _leak_litres(i.dripping_taps, i.running_toilet_litres_per_day, m)
    unmeasured = ("running_toilet",) if i.running_toilet and i.running_toilet_litres_per_day is None else ()
    leaks = EndUse("leaks", leak_litres, "input", leak_params, unmeasured)
    return [shower, toilet, taps, laundry, dishwasher, leaks], flow, i.litres_per_flush


def _leak_litres(dripping_taps: int, running_toilet_litres: Decimal | None, m: Model) -> tuple[Decimal, tuple[Parameter, ...]]:
    """Drips at the EPA figure, plus a running toilet only as the resident measured it: the
    EPA's 200 US gal/day is what a constantly running cistern *could* waste, not a typical
    leak, so it is shown as the top of a range and never added to a household's use."""
    used = []
    litres = running_toilet_litres or Decimal(0)
    if dripping_taps:
        litres += dripping_taps * m["drip_us_gal_per_year"] * m["litres_per_us_gallon"] / DAYS_PER_YEAR
        used += [m.parameters["drip_us_gal_per_year"], m.parameters["litres_per_us_gallon"]]
    return litres, tuple(used)


def running_toilet_range(m: Model | None = None) -> tuple[None, Decimal]:
    """(low, high) litres a day a running toilet may waste: low unknown (a silent leak, no
    figure found), high the EPA's "200 gallons a day or more" for a constantly running one."""
    m = m or model()
    return None, (m["running_toilet_us_gal_per_day"] * m["litres_per_us_gallon"]).quantize(Decimal(1), ROUND_HALF_UP)


def _savings(
    i: SavingsInputs, uses: dict[str, EndUse], flow: Decimal, m: Model
) -> list[tuple[str, Decimal | None, str | None, tuple]]:
    """(action key, litres/day saved or None, reason, parameters used) for every action."""
    p = m.parameters
    result = []
    efficient = m["efficient_shower_flow_l_per_min"]
    shower = uses["shower"].litres_per_day
    # Shorter showers: one minute less per shower, at the shower's flow.
    if i.showers_per_day is not None and i.shower_minutes:
        result.append(("shorter_shower", i.showers_per_day * min(Decimal(1), i.shower_minutes) * flow, None, ()))
    else:
        result.append(("shorter_shower", None, "needs_showers_per_day", ()))
    # A water-saving showerhead: same minutes at the study's 7.2 L/min instead of today's flow.
    if flow > efficient:
        result.append(("efficient_showerhead", shower * (flow - efficient) / flow, None,
                       (p["efficient_shower_flow_l_per_min"],)))
    else:
        result.append(("efficient_showerhead", None, "not_applicable", ()))
    # A water-saving toilet: the study's 5 L/flush instead of today's (default: the 6 L that new
    # toilets must meet since 2004 — assuming an older 9 L toilet would overstate the saving).
    target = m["efficient_toilet_litres_per_flush"]
    current = i.litres_per_flush if i.litres_per_flush is not None else m["assumed_toilet_litres_per_flush"]
    if (i.toilet_grade is not None and i.toilet_grade <= 2) or current <= target:
        result.append(("water_saving_toilet", None, "not_applicable", ()))
    else:
        used = (p["efficient_toilet_litres_per_flush"],)
        if i.litres_per_flush is None:
            used += (p["assumed_toilet_litres_per_flush"],)
        result.append(("water_saving_toilet", uses["toilet"].litres_per_day * (current - target) / current, None, used))
    result.append(("water_saving_taps", uses["taps"].litres_per_day * m["water_saving_tap_saving_percent"] / 100,
                   None, (p["water_saving_tap_saving_percent"],)))
    if i.dripping_taps:
        litres, used = _leak_litres(i.dripping_taps, False, m)
        result.append(("fix_drip", litres, None, used))
    else:
        result.append(("fix_drip", None, "not_applicable", ()))
    if i.running_toilet_litres_per_day is not None and i.running_toilet_litres_per_day > 0:
        result.append(("fix_running_toilet", i.running_toilet_litres_per_day, None, ()))
    elif i.running_toilet:
        result.append(("fix_running_toilet", None, "running_toilet_unmeasured",
                       (p["running_toilet_us_gal_per_day"], p["litres_per_us_gallon"])))
    else:
        result.append(("fix_running_toilet", None, "not_applicable", ()))
    if i.laundry_loads_per_week is None:
        result.append(("full_loads_laundry", None, "needs_laundry_loads", ()))
    elif i.laundry_loads_per_week < 1:
        result.append(("full_loads_laundry", None, "not_applicable", ()))
    elif i.litres_per_load is None:
        result.append(("full_loads_laundry", None, "needs_litres_per_load", ()))
    else:
        result.append(("full_loads_laundry", i.litres_per_load / 7, None, ()))
    return result


def estimate(inputs: SavingsInputs | dict) -> Estimate:
    """Litres/day and m³/year per end use, the annual bill, and each action's saving.

    A saving in yuan is the bill at today's annual volume minus the bill without that
    volume, at the household's own tiers (so it is valued at the marginal price, and
    correctly if it crosses a tier boundary).
    """
    if not isinstance(inputs, SavingsInputs):
        inputs = SavingsInputs.from_mapping(inputs)
    m = model()
    uses, flow, _ = _end_uses(inputs, m)
    by_key = {u.key: u for u in uses}
    litres = sum((u.litres_per_day for u in uses if u.litres_per_day is not None), Decimal(0))
    annual_m3 = _m3_per_year(litres)
    current_bill = bill(annual_m3, inputs.people)
    exact_total = sum((c.exact_amount_yuan for c in current_bill.charges), Decimal(0))
    savings = []
    for key, saved_litres, reason, used in _savings(inputs, by_key, flow, m):
        if saved_litres is None:
            savings.append(Saving(action(key), None, None, None, reason, used))
            continue
        saved_m3 = min(_m3_per_year(saved_litres), annual_m3)
        after = bill(annual_m3 - saved_m3, inputs.people)
        after_exact = sum((c.exact_amount_yuan for c in after.charges), Decimal(0))
        yuan = to_fen(exact_total - after_exact)
        savings.append(Saving(action(key), saved_litres.quantize(Decimal("0.1"), ROUND_HALF_UP), saved_m3, yuan, None, used))
    return Estimate(
        inputs=inputs,
        end_uses=tuple(EndUse(u.key, _tenth(u.litres_per_day), u.basis, u.parameters, u.excluded) for u in uses),
        litres_per_day=litres.quantize(Decimal("0.1"), ROUND_HALF_UP),
        m3_per_year=annual_m3,
        litres_per_person_per_day=(litres / inputs.people).quantize(Decimal("0.1"), ROUND_HALF_UP),
        bill=current_bill,
        savings=tuple(savings),
        comparisons=m.comparisons,
    )


def check() -> None:
    model.cache_clear()
    model()
