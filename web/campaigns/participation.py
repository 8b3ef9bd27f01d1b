"""What residents do: pledges (one per browser), event registrations with a waitlist, and
the poster/direct view counter. No personal data except a phone number an organiser asked
for with a reason, which is deleted once the event is over."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import threading
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from core.campaigns import pledge_action_keys, street_slugs, streets
from web import clock
from web.campaigns.models import Campaign, CampaignEvent, CampaignRegistration, CampaignView, Pledge
from web.campaigns.services import CampaignError, state
from web.extensions import db
from web.housekeeping import AtMostEvery

TOKEN_COOKIE = "pt_visitor"
SOURCES = ("poster", "direct")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def token_hash(token: str, purpose: str) -> str:
    """A one-way hash of the browser's random token; `purpose` keeps pledge and event hashes apart."""
    return hashlib.sha256(f"{purpose}:{token}".encode()).hexdigest()


# --- pledges -------------------------------------------------------------------------------

def has_pledged(campaign: Campaign, token: str | None) -> bool:
    if not token:
        return False
    hashed = token_hash(token, f"pledge:{campaign.id}")
    return db.session.scalar(select(Pledge.id).where(Pledge.campaign_id == campaign.id, Pledge.token_hash == hashed)) is not None


def pledge(campaign: Campaign, token: str, street: str, actions: list[str]) -> Pledge:
    """Record a pledge; CampaignError('actions'/'street'/'state'/'duplicate') when refused."""
    if state(campaign) != "live":
        raise CampaignError("actions", "not_live")
    if street not in street_slugs():
        raise CampaignError("street", "unknown_street")
    allowed = set(campaign.action_keys()) & set(pledge_action_keys())
    chosen = [key for key in dict.fromkeys(actions) if key in allowed]
    if not chosen:
        raise CampaignError("actions", "no_action")
    hashed = token_hash(token, f"pledge:{campaign.id}")
    row = Pledge(campaign_id=campaign.id, street=street, actions=json.dumps(chosen), token_hash=hashed, created_at=clock.now())
    try:
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        raise CampaignError("actions", "duplicate") from None
    return row


def pledge_count(campaign: Campaign) -> int:
    return db.session.scalar(select(func.count()).select_from(Pledge).where(Pledge.campaign_id == campaign.id)) or 0


@dataclass
class LeagueRow:
    slug: str
    name: dict[str, str]
    pledges: int
    rank: int


def league(campaign: Campaign | None = None) -> list[LeagueRow]:
    """Pledges per street (every street listed, even at zero), most first; ties share a rank."""
    query = select(Pledge.street, func.count()).group_by(Pledge.street)
    if campaign is not None:
        query = query.where(Pledge.campaign_id == campaign.id)
    counts = dict(db.session.execute(query).all())
    rows = sorted(((s.slug, s.name, counts.get(s.slug, 0)) for s in streets()), key=lambda r: -r[2])
    result, rank, last = [], 0, None
    for position, (slug, name, count) in enumerate(rows, start=1):
        if count != last:
            rank, last = position, count
        result.append(LeagueRow(slug=slug, name=name, pledges=count, rank=rank))
    return result


def action_counts(campaign: Campaign) -> dict[str, int]:
    counts: dict[str, int] = {}
    for (actions,) in db.session.execute(select(Pledge.actions).where(Pledge.campaign_id == campaign.id)):
        for key in json.loads(actions or "[]"):
            counts[key] = counts.get(key, 0) + 1
    return counts


# --- views ---------------------------------------------------------------------------------

# Views are added up in memory and written every VIEW_COUNT_FLUSH_SECONDS (per process), so
# a popular page does not turn every read into a database write. A crash loses at most that
# many seconds of counts, which is fine for a visit counter.
_pending_views: dict[tuple[int, dt.date, str], int] = {}
_pending_lock = threading.Lock()
_view_flush = AtMostEvery("VIEW_COUNT_FLUSH_SECONDS")


def count_view(campaign: Campaign, source: str) -> None:
    """Add one to today's counter for this campaign and source; no visitor data is kept."""
    source = source if source in SOURCES else "direct"
    with _pending_lock:
        key = (campaign.id, clock.local_today(), source)
        _pending_views[key] = _pending_views.get(key, 0) + 1
    if _view_flush.due():
        flush_views()


