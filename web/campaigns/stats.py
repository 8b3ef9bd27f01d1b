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
from web.campaigns.models import Campaign, CampaignEvent, CampaignRegistration, CampaignView, Pledge
from web.extensions import db


def _between(query, column, since, until):
    if since is not None:
        query = query.where(column >= since)
    if until is not None:
        query = query.where(column < until)
    return query


def _campaigns(street: str | None) -> list[Campaign]:
    query = select(Campaign).order_by(Campaign.starts_at.desc().nulls_last(), Campaign.id)
    if street is not None:
        query = query.where(Campaign.street == street)
    return list(db.session.scalars(query))


def campaign_rows(street: str | None = None, since: dt.datetime | None = None,
                  until: dt.datetime | None = None) -> list[dict]:
    """[{"title": {zh, en}, "state", "views": {"poster", "direct"}, "pledges"}] in the window."""
    participation.flush_views()  # this process's pending counts; others write theirs within seconds
    views_query = select(CampaignView.campaign_id, CampaignView.source, func.sum(CampaignView.count)).group_by(
        CampaignView.campaign_id, CampaignView.source)
    views_query = _between(views_query, CampaignView.day, since and clock.to_local(since).date(),
                           until and clock.to_local(until - dt.timedelta(seconds=1)).date() + dt.timedelta(days=1))
    views: dict[int, dict[str, int]] = {}
    for campaign_id, source, count in db.session.execute(views_query):
        views.setdefault(campaign_id, dict.fromkeys(participation.SOURCES, 0))[source] = int(count or 0)
    pledge_query = _between(select(Pledge.campaign_id, func.count()).group_by(Pledge.campaign_id),
                            Pledge.created_at, since, until)
    pledges = dict(db.session.execute(pledge_query).all())
    return [{"title": {"zh": c.title_zh, "en": c.title_en}, "state": services.state(c),
             "views": views.get(c.id, dict.fromkeys(participation.SOURCES, 0)), "pledges": pledges.get(c.id, 0)}
            for c in _campaigns(street)]


def pledges_per_street(since: dt.datetime | None = None, until: dt.datetime | None = None) -> list[dict]:
    """[{"slug", "name": {zh, en}, "pledges", "rank"}], every street listed; ties share a rank."""
    query = _between(select(Pledge.street, func.count()).group_by(Pledge.street), Pledge.created_at, since, until)
    counts = dict(db.session.execute(query).all())
    rows = sorted(((s.slug, s.name, counts.get(s.slug, 0)) for s in streets()), key=lambda r: -r[2])
    result, rank, last = [], 0, None
    for position, (slug, name, count) in enumerate(rows, start=1):
        if count != last:
            rank, last = position, count
        result.append({"slug": slug, "name": name, "pledges": count, "rank": rank})
    return result


def pledge_export(street: str | None, lang: str, since: dt.datetime | None = None,
                  until: dt.datetime | None = None) -> list[dict]:
    """One row per pledge: when (Shanghai), campaign, street, actions. No visitor data."""
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
                     "street": names.get(pledge.street, {}).get(lang, pledge.street), "actions": "; ".join(actions)})
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
