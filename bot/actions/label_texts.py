"""Answers about the China water-efficiency label, built from core.labels objects.

A threshold core does not have (None) is said to be "not yet verified" with a link to the
official full text; no number is ever supplied here.
"""

from __future__ import annotations

from bot.actions.formatting import bullets, confidence, date, link, paragraphs, pick, source_line
from core.labels import Edition, Product, Scheme

LABELS_PAGE = {"zh": "水效标识详解", "en": "About the labels"}


def _page(lang: str, product: Product | None = None) -> str:
    return link(LABELS_PAGE[lang], "/labels", product=product.key if product else None)


def _bracket(text: str, lang: str) -> str:
    return f"（{text}）" if lang == "zh" else f"({text})"


def _section(scheme: Scheme, key: str, lang: str) -> str:
    section = scheme.sections[key]
    sep = "" if lang == "zh" else " "
    return pick(section["text"], lang) + sep + _bracket(confidence(section["confidence"], lang), lang)


def _search(scheme: Scheme, lang: str) -> str:
    search = scheme.sections["standard_search"]
    title = "国家标准全文公开系统" if lang == "zh" else "national standards full-text system"
    return f"{pick(search['text'], lang)} [{title}]({search['url']})"


def scheme_text(scheme: Scheme, lang: str) -> str:
    """What the label is, its legal basis, how it works, where it is shown."""
    return paragraphs(
        f"{pick(scheme.name, lang)}：" if lang == "zh" else f"{pick(scheme.name, lang)}:",
        _section(scheme, "legal_basis", lang),
        _section(scheme, "mechanism", lang),
        _section(scheme, "where_shown", lang),
        _section(scheme, "grade_direction", lang),
        _page(lang),
    )


def grades_text(scheme: Scheme, lang: str, product: Product | None = None) -> str:
    """How many grades, which is most efficient, what each grade means."""
    meanings = scheme.sections["grade_meanings"]
    lines = [
        (
            f"{g['grade']}级 = {pick(g['term'], lang)}：{pick(g['text'], lang)}"
            if lang == "zh"
            else f"Grade {g['grade']} = {pick(g['term'], lang)}: {pick(g['text'], lang)}"
        )
        for g in scheme.grade_meanings
    ]
    head = "三级标准中各等级的含义：" if lang == "zh" else "In 3-grade standards:"
    product_line = None
    if product is not None:
        product_line = _edition_grades(product, product.current, lang)
    return paragraphs(
        product_line,
        _section(scheme, "grade_direction", lang),
        head + "\n" + bullets(lines) + "\n" + _bracket(confidence(meanings["confidence"], lang), lang),
        pick(meanings["five_grade"], lang),
        _page(lang, product),
    )


def _edition_grades(product: Product, edition: Edition, lang: str) -> str:
    name = pick(product.name, lang)
    if edition.grades is None:
        return (
            f"{name}现行标准{edition.standard}的等级数未核实。"
            if lang == "zh"
            else f"The number of grades in {edition.standard} ({name}) is not verified."
        )
    return (
        f"{name}（{edition.standard}）分{edition.grades}级，1级最省水。"
        if lang == "zh"
        else f"{name} ({edition.standard}) has {edition.grades} grades; grade 1 uses least water."
    )


def water_saving_text(scheme: Scheme, lang: str, product: Product | None = None) -> str:
    """What counts as a water-saving product (Shanghai Water Authority guidance)."""
    product_line = None
    if product is not None:
        name = pick(product.name, lang)
        if product.water_saving_if:
            product_line = (
                f"{name}：{pick(product.water_saving_if, lang)}"
                if lang == "zh"
                else (f"{name}: {pick(product.water_saving_if, lang)}")
            )
            if product.water_saving_source:
                product_line += "\n" + source_line(product.water_saving_source, lang)
        else:
            product_line = (
                f"{name}：没有找到关于几级算节水型的说明。"
                if lang == "zh"
                else f"{name}: no guidance on which grades count as water-saving was found."
            )
    return paragraphs(
        product_line,
        _section(scheme, "shanghai_guidance", lang),
        _section(scheme, "voluntary_standard", lang) if product is None or product.key in ("toilet", "squat_pan") else None,
        _page(lang, product),
    )


def _catalogue_line(product: Product, lang: str) -> str:
    cat = product.catalogue
    name = pick(product.name, lang)
    if cat.status == "listed":
        if lang == "zh":
            line = f"{name}：第{cat.batch}批，{date(cat.mandatory_from, lang)}起须加贴水效标识"
            line += f"（此前生产或进口的产品可延迟至{date(cat.grace_until, lang)}前加施水效标识）" if cat.grace_until else ""
            return line + "。"
        line = f"{name}: batch {cat.batch}, label required from {date(cat.mandatory_from, lang)}"
        if cat.grace_until:
            line += f" (products made or imported earlier may have the label added before {date(cat.grace_until, lang)})"
        return line + "."
    status = {
        "unconfirmed": ("是否纳入目录尚未确认", "inclusion in the catalogue is not confirmed"),
        "no_evidence": ("没有证据表明已纳入目录", "no evidence that it is in the catalogue"),
    }[cat.status]
    if cat.note:
        return f"{name}：{pick(cat.note, lang)}" if lang == "zh" else f"{name}: {pick(cat.note, lang)}"
    return f"{name}：{status[0]}。" if lang == "zh" else f"{name}: {status[1]}."


