"""Shanghai residential water tariffs and household bills.

The tariff is data (content/tariffs/<effective date>.yaml); this module picks the version in
force on a date and charges each tier only on the volume inside it (incremental blocks).
Money is `Decimal`, rounded to the fen by `core.money` (half-up): the total once, at the
end, and the tier lines so that they add up to it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from itertools import pairwise

from core import clock
from core.content import LANGS, ContentError, Fields, content_dir, yaml_files
from core.i18n import tr, tr_ctx
from core.money import split_to_fen, to_fen
from core.sources import CONFIDENCES, Source, parse_source, parse_sources

MAX_USAGE_M3 = Decimal(1_000_000)
MIN_PEOPLE, MAX_PEOPLE = 1, 30
# How many readings of each period make a year: the tiers are annual per household.
PERIODS_PER_YEAR = {"year": 1, "half_year": 2, "quarter": 4, "two_months": 6, "month": 12}
# How a reading's period is said (as an adverbial: "每月12立方米", "12 m³ a month").
PERIOD_TEXTS = {
    "year": tr_ctx("period", "a year"),
    "half_year": tr_ctx("period", "every half year"),
    "quarter": tr_ctx("period", "a quarter"),
    "two_months": tr_ctx("period", "every two months"),
    "month": tr_ctx("period", "a month"),
}
PERIOD_NAMES = {lang: {code: names[lang] for code, names in PERIOD_TEXTS.items()} for lang in LANGS}
BOUND_RULES = ("all_bounds", "first_bound")


class InputError(ValueError):
    """Bad input to a calculator. `field` and `code` are machine-readable; `messages` is zh/en.

    The site maps `code` to its own translated message; the bot can use `messages` directly.
    """

    def __init__(self, field: str, code: str, messages: dict[str, str], **params: object):
        self.field, self.code, self.messages, self.params = field, code, messages, params
        super().__init__(f"{field}: {messages['en']}")

    def message(self, lang: str = "zh") -> str:
        return self.messages.get(lang, self.messages["en"])


class UsageError(InputError):
    """The water volume is missing, not a number, negative, infinite or absurdly large."""


class PeopleError(InputError):
    """The household size is not a whole number from 1 to 30."""


class PeriodError(InputError):
    """The reading period is not one of PERIODS_PER_YEAR (year, half_year, quarter, two_months, month)."""


class NoTariffError(LookupError):
    """No tariff version is in force on the date asked for (before the first effective date)."""


@dataclass(frozen=True)
class Tier:
    number: int
    lower_m3: Decimal
    upper_m3: Decimal | None
    price_yuan_per_m3: Decimal
    confidence: str


@dataclass(frozen=True)
class LargeHousehold:
    """Extra basic volume for big households; `applies_to` records our assumption about the bounds."""

    min_people: int
    extra_m3: Decimal
    applies_to: str
    confidence: str
    note: dict[str, str]
    source: Source


@dataclass(frozen=True)
class Tariff:
    id: str
    name: dict[str, str]
    effective_from: dt.date
    as_of: dt.date
    basis: dict[str, str]
    scope: dict[str, str]
    tiers: tuple[Tier, ...]
    large_household: LargeHousehold | None
    sources: tuple[Source, ...]
    caveats: dict[str, list[str]]
    unverified: tuple[dict, ...]
    path: str

    def tier_bounds(self, people: int = 1) -> list[tuple[Decimal, Decimal | None]]:
        """(lower_m3, upper_m3) per tier for a household of `people`; upper None = open-ended.

        Households of `large_household.min_people` or more get `extra_m3` added: to every
        bound above zero ("all_bounds", our stated assumption) or to tier 1's limit only.
        """
        bounds = [(t.lower_m3, t.upper_m3) for t in self.tiers]
        rule = self.large_household
        if rule is None or people < rule.min_people:
            return bounds
        shifted: list[tuple[Decimal, Decimal | None]] = []
        for index, (lower, upper) in enumerate(bounds):
            if rule.applies_to == "all_bounds" or index == 0:
                lower = lower + rule.extra_m3 if index > 0 else lower
                upper = upper + rule.extra_m3 if upper is not None else None
            else:  # first_bound: later tiers start where tier 1 now ends, never below it
                lower = max(lower, shifted[-1][1])
                upper = max(upper, lower) if upper is not None else None
            shifted.append((lower, upper))
        return shifted

    @property
    def primary_source(self) -> Source:
        return self.sources[0]


@dataclass(frozen=True)
class TierCharge:
    """One tier's part of a bill. `amount_yuan` is rounded to the fen so that the lines add up
    to the bill's total (what every surface shows); `exact_amount_yuan` is not rounded."""

    tier: int
    lower_m3: Decimal
    upper_m3: Decimal | None
    volume_m3: Decimal
    price_yuan_per_m3: Decimal
    amount_yuan: Decimal
    exact_amount_yuan: Decimal


