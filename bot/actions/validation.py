"""Reading a household size from an entity value ('4口人', 'four people', a bare '4').

The bill path reads whole messages with core.reading (bot/actions/water.py); this helper is
left for entity values in other actions (the large-household rule's `household` entity).
The reply language is chosen in Rasa itself (bot/components/nlg.py), so no action runs
after every message any more.
"""

from __future__ import annotations

from typing import Any, Optional

from core import numbers


def read_people(value: Any) -> Optional[int]:
    """A household size from slot or entity text: '4口人', '一家三口', 'four people', or a bare '4'."""
    if value is None:
        return None
    text = str(value)
    found = numbers.parse_people(text)
    if found is None:
        bare = numbers.parse_number(text)
        if bare is not None and bare == bare.to_integral_value():
            found = int(bare)
    return found
