"""What the site caches, where, and under which key: the one place to look (web/caching.py;
not `cache.py`, which would shadow the `cache` extension that `web/__init__` imports).

**Shared between processes** (Flask-Caching's `cache`, web/extensions.py): Redis when
`REDIS_URL` is set (every instance sees one copy; `CACHE_KEY_PREFIX` "putuo:"), else a
per-process SimpleCache. A Redis that does not answer costs a request at most half a second
(web/config.py REDIS_TIMEOUTS), then the page renders uncached: never an error.
- whole public pages that are the same for every visitor: `@cached_page(seconds)`;
- the campaign page (its HTML and the campaign's id, so views are still counted):
  `shared_get` / `shared_set` with `key("campaign-page", request.full_path)`.
Every shared key is built by `key()`: `<kind>:<site host>:<language>:<parts…>`. The host is
`SITE_URL`'s (web/urls.py), never the request's `Host` header: pages carry absolute links on
`SITE_URL`, so two sites on one Redis (staging and production) must not share them, and a
forged `Host` must neither reach a page nor add keys. The language is the request's.

**Quiz standings** (web/quiz/standings.py) keep a per-process copy and a Redis copy under
`key("quiz-standings", event id, code, revision, language="-")` (standings have no words).

**Per process, pure functions of their arguments** (`functools.lru_cache`): Markdown → safe
HTML (web/campaigns/markdown.py; the source text is one language's, links stay relative, so
the text alone is the key), QR codes, image sizes, fonts, the OpenAPI document; quiz question
snapshots (web/quiz/services.py, never change once an event exists); the FAQ search index
(web/faq/search.py, rebuilt when the entries' version changes). Nothing there depends on the
host or the language beyond its arguments.
"""

from __future__ import annotations

from typing import Any, Callable

from flask import current_app, request, session
from flask_login import current_user

from web.extensions import cache
from web.i18n import current_language
from web.urls import site_host


def key(kind: str, *parts: object, language: str | None = None) -> str:
    """The key of one shared value: `<kind>:<site host>:<language>:<parts…>`.

    `language`: the request's when not given (outside a request, pass it)."""
    return ":".join([kind, site_host(), language or current_language(), *map(str, parts)])


def page_key(kind: str = "page") -> str:
    """The key of this request's page: its full URL (path and query) in its language."""
    return key(kind, request.full_path)


def is_personal() -> bool:
    """True when this request must get its own render (not a shared cached page): a form
    sent, a signed-in staff member, or a flashed message to show."""
    return request.method != "GET" or current_user.is_authenticated or bool(session.get("_flashes"))


def _only_ok(response) -> bool:
    status = response[1] if isinstance(response, tuple) and len(response) > 1 else getattr(response, "status_code", 200)
    return status == 200


def cached_page(seconds: int) -> Callable:
    """Cache a GET view's page for `seconds` under `page_key()`, for visitors to whom the page
    is the same (not `is_personal()`); only 200 responses are kept.

    A page qualifies when it depends only on its URL, the language and content/ or slowly
    changing data: nothing per-visitor on it (no CSRF token, no nonce: the chat widget
    fetches its token when it first sends)."""
    return cache.cached(timeout=seconds, make_cache_key=lambda *args, **kwargs: page_key(), unless=is_personal,
                        response_filter=_only_ok)


def shared_get(name: str) -> Any:
    """The shared value under `name` (from `key()`), or None if absent or the store is down."""
    try:
        return cache.get(name)
    except Exception:  # Redis down: the caller renders afresh
        current_app.logger.warning("page cache unavailable", exc_info=True)
        return None


def shared_set(name: str, value: Any, seconds: int) -> None:
    """Keep `value` under `name` (from `key()`) for `seconds`; a store that is down is skipped."""
    try:
        cache.set(name, value, timeout=seconds)
    except Exception:
        current_app.logger.warning("page cache unavailable", exc_info=True)
