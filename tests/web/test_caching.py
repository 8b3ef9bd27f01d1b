"""One cache story (web/caching.py): every shared key is built in one place and carries the
site's host (from SITE_URL, never the request's `Host`) and the language."""

from __future__ import annotations

import pytest

from web import caching

SITE = "https://water.example.gov.cn"
STAGING = "https://staging.example.gov.cn"


@pytest.fixture
def two_sites(make_app):
    from web.extensions import db

    sites = {SITE: make_app(SITE_URL=SITE, TESTING=True), STAGING: make_app(SITE_URL=STAGING, TESTING=True)}
    with sites[SITE].app_context():
        db.create_all()
    return sites


def page_key(app, url: str, **headers) -> str:
    with app.test_request_context(url, headers=headers):
        app.preprocess_request()  # the language is chosen for the request as for a real one
        return caching.page_key()


def test_shared_keys_differ_by_site_host_and_language(two_sites):
    keys = {(site, lang): page_key(app, f"/bill?usage_m3=250&lang={lang}")
            for site, app in two_sites.items() for lang in ("zh", "en")}
    assert len(set(keys.values())) == 4
    assert keys[SITE, "en"] == "page:water.example.gov.cn:en:/bill?usage_m3=250&lang=en"
    assert keys[STAGING, "zh"] == "page:staging.example.gov.cn:zh:/bill?usage_m3=250&lang=zh"
    with two_sites[SITE].test_request_context("/"):
        assert caching.key("campaign-page", "/campaigns/x?", language="en") == \
            "campaign-page:water.example.gov.cn:en:/campaigns/x?"


def test_a_forged_host_header_neither_changes_a_key_nor_adds_one(two_sites):
    app = two_sites[SITE]
    forged = page_key(app, "/?lang=en", Host="evil.example")
    assert forged == page_key(app, "/?lang=en") and "evil" not in forged


def test_a_page_is_stored_under_its_key_for_its_language_only(two_sites):
    from web.extensions import cache

    app = two_sites[SITE]
    page = app.test_client().get("/?lang=en", headers={"Host": "evil.example"})
    assert page.status_code == 200 and "evil.example" not in page.get_data(as_text=True)
    with app.test_request_context("/?lang=en"):
        assert cache.get(page_key(app, "/?lang=en")) is not None
        assert cache.get(page_key(app, "/?lang=zh")) is None
