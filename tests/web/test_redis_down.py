"""Redis down on the scale-out: with REDIS_URL set and nothing listening there, the core flows
still work (rate limits fall back to counting in this process, with a logged warning; page
cache and standings fall back), and /readyz says what is wrong."""

from __future__ import annotations

import logging

import pytest
from flask_migrate import upgrade

from tests.support import ISOLATED_SETTINGS, TEST_PASSWORD, free_port, missing_service


@pytest.fixture
def app_with_redis(app, database_url, monkeypatch):
    """`app_with_redis(url, **config)` → the app built as a scale-out instance builds it:
    REDIS_URL from the environment (web/config.py derives the limiter's and the cache's
    settings from it), plus `config`."""
    from web import create_app
    from web.extensions import db, limiter

    built = []

    def build(url: str | None, **config):
        monkeypatch.delenv("REDIS_URL", raising=False)
        monkeypatch.delenv("CACHE_TYPE", raising=False)
        if url:
            monkeypatch.setenv("REDIS_URL", url)
        fresh = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "test-secret",
                            "SQLALCHEMY_DATABASE_URI": database_url, "BOT_URL": "http://127.0.0.1:9",
                            "INSTANCE_DIR": app.config["INSTANCE_DIR"], **config})
        built.append(fresh)
        return fresh

    yield build
    # The limiter is a module singleton: put it back on in-memory storage for the next tests
    # (creating an app re-initialises it), and out of its "Redis is dead" state.
    create_app({**ISOLATED_SETTINGS, "SQLALCHEMY_DATABASE_URI": database_url})
    limiter._storage_dead = False
    limiter.enabled = False  # the suite runs with limits off (tests/conftest.py)
    limiter.reset()
    for fresh in built:
        with fresh.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def redis_down_app(app_with_redis):
    """REDIS_URL set, nothing listening there."""
    return app_with_redis(f"redis://127.0.0.1:{free_port()}/1")


def test_key_flows_work_with_redis_down(redis_down_app, make_user, caplog):
    from core import quiz as core_quiz
    from web.extensions import db
    from web.quiz import services as quiz

    client = redis_down_app.test_client()
    with caplog.at_level(logging.WARNING):
        assert client.get("/").status_code == 200
        assert client.get("/bill?usage_m3=250&people=3").status_code == 200

        event = quiz.create_event(title="Class", mode="self_paced", questions=[core_quiz.all_questions()["label-contents"]])
        db.session.commit()
        joined = client.post(f"/api/v1/events/{event.code}/join", json={"nickname": "Happy Otter"})
        assert joined.status_code == 201, joined.get_data(as_text=True)[:300]
        bearer = {"Authorization": "Bearer " + joined.get_json()["player_token"]}
        state = client.get(f"/api/v1/events/{event.code}/state", headers=bearer).get_json()
        question = state["question"] if "question" in state else state["questions"][0]
        answered = client.post(f"/api/v1/events/{event.code}/answers", headers=bearer,
                               json={"question_id": question["id"], "choice_ids": [question["choices"][0]["id"]]})
        assert answered.status_code in (200, 201), answered.get_data(as_text=True)[:300]
        assert client.get(f"/api/v1/events/{event.code}/leaderboard", headers=bearer).status_code == 200

        chat = client.post("/api/chat", json={"message": "水费怎么算？", "lang": "zh"})
        assert chat.status_code == 200 and chat.get_json()["bot_available"] is False  # the bot is down too

        user = make_user("teacher")
        signed_in = client.post("/staff/login", data={"username": user.username, "password": TEST_PASSWORD})
        assert signed_in.status_code == 302
    assert "falling back to in-memory storage" in caplog.text


def test_limits_still_count_in_the_process_while_redis_is_down(redis_down_app):
    client = redis_down_app.test_client()
    statuses = [client.post("/staff/login", data={"username": "x"}).status_code for _ in range(31)]
    assert statuses[-1] == 429 and 429 not in statuses[:30]


def running_redis() -> str:
    """TEST_REDIS_URL (CI), else this machine's Redis; a test that needs it and finds none
    skips here and fails in CI."""
    import os

    import redis

    url = os.environ.get("TEST_REDIS_URL") or "redis://127.0.0.1:6379/1"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        missing_service(f"needs Redis at {url}")
    return url


@pytest.mark.parametrize("redis", ["unreachable", "up", "not configured"])
def test_readyz_reports_redis_when_configured(app_with_redis, tmp_path, redis):
    url = {"unreachable": f"redis://127.0.0.1:{free_port()}/1", "up": running_redis(),
           "not configured": None}[redis]
    app = app_with_redis(url, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'ready.db'}")
    with app.app_context():
        upgrade()
    response = app.test_client().get("/readyz")
    body = response.get_json()
    # Ready either way: every page works without Redis (limits count per process meanwhile).
    assert response.status_code == 200 and body["status"] == "ready"
    if url is None:
        assert "redis" not in body
    else:
        assert body["redis"] == ("ok" if redis == "up" else "unavailable")
        health = app.test_client().get("/healthz").get_json()
        assert health["redis"] == body["redis"]


def test_running_migrations_leaves_the_warnings_on(app_with_redis, tmp_path, caplog):
    """Alembic's logging set-up used to disable every existing logger, so after any migration
    in the process Flask-Limiter's "falling back" warning (and the site's own) went nowhere."""
    migrated = app_with_redis(None, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'migrated.db'}")
    with migrated.app_context():
        upgrade()
    for name in ("flask-limiter", "web"):
        assert not logging.getLogger(name).disabled, name