@dataclass(frozen=True)
class Bill:
    usage_m3: Decimal
    period: str
    annual_usage_m3: Decimal
    people: int
    charges: tuple[TierCharge, ...]
    total_yuan: Decimal
    period_total_yuan: Decimal
    tier: int
    next_m3_price_yuan: Decimal
    left_in_tier_m3: Decimal | None
    tariff: Tariff

    @property
    def average_price_yuan_per_m3(self) -> Decimal | None:
        if not self.annual_usage_m3:
            return None
        return to_fen(self.total_yuan / self.annual_usage_m3)


def tariffs_dir():
    return content_dir() / "tariffs"


def _load_tariff(path) -> Tariff:
    f = Fields.load(path)
    tiers = []
    previous_upper: Decimal | None = Decimal(0)
    for index, t in enumerate(f.children("tiers")):
        number = t.integer("number", minimum=1)
        if number != index + 1:
            raise t.error("number", f"must be {index + 1} (tiers in order)")
        lower = t.decimal("lower_m3", minimum=Decimal(0))
        if previous_upper is None or lower != previous_upper:
            raise t.error("lower_m3", "must equal the previous tier's upper_m3 (no gaps, no overlap)")
        upper = t.decimal("upper_m3", None)
        if upper is not None and upper <= lower:
            raise t.error("upper_m3", "must be greater than lower_m3")
        price = t.decimal("price_yuan_per_m3", minimum=Decimal(0))
        if tiers and price < tiers[-1].price_yuan_per_m3:
            raise t.error("price_yuan_per_m3", "must not be lower than the previous tier's price")
        tiers.append(Tier(number, lower, upper, price, t.choice("confidence", CONFIDENCES)))
        previous_upper = upper
    if not tiers:
        raise f.error("tiers", "needs at least one tier")
    if tiers[-1].upper_m3 is not None:
        raise f.error(f"tiers[{len(tiers) - 1}].upper_m3", "the last tier must be open-ended (null)")
    large = None
    if f.has("large_household"):
        lh = f.child("large_household")
        large = LargeHousehold(
            min_people=lh.integer("min_people", minimum=2),
            extra_m3=lh.decimal("extra_m3", minimum=Decimal(0)),
            applies_to=lh.choice("applies_to", BOUND_RULES),
            confidence=lh.choice("confidence", CONFIDENCES),
            note=lh.bilingual("note"),
            source=parse_source(lh.child("source")),
        )
    caveats = f.child("caveats")
    caveat_lists = {lang: [str(c) for c in caveats.items(lang)] for lang in ("zh", "en")}
    if len(caveat_lists["zh"]) != len(caveat_lists["en"]):
        raise caveats.error("en", "must have as many caveats as zh")
    unverified = tuple(
        {"key": u.text("key"), "label": u.bilingual("label")} for u in f.children("unverified", [])
    )
    return Tariff(
        id=f.text("id"),
        name=f.bilingual("name"),
        effective_from=f.date("effective_from"),
        as_of=f.date("as_of"),
        basis=f.bilingual("basis"),
        scope=f.bilingual("scope"),
        tiers=tuple(tiers),
        large_household=large,
        sources=parse_sources(f),
        caveats=caveat_lists,
        unverified=unverified,
        path=str(path),
    )


