"""One JSON line per request with a request id, so several instances' logs can be joined.

The id comes from the proxy's `X-Request-ID` when it looks sane, else is made here, and is
sent back in the response.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import sys
import time

from flask import Flask, g, request

SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def request_id() -> str:
    return g.get("request_id", "-")


def init_app(app: Flask) -> None:
    if not app.testing:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        app.logger.handlers[:] = [handler]
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
            access.info("request", extra={"fields": {
                "request_id": request_id(), "method": request.method, "path": request.path,
                "status": response.status_code, "ms": round(elapsed_ms, 1),
            }})
        return response
