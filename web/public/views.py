"""Home page, privacy note and health endpoints."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template
from sqlalchemy import text

from web.chat.services import bot_is_up
from web.extensions import db

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    return render_template("public/home.html")


@bp.get("/privacy")
def privacy():
    return render_template("public/privacy.html")


def database_is_up() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except Exception:  # any driver error means "not reachable" to a health probe
        db.session.rollback()
        return False


@bp.get("/healthz")
def healthz():
    """Liveness plus what a person on call wants to see: database and bot."""
    database = "ok" if database_is_up() else "unavailable"
    bot = "ok" if bot_is_up() else "unavailable"
    status = "ok" if database == "ok" and bot == "ok" else ("degraded" if database == "ok" else "unavailable")
    response = jsonify({"status": status, "database": database, "bot": bot})
    response.status_code = 503 if database != "ok" else 200
    response.headers["Cache-Control"] = "no-store"
    return response
