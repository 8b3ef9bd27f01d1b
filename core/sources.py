"""Sources, confidence labels and hotlines: what every figure on the site carries.

A figure without a source is not shown. `Source` is the one shape every content module
uses, so a page or a bot answer can always say where a number comes from and how sure we are.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from core.content import ContentError, Fields, content_dir
from core.i18n import tr_ctx

# The register's confidence scale (content/facts/README.md, "Confidence scale").
CONFIDENCES = ("high", "high_med", "med_high", "med", "low_med", "low", "not_found", "unsourced")

# What kind of page a source is: the issuing authority's own notice or standard, a news
# report, a copy or summary by someone else (reprints, catalogues, encyclopaedias), or a
# seller's page. Pages show it next to each citation so a reader can weigh it.
KINDS = ("official", "news", "secondary", "vendor")

KIND_LABELS = {
    "official": tr_ctx("source kind", "official"),
    "news": tr_ctx("source kind", "news report"),
    "secondary": tr_ctx("source kind", "secondary source"),
    "vendor": tr_ctx("source kind", "vendor page"),
}

# Hosts of the issuing authorities' own sites (government and standards bodies).
OFFICIAL_HOST_SUFFIXES = (".gov.cn", ".gov", "gov.cn")

CONFIDENCE_LABELS = {
    "high": tr_ctx("confidence", "high"),
    "high_med": tr_ctx("confidence", "high–medium"),
    "med_high": tr_ctx("confidence", "medium–high"),
    "med": tr_ctx("confidence", "medium"),
    "low_med": tr_ctx("confidence", "low–medium"),
    "low": tr_ctx("confidence", "low"),
    "not_found": tr_ctx("confidence", "not verified"),
    "unsourced": tr_ctx("confidence", "unsourced"),
}


@dataclass(frozen=True)
class Source:
    """Where a figure comes from.

    `as_of` is the date of the source as the register gives it: ``YYYY-MM-DD``, ``YYYY-MM``,
    ``YYYY`` or None for an undated page (kept as text so a year is not faked into a day).
    """

    title: str
    url: str | None
    confidence: str
    as_of: str | None = None
    kind: str = "secondary"

    def confidence_label(self, lang: str = "zh") -> str:
        return CONFIDENCE_LABELS[self.confidence][lang]

    def kind_label(self, lang: str = "zh") -> str:
        return KIND_LABELS[self.kind][lang]


def kind_from_url(url: str | None) -> str:
    """The kind of a source nobody classified (a staff-typed FAQ source): an authority's own
    host is official, anything else is counted as secondary until someone says otherwise."""
    if not url:
        return "secondary"
    host = url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()
    return "official" if host.endswith(OFFICIAL_HOST_SUFFIXES) else "secondary"


def official_first(items) -> list[Source]:
    """Sources in the order a reader should trust them: official, news, secondary, vendor."""
    return sorted(items, key=lambda source: KINDS.index(source.kind))


def parse_source(fields: Fields, *, default_confidence: str | None = None) -> Source:
    """Read one source mapping (title, url, kind, confidence, as_of) from a content file.

    `kind` is required: every cited page says whether it is the authority's own, news,
    secondary or a vendor's."""
    as_of = fields.raw("as_of", None)
    if as_of is not None:
        as_of = str(as_of)
        if not (len(as_of) in (4, 7, 10) and as_of[:4].isdigit()):
            raise fields.error("as_of", "must be YYYY, YYYY-MM or YYYY-MM-DD")
    url = fields.text("url", None)
    if url is not None and not url.startswith(("http://", "https://")):
        raise fields.error("url", "must start with http:// or https://")
    if default_confidence is not None and not fields.has("confidence"):
        confidence = default_confidence
    else:
        confidence = fields.choice("confidence", CONFIDENCES)
    kind = fields.choice("kind", KINDS)
    return Source(title=fields.text("title"), url=url, confidence=confidence, as_of=as_of, kind=kind)


def parse_sources(fields: Fields, key: str = "sources") -> tuple[Source, ...]:
    """A non-empty list of sources, official ones first: a figure without one must not load."""
    children = fields.children(key)
    if not children:
        raise fields.error(key, "needs at least one source")
    return tuple(official_first(parse_source(child) for child in children))


def parse_source_library(fields: Fields, key: str = "sources") -> dict[str, Source]:
    """An optional mapping of named sources at the top of a file (YAML anchors the items
    reuse with ``*name``): each one is checked like any other source."""
    if not fields.has(key):
        return {}
    library = fields.child(key)
    return {name: parse_source(library.child(name)) for name in library.all_keys()}


@dataclass(frozen=True)
class Hotline:
    """A phone number residents can call, with how sure we are that it is still current."""

    number: str
    name: dict[str, str]
    purpose: dict[str, str]
    confidence: str
    note: dict[str, str] | None
    source: Source


def hotlines_path():
    return content_dir() / "tips" / "hotlines.yaml"


@cache
def hotlines() -> tuple[Hotline, ...]:
    """Hotlines from content/tips/hotlines.yaml (12345, 962740), each with confidence and source."""
    path = hotlines_path()
    top = Fields.load(path)
    result = []
    for item in top.children("hotlines"):
        number = item.text("number")
        if not number.isdigit():
            raise item.error("number", "must be digits only")
        result.append(
            Hotline(
                number=number,
                name=item.bilingual("name"),
                purpose=item.bilingual("purpose"),
                confidence=item.choice("confidence", CONFIDENCES),
                note=item.bilingual("note", None),
                source=parse_source(item.child("source")),
            )
        )
    if not result:
        raise ContentError(path, "hotlines", "needs at least one hotline")
    return tuple(result)


def check() -> None:
    hotlines.cache_clear()
    hotlines()
