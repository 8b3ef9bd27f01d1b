"""The join page and the live play page, rendered once per event and language and filled in
per phone.

When a whole school joins, every phone asks for the same join page and the same lobby (or the
same open question): rendering the site's templates is most of a join's CPU. So the page is
rendered once with *placeholders* where a phone's own values go (its CSRF token, offered
nicknames, its nickname, class, token, score, rank, the server clock) and kept per process for
SHELL_SECONDS under a key made of everything else the page shows; each phone then gets the
shell with its values pasted in, HTML-escaped — the same bytes a full render gives it
(tests/web/quiz/test_quiz_shells.py compares them). Pages that carry more of the phone (its
answer to the question on screen, a leaderboard with its line marked, a flashed message) and
signed-in visitors get the full render. Nothing of one phone is ever in a shell: placeholders
are filled from the request being answered.
"""

from __future__ import annotations

import re
import threading
import time

from flask import current_app, g, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import escape

SHELL_SECONDS = 60.0
MAX_SHELLS = 256
PLACEHOLDER = re.compile(r"@@phone:(\w+)@@")
ALLOWED_ARGS = {"code", "lang"}

_lock = threading.Lock()


def _shells() -> dict[tuple, tuple[float, str]]:
    return current_app.extensions.setdefault("quiz_shells", {})


def slot(name: str) -> str:
    """The placeholder for the phone's value `name` (survives HTML escaping unchanged)."""
    return f"@@phone:{name}@@"


def usable() -> bool:
    """Whether this request may get a shell: an anonymous phone, no flashed message waiting,
    no query parameters besides the code and the language (they end up in links)."""
    return (current_app.config["QUIZ_PAGE_SHELLS"] and request.method == "GET" and "_flashes" not in session
            and set(request.args) <= ALLOWED_ARGS
            and not current_user.is_authenticated)


def render(key: tuple, build) -> str:
    """The shell for `key`, built by `build()` (a render with slot() values) when missing or old.
    The template's CSRF token is a slot too (csrf_token() and a form's field read it from g)."""
    now = time.monotonic()
    shells = _shells()
    found = shells.get(key)
    if found is not None and found[0] > now:
        return found[1]
    real = g.pop("csrf_token", None)
    g.csrf_token = slot("csrf")
    try:
        body = build()
    finally:
        g.pop("csrf_token", None)
        if real is not None:
            g.csrf_token = real
    with _lock:
        if len(shells) >= MAX_SHELLS:
            for old in [k for k, (expires, _b) in shells.items() if expires <= now] or list(shells):
                shells.pop(old, None)
        shells[key] = (now + SHELL_SECONDS, body)
    return body


def fill(shell: str, values: dict[str, object]) -> str:
    """The shell with the phone's values, escaped; the CSRF token is this session's."""
    escaped = {name: str(escape(value)) for name, value in values.items()}
    if "csrf" not in escaped and slot("csrf") in shell:
        escaped["csrf"] = generate_csrf()
    return PLACEHOLDER.sub(lambda m: escaped[m.group(1)], shell)


def clear() -> None:
    with _lock:
        _shells().clear()
