"""The app as `gunicorn "web:create_app()"` builds it: every setting from the environment,
no dict of overrides. A setting the README documents but `web/config.py` never reads would
pass every other test (they build the app from a dict) and fail here."""

from __future__ import annotations

import re

import pytest

from tests.support import TEST_PASSWORD
from tests.web import sample_site

ATTACKER, RESIDENT = "203.0.113.7", "198.51.100.23"


@pytest.fixture
def env_app(app, database_url, monkeypatch):
    """`env_app(**variables)` → an app built by `create_app()` from the environment alone."""
    from web import create_app
    from web.extensions import db, limiter

    built = []

    def build(**variables):
        monkeypatch.setenv("DATABASE_URL", database_url)
        monkeypatch.setenv("SECRET_KEY", "from-the-environment")
        monkeypatch.setenv("BOT_URL", "http://127.0.0.1:9")
        monkeypatch.setenv("CACHE_TYPE", "NullCache")
        for name in ("REDIS_URL", "TRUSTED_PROXIES", "RATELIMIT_ENABLED", "SITE_URL"):
            monkeypatch.delenv(name, raising=False)
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        fresh = create_app()
        built.append(fresh)
        return fresh

    yield build
    limiter.enabled = False  # the suite runs with limits off (see tests/conftest.py)
    limiter.reset()
    for fresh in built:
        with fresh.app_context():
            db.session.remove()
            db.engine.dispose()


def csrf_token(client) -> str:
    page = client.get("/staff/login").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def sign_in(client, username: str, password: str, address: str):
    """Post the real sign-in form (CSRF on, as in production) through a proxy that says `address`."""
    return client.post("/staff/login", headers={"X-Forwarded-For": address},
                       data={"csrf_token": csrf_token(client), "username": username, "password": password})


def empty_sign_in(client, token: str, address: str) -> int:
    """A sign-in without a password: refused (400) at once, but counted by the rate limit."""
    return client.post("/staff/login", headers={"X-Forwarded-For": address},
                       data={"csrf_token": token, "username": "someone"}).status_code


def test_trusted_proxies_is_read_and_forwarded_address_is_the_client(env_app):
    app = env_app(TRUSTED_PROXIES="1")
    assert app.config["TRUSTED_PROXIES"] == 1
    client = app.test_client()
    seen = []
    app.before_request(lambda: seen.append(__import__("flask").request.remote_addr))
    client.get("/healthz", headers={"X-Forwarded-For": f"10.9.9.9, {ATTACKER}"})
    assert seen == [ATTACKER]  # the one address the trusted proxy added, not what the client claimed


def test_rate_limits_count_per_forwarded_address(env_app):
    """Behind the proxy every request comes from 127.0.0.1: one visitor's budget must not
    be everyone's."""
    client = env_app(TRUSTED_PROXIES="1").test_client()
    token = csrf_token(client)
    statuses = [empty_sign_in(client, token, ATTACKER) for _ in range(31)]
    assert statuses[-1] == 429 and 429 not in statuses[:30]
    assert empty_sign_in(client, token, RESIDENT) == 400


def test_login_throttle_is_per_forwarded_address(env_app, make_user):
    app = env_app(TRUSTED_PROXIES="1")
    user = make_user("editor")
    client = app.test_client()
    statuses = [sign_in(client, user.username, "wrong-password-1", ATTACKER).status_code for _ in range(8)]
    assert statuses[-1] == 429
    # The account's owner, at another address, still signs in at once.
    assert sign_in(app.test_client(), user.username, TEST_PASSWORD, RESIDENT).status_code == 302


def test_without_trusted_proxies_a_forged_header_changes_nothing(env_app):
    """No proxy configured: X-Forwarded-For is the client's own claim and must be ignored,
    or anyone could reset their limits by inventing addresses."""
    client = env_app().test_client()
    token = csrf_token(client)
    assert [empty_sign_in(client, token, f"192.0.2.{i}") for i in range(31)][-1] == 429


def test_cookies_are_secure_behind_an_https_proxy(env_app, db):
    """nginx speaks HTTPS to the browser and HTTP to gunicorn: X-Forwarded-Proto (trusted
    through TRUSTED_PROXIES) is what tells the site to mark the quiz cookie Secure; the
    pledge cookie follows PREFERRED_URL_SCHEME."""
    from core import quiz as core_quiz
    from web.extensions import db
    from web.quiz import services as quiz

    app = env_app(TRUSTED_PROXIES="1", PREFERRED_URL_SCHEME="https")
    event = quiz.create_event(title="Class", mode="self_paced", questions=[core_quiz.all_questions()["label-contents"]])
    db.session.commit()
    client = app.test_client()
    proxy = {"X-Forwarded-For": RESIDENT, "X-Forwarded-Proto": "https"}
    gunicorn = "http://localhost"  # the proxy speaks plain HTTP to the site
    page = client.get(f"/join?code={event.code}", headers=proxy, base_url=gunicorn).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    joined = client.post(f"/join?code={event.code}", base_url=gunicorn,  # over HTTPS Flask-WTF checks the Referer
                         headers={**proxy, "Referer": f"https://localhost/join?code={event.code}"},
                         data={"csrf_token": token, "code": event.code, "nickname": "Happy Otter"})
    assert joined.status_code == 302, joined.get_data(as_text=True)[:300]
    quiz_cookie = next(c for c in joined.headers.getlist("Set-Cookie") if c.startswith(f"quiz_{event.code}="))
    for flag in ("Secure", "HttpOnly", "SameSite=Lax"):
        assert flag in quiz_cookie, quiz_cookie

    campaign = sample_site.build(app, db).campaign
    # The campaign page is cached whole; its script fetches the visitor's CSRF token from state.json.
    token = client.get(f"/campaigns/{campaign.slug}/state.json", headers=proxy, base_url=gunicorn).get_json()["csrf_token"]
    pledged = client.post(f"/campaigns/{campaign.slug}/pledge", base_url=gunicorn,
                          headers={**proxy, "Referer": f"https://localhost/campaigns/{campaign.slug}"},
                          data={"csrf_token": token, "street": "changshoulu", "actions": ["fix_drip"]})
    assert pledged.status_code == 302, pledged.get_data(as_text=True)[:300]
    pledge_cookie = next(c for c in pledged.headers.getlist("Set-Cookie") if not c.startswith(("quiz_", "__Host-")))
    for flag in ("Secure", "HttpOnly", "SameSite=Lax"):
        assert flag in pledge_cookie, pledge_cookie
