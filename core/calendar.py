"""Water publicity days: World Water Day, China Water Week, the urban water-saving week.

Campaigns and the bot plan around these. Fixed days repeat every year; the urban week is
set yearly by a MOHURD notice, so only the years the register lists are exact and any other
year is an estimate (the Sunday–Saturday week containing May 15) marked `exact=False`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from core import clock
from core.content import Fields, content_dir
from core.sources import CONFIDENCES, Source, parse_source

KINDS = ("fixed", "week_containing")


@dataclass(frozen=True)
class WaterDay:
    """A recurring event as the content file describes it."""

    key: str
    name: dict[str, str]
    kind: str
    month_day: tuple[int, int]  # start (fixed) or anchor (week_containing)
    end_month_day: tuple[int, int] | None
    years: dict[int, tuple[dt.date, dt.date]]
    note: dict[str, str]
    confidence: str
    source: Source
    since: int | None = None  # first year observed, where the source gives it


@dataclass(frozen=True)
class Occurrence:
    """One year's dates of a water day; `exact` is False when the dates are our estimate."""

    day: WaterDay
    start: dt.date
    end: dt.date
    exact: bool

    @property
    def key(self) -> str:
        return self.day.key

    @property
    def name(self) -> dict[str, str]:
        return self.day.name


def _month_day(fields: Fields, key: str) -> tuple[int, int]:
    text = fields.text(key)
    try:
        month, day = (int(part) for part in text.split("-"))
        dt.date(2024, month, day)  # a leap year accepts every real month-day
    except ValueError:
        raise fields.error(key, "must be MM-DD") from None
    return month, day


def calendar_path():
    return content_dir() / "calendar" / "water_days.yaml"


@cache
def water_days() -> tuple[WaterDay, ...]:
    """The recurring water days from content/calendar/water_days.yaml."""
    path = calendar_path()
    top = Fields.load(path)
    result = []
    for item in top.children("days"):
        kind = item.choice("kind", KINDS)
        years: dict[int, tuple[dt.date, dt.date]] = {}
        if kind == "fixed":
            start, end = _month_day(item, "start"), _month_day(item, "end")
        else:
            start, end = _month_day(item, "anchor"), None
            if item.has("years"):
                years_node = item.child("years")
                for year in years_node.all_keys():
                    span_fields = years_node.child(str(year))
                    first, last = span_fields.date("start"), span_fields.date("end")
                    if first.year != int(year) or not first <= last or (last - first).days > 6:
                        raise span_fields.error("end", "must be a week in that year, start ≤ end")
                    years[int(year)] = (first, last)
        result.append(
            WaterDay(
                key=item.text("key"),
                name=item.bilingual("name"),
                kind=kind,
                month_day=start,
                end_month_day=end,
                years=years,
                note=item.bilingual("note"),
                confidence=item.choice("confidence", CONFIDENCES),
                source=parse_source(item.child("source")),
                since=item.integer("since", None, minimum=1900),
            )
        )
    return tuple(result)


def occurrence(day: WaterDay, year: int) -> Occurrence:
    """The dates of `day` in `year` (exact if fixed or listed; else the estimated week)."""
    if day.kind == "fixed":
        end = day.end_month_day or day.month_day
        return Occurrence(day, dt.date(year, *day.month_day), dt.date(year, *end), True)
    if year in day.years:
        return Occurrence(day, *day.years[year], True)
    anchor = dt.date(year, *day.month_day)
    start = anchor - dt.timedelta(days=(anchor.weekday() + 1) % 7)  # back to Sunday
    return Occurrence(day, start, start + dt.timedelta(days=6), False)


def next_water_days(today: dt.date | None = None, limit: int | None = None) -> list[Occurrence]:
    """Each water day's next (or current) occurrence on or after `today`, soonest first."""
    today = today or clock.shanghai_today()
    upcoming = []
    for day in water_days():
        for year in (today.year, today.year + 1):
            found = occurrence(day, year)
            if found.end >= today:
                upcoming.append(found)
                break
    upcoming.sort(key=lambda o: (o.start, o.key))
    return upcoming[:limit] if limit else upcoming


def check() -> None:
    water_days.cache_clear()
    water_days()


def shanghai_date(value: object) -> dt.date | None:
    """The Shanghai calendar date of an ISO 8601 time ("2026-03-07T16:00:00Z" → 2026-03-08).

    The site's API sends UTC with `Z`; a time without an offset is taken as UTC too (the
    site stores naive UTC); a bare date is returned as is. None for anything unreadable.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if len(text) == 10:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return clock.to_shanghai(moment).date()
