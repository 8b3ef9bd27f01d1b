"""Host-header cache poisoning: absolute URLs come from SITE_URL, never from `Host`.

Pages are cached by path; if a poster, a shared result, the feed, a calendar file, the
campaigns API or a join QR code took its host from the request, one forged `Host` would put
an attacker's address into what every later visitor (or the bot, or a printed poster) gets.
"""

from __future__ import annotations

import re

import pytest

from tests.web import sample_site

SITE = "https://water.example.gov.cn"
FORGED = "evil.example"


@pytest.fixture
def cached_app(app, make_app):
    """The app with whole-page caching on (as in production) and a configured SITE_URL."""
    from web.extensions import db

    cached = make_app(CACHE_TYPE="SimpleCache", TESTING=True, WTF_CSRF_ENABLED=False, SITE_URL=SITE)
    with cached.app_context():
        db.create_all()
        site = sample_site.build(cached, db)
        paths = {
            "bill share link": "/bill?usage_m3=250&people=3",
            "savings share link": "/savings?people=3&showers_per_day=2&minutes_per_shower=8",
            "poster": f"/campaigns/{site.campaign.slug}/poster",
            "feed": "/campaigns/feed.atom",
            "calendar file": f"/campaigns/{site.campaign.slug}/events/{site.campaign_event.id}.ics",
            "campaigns API": "/api/v1/campaigns?lang=zh",
            "join QR code": f"/join/{site.self_paced.code}/qr.svg",
        }
        yield cached, site, paths


def fetch(app, path: str, host: str | None = None) -> str:
    headers = {"Host": host} if host else {}
    response = app.test_client().get(path, headers=headers, environ_overrides={"HTTP_HOST": host} if host else {})
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


@pytest.mark.parametrize("what", ["bill share link", "savings share link", "poster", "feed", "calendar file",
                                  "campaigns API"])  # QR images: test_qr_codes_encode_the_site_url
def test_a_forged_host_never_reaches_a_page(cached_app, what):
    app, _site, paths = cached_app
    path = paths[what]
    forged = fetch(app, path, host=FORGED)
    assert FORGED not in forged
    later = fetch(app, path)  # what the next visitor gets (from the cache where the page is cached)
    assert FORGED not in later


def test_absolute_links_are_on_site_url(cached_app):
    app, site, paths = cached_app
    assert f"{SITE}/bill?" in fetch(app, paths["bill share link"], host=FORGED)
    assert f"{SITE}/savings?" in fetch(app, paths["savings share link"], host=FORGED)
    assert f"{SITE}/campaigns/{site.campaign.slug}?src=poster" in fetch(app, paths["poster"], host=FORGED)
    assert f"<id>{SITE}/campaigns/feed.atom</id>" in fetch(app, paths["feed"], host=FORGED)
    ics = fetch(app, paths["calendar file"], host=FORGED)
    assert f"@{SITE.split('//')[1]}" in ics and f"{SITE}/campaigns/{site.campaign.slug}" in ics
    api = app.test_client().get(paths["campaigns API"], headers={"Host": FORGED}).get_json()
    assert [c["url"] for c in api["campaigns"]] == [f"{SITE}/campaigns/{site.campaign.slug}?lang=zh"]


def test_qr_codes_encode_the_site_url(cached_app):
    """A QR image has no readable text: compare it with the code drawn for the right link."""
    from web.campaigns import posters
    from web.quiz import qr

    app, site, paths = cached_app
    assert fetch(app, paths["join QR code"], host=FORGED) == qr.svg(f"{SITE}/join?code={site.self_paced.code}").decode()

    def modules(svg: str) -> str:
        return re.search(r'<path[^>]* d="([^"]+)"', svg).group(1)

    expected = modules(str(posters.qr_svg(f"{SITE}/campaigns/{site.campaign.slug}?src=poster", "")))
    assert modules(fetch(app, paths["poster"], host=FORGED)) == expected


def test_site_url_is_read_from_the_environment_and_checked(monkeypatch):
    from web import config

    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.delenv("PORT", raising=False)
    monkeypatch.setenv("WEB_PORT", "8000")
    assert config.from_environment()["SITE_URL"] == "http://127.0.0.1:8000"  # `make run`'s address
    monkeypatch.setenv("SITE_URL", SITE + "/")
    assert config.from_environment()["SITE_URL"] == SITE
    monkeypatch.setenv("SITE_URL", "water.example.gov.cn")
    with pytest.raises(ValueError, match="SITE_URL"):
        config.from_environment()


def test_absolute_urls_are_built_only_by_web_urls():
    """New code that builds a link from the request's host (`_external=True`, `request.host`,
    `url_root`, `host_url`) would bring the poisoning back: web/urls.py is the one way."""
    from pathlib import Path

    web = Path(__file__).resolve().parents[2] / "web"
    pattern = re.compile(r"_external\s*=\s*True|request\.(host|host_url|url_root|root_url)\b")
    offenders = [f"{path.relative_to(web)}:{number}"
                 for path in [*web.rglob("*.py"), *web.rglob("*.html")] if path.name != "urls.py"
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if pattern.search(line)]
    assert not offenders, "build absolute URLs with web.urls.absolute_url_for: " + ", ".join(offenders)
