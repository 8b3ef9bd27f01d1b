"""Fixtures shared by the web tests: a real database per test session (SQLite file, or
PostgreSQL when TEST_DATABASE_URL is set), cleaned between tests."""

from __future__ import annotations

import logging
import os
import uuid
from pathlib import Path

import pytest

from tests.support import ISOLATED_SETTINGS, TEST_PASSWORD, fresh_postgres_database


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    base = os.environ.get("TEST_DATABASE_URL")
    # scripts/run-tests names the database each suite is labelled with; the label must be true.
    expected = os.environ.get("TEST_EXPECT_DATABASE")
    if expected and expected != ("postgresql" if base else "sqlite"):
        pytest.fail(f"this suite is meant to run on {expected}, but TEST_DATABASE_URL is "
                    f"{'set' if base else 'unset'}", pytrace=False)
    if base:
        with fresh_postgres_database(base) as url:
            yield url
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def _app(database_url, tmp_path_factory):
    instance = tmp_path_factory.mktemp("instance")
    os.environ["PUTUO_INSTANCE_DIR"] = str(instance)
    from web import create_app
    from web.extensions import db

    app = create_app({
        **ISOLATED_SETTINGS,
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": True,
        "INSTANCE_DIR": str(instance),
        "VIEW_COUNT_FLUSH_SECONDS": 0,  # write view counts at once, so tests can read them
        "READ_TIME_PURGE_SECONDS": 0,  # run read-time purges on every view
        "CACHE_TYPE": "NullCache",  # pages render fresh; tests/web/public/test_page_cache.py tests the cache
    })
    def _fresh_request_globals():
        # Tests hold one app context open, and Flask reuses it for every request, so `g`
        # (Babel's locale, Flask-Login's user) would leak between requests.
        from flask import g

        for name in list(vars(g)):
            delattr(g, name)

    app.before_request_funcs.setdefault(None, []).insert(0, _fresh_request_globals)  # before any extension's
    from web.extensions import limiter

    limiter.enabled = False  # off for the suite; the `rate_limits` fixture turns it on
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def app(_app):
    """The app, with every table emptied after the test."""
    from web.extensions import db

    with _app.app_context():
        yield _app
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def db(app):
    from web.extensions import db as database

    return database


@pytest.fixture
def make_user(app):
    """`make_user(role="teacher", username=None, street=None)` → a committed staff user."""
    from web.accounts import services
    from web.extensions import db

    def make(role: str = "teacher", username: str | None = None, street: str | None = None, password: str = TEST_PASSWORD):
        user = services.create_user(username or f"{role}-{uuid.uuid4().hex[:6]}", password, role, street=street)
        db.session.commit()
        return user

    return make


@pytest.fixture
def login():
    """`login(client, user)` signs a test client in through the real form."""

    def sign_in(client, user, password: str = TEST_PASSWORD):
        response = client.post("/staff/login", data={"username": user.username, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response

    return sign_in


@pytest.fixture
def make_app(_app):
    """`make_app(**config)` → another app instance (e.g. to add a route before its first
    request). The extensions and the site's logger are module singletons, so the limiter and
    the logger's handlers (a production-like app installs its JSON handler on the stream of the
    test that made it) are put back as they were."""
    from web import create_app
    from web.extensions import limiter

    def make(**config):
        settings = {**ISOLATED_SETTINGS, "CACHE_TYPE": "SimpleCache", "SECRET_KEY": "test-secret",
                    "SQLALCHEMY_DATABASE_URI": _app.config["SQLALCHEMY_DATABASE_URI"],
                    "INSTANCE_DIR": _app.config["INSTANCE_DIR"], "RATELIMIT_ENABLED": True, **config}
        fresh = create_app(settings)
        limiter.enabled = False
        return fresh

    logger = logging.getLogger("web")
    handlers, level = logger.handlers[:], logger.level
    yield make
    logger.handlers[:] = handlers
    logger.setLevel(level)


@pytest.fixture
def rate_limits(app):
    """Rate limits on (memory storage), reset before and after the test."""
    from web.extensions import limiter

    limiter.reset()
    limiter.enabled = True
    yield limiter
    limiter.enabled = False
    limiter.reset()


@pytest.fixture
def csrf_app(_app):
    """The same app with CSRF on, for tests of the protection itself."""
    _app.config["WTF_CSRF_ENABLED"] = True
    yield _app
    _app.config["WTF_CSRF_ENABLED"] = False


REPO_ROOT = Path(__file__).resolve().parent.parent
