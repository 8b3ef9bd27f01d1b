"""One error page per status, in the visitor's language; JSON under /api/."""

from __future__ import annotations

import math
import traceback

from flask import Flask, g, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from web import clock
from web.extensions import db, limiter, login_manager

RETRY_AFTER_SECONDS = "5"


def _messages() -> dict[int, str]:
    return {
        400: _("The request could not be understood. Please check what you entered and try again."),
        401: _("Please sign in to continue."),
        403: _("You do not have permission to open this page."),
        404: _("We could not find that page."),
        405: _("That action is not allowed here."),
        409: _("That conflicts with something already saved."),
        413: _("What you sent is too large."),
        429: _("Too many requests. Please wait a moment and try again."),
        500: _("Something went wrong on our side. Please try again in a moment."),
        503: _("The service is busy. Please try again in a moment."),
    }


def wants_json() -> bool:
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best == "application/json"
    )


def error_response(status: int, message: str | None = None, field: str | None = None):
    message = message or _messages().get(status) or _messages()[500]
    if wants_json():
        body = {"error": {"message": message}}
        if field:
            body["error"]["field"] = field
        response = jsonify(body)
    else:
        response = render_template("errors/error.html", status=status, message=message)
    return response, status


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        return error_response(400, _("Your form expired or was sent from another page. Please reload the page and try again."))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        body, status = error_response(exc.code or 500)
        kept = ("retry-after", "allow", "www-authenticate")
        headers = {k: v for k, v in exc.get_headers() if k.lower() in kept}
        if isinstance(exc, RateLimitExceeded):
            headers["Retry-After"] = str(limit_retry_after())
        return body, status, headers

    @app.errorhandler(OperationalError)
    @app.errorhandler(PoolTimeout)
    def database_busy(exc: OperationalError | PoolTimeout):
        """A lock held longer than DATABASE_LOCK_TIMEOUT_MS, a lost connection, or no free pooled
        connection within the pool's timeout (e.g. the projector's live.json while a whole school
        joins) is "try again shortly", on every route; the statement and its parameters are not logged."""
        app.logger.warning("database unavailable on %s %s: %s", request.method, request.path,
                           database_error_summary(exc) if isinstance(exc, DBAPIError) else type(exc).__name__)
        db.session.rollback()
        if "_login_user" not in g:  # the page must not ask the locked database who is signed in
            g._login_user = login_manager.anonymous_user()
        try:
            body, status = error_response(503)
        except OperationalError:  # still locked while rendering: a bare answer in the same words
            db.session.rollback()
            body, status = make_response(_messages()[503]), 503
            body.content_type = "text/plain; charset=utf-8"
        return body, status, {"Retry-After": RETRY_AFTER_SECONDS}

    @app.errorhandler(Exception)
    def unexpected_error(exc: Exception):
        if isinstance(exc, DBAPIError):  # keep residents' text out of the log (see database_error_summary)
            app.logger.error("unhandled database error on %s %s: %s\n%s", request.method, request.path,
                             database_error_summary(exc), "".join(traceback.format_tb(exc.__traceback__)))
        else:
            app.logger.exception("unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        return error_response(500)


def limit_retry_after() -> int:
    """Seconds until the breached rate limit's window resets: the Retry-After of a 429.

    The limiter's own headers (RATELIMIT_HEADERS_ENABLED) are off: no client reads the
    X-RateLimit-* headers, they cost about a third of a live answer's CPU, and they overwrote
    every Retry-After of a rate-limited route with the window's reset, so a "busy, try again in
    2 s" on the join form or an answer said "60 s"."""
    current = limiter.current_limit
    if current is None:
        return 60
    window = current.limit.get_expiry()  # the storage may round the reset up a second past it
    return max(1, min(window, math.ceil(current.reset_at - clock.epoch_seconds())))


def database_error_summary(exc: DBAPIError) -> str:
    """What failed, without the values: the engine hides SQL parameters (hide_parameters), but
    PostgreSQL's own message adds a DETAIL line quoting the row ("Failing row contains (…)",
    "Key (…)=(…)"), so only the driver message's first line and the statement are kept."""
    first_line = (str(exc.orig).strip().splitlines() or [""])[0] if exc.orig is not None else ""
    return f"{type(exc.orig).__name__}: {first_line} [SQL: {exc.statement}]"
