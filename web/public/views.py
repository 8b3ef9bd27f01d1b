"""Home page, privacy note and health endpoints."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template
from sqlalchemy import text

from core import sources
from web.caching import cached_page
from web.chat.services import bot_is_up
from web.extensions import db

bp = Blueprint("public", __name__)


@bp.get("/")
@cached_page(30)
def home():
    return render_template("public/home.html")


@bp.get("/about")
@cached_page(300)
def about():
    return render_template("public/about.html", hotlines=sources.hotlines())


@bp.get("/privacy")
@cached_page(300)
def privacy():
    return render_template("public/privacy.html")


def database_is_up() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except Exception:  # any driver error means "not reachable" to a health probe
        db.session.rollback()
        return False


_redis_clients: dict[str, object] = {}


def redis_status() -> str | None:
    """"ok" or "unavailable" when REDIS_URL is set; None when the site runs without Redis.

    Reported, not required: with Redis down, limits count per process, the page cache and
    standings fall back, and every page still works."""
    from flask import current_app

    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    if url not in _redis_clients:
        import redis

        _redis_clients[url] = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
    try:
        _redis_clients[url].ping()
        return "ok"
    except Exception:  # any client error means "not reachable" to a health probe
        return "unavailable"


def migrations_are_current() -> bool:
    """True when the database is at the newest migration (a deploy ran `flask db upgrade`)."""
    from alembic.script import ScriptDirectory
    from flask import current_app

    try:
        script = ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())
        current = db.session.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except Exception:
        db.session.rollback()
        return False
    return set(current) == set(script.get_heads())


@bp.get("/readyz")
def readyz():
    """Readiness for a load balancer: database reachable and migrated. The bot and Redis
    (when configured) are reported but do not make the site unready: every page works
    without them."""
    checks = {
        "database": "ok" if database_is_up() else "unavailable",
        "migrations": "ok" if migrations_are_current() else "pending",
        "bot": "ok" if bot_is_up() else "unavailable",
    }
    redis = redis_status()
    if redis is not None:
        checks["redis"] = redis
    ready = checks["database"] == "ok" and checks["migrations"] == "ok"
    response = jsonify({"status": "ready" if ready else "not ready", **checks})
    response.status_code = 200 if ready else 503
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
def healthz():
    """Liveness plus what a person on call wants to see: database and bot."""
    database = "ok" if database_is_up() else "unavailable"
    bot = "ok" if bot_is_up() else "unavailable"
    redis = redis_status()
    status = "ok" if database == "ok" and bot == "ok" and redis in (None, "ok") else (
        "degraded" if database == "ok" else "unavailable")
    response = jsonify({"status": status, "database": database, "bot": bot, **({"redis": redis} if redis else {})})
    response.status_code = 503 if database != "ok" else 200
    response.headers["Cache-Control"] = "no-store"
    return response
