"""Public pages: bill calculator, savings calculator, label guide, methodology.

Thin views: read the GET form, call core, render. Every figure shown comes from core with
its source; a result page is its own share link (the form's GET parameters).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from flask import Blueprint, Response, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _

from core import calendar, labels, money, price_dates, savings, sources, tariffs, tips
from core.sources import CONFIDENCE_LABELS, KIND_LABELS
from web import clock
from web.caching import cached_page
from web.calculators import share
from web.calculators.charts import horizontal_bars
from web.calculators.forms import BillForm, SavingsForm
from web.calculators.notes import SourceNotes
from web.i18n import current_language, full_stop, pick, sentence_gap
from web.urls import absolute_url_for, site_host

bp = Blueprint("calculators", __name__)


@bp.app_template_global("confidence_label")
def confidence_label(code: str) -> str:
    return CONFIDENCE_LABELS.get(code, {}).get(current_language(), code)


@bp.app_template_global("source_kind_label")
def source_kind_label(code: str) -> str:
    """官方 / 新闻报道 / 二手资料 / 商家资料: what kind of page a citation is."""
    return KIND_LABELS.get(code, {}).get(current_language(), code)


@bp.app_template_global("paren")
def paren(text) -> str:
    """An aside in brackets in the page's language: full-width （…） in Chinese, " (…)" in English."""
    return f"（{text}）" if current_language() == "zh" else f" ({text})"


@bp.app_template_global("share_qr")
def share_qr(url: str):
    """The QR code of a result's share link, for phones and printouts."""
    return share.qr_svg(url, _("QR code of the link to this result"))


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
    inputs = _bill_inputs(result) if result else {}
    share_url = absolute_url_for("calculators.bill", **inputs, lang=current_language())
    page = render_template("calculators/bill.html", form=form, tariff=tariff, result=result, chart=chart,
                           share_url=share_url, period_label=period_label, today=clock.local_today(),
                           notes=SourceNotes(), og=_bill_og(result, inputs, share_url))
    return page, 400 if form.errors else 200


def _bill_inputs(result: tariffs.Bill) -> dict:
    """The inputs a bill result is rebuilt from: the share link's (and image's) only data."""
    return {"usage_m3": str(result.usage_m3), "people": result.people, "period": result.period}


def _bill_summary(result: tariffs.Bill) -> tuple[str, list[str]]:
    headline = _("%(total)s a year", total=format_yuan(result.total_yuan))
    lines = [_("%(usage)s m³ a year, %(people)s people: tier %(tier)s", usage=format_number(result.annual_usage_m3),
               people=result.people, tier=result.tier)]
    return headline, lines


def _price_caveat(tariff: tariffs.Tariff) -> str:
    text = _("These are the %(since)s.", since=price_since(tariff))
    if price_currency_unverified(tariff):
        text += sentence_gap() + _("They may have changed since.")
    return text


def _og(title: str, description: str, url: str, image_endpoint: str, inputs: dict | None = None) -> dict:
    """Open Graph tags of a calculator page or of one result: its own title, summary, link and
    preview image (drawn from the link's inputs only)."""
    return {"title": title, "url": url, "description": description,
            "image": absolute_url_for(image_endpoint, **(inputs or {}), lang=current_language())}


def _result_description(summary: str, tariff: tariffs.Tariff) -> str:
    """A result's summary line, then which prices it used."""
    return f"{summary}{full_stop()}{sentence_gap()}{_price_caveat(tariff)}"


def _bill_og(result, inputs: dict, share_url: str) -> dict:
    if result is None:
        return _og(_("Water bill calculator"),
                   _("Work out a Shanghai household water bill on the tiered prices, tier by tier."),
                   share_url, "calculators.bill_image")
    headline, lines = _bill_summary(result)
    return _og(_("Estimated water bill: %(total)s", total=headline), _result_description(lines[0], result.tariff),
               share_url, "calculators.bill_image", inputs)


def _image_language() -> str:
    """Chinese only when a Chinese font is installed; otherwise the image is drawn in English."""
    return current_language() if current_language() == "en" or share.can_draw_chinese() else "en"


def _card(title: str, headline: str, lines: list[str], page: str | None = None) -> Response:
    """A share link's preview image (PNG, cached a day by browsers): the site's name, `title`, one
    big figure and a few lines, with the page's address (`page`, else this image's page) below.
    Called inside `force_locale(_image_language())`."""
    page = page or request.path[:-len("/share.png")]
    response = Response(share.card_png(_("Putuo Saves Water"), title, headline, lines, f"{site_host()}{page}"),
                        mimetype="image/png")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@bp.get("/bill/share.png")
