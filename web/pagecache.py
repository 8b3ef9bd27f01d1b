"""Whole-page caching for public pages that are the same for every visitor.

A page qualifies when it depends only on its URL, the language and content/ or slowly
changing data: the calculators (a result is a pure function of its query string), the label
guide, home and the campaign list. Nothing per-visitor is on these pages (no CSRF token, no
nonce: the chat widget fetches its token when it first sends). Staff who are signed in, and
any request carrying a flashed message, always get a fresh render.
"""

from __future__ import annotations

from flask import request, session
from flask_login import current_user

from web.extensions import cache
from web.i18n import current_language


def _key() -> str:
    return f"page:{current_language()}:{request.full_path}"


def is_personal() -> bool:
    """True when this request must get its own render (not a shared cached page)."""
    return request.method != "GET" or current_user.is_authenticated or bool(session.get("_flashes"))


_personal = is_personal


def _only_ok(response) -> bool:
    status = response[1] if isinstance(response, tuple) and len(response) > 1 else getattr(response, "status_code", 200)
    return status == 200


def cached_page(seconds: int):
    """Cache a GET view's page per language and full URL for `seconds`."""

    return cache.cached(timeout=seconds, make_cache_key=lambda *args, **kwargs: _key(), unless=_personal,
                        response_filter=_only_ok)
