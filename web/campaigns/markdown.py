"""Markdown → safe HTML: markdown-it-py without raw HTML, then nh3 as a second wall.

No script, no event handlers, no `javascript:` (or other non-web) links; links to other
sites get `rel="noopener noreferrer nofollow"`; images only from this site (the CSP would
block others anyway).
"""

from __future__ import annotations

import html as html_lib
from functools import lru_cache
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

TAGS = {
    "a", "p", "br", "hr", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "code", "pre",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "img", "s",
}
ATTRIBUTES = {"a": {"href", "title", "rel"}, "img": {"src", "alt", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
SCHEMES = {"http", "https", "mailto"}
OUTSIDE_REL = "noopener noreferrer nofollow"

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(["table", "strikethrough"])


def _is_outside(href: str) -> bool:
    parts = urlsplit(href)
    return bool(parts.scheme or parts.netloc)


def _link_open(self, tokens, idx, options, env):
    token = tokens[idx]
    href = token.attrGet("href") or ""
    if _is_outside(href):
        token.attrSet("rel", OUTSIDE_REL)
    return self.renderToken(tokens, idx, options, env)


_md.add_render_rule("link_open", _link_open)


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if value.startswith("/") and not value.startswith("//") else None
    if tag == "a" and attribute == "rel":
        return OUTSIDE_REL  # only ever set by our rule; never what the author typed
    if tag == "a" and attribute == "href" and value.startswith("//"):
        return None  # protocol-relative: an outside link dressed as a local one
    return value


@lru_cache(maxsize=512)
def render(source: str | None) -> Markup:
    """Sanitised HTML for one Markdown text. Pure in its input, so cached: a campaign page is
    read thousands of times for every edit, and parsing dominated its rendering time."""
    html = _md.render(source or "")
    clean = nh3.clean(
        html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES, link_rel=None,
        attribute_filter=_attribute_filter, strip_comments=True,
    )
    return Markup(clean)


@lru_cache(maxsize=512)
def plain(source: str | None, limit: int = 300) -> str:
    """The text of a Markdown source without markup (for feeds and meta descriptions)."""
    text = nh3.clean(_md.render(source or ""), tags=set())
    text = " ".join(html_lib.unescape(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
