"""Public pages: bill calculator, savings calculator, label guide, methodology.

Thin views: read the GET form, call core, render. Every figure shown comes from core with
its source; a result page is its own share link (the form's GET parameters).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from core import calendar, labels, money, price_dates, savings, sources, tariffs, tips
from core.sources import CONFIDENCE_LABELS
from web.calculators.charts import horizontal_bars
from web.calculators.forms import BillForm, SavingsForm
from web.i18n import current_language, pick
from web.pagecache import cached_page
from web.urls import absolute_url_for

bp = Blueprint("calculators", __name__)


@bp.app_template_global("confidence_label")
def confidence_label(code: str) -> str:
    return CONFIDENCE_LABELS.get(code, {}).get(current_language(), code)


@bp.app_template_global("price_since")
def price_since(tariff: tariffs.Tariff) -> str:
    """"2013年8月1日起执行的价格" / "prices in force since 1 August 2013", from the tariff's data."""
    return price_dates.in_force_since(tariff)[current_language()]


@bp.app_template_global("price_currency_unverified")
def price_currency_unverified(tariff: tariffs.Tariff) -> bool:
    return price_dates.currency_unverified(tariff)


@bp.app_template_filter("calc_num")
def format_number(value: Decimal | int | None, places: int | None = None) -> str:
    """A number for display: thousands separators, trailing zeros dropped unless `places`."""
    if value is None:
        return ""
    number = Decimal(value)
    if places is not None:
        return f"{number.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP):,}"
    text = f"{number.normalize():f}"
    whole, _dot, fraction = text.partition(".")
    return f"{int(whole):,}" + (f".{fraction}" if fraction else "") if whole.lstrip("-").isdigit() else text


@bp.app_template_filter("calc_yuan")
def format_yuan(value: Decimal | None) -> str:
    """Money as every surface shows it: core.money's rule (half-up to the fen)."""
    return "" if value is None else money.yuan_text(value)


def _form_args(form_data) -> dict | None:
    """The query string as form data, or None on a first visit (so defaults show)."""
    return form_data if form_data else None


def period_label(period: str) -> str:
    return {"year": _("a whole year"), "half_year": _("half a year"), "quarter": _("one quarter (three months)"),
            "two_months": _("two months"), "month": _("one month")}[period]


@bp.get("/bill")
@cached_page(300)
def bill():
    form = BillForm(formdata=_form_args(request.args))
    tariff = tariffs.tariff_in_force()
    result = chart = share_url = None
    if "usage_m3" in request.args and form.validate():
        result = tariffs.bill(form.usage_value, form.people_value, form.period_value)
        rows = []
        for charge in result.charges:
            rows.append((_("Tier %(n)s", n=charge.tier), charge.amount_yuan,
                         f"{format_yuan(charge.amount_yuan)} · {format_number(charge.volume_m3)} m³", f"bar--tier{charge.tier}"))
        chart = horizontal_bars(rows)
        share_url = absolute_url_for("calculators.bill", usage_m3=str(result.usage_m3), people=result.people,
                                     period=result.period, lang=current_language())
    page = render_template("calculators/bill.html", form=form, tariff=tariff, result=result, chart=chart,
                           share_url=share_url, period_label=period_label, today=dt.date.today())
    return page, 400 if form.errors else 200


END_USE_NAMES = {
    "shower": lambda: _("Shower and bathing"),
    "toilet": lambda: _("Toilet flushing"),
    "taps": lambda: _("Taps: washing hands, face, teeth"),
    "laundry": lambda: _("Laundry"),
    "dishwasher": lambda: _("Dishwasher"),
    "leaks": lambda: _("Leaks"),
}

REASONS = {
    "not_applicable": lambda: _("Does not apply to your answers."),
    "needs_showers_per_day": lambda: _("Enter showers a day and minutes per shower to estimate this."),
    "needs_laundry_loads": lambda: _("Enter washing-machine loads a week to estimate this."),
    "needs_litres_per_load": lambda: _(
        "Enter the litres per washing-machine load (on the machine's label or in its manual) to estimate this."),
    "running_toilet_unmeasured": lambda: running_toilet_range_text(),
}


def running_toilet_range_text() -> str:
    """The range a running toilet may waste, in the source's words: never one number."""
    _low, high = savings.running_toilet_range()
    return _("Not estimated: a silent leak wastes little (no reliable figure found), while a toilet that runs "
             "constantly could be wasting %(high)s L a day or more (US EPA: “could be wasting 200 gallons a day or "
             "more”). Read your meter overnight with no water used and enter the litres a day to include it.",
             high=format_number(high))


@bp.get("/savings", endpoint="savings")
@cached_page(300)
def savings_page():
    form = SavingsForm(formdata=_form_args(request.args))
    estimate = chart = share_url = None
    if "people" in request.args and form.validate():
        estimate = savings.estimate(form.inputs())
        rows = [(END_USE_NAMES[u.key](), u.litres_per_day,
                 _("not estimated") if u.litres_per_day is None
                 else _("%(litres)s L/day", litres=format_number(u.litres_per_day)),
                 f"bar--{u.key}") for u in estimate.end_uses]
        chart = horizontal_bars(rows)
        share_url = absolute_url_for("calculators.savings", **{k: v for k, v in request.args.items() if k != "lang"},
                                     lang=current_language())
    page = render_template("calculators/savings.html", form=form, estimate=estimate, chart=chart,
                           share_url=share_url, end_use_names=END_USE_NAMES, reasons=REASONS,
                           running_toilet_range_text=running_toilet_range_text,
                           parameters=savings.model().parameters, tariff=tariffs.tariff_in_force(), rooms=tips.rooms(),
                           hotlines=sources.hotlines())
    return page, 400 if form.errors else 200



@bp.get("/labels", endpoint="labels")
@cached_page(300)
def labels_page():
    return render_template("calculators/labels.html", scheme=labels.scheme(), today=dt.date.today())



def all_sources() -> list[tuple[str, list[sources.Source]]]:
    """Every source behind every figure on the site's calculator pages, grouped by topic."""
    tariff = tariffs.tariff_in_force()
    scheme = labels.scheme()
    groups = [
        (_("Water tariff"), [*tariff.sources, *([tariff.large_household.source] if tariff.large_household else [])]),
        (_("Water-efficiency labels"), [s for section in scheme.sections.values() for s in section.get("sources", ())]
         + [s for product in scheme.products for s in product.sources]),
        (_("Household water use (savings model)"), [p.source for p in savings.model().parameters.values()]
         + [c.source for c in savings.model().comparisons]),
        (_("Tips"), [t.source for t in tips.tips() if t.source]),
        (_("Water days"), [d.source for d in calendar.water_days()]),
        (_("Hotlines"), [h.source for h in sources.hotlines()]),
    ]
    result = []
    for title, items in groups:
        seen, unique = set(), []
        for item in items:
            key = (item.title, item.url)
            if key not in seen:
                seen.add(key)
                unique.append(item)
        result.append((title, unique))
    return result


@bp.get("/methodology")
@cached_page(300)
def methodology():
    return render_template("calculators/methodology.html", tariff=tariffs.tariff_in_force(), scheme=labels.scheme(),
                           model=savings.model(), groups=all_sources(), hotlines=sources.hotlines(),
                           water_days=calendar.next_water_days(dt.date.today()), pick=pick)
