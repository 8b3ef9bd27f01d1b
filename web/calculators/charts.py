"""Server-rendered SVG bar charts: geometry computed here, drawn by a template macro.

Charts are readable without JavaScript, styled only through classes (the CSP forbids inline
styles), and always sit next to a table holding the same figures (the text alternative).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

WIDTH, BAR_HEIGHT, GAP, LABEL_WIDTH, VALUE_WIDTH = 640, 28, 12, 170, 130


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    x: int
    y: int
    width: int
    height: int
    css: str
    text_y: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    label_x: int
    value_x: int


def horizontal_bars(rows: list[tuple[str, Decimal | None, str, str]]) -> Chart:
    """Rows of (label, value, value text, css class); bar lengths are proportional to value.

    A None value (not estimated) gets no bar, only its text.
    """
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    biggest = max((v for _, v, _, _ in rows if v is not None), default=Decimal(0))
    bars = []
    for index, (label, value, text, css) in enumerate(rows):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = 0
        if value is not None and biggest > 0:
            length = max(1 if value > 0 else 0, int(plot * value / biggest))
        bars.append(Bar(label, text, LABEL_WIDTH, y, length, BAR_HEIGHT, css, y + BAR_HEIGHT // 2 + 5))
    height = GAP + len(rows) * (BAR_HEIGHT + GAP)
    return Chart(WIDTH, height, tuple(bars), LABEL_WIDTH - 8, WIDTH - VALUE_WIDTH + 8)
