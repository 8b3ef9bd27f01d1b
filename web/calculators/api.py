"""JSON API under /api/v1: bill, savings estimate, labels (documented in web/openapi/calculators.yaml).

Stateless and CSRF-exempt: nothing is stored. Any bad input answers 400
``{"error": {"field", "message"}}`` in the requested language (``lang`` or Accept-Language).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from flask import Blueprint, jsonify, request
from flask_babel import force_locale
from flask_babel import gettext as _

from core import labels, money, savings, tariffs
from core.sources import Source
from core.tariffs import InputError
from web.calculators.forms import read_usage_text
from web.calculators.messages import message_for
from web.i18n import LANGUAGES, current_language
from web.public.errors import error_response

bp = Blueprint("calculators_api", __name__, url_prefix="/api/v1")


def _num(value: Decimal | None, places: str | None = None) -> float | int | None:
    """A Decimal as a JSON number (ints stay ints), optionally rounded half-up."""
    if value is None:
        return None
    if places == "0.01":
        value = money.to_fen(value)
    elif places:
        value = value.quantize(Decimal(places), ROUND_HALF_UP)
    return int(value) if value == value.to_integral_value() and not places else float(value)


def _source(source: Source) -> dict:
    return {"title": source.title, "url": source.url, "kind": source.kind, "confidence": source.confidence,
            "as_of": source.as_of}


def _bad(error: InputError):
    return error_response(400, message_for(error), field=error.field)


def _lang_error():
    return error_response(400, _("The language must be zh or en."), field="lang")


def tariff_json(tariff: tariffs.Tariff, lang: str) -> dict:
    large = tariff.large_household
    return {
        "id": tariff.id,
        "name": tariff.name[lang],
        "effective_from": tariff.effective_from.isoformat(),
        "as_of": tariff.as_of.isoformat(),
        "source": _source(tariff.primary_source),
        "sources": [_source(s) for s in tariff.sources],
        "caveats": tariff.caveats[lang],
        "not_yet_verified": [u["label"][lang] for u in tariff.unverified],
        "large_household": None if large is None else {
            "min_people": large.min_people, "extra_m3": _num(large.extra_m3), "applies_to": large.applies_to,
            "confidence": large.confidence, "note": large.note[lang], "source": _source(large.source)},
    }


@bp.get("/bill")
def bill():
    lang = request.args.get("lang")
    if lang is not None and lang not in LANGUAGES:
        return _lang_error()
    lang = current_language()
    args = request.args
    try:
        usage, text_period = read_usage_text(args.get("usage_m3"))
        people = tariffs.parse_people(args.get("people", "1"))
        period = args.get("period") or text_period or "year"  # "12吨/月" without ?period= is a month
        result = tariffs.bill(usage, people, period)
    except InputError as exc:
        return _bad(exc)
    return jsonify({
        "usage_m3": _num(result.usage_m3),
        "period": result.period,
        "annual_usage_m3": _num(result.annual_usage_m3),
        "people": result.people,
        "total_yuan": _num(result.total_yuan, "0.01"),
        "period_total_yuan": _num(result.period_total_yuan, "0.01"),
        "tier": result.tier,
        "next_m3_price_yuan": _num(result.next_m3_price_yuan),
        "left_in_tier_m3": _num(result.left_in_tier_m3),
        "tiers": [{
            "tier": c.tier, "lower_m3": _num(c.lower_m3), "upper_m3": _num(c.upper_m3),
            "volume_m3": _num(c.volume_m3), "price_yuan_per_m3": _num(c.price_yuan_per_m3),
            "amount_yuan": _num(c.amount_yuan, "0.01"),
        } for c in result.charges],
        "tariff": tariff_json(result.tariff, lang),
        "lang": lang,
    })


@bp.post("/savings")
def savings_estimate():
    body = request.get_json(silent=True)
    lang = request.args.get("lang") or (body.get("lang") if isinstance(body, dict) else None)
    if lang is not None and lang not in LANGUAGES:
        return _lang_error()
    with force_locale(lang or current_language()):
        lang = current_language()
        try:
            estimate = savings.estimate(body if isinstance(body, dict) else None)
        except InputError as exc:
            return _bad(exc)
    params = savings.model().parameters
    return jsonify({
        "people": estimate.inputs.people,
        "litres_per_day": _num(estimate.litres_per_day),
        "m3_per_year": _num(estimate.m3_per_year),
        "litres_per_person_per_day": _num(estimate.litres_per_person_per_day),
        "end_uses": [{
            "key": u.key, "litres_per_day": _num(u.litres_per_day), "m3_per_year": _num(u.m3_per_year),
            "basis": u.basis, "defaults": [p.key for p in u.parameters], "excluded": list(u.excluded),
        } for u in estimate.end_uses],
        "bill": {"total_yuan": _num(estimate.bill.total_yuan, "0.01"), "tier": estimate.bill.tier,
                 "next_m3_price_yuan": _num(estimate.bill.next_m3_price_yuan)},
        "actions": [{
            "key": s.action.key, "name": s.action.name[lang], "litres_per_day": _num(s.litres_per_day),
            "m3_per_year": _num(s.m3_per_year), "yuan_per_year": _num(s.yuan_per_year, "0.01"),
            "reason": s.reason, "defaults": [p.key for p in s.parameters],
        } for s in estimate.savings],
        "defaults": {key: {"value": _num(p.value), "unit": p.unit, "origin": p.origin, "name": p.name[lang],
                           "source": _source(p.source)} for key, p in params.items()},
        "comparisons": [{"key": c.key, "value": _num(c.value), "unit": c.unit, "year": c.year, "name": c.name[lang],
                         "source": _source(c.source)} for c in estimate.comparisons],
        "tariff": tariff_json(estimate.bill.tariff, lang),
        "lang": lang,
    })


def product_json(product: labels.Product, lang: str) -> dict:
    return {
        "key": product.key,
        "name": product.name[lang],
        "aliases": list(product.aliases),
        "standard": product.standard,
        "standard_url": product.standard_url,
        "grades": product.grades,
        "metric": product.metric[lang] if product.metric else None,
        "unit": product.unit,
        "thresholds": {str(g): (t.text if t else None) for g, t in product.thresholds.items()},
        "water_saving_if": product.water_saving_if[lang] if product.water_saving_if else None,
        "catalogue": {"status": product.catalogue.status, "batch": product.batch,
                      "mandatory_from": product.mandatory_from.isoformat() if product.mandatory_from else None},
        "editions": [{
            "standard": e.standard, "status": e.status,
            "issued": e.issued.isoformat() if e.issued else None,
            "effective": e.effective.isoformat() if e.effective else None,
            "grades": e.grades, "thresholds": {str(g): (t.text if t else None) for g, t in e.thresholds.items()},
            "note": e.note[lang], "sources": [_source(s) for s in e.sources],
        } for e in product.editions],
        "sources": [_source(s) for s in product.sources],
    }


@bp.get("/labels")
def labels_index():
    lang = request.args.get("lang")
    if lang is not None and lang not in LANGUAGES:
        return _lang_error()
    lang = current_language()
    wanted = request.args.get("product")
    if wanted is not None:
        found = labels.product(wanted)
        if found is None:
            return error_response(404, _("No such product in the label guide."), field="product")
        return jsonify({"product": product_json(found, lang), "lang": lang})
    scheme = labels.scheme()
    return jsonify({
        "name": scheme.name[lang],
        "as_of": scheme.as_of.isoformat(),
        "legal_basis": scheme.sections["legal_basis"]["text"][lang],
        "label_fields": [f[lang] for f in scheme.label_fields],
        "grade_meanings": [{"grade": g["grade"], "term": g["term"][lang], "text": g["text"][lang]}
                           for g in scheme.grade_meanings],
        "shanghai_guidance": scheme.sections["shanghai_guidance"]["text"][lang],
        "standard_search_url": scheme.standard_search_url,
        "products": [product_json(p, lang) for p in scheme.products],
        "lang": lang,
    })
