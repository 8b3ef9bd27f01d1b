"""Loading the seed campaigns of content/campaigns into the database (`flask content load`).

Idempotent and safe at every start: a campaign is created if missing; a seeded campaign no
editor has touched is refreshed when its content or its dates (next occurrence) change;
a campaign an editor has edited is left alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from core import campaigns as content
from web import clock, seeding
from web.campaigns import services
from web.campaigns.models import Campaign, CampaignEvent
from web.extensions import db
from web.seeding import SeedReport


@dataclass
class LoadReport(SeedReport):
    estimated: list[str] = field(default_factory=list)  # dates estimated (no exact rule for that year)


def _values(seed: content.SeedCampaign, dates: content.SeedDates) -> dict:
    values = {"slug": seed.slug, "street": seed.street, "goal_pledges": seed.goal_pledges,
              "pledge_actions": json.dumps(list(seed.pledge_actions)),
              "starts_at": clock.from_local(dates.starts_at), "ends_at": clock.from_local(dates.ends_at)}
    for name in ("title", "summary", "body"):
        for lang in ("zh", "en"):
            values[f"{name}_{lang}"] = getattr(seed, name)[lang]
    return values


def _events(seed: content.SeedCampaign, dates: content.SeedDates) -> list[dict]:
    result = []
    for event in seed.events:
        start, end = content.event_times(event, dates)
        row = {"seed_key": event.key, "starts_at": clock.from_local(start), "ends_at": clock.from_local(end),
               "capacity": event.capacity}
        for name in ("title", "description", "place", "phone_reason"):
            texts = getattr(event, name) or {"zh": "", "en": ""}
            for lang in ("zh", "en"):
                row[f"{name}_{lang}"] = texts[lang]
        result.append(row)
    return result


def load(today=None) -> LoadReport:
    """Upsert every seed campaign by slug; flushes, the caller commits."""
    report = LoadReport()
    today = today or clock.local_today()
    for seed in content.seed_campaigns():
        dates = content.seed_dates(seed, today)
        if not dates.exact:
            report.estimated.append(seed.slug)
        values, events = _values(seed, dates), _events(seed, dates)
        fingerprint = seeding.digest([values, events])
        campaign, creating = seeding.row_to_write(report, Campaign, seed.slug, fingerprint,
                                                  lambda: Campaign(created_at=clock.now(), version=1))
        if campaign is None:
            continue
        for name, value in values.items():
            setattr(campaign, name, value)
        campaign.published, campaign.seed_digest, campaign.updated_at = True, fingerprint, clock.now()
        db.session.flush()
        existing = {event.seed_key: event for event in campaign.events if event.seed_key}
        for row in events:
            event = existing.pop(row["seed_key"], None)
            if event is None:
                event = CampaignEvent(campaign_id=campaign.id, created_at=clock.now())
                campaign.events.append(event)
            for name, value in row.items():
                setattr(event, name, value)
        for stale in existing.values():
            if not stale.registrations:
                db.session.delete(stale)
        db.session.flush()
        services.audit(None, "seed_create" if creating else "seed_update", campaign, detail=seed.path)
        seeding.written(report, seed.slug, creating)
    db.session.flush()
    return report
