"""Server-rendered SVG bar charts: geometry computed here, drawn by a template macro.

Charts are readable without JavaScript, styled only through classes (the CSP forbids inline
styles), and always sit next to a table holding the same figures (the text alternative).

Each bar gets its own row: the label on the left and the value on the right above it, the
bar below spanning a share of the full width. Horizontal positions are percentages and the
SVG has no viewBox, so it fills the column at any width without scaling its text: labels stay
at the page's font size on a 320 px phone and nothing can be clipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

TEXT_HEIGHT, BAR_HEIGHT, ROW_GAP = 20, 14, 14  # px
ROW_HEIGHT = TEXT_HEIGHT + BAR_HEIGHT + ROW_GAP


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    width_percent: Decimal  # of the chart's width
    text_y: int  # baseline of the label and value line
    bar_y: int
    height: int
    css: str


@dataclass(frozen=True)
class Chart:
    height: int
    bars: tuple[Bar, ...]


def horizontal_bars(rows: list[tuple[str, Decimal | None, str, str]]) -> Chart:
    """Rows of (label, value, value text, css class); bar lengths are proportional to value.

    A None value (not estimated) gets no bar, only its text; a tiny positive value still
    shows a sliver so it is not mistaken for zero.
    """
    biggest = max((v for _, v, _, _ in rows if v is not None), default=Decimal(0))
    bars = []
    for index, (label, value, text, css) in enumerate(rows):
        top = index * ROW_HEIGHT
        share = Decimal(0)
        if value is not None and value > 0 and biggest > 0:
            share = max(Decimal("0.5"), (Decimal(100) * value / biggest).quantize(Decimal("0.1")))
        bars.append(Bar(label, text, share, top + TEXT_HEIGHT - 5, top + TEXT_HEIGHT, BAR_HEIGHT, css))
    return Chart(height=len(rows) * ROW_HEIGHT, bars=tuple(bars))
