"""The test fixtures themselves: apps built for tests do not pick up the developer's
environment (a test once failed only while `make run` was up, because `make_app` took
BOT_URL from the shell), and the CI guards do what they say."""

from __future__ import annotations

import pytest

from tests.support import missing_service


@pytest.mark.parametrize("variable, value", [
    ("BOT_URL", "http://127.0.0.1:5005"),
    ("REDIS_URL", "redis://127.0.0.1:6379/1"),
    ("SITE_URL", "https://water.example.gov.cn"),
    ("TRUSTED_PROXIES", "1"),
])
def test_make_app_ignores_the_developers_environment(make_app, monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    app = make_app()
    assert app.config["BOT_URL"] == "http://127.0.0.1:9"
    assert app.config["REDIS_URL"] is None and app.config["CACHE_TYPE"] != "RedisCache"
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"
    assert app.config["SITE_URL"] == "http://localhost" and not app.config["TRUSTED_PROXIES"]


def test_a_missing_service_skips_locally_and_fails_in_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        missing_service("needs PostgreSQL")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="needs PostgreSQL"):
        missing_service("needs PostgreSQL")
