"""Home, privacy, health and error pages: both languages, right status, never a 500."""

import pytest


def test_home_in_chinese_by_default(client):
    body = client.get("/").get_data(as_text=True)
    assert '<html lang="zh-CN">' in body and "节水普陀" in body


def test_language_switch_is_remembered_in_a_cookie(client):
    response = client.get("/?lang=en")
    assert '<html lang="en">' in response.get_data(as_text=True)
    assert "lang=en" in response.headers["Set-Cookie"]
    assert '<html lang="en">' in client.get("/privacy").get_data(as_text=True)


def test_accept_language_is_honoured_without_a_cookie(client):
    body = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in body


def test_unknown_language_falls_back_to_chinese(client):
    assert '<html lang="zh-CN">' in client.get("/?lang=xx").get_data(as_text=True)


@pytest.mark.parametrize("lang,text", [("zh", "找不到这个页面"), ("en", "We could not find that page")])
def test_404_page_in_both_languages(client, lang, text):
    response = client.get(f"/no-such-page?lang={lang}")
    assert response.status_code == 404
    assert text in response.get_data(as_text=True)


def test_api_errors_are_json(client):
    response = client.get("/api/v1/nothing-here?lang=en")
    assert response.status_code == 404
    assert response.get_json() == {"error": {"message": "We could not find that page."}}


def test_wrong_method_is_405_not_500(client):
    assert client.delete("/").status_code == 405


def test_oversized_body_is_413(app, client):
    response = client.post("/api/chat", data=b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1),
                           content_type="application/json")
    assert response.status_code == 413
    assert "error" in response.get_json()


def test_healthz_reports_database_and_bot(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    # The test app's bot URL points at a closed port: the site is up, the bot is not.
    assert response.get_json() == {"status": "degraded", "database": "ok", "bot": "unavailable"}


def test_security_headers_on_every_page(client):
    headers = client.get("/").headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_no_third_party_assets(client):
    body = client.get("/").get_data(as_text=True)
    for marker in ("http://", "https://", "//cdn", "fonts.googleapis"):
        assert f'src="{marker}' not in body and f'href="{marker}' not in body


def test_unexpected_exception_is_a_friendly_500(make_app):
    fresh = make_app(TESTING=False)

    @fresh.get("/__boom")
    def boom():
        raise RuntimeError("boom")

    response = fresh.test_client().get("/__boom?lang=en")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.get_data(as_text=True)


def test_production_cookies_and_hsts_over_https(make_app, monkeypatch):
    monkeypatch.setenv("PREFERRED_URL_SCHEME", "https")
    app = make_app()
    response = app.test_client().get("/staff/login", base_url="https://localhost")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-session=")
    for flag in ("Secure", "HttpOnly", "Path=/", "SameSite=Lax"):
        assert flag in cookie
    assert "Domain" not in cookie  # required by the __Host- prefix
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_plain_http_has_no_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


@pytest.mark.parametrize("lang,text", [("zh", "区水务局、区发展改革委牵头"), ("en", "District Water Affairs Bureau")])
def test_every_page_says_who_is_behind_it_and_links_about(client, lang, text):
    body = client.get(f"/privacy?lang={lang}").get_data(as_text=True)
    assert text in body and 'href="/about"' in body and 'href="tel:12345"' in body


def test_about_page_names_the_plan_and_the_hotlines_from_content(client):
    from core import sources

    body = client.get("/about?lang=zh").get_data(as_text=True)
    assert "普建委〔2020〕100号" in body
    for hotline in sources.hotlines():
        assert hotline.number in body


def test_operator_contact_and_icp_number_come_from_configuration(app, client):
    app.config.update(SITE_OPERATOR_EN="Example Water Office", SITE_CONTACT="water@example.org", ICP_NUMBER="沪ICP备00000000号")
    try:
        body = client.get("/about?lang=en").get_data(as_text=True)
    finally:
        app.config.update(SITE_OPERATOR_EN="", SITE_CONTACT="", ICP_NUMBER="")
    assert "Example Water Office" in body and "water@example.org" in body and "沪ICP备00000000号" in body