@cache
def tariffs() -> tuple[Tariff, ...]:
    """Every tariff version, oldest first. A new tariff is a new file in content/tariffs/."""
    loaded = [_load_tariff(path) for path in yaml_files(tariffs_dir())]
    if not loaded:
        raise ContentError(tariffs_dir(), "", "no tariff files")
    loaded.sort(key=lambda t: t.effective_from)
    for older, newer in pairwise(loaded):
        if older.effective_from == newer.effective_from:
            raise ContentError(newer.path, "effective_from", f"same date as {older.path}")
    return tuple(loaded)


def tariff_in_force(on: dt.date | None = None) -> Tariff:
    """The tariff version whose effective_from is the latest on or before `on` (default: today in Shanghai)."""
    on = on or clock.shanghai_today()
    candidates = [t for t in tariffs() if t.effective_from <= on]
    if not candidates:
        raise NoTariffError(f"no tariff in force on {on.isoformat()} (earliest {tariffs()[0].effective_from})")
    return candidates[-1]


def parse_usage_m3(value: object, field: str = "usage_m3") -> Decimal:
    """A volume in m³ as Decimal: a number or numeric text; rejects NaN, inf, < 0 and > 1,000,000."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise UsageError(field, "required", tr("Please enter the water volume."))
    if isinstance(value, bool):
        raise UsageError(field, "not_a_number", tr("The water volume must be a number."))
    try:
        number = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        raise UsageError(
            field, "not_a_number", tr("The water volume must be a number.")
        ) from None
    if number.is_nan() or (isinstance(value, float) and math.isnan(value)):
        raise UsageError(field, "not_a_number", tr("The water volume must be a number."))
    if number.is_infinite():
        raise UsageError(
            field, "not_finite", tr("The water volume must be a finite number.")
        )
    if number < 0:
        raise UsageError(field, "negative", tr("The water volume cannot be negative."))
    if number > MAX_USAGE_M3:
        raise UsageError(
            field,
            "too_large",
            tr("The water volume cannot exceed 1,000,000 m³."),
            maximum=MAX_USAGE_M3,
        )
    return number + 0  # normalises -0 to 0


def parse_people(value: object, field: str = "people") -> int:
    """Household size: a whole number from 1 to 30 (int, integral number or digit text)."""
    bad = PeopleError(
        field,
        "not_whole_number",
        tr("Household size must be a whole number from 1 to 30."),
    )
    if value is None or (isinstance(value, str) and not value.strip()):
        raise PeopleError(field, "required", tr("Please enter the household size."))
    if isinstance(value, bool):
        raise bad
    if isinstance(value, int):
        people = value
    else:
        try:
            number = Decimal(str(value).strip())
        except (InvalidOperation, ValueError):
            raise bad from None
        if not number.is_finite() or number != number.to_integral_value():
            raise bad
        people = int(number)
    if not MIN_PEOPLE <= people <= MAX_PEOPLE:
        raise PeopleError(
            field,
            "out_of_range",
            tr("Household size must be from 1 to 30."),
            minimum=MIN_PEOPLE,
            maximum=MAX_PEOPLE,
        )
    return people


def parse_period(value: object, field: str = "period") -> str:
    if value is None or value == "":
        return "year"
    if value not in PERIODS_PER_YEAR:
        raise PeriodError(
            field,
            "invalid_choice",
            tr("The period must be year, half_year, quarter, two_months or month."),
        )
    return str(value)


def bill(usage_m3: object, people: object = 1, period: str = "year", on: dt.date | None = None) -> Bill:
    """The water bill for a metered volume, in yuan, under the tariff in force on `on`.

    A monthly, two-monthly, quarterly or half-yearly reading is annualised (×12, ×6, ×4, ×2)
    because the tiers are annual per household; `period_total_yuan` is the annual total ÷ the same. How the utility
    really pro-rates annual tiers on each bill is not verified, so this is an estimate.
    """
    usage = parse_usage_m3(usage_m3)
    household = parse_people(people)
    period = parse_period(period)
    tariff = tariff_in_force(on)
    per_year = PERIODS_PER_YEAR[period]
    annual = usage * per_year
    bounds = tariff.tier_bounds(household)
    parts = []
    reached = tariff.tiers[0].number
    for tier, (lower, upper) in zip(tariff.tiers, bounds, strict=True):
        top = annual if upper is None else min(annual, upper)
        volume = max(Decimal(0), top - lower)
        if volume > 0:
            reached = tier.number
        parts.append((tier, lower, upper, volume, volume * tier.price_yuan_per_m3))
    shown = split_to_fen([amount for *_, amount in parts])
    charges = [TierCharge(tier.number, lower, upper, volume, tier.price_yuan_per_m3, line, amount)
               for (tier, lower, upper, volume, amount), line in zip(parts, shown, strict=True)]
    exact = sum((c.exact_amount_yuan for c in charges), Decimal(0))
    # The next m³ falls in the first tier whose upper bound lies above the annual volume.
    next_tier = next(
        (t for t, (_, upper) in zip(tariff.tiers, bounds, strict=True) if upper is None or annual < upper),
        tariff.tiers[-1],
    )
    reached_upper = bounds[reached - 1][1]
    return Bill(
        usage_m3=usage,
        period=period,
        annual_usage_m3=annual,
        people=household,
        charges=tuple(charges),
        total_yuan=to_fen(exact),
        period_total_yuan=to_fen(exact / per_year),
        tier=reached,
        next_m3_price_yuan=next_tier.price_yuan_per_m3,
        left_in_tier_m3=None if reached_upper is None else reached_upper - annual,
        tariff=tariff,
    )


def check() -> None:
    """Load every tariff version (for `python -m core.check`)."""
    tariffs.cache_clear()
    tariffs()


USAGE_DIGITS = Decimal("0.000001")


class AmountError(InputError):
    pass


def usage_from_amount(
    amount_yuan: object, people: object = 1, period: str = "year", on: dt.date | None = None
) -> Decimal:
    """The volume (in m³ per `period`) whose bill is `amount_yuan` for that period: bill()'s inverse.

    A resident who says "上个月交了150元" wants the volume back. The period amount is
    annualised like a reading (×12 for a month), the annual volume found tier by tier
    (each tier's cost is linear), then divided back to the period. Kept to 6 decimals, so
    `bill(result, people, period).period_total_yuan` equals the amount to the fen.
    """
    try:
        amount = Decimal(str(amount_yuan).strip()) if not isinstance(amount_yuan, Decimal) else amount_yuan
    except (InvalidOperation, ValueError):
        raise AmountError(
            "amount_yuan", "not_a_number", tr("The amount must be a number.")
        ) from None
    if not amount.is_finite() or amount < 0:
        raise AmountError(
            "amount_yuan", "negative", tr("The amount must be a non-negative number.")
        )
    household = parse_people(people)
    period = parse_period(period)
    tariff = tariff_in_force(on)
    per_year = PERIODS_PER_YEAR[period]
    remaining = amount * per_year
    annual = Decimal(0)
    for tier, (lower, upper) in zip(tariff.tiers, tariff.tier_bounds(household), strict=True):
        cost = None if upper is None else (upper - lower) * tier.price_yuan_per_m3
        if cost is None or remaining <= cost:
            annual = lower + remaining / tier.price_yuan_per_m3
            break
        remaining -= cost
        annual = upper
    usage = (annual / per_year).quantize(USAGE_DIGITS, ROUND_HALF_UP)
    return parse_usage_m3(usage)
