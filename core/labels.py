"""The China water-efficiency label (中国水效标识): scheme, products, standards and grades.

Content lives in content/labels/ (scheme.yaml, products.yaml). A grade threshold the
register has not verified is None here and is shown as "not yet verified" with a link to
the official full text; this module never supplies a number of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from core.content import ContentError, Fields, content_dir
from core.sources import CONFIDENCES, Source, parse_source, parse_sources

STATUSES = ("current", "historical", "upcoming")
CATALOGUE_STATUSES = ("listed", "unconfirmed", "no_evidence")
OPS = {"<=": "≤", ">=": "≥"}


@dataclass(frozen=True)
class Threshold:
    op: str
    value: Decimal
    unit: str

    @property
    def text(self) -> str:
        """E.g. ``≤ 5.0 L`` or ``≥ 65 %``."""
        return f"{OPS[self.op]} {self.value} {self.unit}"


@dataclass(frozen=True)
class Edition:
    standard: str
    status: str
    issued: dt.date | None
    effective: dt.date | None
    effective_alt: dt.date | None
    superseded_on: dt.date | None
    grades: int | None
    thresholds: dict[int, Threshold | None]
    note: dict[str, str]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Catalogue:
    status: str
    batch: int | None
    announced: dt.date | None
    mandatory_from: dt.date | None
    grace_until: dt.date | None
    note: dict[str, str] | None
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Product:
    key: str
    name: dict[str, str]
    aliases: tuple[str, ...]
    catalogue: Catalogue
    water_saving_if: dict[str, str] | None
    water_saving_source: Source | None
    metric: dict[str, str] | None
    unit: str | None
    better: str
    editions: tuple[Edition, ...]
    standard_url: str

    @property
    def current(self) -> Edition:
        return next(e for e in self.editions if e.status == "current")

    @property
    def standard(self) -> str:
        """The number of the edition in force now, e.g. ``GB 25502-2024``."""
        return self.current.standard

    @property
    def grades(self) -> int | None:
        return self.current.grades

    @property
    def thresholds(self) -> dict[int, Threshold | None]:
        return self.current.thresholds

    @property
    def mandatory_from(self) -> dt.date | None:
        return self.catalogue.mandatory_from

    @property
    def batch(self) -> int | None:
        return self.catalogue.batch

    @property
    def sources(self) -> tuple[Source, ...]:
        extra = (self.water_saving_source,) if self.water_saving_source else ()
        return self.catalogue.sources + extra + tuple(s for e in self.editions for s in e.sources)

    def upcoming(self) -> list[Edition]:
        return [e for e in self.editions if e.status == "upcoming"]


@dataclass(frozen=True)
class Scheme:
    """The label scheme as a whole; each section is a mapping straight from scheme.yaml."""

    name: dict[str, str]
    as_of: dt.date
    sections: dict[str, dict]
    label_fields: tuple[dict[str, str], ...]
    grade_meanings: tuple[dict, ...]
    standard_search_url: str
    products: tuple[Product, ...]

    def batches(self) -> list[tuple[int, list[Product]]]:
        """Catalogue batches in order, each with its products."""
        numbers = sorted({p.batch for p in self.products if p.batch is not None})
        return [(n, [p for p in self.products if p.batch == n]) for n in numbers]


def labels_dir():
    return content_dir() / "labels"


def _optional_date(fields: Fields, key: str) -> dt.date | None:
    return fields.date(key) if fields.has(key) else None


def _thresholds(fields: Fields, grades: int | None) -> dict[int, Threshold | None]:
    node = fields.child("thresholds")
    result: dict[int, Threshold | None] = {}
    for grade in node.all_keys():
        value = node.data[grade]
        if not isinstance(grade, int) or grade < 1:
            raise node.error(str(grade), "grade must be a whole number ≥ 1")
        if grades is not None and grade > grades:
            raise node.error(str(grade), f"grade beyond the standard's {grades} grades")
        if value is None:
            result[grade] = None
            continue
        t = Fields(node.path, value, node.name(str(grade)))
        result[grade] = Threshold(
            op=t.choice("op", tuple(OPS)),
            value=t.decimal("value", minimum=Decimal(0)),
            unit=t.text("unit"),
        )
    return dict(sorted(result.items()))


def _edition(fields: Fields) -> Edition:
    grades = fields.integer("grades", None, minimum=1)
    return Edition(
        standard=fields.text("standard"),
        status=fields.choice("status", STATUSES),
        issued=_optional_date(fields, "issued"),
        effective=_optional_date(fields, "effective"),
        effective_alt=_optional_date(fields, "effective_alt"),
        superseded_on=_optional_date(fields, "superseded_on"),
        grades=grades,
        thresholds=_thresholds(fields, grades),
        note=fields.bilingual("note"),
        sources=parse_sources(fields),
    )


def _product(fields: Fields, search_url: str) -> Product:
    cat = fields.child("catalogue")
    catalogue = Catalogue(
        status=cat.choice("status", CATALOGUE_STATUSES),
        batch=cat.integer("batch", None, minimum=1),
        announced=_optional_date(cat, "announced"),
        mandatory_from=_optional_date(cat, "mandatory_from"),
        grace_until=_optional_date(cat, "grace_until"),
        note=cat.bilingual("note", None),
        sources=parse_sources(cat),
    )
    if catalogue.status == "listed" and (catalogue.batch is None or catalogue.mandatory_from is None):
        raise cat.error("batch", "a listed product needs batch and mandatory_from")
    saving, saving_source = None, None
    if fields.has("water_saving_if"):
        node = fields.child("water_saving_if")
        saving, saving_source = node.bilingual("text"), parse_source(node.child("source"))
    editions = tuple(_edition(e) for e in fields.children("editions"))
    if sum(e.status == "current" for e in editions) != 1:
        raise fields.error("editions", "needs exactly one current edition")
    aliases = tuple(_normalise(a) for a in fields.items("aliases"))
    return Product(
        key=fields.text("key"),
        name=fields.bilingual("name"),
        aliases=aliases,
        catalogue=catalogue,
        water_saving_if=saving,
        water_saving_source=saving_source,
        metric=fields.bilingual("metric", None),
        unit=fields.text("unit", None),
        better=fields.choice("better", ("lower", "higher")),
        editions=editions,
        standard_url=search_url,
    )


def _normalise(text: object) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


@cache
def scheme() -> Scheme:
    """The whole label scheme with its products, from content/labels/."""
    scheme_path, products_path = labels_dir() / "scheme.yaml", labels_dir() / "products.yaml"
    top = Fields.load(scheme_path)
    search = top.child("standard_search")
    search_url = search.text("url")
    sections = {}
    for key in ("legal_basis", "mechanism", "where_shown", "grade_direction", "shanghai_guidance",
                "penalty", "voluntary_standard"):
        node = top.child(key)
        sources = parse_sources(node) if node.has("sources") else (parse_source(node.child("source")),)
        sections[key] = {"text": node.bilingual("text"), "confidence": node.choice("confidence", CONFIDENCES),
                         "sources": sources}
        for date_key in ("promulgated", "effective"):  # dates the text states, checked as dates
            if node.has(date_key):
                sections[key][date_key] = node.date(date_key)
    sections["standard_search"] = {"text": search.bilingual("text"), "url": search_url}
    fields_node = top.child("label_fields")
    label_fields = tuple(_pair(fields_node, i) for i in range(len(fields_node.items("items"))))
    sections["label_fields"] = {"confidence": fields_node.choice("confidence", CONFIDENCES),
                                "sources": (parse_source(fields_node.child("source")),)}
    meanings = top.child("grade_meanings")
    grade_meanings = tuple(
        {"grade": g.integer("grade", minimum=1), "term": g.bilingual("term"), "text": g.bilingual("text")}
        for g in meanings.children("grades")
    )
    sections["grade_meanings"] = {"confidence": meanings.choice("confidence", CONFIDENCES),
                                  "sources": parse_sources(meanings), "five_grade": meanings.bilingual("five_grade")}
    products_top = Fields.load(products_path)
    products = tuple(_product(p, search_url) for p in products_top.children("products"))
    seen: dict[str, str] = {}
    for product in products:
        for name in (product.key, *product.aliases):
            if seen.get(name, product.key) != product.key:
                raise ContentError(products_path, f"{product.key}.aliases", f"{name!r} is also an alias of {seen[name]}")
            seen[name] = product.key
    return Scheme(
        name=top.bilingual("name"),
        as_of=top.date("as_of"),
        sections=sections,
        label_fields=label_fields,
        grade_meanings=grade_meanings,
        standard_search_url=search_url,
        products=products,
    )


def _pair(node: Fields, index: int) -> dict[str, str]:
    item = node.child("items", index)
    return {lang: item.text(lang) for lang in ("zh", "en")}


def product(key_or_alias: str) -> Product | None:
    """The product for a key or any alias (马桶, toilet, 花洒, tap …), or None if unknown."""
    wanted = _normalise(key_or_alias)
    for item in scheme().products:
        if wanted == item.key or wanted in item.aliases:
            return item
    return None


def products() -> tuple[Product, ...]:
    return scheme().products


def check() -> None:
    scheme.cache_clear()
    scheme()
