"""Absolute links to the site built from the configured SITE_URL, never from the request's
Host header (a forged Host must not end up in an answer the bot passes on)."""

from __future__ import annotations

import os

from flask import current_app, url_for

DEFAULT_SITE_URL = "http://127.0.0.1:8000"


def absolute_url(endpoint: str, **values) -> str:
    base = current_app.config.get("SITE_URL") or os.environ.get("SITE_URL") or DEFAULT_SITE_URL
    return base.rstrip("/") + url_for(endpoint, **values)
