"""Answers about the China water-efficiency label, built from core.labels objects.

A threshold core does not have (None) is said to be "not yet verified" with a link to the
official full text; no number is ever supplied here.
"""

from __future__ import annotations

from bot.actions.formatting import bullets, confidence, date, link, paragraphs, pick, source_line
from bot.actions.i18n import PerLanguage, particular, translator
from core.labels import Edition, Product, Scheme

LABELS_PAGE = PerLanguage(lambda _: _("About the labels"))


def _page(lang: str, product: Product | None = None) -> str:
    return link(LABELS_PAGE[lang], "/labels", product=product.key if product else None)


def _bracket(text: str, lang: str) -> str:
    _ = translator(lang)
    return _("(%(text)s)", text=text)


def _section(scheme: Scheme, key: str, lang: str) -> str:
    section = scheme.sections[key]
    _ = translator(lang)
    return _("%(text)s %(bracketed)s", text=pick(section["text"], lang),
             bracketed=_bracket(confidence(section["confidence"], lang), lang))


def _search(scheme: Scheme, lang: str) -> str:
    search = scheme.sections["standard_search"]
    _ = translator(lang)
    title = _("national standards full-text system")
    return f"{pick(search['text'], lang)} [{title}]({search['url']})"


def scheme_text(scheme: Scheme, lang: str) -> str:
    """What the label is, its legal basis, how it works, where it is shown."""
    _ = translator(lang)
    return paragraphs(
        _("%(name)s:", name=pick(scheme.name, lang)),
        _section(scheme, "legal_basis", lang),
        _section(scheme, "mechanism", lang),
        _section(scheme, "where_shown", lang),
        _section(scheme, "grade_direction", lang),
        _page(lang),
    )


def grades_text(scheme: Scheme, lang: str, product: Product | None = None) -> str:
    """How many grades, which is most efficient, what each grade means."""
    _ = translator(lang)
    meanings = scheme.sections["grade_meanings"]
    lines = [
        _("Grade %(grade)s = %(term)s: %(text)s", grade=g["grade"], term=pick(g["term"], lang), text=pick(g["text"], lang))
        for g in scheme.grade_meanings
    ]
    product_line = None
    if product is not None:
        product_line = _edition_grades(product, product.current, lang)
    return paragraphs(
        product_line,
        _section(scheme, "grade_direction", lang),
        _("In 3-grade standards:") + "\n" + bullets(lines) + "\n" + _bracket(confidence(meanings["confidence"], lang), lang),
        pick(meanings["five_grade"], lang),
        _page(lang, product),
    )


def _edition_grades(product: Product, edition: Edition, lang: str) -> str:
    _ = translator(lang)
    name = pick(product.name, lang)
    if edition.grades is None:
        return _("The number of grades in %(standard)s (%(product)s) is not verified.", standard=edition.standard,
                 product=name)
    return _("%(product)s (%(standard)s) has %(grades)s grades; grade 1 uses least water.", product=name,
             standard=edition.standard, grades=edition.grades)


def water_saving_text(scheme: Scheme, lang: str, product: Product | None = None) -> str:
    """What counts as a water-saving product (Shanghai Water Authority guidance)."""
    _ = translator(lang)
    product_line = None
    if product is not None:
        name = pick(product.name, lang)
        if product.water_saving_if:
            product_line = _("%(product)s: %(text)s", product=name, text=pick(product.water_saving_if, lang))
            if product.water_saving_source:
                product_line += "\n" + source_line(product.water_saving_source, lang)
        else:
            product_line = _("%(product)s: no guidance on which grades count as water-saving was found.", product=name)
    return paragraphs(
        product_line,
        _section(scheme, "shanghai_guidance", lang),
        _section(scheme, "voluntary_standard", lang) if product is None or product.key in ("toilet", "squat_pan") else None,
        _page(lang, product),
    )


