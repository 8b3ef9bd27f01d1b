"""One JSON line per request with a request id, so several instances' logs can be joined.

The id comes from the proxy's `X-Request-ID` when it looks sane, else is made here, and is
sent back in the response. Lines are written by `python-json-logger`; they carry the path
without its query string, and SQL parameters are hidden by the engine (`hide_parameters`,
web/input_guards.py), so residents' text never reaches the log.
"""

from __future__ import annotations

import logging
import re
import secrets
import sys
import time
from typing import TextIO

from flask import Flask, g, has_request_context, request
from pythonjsonlogger.json import JsonFormatter

SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
RENAMED = {"asctime": "time", "levelname": "level", "name": "logger", "exc_info": "exception"}


def json_formatter() -> logging.Formatter:
    """time, level, logger, message, then whatever the call passed in `extra`; times in UTC."""
    formatter = JsonFormatter("{asctime}{levelname}{name}{message}", style="{", rename_fields=RENAMED,
                              datefmt="%Y-%m-%dT%H:%M:%S%z", json_ensure_ascii=False)
    formatter.converter = time.gmtime  # the same instant on every server, whatever its zone
    return formatter


class RequestIdFilter(logging.Filter):
    """Every line written during a request carries its id, not only the access line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context() and not hasattr(record, "request_id"):
            record.request_id = request_id()
        return True


def json_handler(stream: TextIO) -> logging.Handler:
    handler = logging.StreamHandler(stream)
    handler.setFormatter(json_formatter())
    handler.addFilter(RequestIdFilter())
    return handler


def request_id() -> str:
    return g.get("request_id", "-")


def init_app(app: Flask) -> None:
    if not app.testing:
        app.logger.handlers[:] = [json_handler(sys.stderr)]
        app.logger.setLevel(app.config.get("LOG_LEVEL", "INFO"))
    access = app.logger.getChild("access")

    @app.before_request
    def start_request():
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if SANE_ID.match(incoming) else secrets.token_hex(8)
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        response.headers["X-Request-ID"] = request_id()
        if not request.path.startswith("/static/"):
            elapsed_ms = (time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000
            access.info("request", extra={
                "request_id": request_id(), "method": request.method, "path": request.path,
                "status": response.status_code, "ms": round(elapsed_ms, 1),
            })
        return response
