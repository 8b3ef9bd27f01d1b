"""Known XSS payloads through the Markdown pipeline come out inert, and on the page too."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from web.campaigns.markdown import render

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](  javascript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    "![x](x \"onerror=alert(1)\")",
    '<a href="javascript:alert(1)">x</a>',
    "<body onload=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "[x](https://example.com \"\\\" onmouseover=alert(1)\")",
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
    "[x](&#x6A;avascript:alert(1))",
    "<input autofocus onfocus=alert(1)>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<<script>script>alert(1)<</script>/script>",
    "[x](//evil.example/steal)",
    "<meta http-equiv=refresh content=0;url=javascript:alert(1)>",
]

ALLOWED_TAGS = {"a", "p", "br", "hr", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "code", "pre",
                "blockquote", "table", "thead", "tbody", "tr", "th", "td", "img", "s"}
SAFE_URL = re.compile(r"^(https?://|mailto:|/(?!/)|#|\?)", re.I)


class Elements(HTMLParser):
    """The real elements and attributes of an HTML fragment (escaped text is just text)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def problems(html: str) -> list[str]:
    found = []
    for tag, attrs in Elements(html).found:
        if tag not in ALLOWED_TAGS:
            found.append(f"tag {tag}")
        for name, value in attrs.items():
            if name.startswith("on") or name == "style":
                found.append(f"attribute {name}")
            if name in ("href", "src") and not SAFE_URL.match((value or "").strip()):
                found.append(f"url {value}")
    return found


def test_there_are_at_least_twenty_payloads():
    assert len(PAYLOADS) >= 20


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_inert(payload):
    html = str(render(payload))
    assert problems(html) == [], html


def test_outside_links_get_a_safe_rel_and_local_links_do_not():
    html = str(render("[a](https://example.com/x) [b](/bill)"))
    assert '<a href="https://example.com/x" rel="noopener noreferrer nofollow">a</a>' in html
    assert '<a href="/bill">b</a>' in html


def test_author_cannot_set_rel_or_outside_images():
    assert "https://tracker" not in str(render("![t](https://tracker.example/p.png)"))
    html = str(render("## Title\n\n**bold** and a list:\n\n- one\n- two"))
    assert "<h2>Title</h2>" in html and "<strong>bold</strong>" in html and "<li>one</li>" in html


def test_payloads_are_inert_on_the_public_page(client, make_campaign):
    make_campaign(body_zh="\n\n".join(PAYLOADS), body_en="\n\n".join(PAYLOADS), title_zh="<script>alert(1)</script>")
    page = client.get("/campaigns/water-week").get_data(as_text=True)
    body = page.split('class="campaign-body"', 1)[1].split("</div>", 1)[0]
    assert problems(body) == []
    assert "<script>alert(1)</script>" not in page
