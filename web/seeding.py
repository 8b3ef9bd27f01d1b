"""Rows seeded from content/ (`flask content load`): the one rule every feature's loader follows.

A seed is keyed by its slug and fingerprinted by a digest of what it would write. A row staff
have edited is left alone; a row whose digest is unchanged is not touched; otherwise the row is
created or refreshed. Each feature says what a row holds; this says when to write it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Callable, TypeVar

from sqlalchemy import select

from web.extensions import db

Row = TypeVar("Row")


@dataclass
class SeedReport:
    """What a load did, by slug."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_edits: list[str] = field(default_factory=list)


def digest(value: object) -> str:
    """A stable fingerprint of what a seed would write (JSON, keys sorted)."""
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()


def row_to_write(report: SeedReport, model: type[Row], slug: str, fingerprint: str,
                 new: Callable[[], Row]) -> tuple[Row | None, bool]:
    """(row, created) for a seed to write, or (None, False) when the seed is left alone (recorded
    in `report` as kept or unchanged). A new row (from `new()`) is added to the session."""
    row = db.session.scalar(select(model).where(model.slug == slug))
    if row is not None and row.edited_by_staff:
        report.kept_edits.append(slug)
        return None, False
    if row is not None and row.seed_digest == fingerprint:
        report.unchanged.append(slug)
        return None, False
    if row is None:
        row = new()
        db.session.add(row)
        return row, True
    return row, False


def written(report: SeedReport, slug: str, created: bool) -> None:
    (report.created if created else report.updated).append(slug)