def _catalogue_line(product: Product, lang: str) -> str:
    _ = translator(lang)
    cat = product.catalogue
    name = pick(product.name, lang)
    if cat.status == "listed":
        if cat.grace_until:
            return _("%(product)s: batch %(batch)s, label required from %(date)s (products made or imported earlier "
                     "may have the label added before %(grace)s).", product=name, batch=cat.batch,
                     date=date(cat.mandatory_from, lang), grace=date(cat.grace_until, lang))
        return _("%(product)s: batch %(batch)s, label required from %(date)s.", product=name, batch=cat.batch,
                 date=date(cat.mandatory_from, lang))
    if cat.note:
        return _("%(product)s: %(text)s", product=name, text=pick(cat.note, lang))
    status = {
        "unconfirmed": _("%(product)s: inclusion in the catalogue is not confirmed.", product=name),
        "no_evidence": _("%(product)s: no evidence that it is in the catalogue.", product=name),
    }
    return status[cat.status]


def products_text(scheme: Scheme, lang: str, product: Product | None = None) -> str:
    """Which products carry the label and since when (by catalogue batch)."""
    _ = translator(lang)
    if product is not None:
        cat = product.catalogue
        note = pick(cat.note, lang) if cat.note and cat.status == "listed" else None
        return paragraphs(_catalogue_line(product, lang), note, source_line(cat.sources, lang), _page(lang, product))
    lines = [_catalogue_line(p, lang) for _number, items in scheme.batches() for p in items]
    others = [_catalogue_line(p, lang) for p in scheme.products if p.catalogue.status != "listed"]
    return paragraphs(
        _("Products that must carry the label, by batch:") + "\n" + bullets(lines),
        _("Others:") + "\n" + bullets(others) if others else None,
        _page(lang),
    )


def _threshold_lines(product: Product, edition: Edition, lang: str) -> list[str]:
    _ = translator(lang)
    return [
        _("Grade %(grade)s: %(value)s", grade=grade, value=_("not verified") if threshold is None else threshold.text)
        for grade, threshold in edition.thresholds.items()
    ]


def standard_text(scheme: Scheme, lang: str, product: Product | None = None) -> str:
    """The standard and edition for a product, its dates, grades and known thresholds."""
    _ = translator(lang)
    if product is None:
        lines = [_("%(product)s: %(text)s", product=pick(p.name, lang), text=p.standard) for p in scheme.products]
        ask = _('For a product\'s grade limits, ask e.g. "grade 1 threshold for toilets".')
        return paragraphs(_("Current mandatory national standards:") + "\n" + bullets(lines), ask, _search(scheme, lang),
                          _page(lang))
    current = product.current
    name = pick(product.name, lang)
    if current.effective:
        dates = _("in force from %(date)s", date=date(current.effective, lang))
    else:
        dates = _("start date not verified")
    if current.effective_alt:
        dates += _(" (other sources: %(date)s)", date=date(current.effective_alt, lang))
    head = _("%(product)s: current standard %(standard)s, %(dates)s.", product=name, standard=current.standard,
             dates=dates)
    metric = _("Metric: %(metric)s.", metric=pick(product.metric, lang)) if product.metric else _("Metric not verified.")
    limits = _threshold_lines(product, current, lang)
    upcoming = [
        _("The new edition %(standard)s applies from %(date)s.", standard=e.standard, date=date(e.effective, lang))
        for e in product.upcoming()
    ]
    unverified = any(t is None for t in current.thresholds.values()) or not current.thresholds
    return paragraphs(
        head,
        pick(current.note, lang),
        metric,
        _("Grade limits (current edition):") + "\n" + bullets(limits) if limits else None,
        " ".join(upcoming) or None,
        _search(scheme, lang) if unverified else None,
        source_line(current.sources, lang),
        _page(lang, product),
    )


def contents_text(scheme: Scheme, lang: str) -> str:
    """What the label shows, and the QR code."""
    _ = translator(lang)
    fields = [pick(item, lang) for item in scheme.label_fields]
    meta = scheme.sections["label_fields"]
    return paragraphs(
        _("The label shows:") + "\n" + bullets(fields),
        source_line(meta["sources"], lang),
        _section(scheme, "shanghai_guidance", lang),
        _page(lang),
    )


def not_listed_text(names: list[str], lang: str) -> str:
    """Products the resident named that are not in our list of labelled products."""
    _, _p = translator(lang), particular(lang)
    return _("%(products)s: not in the list of labelled products we have. The list:",
             products=_p("list of product names", ", ").join(names))
