"""Campaign content: Putuo's streets and towns, pledge actions, seed campaigns, FAQ entries.

Pure functions over content/streets.yaml, content/campaigns/*.yaml and content/faq/*.yaml.
The site loads seeds into its database (`flask content load`); the bot trains on the FAQ
files. Times here are local Shanghai wall-clock times (naive); the site converts them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from core import calendar, claims
from core.content import ContentError, Fields, content_dir, read_yaml, yaml_files
from core.sources import Source, parse_source

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
STREET_KINDS = ("subdistrict", "town")
PLEDGE_ACTIONS_FILE = "pledge_actions.yaml"
MAX_FAQ_QUESTIONS = 20


@dataclass(frozen=True)
class Street:
    """A 街道 or 镇 of Putuo District; `slug` is what accounts and pledges store."""

    slug: str
    kind: str
    name: dict[str, str]
    source: Source


@dataclass(frozen=True)
class PledgeAction:
    """A concrete action a resident can pledge; `key` is the savings model's action key."""

    key: str
    label: dict[str, str]
    hint: dict[str, str]


@dataclass(frozen=True)
class SeedEvent:
    key: str
    title: dict[str, str]
    description: dict[str, str] | None
    day: int  # days after the water day's first day (may be negative)
    start: dt.time
    minutes: int
    place: dict[str, str]
    capacity: int
    phone_reason: dict[str, str] | None  # a phone number is asked only when this is given


@dataclass(frozen=True)
class SeedCampaign:
    slug: str
    anchor: str  # a core.calendar water-day key
    publish_days_before: int
    street: str | None
    goal_pledges: int | None
    title: dict[str, str]
    summary: dict[str, str]
    body: dict[str, str]
    pledge_actions: tuple[str, ...]
    events: tuple[SeedEvent, ...]
    sources: tuple[Source, ...]
    path: str


@dataclass(frozen=True)
class SeedDates:
    """One year's dates of a seed campaign, local Shanghai time (naive)."""

    starts_at: dt.datetime  # the campaign goes live
    ends_at: dt.datetime  # the end of the water day's last day
    first_day: dt.date
    last_day: dt.date
    exact: bool  # False when the water day's dates are our estimate (no notice yet)


@dataclass(frozen=True)
class FaqEntry:
    """A question residents ask, in several wordings, with one answer (zh and en)."""

    slug: str
    questions: dict[str, tuple[str, ...]]
    answer: dict[str, str]
    source: Source
    path: str | None = None


def streets_path() -> Path:
    return content_dir() / "streets.yaml"


def campaigns_dir() -> Path:
    return content_dir() / "campaigns"


def faq_dir() -> Path:
    return content_dir() / "faq"


def _slug(fields: Fields, key: str) -> str:
    value = fields.text(key)
    if not SLUG_RE.match(value) or len(value) > 64:
        raise fields.error(key, "must be a slug: lower-case letters, digits and single dashes (≤ 64)")
    return value


@cache
def streets() -> tuple[Street, ...]:
    """Putuo's subdistricts and towns, in the order content/streets.yaml lists them."""
    path = streets_path()
    top = Fields.load(path)
    source = parse_source(top.child("source"))
    for checked in top.children("also_checked", []):
        parse_source(checked)
    result, seen = [], set()
    for item in top.children("streets"):
        slug = _slug(item, "slug")
        if slug in seen:
            raise item.error("slug", f"duplicate slug {slug!r}")
        seen.add(slug)
        result.append(Street(slug=slug, kind=item.choice("kind", STREET_KINDS), name=item.bilingual("name"), source=source))
    if not result:
        raise top.error("streets", "must list at least one street")
    for item in top.children("retired", []):
        old, new = _slug(item, "slug"), _slug(item, "replaced_by")
        item.text("reason")
        if old in seen:
            raise item.error("slug", f"{old!r} is retired and must not be listed again")
        if new not in seen:
            raise item.error("replaced_by", f"{new!r} is not a listed street")
    return tuple(result)


def retired_streets() -> dict[str, str]:
    """Slugs listed by mistake in an earlier release → the street their data moved to."""
    path = streets_path()
    top = Fields.load(path)
    return {item.text("slug"): item.text("replaced_by") for item in top.children("retired", [])}


def street_slugs() -> tuple[str, ...]:
    return tuple(street.slug for street in streets())