def products_text(scheme: Scheme, lang: str, product: Product | None = None) -> str:
    """Which products carry the label and since when (by catalogue batch)."""
    if product is not None:
        cat = product.catalogue
        note = pick(cat.note, lang) if cat.note and cat.status == "listed" else None
        return paragraphs(_catalogue_line(product, lang), note, source_line(cat.sources, lang), _page(lang, product))
    lines = [_catalogue_line(p, lang) for _, items in scheme.batches() for p in items]
    others = [_catalogue_line(p, lang) for p in scheme.products if p.catalogue.status != "listed"]
    head = "实行水效标识的产品（按批次）：" if lang == "zh" else "Products that must carry the label, by batch:"
    other_head = "其他：" if lang == "zh" else "Others:"
    return paragraphs(head + "\n" + bullets(lines), other_head + "\n" + bullets(others) if others else None, _page(lang))


def _threshold_lines(product: Product, edition: Edition, lang: str) -> list[str]:
    lines = []
    for grade, threshold in edition.thresholds.items():
        if threshold is None:
            value = "未核实" if lang == "zh" else "not verified"
        else:
            value = threshold.text
        lines.append(f"{grade}级：{value}" if lang == "zh" else f"Grade {grade}: {value}")
    return lines


def standard_text(scheme: Scheme, lang: str, product: Product | None = None) -> str:
    """The standard and edition for a product, its dates, grades and known thresholds."""
    if product is None:
        lines = [
            f"{pick(p.name, lang)}：{p.standard}" if lang == "zh" else f"{pick(p.name, lang)}: {p.standard}"
            for p in scheme.products
        ]
        head = "各产品现行的强制性国家标准：" if lang == "zh" else "Current mandatory national standards:"
        ask = (
            "想知道某个产品的等级限值，可以问“坐便器一级水效是多少”。"
            if lang == "zh"
            else 'For a product\'s grade limits, ask e.g. "grade 1 threshold for toilets".'
        )
        return paragraphs(head + "\n" + bullets(lines), ask, _search(scheme, lang), _page(lang))
    current = product.current
    name = pick(product.name, lang)
    if lang == "zh":
        dates = f"{date(current.effective, lang)}起实施" if current.effective else "实施日期未核实"
        if current.effective_alt:
            dates += f"（另有资料称{date(current.effective_alt, lang)}）"
        head = f"{name}现行标准：{current.standard}，{dates}。"
        metric = f"评价指标：{pick(product.metric, lang)}。" if product.metric else "评价指标未核实。"
    else:
        dates = f"in force from {date(current.effective, lang)}" if current.effective else "start date not verified"
        if current.effective_alt:
            dates += f" (other sources: {date(current.effective_alt, lang)})"
        head = f"{name}: current standard {current.standard}, {dates}."
        metric = f"Metric: {pick(product.metric, lang)}." if product.metric else "Metric not verified."
    limits = _threshold_lines(product, current, lang)
    limits_head = "各等级限值（现行版）：" if lang == "zh" else "Grade limits (current edition):"
    upcoming = [
        (
            f"新版{e.standard}将于{date(e.effective, lang)}起实施。"
            if lang == "zh"
            else f"The new edition {e.standard} applies from {date(e.effective, lang)}."
        )
        for e in product.upcoming()
    ]
    unverified = any(t is None for t in current.thresholds.values()) or not current.thresholds
    return paragraphs(
        head,
        pick(current.note, lang),
        metric,
        limits_head + "\n" + bullets(limits) if limits else None,
        " ".join(upcoming) or None,
        _search(scheme, lang) if unverified else None,
        source_line(current.sources, lang),
        _page(lang, product),
    )


def contents_text(scheme: Scheme, lang: str) -> str:
    """What the label shows, and the QR code."""
    fields = [pick(item, lang) for item in scheme.label_fields]
    meta = scheme.sections["label_fields"]
    head = "水效标识上有：" if lang == "zh" else "The label shows:"
    return paragraphs(
        head + "\n" + bullets(fields),
        source_line(meta["sources"], lang),
        _section(scheme, "shanghai_guidance", lang),
        _page(lang),
    )


def not_listed_text(names: list[str], lang: str) -> str:
    """Products the resident named that are not in our list of labelled products."""
    if lang == "zh":
        return f"我们掌握的水效标识产品名单里没有{'、'.join(names)}。名单如下："
    return f"{', '.join(names)}: not in the list of labelled products we have. The list:"
