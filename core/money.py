"""Money: the one rounding rule every surface uses (site pages, API, quiz, bot via core).

Yuan are `Decimal`, rounded to the fen half-up (0.005 → 0.01), the rule Chinese price
notices and bills use. A bill's tier lines are rounded so that they add up to the rounded
total (`split_to_fen`), so no page ever shows lines that do not sum to the total shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")


def to_fen(value: Decimal | int | str) -> Decimal:
    """Round an amount of yuan to the fen, half-up: 8.625 → 8.63."""
    return Decimal(value).quantize(FEN, ROUND_HALF_UP)


def split_to_fen(exact: Sequence[Decimal]) -> tuple[Decimal, ...]:
    """Round non-negative line amounts to the fen so that they sum to `to_fen(sum(exact))`.

    Each line is first rounded down; the fen still missing go to the lines that lost most
    (largest remainder, earlier line first on a tie). Where rounding each line half-up
    already adds up, this gives the same lines.
    """
    if any(amount < 0 for amount in exact):
        raise ValueError("line amounts must not be negative")
    floors = [Decimal(amount).quantize(FEN, ROUND_FLOOR) for amount in exact]
    missing = int((to_fen(sum(exact, Decimal(0))) - sum(floors, Decimal(0))) / FEN)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for index in order[:missing]:
        floors[index] += FEN
    return tuple(floors)


def yuan_text(value: Decimal | int | str, *, symbol: str = "¥", grouping: bool = True) -> str:
    """"¥1,234.50": the amount rounded with `to_fen`, always two decimals."""
    amount = to_fen(value)
    return f"{symbol}{amount:,.2f}" if grouping else f"{symbol}{amount:.2f}"
