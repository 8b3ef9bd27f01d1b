"""Sharing calculator results: a link and QR code, Open Graph tags, and a preview image drawn
from the link's inputs only; print styles for results and the label guide."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from PIL import Image

BILL = "/bill?usage_m3=250&people=3&period=year&lang=en"
SAVINGS = "/savings?people=3&showers_per_day=2&shower_minutes=8&lang=zh"


def meta(html: str, prop: str) -> str:
    found = re.search(rf'<meta property="{re.escape(prop)}" content="([^"]*)">', html)
    assert found, f"no {prop}"
    return found.group(1).replace("&amp;", "&")


@pytest.mark.parametrize("path", [BILL, SAVINGS, "/bill?lang=zh", "/savings?lang=en", "/labels?lang=en", "/labels?lang=zh"])
def test_calculator_pages_have_open_graph_tags_on_site_url(client, path):
    html = client.get(path).get_data(as_text=True)
    for prop in ("og:title", "og:description", "og:url", "og:image"):
        assert meta(html, prop).strip()
    assert meta(html, "og:url").startswith("http://localhost/")  # SITE_URL in the tests
    image = client.get(meta(html, "og:image").removeprefix("http://localhost"))
    assert image.status_code == 200 and image.mimetype == "image/png"
    assert Image.open(BytesIO(image.data)).size == (1200, 630)


def test_bill_result_tags_describe_the_result_and_its_caveat(client):
    html = client.get(BILL).get_data(as_text=True)
    assert "¥903.90" in meta(html, "og:title")
    description = meta(html, "og:description")
    assert "250 m³ a year, 3 people: tier 2" in description and "may have changed since" in description
    image = meta(html, "og:image")
    assert "/bill/share.png?" in image and "usage_m3=250" in image and "people=3" in image
    assert meta(html, "og:url") == "http://localhost/bill?usage_m3=250&people=3&period=year&lang=en"


def test_share_link_and_qr_code_of_a_result(client):
    html = client.get(BILL).get_data(as_text=True)
    share = html[html.index('id="share"'):]
    assert 'value="http://localhost/bill?usage_m3=250&amp;people=3&amp;period=year&amp;lang=en"' in share
    qr = re.search(r"<svg [^>]*class=\"qr\"[^>]*>", share)
    assert qr and 'role="img"' in qr.group(0) and "aria-label=" in qr.group(0)
    assert "<path" in share[:share.index("</svg>")]
    savings = client.get(SAVINGS).get_data(as_text=True)
    assert 'class="qr"' in savings and "showers_per_day=2" in savings[savings.index('id="share"'):]


def test_no_share_box_or_qr_without_a_result(client):
    html = client.get("/bill?lang=en").get_data(as_text=True)
    assert 'id="share"' not in html and 'class="qr"' not in html


def test_preview_image_differs_by_result_and_is_cacheable(client):
    one = client.get("/bill/share.png?usage_m3=250&people=3&period=year&lang=en")
    two = client.get("/bill/share.png?usage_m3=400&people=3&period=year&lang=en")
    assert one.status_code == two.status_code == 200
    assert one.data != two.data
    assert "max-age" in one.headers["Cache-Control"] and "public" in one.headers["Cache-Control"]
    assert client.get("/savings/share.png?people=2&lang=zh").status_code == 200


@pytest.mark.parametrize("path", ["/bill/share.png?usage_m3=-5", "/bill/share.png?usage_m3=abc&lang=zh",
                                  "/savings/share.png?people=0", "/savings/share.png?people=2&shower_minutes=x"])
def test_preview_image_refuses_bad_inputs_with_400(client, path):
    response = client.get(path)
    assert response.status_code == 400 and response.mimetype != "image/png"


def test_print_styles_for_results_and_label_guide(client):
    css = client.get("/static/calculators/calculators.css").get_data(as_text=True)
    printed = css[css.index("@media print"):]
    assert ".calc-form" in printed and ".share-qr svg" in printed and ".print-only" in printed
    assert ".label-anatomy" in printed
