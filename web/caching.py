"""What the site caches, where, and under which key: the one place to look (web/caching.py;
not `cache.py`, which would shadow the `cache` extension that `web/__init__` imports).

**Shared between processes** (Flask-Caching's `cache`, web/extensions.py): Redis when
`REDIS_URL` is set (every instance sees one copy; `CACHE_KEY_PREFIX` "putuo:"), else a
per-process SimpleCache. A Redis that does not answer costs a request at most half a second
(web/config.py REDIS_TIMEOUTS), then the page renders uncached: never an error.
- whole public pages that are the same for every visitor: `@cached_page(seconds)`;
  rendered by one request at a time like the campaign page (below);
- the campaign page (its HTML and the campaign's id, so views are still counted):
  `shared_render(key("campaign-page", request.full_path), render, seconds)`, which renders
  it once at a time (single flight): when the copy goes stale, one request re-renders it
  while the others are served the stale copy, for at most STALE_SECONDS more; when there is
  no copy at all (a cold worker, a new language), one request per process renders and the
  others wait for its copy instead of all rendering at once.
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

import datetime as dt
import functools
import threading
from typing import Any, Callable

from flask import current_app, request, session
from flask_login import current_user

from web import clock
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
    is the same (not `is_personal()`); only 200 responses are kept. Rendered by one request at
    a time, like the campaign page (`shared_render`).

    A page qualifies when it depends only on its URL, the language and content/ or slowly
    changing data: nothing per-visitor on it (no CSRF token, no nonce: the chat widget
    fetches its token when it first sends)."""

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def cached_view(*args, **kwargs):
            if is_personal():
                return view(*args, **kwargs)
            return shared_render(page_key(), lambda: view(*args, **kwargs), seconds, keep=_only_ok)

        return cached_view

    return decorate


_UNAVAILABLE = object()


def _get(name: str) -> Any:
    """The stored value, None when absent, _UNAVAILABLE when the store does not answer."""
    try:
        return cache.get(name)
    except Exception:  # Redis down: the caller renders afresh
        current_app.logger.warning("page cache unavailable", exc_info=True)
        return _UNAVAILABLE


def shared_get(name: str) -> Any:
    """The shared value under `name` (from `key()`), or None if absent or the store is down."""
    value = _get(name)
    return None if value is _UNAVAILABLE else value


def shared_set(name: str, value: Any, seconds: int) -> None:
    """Keep `value` under `name` (from `key()`) for `seconds`; a store that is down is skipped."""
    try:
        cache.set(name, value, timeout=seconds)
    except Exception:
        current_app.logger.warning("page cache unavailable", exc_info=True)


# --- single flight ------------------------------------------------------------------------

STALE_SECONDS = 10  # how long past its time a copy may still be served while one request re-renders it
RENDER_WAIT_SECONDS = 10  # the longest a request waits for another's first render before rendering itself
# Locks per process, shared out by the key's hash: a fixed number, so keys built from URLs
# (any query string) cannot grow a table of locks.
_RENDER_LOCKS = tuple(threading.Lock() for _ in range(32))


def shared_render(name: str, render: Callable[[], Any], seconds: int, keep: Callable[[Any], bool] | None = None) -> Any:
    """The shared value under `name` (from `key()`), rendered by `render()` when there is no
    fresh copy, by one request at a time.

    A page many visitors open at once (a campaign a district's traffic is sent to) must not
    be rendered by every waiting request when its copy expires: eight threads of a worker
    rendering the same page at once took 0.5–1.3 s each, where one render takes tens of
    milliseconds, and every visitor queued behind them. So:
    - fresh copy (younger than `seconds`): served;
    - stale copy (at most STALE_SECONDS older): one request renders a new one (one per site
      with Redis: a claim key taken with `add`); the others are served the stale copy;
    - no copy: one request per process renders; the others wait for it (at most
      RENDER_WAIT_SECONDS) and are served its copy.
    An exception in `render()` (a 404) reaches the caller and nothing is stored, as with a
    value `keep(value)` refuses. When the store does not answer, every request renders."""
    entry = _get(name)
    if entry is _UNAVAILABLE:
        return render()
    if entry is not None and clock.now() < entry["fresh_until"]:
        return entry["value"]
    lock = _RENDER_LOCKS[hash(name) % len(_RENDER_LOCKS)]
    if entry is not None:  # stale: one renderer, the others are served the stale copy meanwhile
        if not lock.acquire(blocking=False):
            return entry["value"]
        try:
            if not _claim(name):  # another process is rendering it
                return entry["value"]
            try:
                return _render_and_keep(name, render, seconds, keep)
            finally:
                _unclaim(name)
        finally:
            lock.release()
    waited = lock.acquire(timeout=RENDER_WAIT_SECONDS)
    try:
        entry = shared_get(name)  # rendered by the request this one waited for
        if entry is not None:
            return entry["value"]
        return _render_and_keep(name, render, seconds, keep)
    finally:
        if waited:
            lock.release()


def _render_and_keep(name: str, render: Callable[[], Any], seconds: int, keep: Callable[[Any], bool] | None) -> Any:
    value = render()
    if keep is None or keep(value):
        fresh_until = clock.now() + dt.timedelta(seconds=seconds)  # wall clock: shared by processes through Redis
        shared_set(name, {"value": value, "fresh_until": fresh_until}, seconds + STALE_SECONDS)
    return value


def _claim(name: str) -> bool:
    """True when this request may re-render `name` (no other process is doing it); the claim
    lapses by itself after RENDER_WAIT_SECONDS if its process dies while rendering."""
    try:
        return bool(cache.add(name + ":rendering", 1, timeout=RENDER_WAIT_SECONDS))
    except Exception:
        return True


def _unclaim(name: str) -> None:
    try:
        cache.delete(name + ":rendering")
    except Exception:
        current_app.logger.warning("page cache unavailable", exc_info=True)