def street_by_slug(slug: str | None) -> Street | None:
    return next((street for street in streets() if street.slug == slug), None)


@cache
def pledge_actions() -> tuple[PledgeAction, ...]:
    """The actions residents can pledge: the savings model's actions (stable keys, names),
    with the hints of content/campaigns/pledge_actions.yaml."""
    from core import savings  # the savings model owns the action keys

    path = campaigns_dir() / PLEDGE_ACTIONS_FILE
    top = Fields.load(path)
    known = {action.key: action for action in savings.actions()}
    hints: dict[str, dict[str, str]] = {}
    for item in top.children("actions"):
        key = item.text("key")
        if key not in known:
            raise item.error("key", f"unknown action {key!r} (core.savings.actions(): {', '.join(known)})")
        if key in hints:
            raise item.error("key", f"duplicate key {key!r}")
        hints[key] = item.bilingual("hint")
    return tuple(PledgeAction(key=key, label=dict(action.name), hint=hints.get(key, {"zh": "", "en": ""}))
                 for key, action in known.items())


def pledge_action_keys() -> tuple[str, ...]:
    return tuple(action.key for action in pledge_actions())


def _time(fields: Fields, key: str) -> dt.time:
    try:
        return dt.time.fromisoformat(fields.text(key))
    except ValueError:
        raise fields.error(key, "must be a time HH:MM") from None


def _seed_event(item: Fields) -> SeedEvent:
    return SeedEvent(
        key=_slug(item, "key"),
        title=item.bilingual("title"),
        description=item.bilingual("description", None),
        day=item.integer("day"),
        start=_time(item, "start"),
        minutes=item.integer("minutes", minimum=1),
        place=item.bilingual("place"),
        capacity=item.integer("capacity", minimum=1),
        phone_reason=item.bilingual("phone_reason", None),
    )


def parse_seed_campaign(path: Path, data) -> SeedCampaign:
    """Validate one seed campaign file; raises ContentError naming file and field."""
    top = Fields(path, data)
    anchor = top.text("anchor")
    known_days = {day.key for day in calendar.water_days()}
    if anchor not in known_days:
        raise top.error("anchor", f"must be a water day of content/calendar ({', '.join(sorted(known_days))})")
    street = top.raw("street", None)
    if street is not None and street not in street_slugs():
        raise top.error("street", "must be a street slug from content/streets.yaml, or null for district-wide")
    actions = tuple(top.items("pledge_actions", []))
    for index, key in enumerate(actions):
        if key not in pledge_action_keys():
            raise ContentError(path, f"pledge_actions[{index}]", f"unknown action {key!r}")
    events = tuple(_seed_event(item) for item in top.children("events", []))
    if len({event.key for event in events}) != len(events):
        raise top.error("events", "event keys must be unique")
    goal = top.integer("goal_pledges", None, minimum=1)
    texts = [t for key in ("title", "summary", "body") for t in top.bilingual(key).values()]
    claims.check_references(top, texts)
    return SeedCampaign(
        slug=_slug(top, "slug"),
        anchor=anchor,
        publish_days_before=top.integer("publish_days_before", 14, minimum=0),
        street=street,
        goal_pledges=goal,
        title=top.bilingual("title"),
        summary=top.bilingual("summary"),
        body=top.bilingual("body"),
        pledge_actions=actions,
        events=events,
        sources=tuple(parse_source(item) for item in top.children("sources")),
        path=str(path),
    )


@cache
def seed_campaigns() -> tuple[SeedCampaign, ...]:
    """Every seed campaign in content/campaigns/ (all *.yaml but the pledge actions)."""
    result, seen = [], set()
    for path in yaml_files(campaigns_dir()):
        if path.name == PLEDGE_ACTIONS_FILE:
            continue
        campaign = parse_seed_campaign(path, read_yaml(path))
        if campaign.slug in seen:
            raise ContentError(path, "slug", f"duplicate campaign slug {campaign.slug!r}")
        seen.add(campaign.slug)
        result.append(campaign)
    return tuple(result)


