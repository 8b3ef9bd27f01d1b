"""`python -m core.check`: load and validate every content file; exit 1 with the first error.

CI runs this. Each feature adds its loader to `CHECKS` (a callable that loads its files and
raises `ContentError` on a broken one); the list is the whole contract.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from core import calendar, campaigns, claims, labels, nicknames, quiz, savings, sources, tariffs, tips
from core.content import ContentError, track_unknown_keys

# (name, loader). Append yours: ("quizzes", quiz.check), ("campaigns", campaigns.check) …
CHECKS: list[tuple[str, Callable[[], object]]] = [
    ("tariffs", tariffs.check),
    ("labels", labels.check),
    ("tips", tips.check),
    ("hotlines", sources.check),
    ("calendar", calendar.check),
    ("savings", savings.check),
    ("campaigns", campaigns.check),
    ("quizzes", quiz.check),
    ("nicknames", nicknames.check),
    ("claims", claims.check),  # last: phrases are searched in every text the others loaded
]


def run(checks: list[tuple[str, Callable[[], object]]] | None = None) -> list[str]:
    """Run every check; returns the names that passed, raises the first `ContentError`."""
    passed = []
    for name, check in checks if checks is not None else CHECKS:
        with track_unknown_keys():
            check()
        passed.append(name)
    return passed


def main(argv: list[str] | None = None) -> int:
    try:
        passed = run()
    except ContentError as exc:
        print(f"content error: {exc}", file=sys.stderr)
        return 1
    print(f"content OK: {', '.join(passed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
