"""Numbered sources for one page: each figure carries a small [n] link, and the page's one
"about these figures" box lists the sources with their kind, confidence and date.

This keeps every figure's source one click away without a confidence tag on every line.
"""

from __future__ import annotations

from core.sources import Source


class SourceNotes:
    """The sources a page cites, numbered in order of first use (the same source keeps its number)."""

    def __init__(self) -> None:
        self.items: list[Source] = []
        self._numbers: dict[tuple[str, str | None], int] = {}

    def number(self, source: Source) -> int:
        key = (source.title, source.url)
        if key not in self._numbers:
            self.items.append(source)
            self._numbers[key] = len(self.items)
        return self._numbers[key]

    def add_all(self, sources) -> list[int]:
        return [self.number(source) for source in sources]
