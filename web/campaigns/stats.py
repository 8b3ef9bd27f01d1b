"""What the campaigns feature tells the staff dashboard: views and pledges per campaign,
pledges per street, and rows for the CSV exports. Plain dicts, so the dashboard never
touches campaign tables. `street` None means the whole district; a slug limits the figures
to that street's campaigns and pledges. `since`/`until` are naive UTC."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import func, select

from core.campaigns import pledge_actions, streets
from web import clock
from web.campaigns import participation, services
from web.campaigns.models import Campaign, CampaignEvent, CampaignRegistration, CampaignView, OfflineTally, Pledge
from web.extensions import db


def _between(query, column, since, until):
    if since is not None:
        query = query.where(column >= since)
    if until is not None:
        query = query.where(column < until)
    return query


def _days(since: dt.datetime | None, until: dt.datetime | None) -> tuple[dt.date | None, dt.date | None]:
    """The Shanghai dates a (since, until) window covers, for tables kept per day: first day,
    and the day after the last."""
    first = clock.to_local(since).date() if since is not None else None
    after = clock.to_local(until - dt.timedelta(seconds=1)).date() + dt.timedelta(days=1) if until is not None else None
    return first, after


def _tallies(since, until):
    first, after = _days(since, until)
    return _between(select(OfflineTally), OfflineTally.day, first, after)


def _campaigns(street: str | None) -> list[Campaign]:
    query = select(Campaign).order_by(Campaign.starts_at.desc().nulls_last(), Campaign.id)
    if street is not None:
        query = query.where(Campaign.street == street)
    return list(db.session.scalars(query))


def campaign_rows(street: str | None = None, since: dt.datetime | None = None,
                  until: dt.datetime | None = None) -> list[dict]:
    """[{"title": {zh, en}, "state", "views": {"poster", "direct"}, "pledges", "offline"}] in the
    window: online pledges, and pledges collected on paper or at stalls (offline tallies)."""
    participation.flush_views()  # this process's pending counts; others write theirs within seconds
    views_query = select(CampaignView.campaign_id, CampaignView.source, func.sum(CampaignView.count)).group_by(
        CampaignView.campaign_id, CampaignView.source)
    views_query = _between(views_query, CampaignView.day, *_days(since, until))
    views: dict[int, dict[str, int]] = {}
    for campaign_id, source, count in db.session.execute(views_query):
        views.setdefault(campaign_id, dict.fromkeys(participation.SOURCES, 0))[source] = int(count or 0)
    pledge_query = _between(select(Pledge.campaign_id, func.count()).group_by(Pledge.campaign_id),
                            Pledge.created_at, since, until)
    pledges = dict(db.session.execute(pledge_query).all())
    offline: dict[int, int] = {}
    for tally in db.session.scalars(_tallies(since, until)):
        offline[tally.campaign_id] = offline.get(tally.campaign_id, 0) + tally.count
    return [{"title": {"zh": c.title_zh, "en": c.title_en}, "state": services.state(c),
             "views": views.get(c.id, dict.fromkeys(participation.SOURCES, 0)), "pledges": pledges.get(c.id, 0),
             "offline": offline.get(c.id, 0)}
            for c in _campaigns(street)]


def pledges_per_street(since: dt.datetime | None = None, until: dt.datetime | None = None) -> list[dict]:
    """[{"slug", "name": {zh, en}, "pledges", "rank"}], every street listed; ties share a rank.
    Online pledges and offline tallies together."""
    query = _between(select(Pledge.street, func.count()).group_by(Pledge.street), Pledge.created_at, since, until)
    counts = dict(db.session.execute(query).all())
    for tally in db.session.scalars(_tallies(since, until)):
        counts[tally.street] = counts.get(tally.street, 0) + tally.count
    rows = sorted(((s.slug, s.name, counts.get(s.slug, 0)) for s in streets()), key=lambda r: -r[2])
    result, rank, last = [], 0, None
    for position, (slug, name, count) in enumerate(rows, start=1):
        if count != last:
            rank, last = position, count
        result.append({"slug": slug, "name": name, "pledges": count, "rank": rank})
    return result


def pledge_export(street: str | None, lang: str, since: dt.datetime | None = None,
                  until: dt.datetime | None = None) -> list[dict]:
    """One row per online pledge (count 1) and per offline tally (its count): when (Shanghai),
    campaign, street, actions, source. No visitor data."""
    names = {s.slug: s.name for s in streets()}
    labels = {a.key: a.label for a in pledge_actions()}
    query = _between(select(Pledge, Campaign).join(Campaign, Campaign.id == Pledge.campaign_id)
                     .order_by(Pledge.created_at, Pledge.id), Pledge.created_at, since, until)
    if street is not None:
        query = query.where(Pledge.street == street)
    rows = []
    for pledge, campaign in db.session.execute(query):
        actions = [labels.get(key, {}).get(lang, key) for key in json.loads(pledge.actions or "[]")]
        rows.append({"time": clock.to_local(pledge.created_at), "campaign": campaign.text("title", lang),
                     "street": names.get(pledge.street, {}).get(lang, pledge.street), "actions": "; ".join(actions),
                     "source": "online", "count": 1})
    tallies = _tallies(since, until).order_by(OfflineTally.day, OfflineTally.id)
    if street is not None:
        tallies = tallies.where(OfflineTally.street == street)
    titles = {c.id: c.text("title", lang) for c in _campaigns(None)}
    for tally in db.session.scalars(tallies):
        actions = [labels.get(key, {}).get(lang, key) for key in tally.action_keys()]
        rows.append({"time": tally.day, "campaign": titles.get(tally.campaign_id, ""),
                     "street": names.get(tally.street, {}).get(lang, tally.street), "actions": "; ".join(actions),
                     "source": tally.source, "count": tally.count})
    return rows


def registration_export(street: str | None, lang: str, since: dt.datetime | None = None,
                        until: dt.datetime | None = None) -> list[dict]:
    """One row per registration: campaign, event, its start (Shanghai), nickname, confirmed or
    waitlisted, when. Phone numbers stay on the event's own page (they are deleted after it)."""
    query = _between(
        select(CampaignRegistration, CampaignEvent, Campaign)
        .join(CampaignEvent, CampaignEvent.id == CampaignRegistration.event_id)
        .join(Campaign, Campaign.id == CampaignEvent.campaign_id)
        .order_by(CampaignEvent.starts_at, CampaignRegistration.id), CampaignRegistration.created_at, since, until)
    if street is not None:
        query = query.where(Campaign.street == street)
    return [{"campaign": campaign.text("title", lang), "event": event.text("title", lang),
             "starts": clock.to_local(event.starts_at), "nickname": registration.nickname,
             "waitlisted": registration.waitlisted, "time": clock.to_local(registration.created_at)}
            for registration, event, campaign in db.session.execute(query)]


def savings_per_street(street: str | None = None) -> list[dict]:
    """Calculated savings pledged from savings-calculator results, per street, largest first:
    [{"slug", "name": {zh, en}, "pledges", "m3_per_year", "yuan_per_year"}] (for the dashboard)."""
    return [{"slug": row.slug, "name": row.name, "pledges": row.pledges, "m3_per_year": row.m3_per_year,
             "yuan_per_year": row.yuan_per_year} for row in participation.savings_per_street(street=street)]


def offline_pledges(street: str | None = None) -> int:
    """Pledges entered from paper sheets and street stalls (already included in pledge totals
    on the campaign pages; campaign_rows counts online pledges only)."""
    query = select(func.coalesce(func.sum(OfflineTally.count), 0))
    if street is not None:
        query = query.where(OfflineTally.street == street)
    return int(db.session.scalar(query) or 0)
