"""Time left in a self-paced quiz, always with its unit ("还剩 19 分钟", "45 s left").

The page prints it once and play.js keeps counting with the same rule and the same phrases
(passed to it from here), so the server's first figure and the script's next one never
disagree in rounding or in unit.
"""

from __future__ import annotations

import math

from flask_babel import gettext as _

HOURS_BEFORE_DAYS = 48


def parts(left_ms: int) -> tuple[str, dict[str, int]]:
    """(unit, numbers) for `left_ms` milliseconds: seconds under a minute, then minutes, then
    hours and minutes, then days and hours from 48 hours on. Rounded up, as a countdown is
    ("1 s left" until the end, never "0 s" while answers are still taken)."""
    seconds = max(0, math.ceil(left_ms / 1000))
    if seconds < 60:
        return "seconds", {"seconds": seconds}
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        return "minutes", {"minutes": minutes}
    hours, minutes = divmod(minutes, 60)
    if hours < HOURS_BEFORE_DAYS:
        return "hours", {"hours": hours, "minutes": minutes}
    days, hours = divmod(hours, 24)
    return "days", {"days": days, "hours": hours}


def phrases() -> dict[str, str]:
    """The phrase for each unit in the current language, with `{seconds}`-style slots for play.js."""
    return {
        "seconds": _("%(seconds)s s left", seconds="{seconds}"),
        "minutes": _("%(minutes)s min left", minutes="{minutes}"),
        "hours": _("%(hours)s h %(minutes)s min left", hours="{hours}", minutes="{minutes}"),
        "days": _("%(days)s days %(hours)s h left", days="{days}", hours="{hours}"),
    }


def text(left_ms: int) -> str:
    """The phrase for `left_ms`, in the current language."""
    unit, numbers = parts(left_ms)
    phrase = phrases()[unit]
    for key, value in numbers.items():
        phrase = phrase.replace("{" + key + "}", str(value))
    return phrase