def flush_views() -> None:
    """Write this process's pending view counts (the caller's request commits)."""
    with _pending_lock:
        pending = dict(_pending_views)
        _pending_views.clear()
    for (campaign_id, day, source), count in pending.items():
        _add_views(campaign_id, day, source, count)


def _add_views(campaign_id: int, day: dt.date, source: str, count: int) -> None:
    where = (CampaignView.campaign_id == campaign_id, CampaignView.day == day, CampaignView.source == source)
    done = db.session.execute(update(CampaignView).where(*where).values(count=CampaignView.count + count))
    if done.rowcount:
        return
    try:
        with db.session.begin_nested():
            db.session.add(CampaignView(campaign_id=campaign_id, day=day, source=source, count=count))
            db.session.flush()
    except IntegrityError:  # another process created today's row first
        db.session.execute(update(CampaignView).where(*where).values(count=CampaignView.count + count))


def view_totals(since: dt.date | None = None) -> dict[int, dict[str, int]]:
    """{campaign_id: {"poster": n, "direct": n}}."""
    query = select(CampaignView.campaign_id, CampaignView.source, func.sum(CampaignView.count)).group_by(
        CampaignView.campaign_id, CampaignView.source)
    if since:
        query = query.where(CampaignView.day >= since)
    totals: dict[int, dict[str, int]] = {}
    for campaign_id, source, count in db.session.execute(query):
        totals.setdefault(campaign_id, {s: 0 for s in SOURCES})[source] = int(count or 0)
    return totals


# --- event registrations -------------------------------------------------------------------

phone_purge = AtMostEvery("READ_TIME_PURGE_SECONDS")


def purge_past_phones() -> int:
    """Delete phone numbers of events that have ended (called at read time; no cron)."""
    ended = select(CampaignEvent.id).where(CampaignEvent.ends_at <= clock.now())
    result = db.session.execute(
        update(CampaignRegistration).where(CampaignRegistration.event_id.in_(ended), CampaignRegistration.phone.is_not(None))
        .values(phone=None).execution_options(synchronize_session=False))
    return result.rowcount or 0


def confirmed_count(event: CampaignEvent) -> int:
    return db.session.scalar(select(func.count()).select_from(CampaignRegistration).where(
        CampaignRegistration.event_id == event.id, CampaignRegistration.waitlisted.is_(False))) or 0


def my_registration(event: CampaignEvent, token: str | None) -> CampaignRegistration | None:
    if not token:
        return None
    return db.session.scalar(select(CampaignRegistration).where(
        CampaignRegistration.event_id == event.id,
        CampaignRegistration.token_hash == token_hash(token, f"event:{event.id}")))


def register(event: CampaignEvent, token: str, nickname: str, phone: str | None) -> CampaignRegistration:
    """A place if there is one, else the waitlist. Refuses after the event has started."""
    if state(event.campaign) not in ("scheduled", "live") or event.starts_at <= clock.now():
        raise CampaignError("nickname", "closed")
    if event.needs_phone and not phone:
        raise CampaignError("phone", "phone_needed")
    row = CampaignRegistration(
        event_id=event.id, nickname=nickname.strip(), phone=(phone if event.needs_phone else None),
        token_hash=token_hash(token, f"event:{event.id}"), created_at=clock.now(),
        waitlisted=confirmed_count(event) >= event.capacity,
    )
    try:
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        raise CampaignError("nickname", "already_registered") from None
    return row


def cancel(event: CampaignEvent, token: str | None) -> bool:
    """Cancel this browser's registration; the first on the waitlist moves up."""
    mine = my_registration(event, token)
    if mine is None:
        return False
    freed = not mine.waitlisted
    db.session.delete(mine)
    db.session.flush()
    if freed:
        promote = db.session.scalar(select(CampaignRegistration).where(
            CampaignRegistration.event_id == event.id, CampaignRegistration.waitlisted.is_(True))
            .order_by(CampaignRegistration.id).limit(1))
        if promote is not None and confirmed_count(event) < event.capacity:
            promote.waitlisted = False
            db.session.flush()
    return True
