"""Compressed static files, compressed once per process instead of once per request.

Flask-Compress compresses every response it sends; for the site's own stylesheets and scripts
that is the same work every time (brotli on site.css ≈ 1 ms of CPU), and when a whole school
opens the quiz's join page at once, each phone fetches about six of them: more CPU than the
join itself. Flask-Compress can keep compressed bodies in a cache keyed per request; this
cache keeps only files under /static/ (keyed by path and modification time, so an edited file
is compressed afresh) and forgets nothing else, so pages are still compressed per response.
Flask-Compress caches only bodies in memory, and a static file is sent as a stream, so a
hook that runs before it (init_app, registered after the extension) reads a compressible
static file's body first: a few kilobytes, read from the page cache.
"""

from __future__ import annotations

import os
import threading

from flask import Flask, current_app, request

STATIC_PREFIX = "/static/"
MAX_ENTRIES = 256


def cache_key(request) -> str:
    """`static:<path>:<mtime>` for a file under /static/, else `""` (not cached)."""
    if not request.path.startswith(STATIC_PREFIX) or request.method not in ("GET", "HEAD"):
        return ""
    folder = current_app.static_folder or ""
    path = os.path.normpath(os.path.join(folder, request.path[len(STATIC_PREFIX):]))
    try:
        mtime = os.stat(path).st_mtime_ns if path.startswith(folder) else 0
    except OSError:
        return ""
    return f"static:{request.path}:{mtime}"


class StaticOnly:
    """The cache backend Flask-Compress asks with `<algorithm>;<cache_key>` keys."""

    def __init__(self):
        self._entries: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        return self._entries.get(key) if ";static:" in key else None

    def set(self, key: str, value: bytes) -> None:
        if ";static:" not in key:
            return
        with self._lock:
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()
            self._entries[key] = value


def init_app(app: Flask) -> None:
    """Call after Flask-Compress's init_app: app-wide after_request hooks run last-registered first."""
    mimetypes = set(app.config.get("COMPRESS_MIMETYPES") or ())

    @app.after_request
    def static_body_in_memory(response):
        if (response.status_code == 200 and response.direct_passthrough and response.mimetype in mimetypes
                and request.path.startswith(STATIC_PREFIX)):
            response.direct_passthrough = False
            response.set_data(response.get_data())
        return response