@cached_page(86400)
def bill_image():
    """The preview image of a bill result (or of the calculator), drawn from the link's inputs."""
    form = BillForm(formdata=_form_args(request.args))
    if "usage_m3" in request.args and not form.validate():
        return _("These inputs cannot be drawn: check them on the calculator page."), 400
    with force_locale(_image_language()):
        tariff = tariffs.tariff_in_force()
        if "usage_m3" in request.args:
            result = tariffs.bill(form.usage_value, form.people_value, form.period_value)
            headline, lines = _bill_summary(result)
            title = _("Estimated water bill")
        else:
            title = _("Water bill calculator")
            headline = " / ".join(format_number(t.price_yuan_per_m3) for t in tariff.tiers) + " " + _("yuan/m³")
            lines = [_("Shanghai's tiered water prices, tier by tier")]
        return _card(title, headline, [*lines, _price_caveat(tariff)])


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
    inputs = {k: v for k, v in request.args.items() if k != "lang"} if estimate else {}
    share_url = absolute_url_for("calculators.savings", **inputs, lang=current_language())
    page = render_template("calculators/savings.html", form=form, estimate=estimate, chart=chart,
                           share_url=share_url, end_use_names=END_USE_NAMES, reasons=REASONS,
                           running_toilet_range_text=running_toilet_range_text,
                           parameters=savings.model().parameters, tariff=tariffs.tariff_in_force(), rooms=tips.rooms(),
                           hotlines=sources.hotlines(), notes=SourceNotes(), og=_savings_og(estimate, inputs, share_url))
    return page, 400 if form.errors else 200



def _savings_summary(estimate: savings.Estimate) -> tuple[str, list[str]]:
    headline = _("%(litres)s L a day", litres=format_number(estimate.litres_per_day))
    lines = [_("%(people)s people: %(m3)s m³ a year, about %(total)s a year", people=estimate.inputs.people,
               m3=format_number(estimate.m3_per_year), total=format_yuan(estimate.bill.total_yuan))]
    return headline, lines


def _savings_og(estimate, inputs: dict, share_url: str) -> dict:
    if estimate is None:
        return _og(_("Savings calculator"),
                   _("Estimate your household's water use by end use, and what concrete changes would save."),
                   share_url, "calculators.savings_image")
    headline, lines = _savings_summary(estimate)
    return _og(_("Estimated household water use: %(litres)s", litres=headline),
               _result_description(lines[0], tariffs.tariff_in_force()), share_url, "calculators.savings_image", inputs)


@bp.get("/savings/share.png")
@cached_page(86400)
def savings_image():
    """The preview image of a savings estimate (or of the calculator), drawn from the link's inputs."""
    form = SavingsForm(formdata=_form_args(request.args))
    if "people" in request.args and not form.validate():
        return _("These inputs cannot be drawn: check them on the calculator page."), 400
    with force_locale(_image_language()):
        if "people" in request.args:
            headline, lines = _savings_summary(savings.estimate(form.inputs()))
            title = _("Estimated household water use")
        else:
            title, headline = _("Savings calculator"), _("Save water at home")
            lines = [_("Water use by end use, and what each change would save")]
        return _card(title, headline, [*lines, _price_caveat(tariffs.tariff_in_force())])


@bp.get("/labels/share.png")
@cached_page(86400)
def labels_image():
    with force_locale(_image_language()):
        scheme = labels.scheme()
        return _card(_("Water-efficiency label guide"), pick(scheme.name) if _image_language() == "zh" else scheme.name["en"],
                     [_("Grade 1 uses least water."), _("Which grade counts as water-saving, product by product")],
                     "/labels")


@bp.get("/labels", endpoint="labels")
@cached_page(300)
def labels_page():
    og = _og(_("Water-efficiency label guide"),
             _("How to read the China water-efficiency label, which grade counts as water-saving, "
               "and which standard applies to each product."),
             absolute_url_for("calculators.labels", lang=current_language()), "calculators.labels_image")
    return render_template("calculators/labels.html", scheme=labels.scheme(), today=clock.local_today(),
                           notes=SourceNotes(), og=og)



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
        result.append((title, sources.official_first(unique)))
    return result


@bp.get("/methodology")
@cached_page(300)
def methodology():
    return render_template("calculators/methodology.html", tariff=tariffs.tariff_in_force(), scheme=labels.scheme(),
                           model=savings.model(), groups=all_sources(), hotlines=sources.hotlines(),
                           water_days=calendar.next_water_days(clock.local_today()), pick=pick)