def seed_dates(campaign: SeedCampaign, today: dt.date) -> SeedDates:
    """The campaign's next (or current) occurrence on or after `today`.

    Live from `publish_days_before` days before the water day until the end of its last day.
    """
    day = next(d for d in calendar.water_days() if d.key == campaign.anchor)
    found = calendar.occurrence(day, today.year)
    if found.end < today:
        found = calendar.occurrence(day, today.year + 1)
    starts = dt.datetime.combine(found.start - dt.timedelta(days=campaign.publish_days_before), dt.time())
    ends = dt.datetime.combine(found.end + dt.timedelta(days=1), dt.time())
    return SeedDates(starts_at=starts, ends_at=ends, first_day=found.start, last_day=found.end, exact=found.exact)


@dataclass(frozen=True)
class EstimatedDates:
    """A seeded campaign whose dates are our estimate: say so until the notice, and list the
    years whose dates a notice did fix (`verified`, oldest first)."""

    day: calendar.WaterDay
    year: int
    first_day: dt.date
    last_day: dt.date
    verified: tuple[tuple[int, dt.date, dt.date], ...]


def estimated_dates(slug: str, last_day: dt.date) -> EstimatedDates | None:
    """For the seed campaign `slug` ending on `last_day` (local): the estimate note, or None
    when its dates are exact (a fixed day, a year the register lists) or not the seed's own
    (an editor who typed in the notice's dates is not contradicted)."""
    seed = next((s for s in seed_campaigns() if s.slug == slug), None)
    if seed is None:
        return None
    day = next(d for d in calendar.water_days() if d.key == seed.anchor)
    found = calendar.occurrence(day, last_day.year)
    if found.exact or found.end != last_day:
        return None
    verified = tuple((year, start, end) for year, (start, end) in sorted(day.years.items()))
    return EstimatedDates(day, last_day.year, found.start, found.end, verified)


def event_times(event: SeedEvent, dates: SeedDates) -> tuple[dt.datetime, dt.datetime]:
    """Local start and end of a seed event in that year's occurrence."""
    start = dt.datetime.combine(dates.first_day + dt.timedelta(days=event.day), event.start)
    return start, start + dt.timedelta(minutes=event.minutes)


def _questions(fields: Fields) -> dict[str, tuple[str, ...]]:
    block = fields.child("questions")
    result = {}
    for lang in ("zh", "en"):
        values = block.items(lang)
        if not values or len(values) > MAX_FAQ_QUESTIONS:
            raise block.error(lang, f"must list 1–{MAX_FAQ_QUESTIONS} questions")
        cleaned = []
        for index, value in enumerate(values):
            if not isinstance(value, str) or not value.strip():
                raise ContentError(fields.path, f"questions.{lang}[{index}]", "must be a non-empty string")
            cleaned.append(value.strip())
        result[lang] = tuple(cleaned)
    return result


def parse_faq(path: Path | str, data) -> FaqEntry:
    """Validate one FAQ entry (file or dict); raises ContentError naming file and field."""
    path = Path(path)
    top = Fields(path, data)
    return FaqEntry(
        slug=_slug(top, "slug"),
        questions=_questions(top),
        answer=top.bilingual("answer"),
        source=parse_source(top.child("source")),
        path=str(path),
    )


def faq_to_data(entry: FaqEntry) -> dict:
    """The YAML form of an entry (what content/faq/<slug>.yaml holds)."""
    source = {"title": entry.source.title, "url": entry.source.url,
              "confidence": entry.source.confidence, "as_of": entry.source.as_of,
              "kind": entry.source.kind}
    return {
        "slug": entry.slug,
        "questions": {lang: list(entry.questions[lang]) for lang in ("zh", "en")},
        "answer": dict(entry.answer),
        "source": {key: value for key, value in source.items() if value is not None},
    }


@cache
def faq_entries() -> tuple[FaqEntry, ...]:
    """Every FAQ file in content/faq/, sorted by file name; the slug must match the name."""
    folder = faq_dir()
    if not folder.is_dir():
        return ()
    result = []
    for path in yaml_files(folder):
        entry = parse_faq(path, read_yaml(path))
        if entry.slug != path.stem:
            raise ContentError(path, "slug", f"must match the file name ({path.stem!r})")
        result.append(entry)
    return tuple(result)


def clear_caches() -> None:
    for loader in (streets, pledge_actions, seed_campaigns, faq_entries):
        loader.cache_clear()


def check() -> None:
    """Load everything once from disk (used by `python -m core.check` and `flask content check`)."""
    clear_caches()
    streets()
    pledge_actions()
    seed_campaigns()
    faq_entries()
