"""Against guessing quiz codes (issue 12 item 6).

Every lookup that misses — an unknown code, or a known code with a player token we do not
recognise — spends one unit of a per-address budget, and both misses get the same answer
(404, same message), so a guesser cannot tell "no such quiz" from "quiz exists, bad token".
A found code costs nothing: a whole school behind one address joins freely, and only a
phone that keeps typing wrong codes is slowed down. The budget is kept in the rate limiter's
storage (Redis on the scale-out, so all instances share it) and fails open if that storage
is unreachable.
"""

from __future__ import annotations

from flask import current_app
from limits import parse_many

from web.extensions import _client_address, limiter

MISS_LIMITS = "20 per minute; 200 per hour; 500 per day"
MISS_RETRY_AFTER = 60
_parsed = parse_many(MISS_LIMITS)


class TooManyMisses(Exception):
    """The address has used up its budget of wrong codes / tokens."""


def count_miss() -> None:
    """Spend one unit of this address's miss budget; raise TooManyMisses when it is gone."""
    if not limiter.enabled or not current_app.config.get("RATELIMIT_ENABLED", True):
        return
    key = "quiz-miss/" + _client_address()
    try:
        allowed = all([limiter.limiter.hit(item, key) for item in _parsed])
    except Exception:  # the limiter's storage is down: fail open, but say so
        current_app.logger.warning("quiz miss budget unavailable", exc_info=True)
        return
    if not allowed:
        raise TooManyMisses()
