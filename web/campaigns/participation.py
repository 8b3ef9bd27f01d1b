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
from decimal import Decimal

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from core.campaigns import pledge_action_keys, street_slugs, streets
from web import clock
from web.campaigns.models import Campaign, CampaignEvent, CampaignRegistration, CampaignView, OfflineTally, Pledge
from web.campaigns.services import CampaignError, state
from web.extensions import db
from web.housekeeping import AtMostEvery, periodic_job

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


def pledge(campaign: Campaign, token: str, street: str, actions: list[str], saving=None) -> Pledge:
    """Record a pledge; CampaignError('actions'/'street'/'state'/'duplicate') when refused.
    `saving` (a core.savings Saving computed on the server) is kept with the pledge when its
    action is one of those pledged."""
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
    if saving is not None and saving.m3_per_year is not None and saving.action.key in chosen:
        row.saving_action, row.saving_m3, row.saving_yuan = saving.action.key, saving.m3_per_year, saving.yuan_per_year
    try:
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        raise CampaignError("actions", "duplicate") from None
    return row


def pledge_count(campaign: Campaign) -> int:
    """Online pledges plus the offline tallies (see offline_count for the offline part)."""
    online = db.session.scalar(select(func.count()).select_from(Pledge).where(Pledge.campaign_id == campaign.id)) or 0
    return online + offline_count(campaign)


def offline_count(campaign: Campaign) -> int:
    return int(db.session.scalar(select(func.coalesce(func.sum(OfflineTally.count), 0))
                                 .where(OfflineTally.campaign_id == campaign.id)) or 0)


@dataclass
class LeagueRow:
    slug: str
    name: dict[str, str]
    pledges: int
    rank: int


def league(campaign: Campaign | None = None) -> list[LeagueRow]:
    """Pledges per street (every street listed, even at zero), most first; ties share a rank."""
    query = select(Pledge.street, func.count()).group_by(Pledge.street)
    offline = select(OfflineTally.street, func.sum(OfflineTally.count)).group_by(OfflineTally.street)
    if campaign is not None:
        query = query.where(Pledge.campaign_id == campaign.id)
        offline = offline.where(OfflineTally.campaign_id == campaign.id)
    counts = dict(db.session.execute(query).all())
    for street, count in db.session.execute(offline):
        counts[street] = counts.get(street, 0) + int(count or 0)
    rows = sorted(((s.slug, s.name, counts.get(s.slug, 0)) for s in streets()), key=lambda r: -r[2])
    result, rank, last = [], 0, None
    for position, (slug, name, count) in enumerate(rows, start=1):
        if count != last:
            rank, last = position, count
        result.append(LeagueRow(slug=slug, name=name, pledges=count, rank=rank))
    return result


@dataclass
class StreetSaving:
    slug: str
    name: dict[str, str]
    pledges: int  # pledges that carried a calculated saving
    m3_per_year: Decimal
    yuan_per_year: Decimal


def savings_per_street(campaign: Campaign | None = None, street: str | None = None) -> list[StreetSaving]:
    """The calculated savings pledged from calculator results, summed per street (streets with
    none left out), largest first."""
    query = (select(Pledge.street, func.count(), func.sum(Pledge.saving_m3), func.sum(Pledge.saving_yuan))
             .where(Pledge.saving_m3.is_not(None)).group_by(Pledge.street))
    if campaign is not None:
        query = query.where(Pledge.campaign_id == campaign.id)
    if street is not None:
        query = query.where(Pledge.street == street)
    names = {s.slug: s.name for s in streets()}
    rows = [StreetSaving(slug=slug, name=names.get(slug, {"zh": slug, "en": slug}), pledges=int(count),
                         m3_per_year=Decimal(m3 or 0).quantize(Decimal("0.01")),
                         yuan_per_year=Decimal(yuan or 0).quantize(Decimal("0.01")))
            for slug, count, m3, yuan in db.session.execute(query)]
    return sorted(rows, key=lambda row: -row.m3_per_year)


# --- offline tallies -----------------------------------------------------------------------

TALLY_SOURCES = ("sheet", "stall")


def add_tally(campaign: Campaign, *, source: str, street: str, count: int, actions: list[str], note: str,
              day: dt.date, user) -> OfflineTally:
    """Record pledges collected on paper or at a stall (the caller audits and commits)."""
    if source not in TALLY_SOURCES:
        raise CampaignError("source", "unknown_source")
    if street not in street_slugs():
        raise CampaignError("street", "unknown_street")
    allowed = set(campaign.action_keys()) & set(pledge_action_keys())
    row = OfflineTally(campaign_id=campaign.id, source=source, street=street, count=count,
                       actions=json.dumps([key for key in dict.fromkeys(actions) if key in allowed]),
                       note=note.strip(), day=day, user_id=getattr(user, "id", None),
                       username=getattr(user, "username", "") or "", created_at=clock.now())
    db.session.add(row)
    db.session.flush()
    return row


def tallies(campaign: Campaign) -> list[OfflineTally]:
    return list(db.session.scalars(select(OfflineTally).where(OfflineTally.campaign_id == campaign.id)
                                   .order_by(OfflineTally.day.desc(), OfflineTally.id.desc())))


# --- views ---------------------------------------------------------------------------------

# Views are added up in memory and written in batches, so a popular page does not turn every
# read into a database write (nor wait for SQLite's one writer): in a web process, by its
# periodic job every VIEW_COUNT_FLUSH_SECONDS and once more when the worker stops
# (gunicorn.conf.py worker_exit); the dashboard writes its own process's first. So the
# dashboard's figures are at most VIEW_COUNT_FLUSH_SECONDS behind, and a process that is
# killed (not stopped) loses at most that many seconds of its counts. A process without the
# job (`flask run`, tests) writes them during a view, at most once per that interval.
_pending_views: dict[tuple[int, dt.date, str], int] = {}
_pending_lock = threading.Lock()
_view_flush = AtMostEvery("VIEW_COUNT_FLUSH_SECONDS")
VIEW_FLUSH_EVERY = "VIEW_COUNT_FLUSH_SECONDS"


def count_view(campaign: Campaign, source: str) -> bool:
    """Add one to today's counter for this campaign and source; no visitor data is kept.
    True when this call wrote the pending counts (the caller commits)."""
    return count_view_id(campaign.id, source)


def count_view_id(campaign_id: int, source: str) -> bool:
    """count_view for a cached page, which knows only the campaign's id."""
    source = source if source in SOURCES else "direct"
    key = (campaign_id, clock.local_today(), source)
    with _pending_lock:
        _pending_views[key] = _pending_views.get(key, 0) + 1
    if periodic_job(current_app, VIEW_FLUSH_EVERY) is None and _view_flush.due():
        flush_views()
        return True
    return False


def flush_views() -> dict:
    """Write this process's pending view counts (the caller commits) and return them. Counts
    whose write fails are kept for the next time."""
    with _pending_lock:
        pending = dict(_pending_views)
        _pending_views.clear()
    try:
        for (campaign_id, day, source), count in pending.items():
            _add_views(campaign_id, day, source, count)
    except Exception:
        _keep_pending(pending)
        raise
    return pending


def write_pending_views() -> None:
    """The periodic job's chore: write this process's pending counts and commit; if the
    database refuses (locked, unreachable), the counts wait for the next run."""
    pending = flush_views()
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        _keep_pending(pending)
        raise


def _keep_pending(pending: dict) -> None:
    with _pending_lock:
        for key, count in pending.items():
            _pending_views[key] = _pending_views.get(key, 0) + count


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


def registration_by_code(campaign: Campaign, code: str) -> CampaignRegistration | None:
    """The registration whose status code this is, within the given campaign."""
    if not code or len(code) > 24:
        return None
    row = db.session.scalar(select(CampaignRegistration).where(CampaignRegistration.code == code))
    if row is None or row.event.campaign_id != campaign.id:
        return None
    return row


def waitlist_position(registration: CampaignRegistration) -> int:
    """How many waitlisted residents registered before this one."""
    return db.session.scalar(select(func.count()).select_from(CampaignRegistration).where(
        CampaignRegistration.event_id == registration.event_id, CampaignRegistration.waitlisted.is_(True),
        CampaignRegistration.id < registration.id)) or 0


def register(event: CampaignEvent, token: str, nickname: str, phone: str | None) -> CampaignRegistration:
    """A place if there is one, else the waitlist. Refuses after the event has started. The
    registration gets a status code the resident keeps (their page shows a later promotion)."""
    if state(event.campaign) not in ("scheduled", "live") or event.starts_at <= clock.now():
        raise CampaignError("nickname", "closed")
    if event.needs_phone and not phone:
        raise CampaignError("phone", "phone_needed")
    row = CampaignRegistration(
        event_id=event.id, nickname=nickname.strip(), phone=(phone if event.needs_phone else None),
        token_hash=token_hash(token, f"event:{event.id}"), created_at=clock.now(), code=secrets.token_urlsafe(12),
    )
    try:
        with db.session.begin_nested():  # a duplicate gives the place back with the savepoint
            row.waitlisted = not _take_place(event)
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        raise CampaignError("nickname", "already_registered") from None
    return row


def _take_place(event: CampaignEvent) -> bool:
    """Take one confirmed place if any is left, in one conditional UPDATE of the event's
    counter. Counting rows and then inserting let eight simultaneous sign-ups all take the
    last place; this cannot: PostgreSQL locks the event row and re-checks the condition once
    the other transaction commits, and SQLite runs one writer at a time. The lock is held to
    the end of the request's transaction, so sign-ups for one event queue for milliseconds."""
    taken = db.session.execute(
        update(CampaignEvent).where(CampaignEvent.id == event.id, CampaignEvent.seats_taken < CampaignEvent.capacity)
        .values(seats_taken=CampaignEvent.seats_taken + 1).execution_options(synchronize_session=False))
    db.session.expire(event, ["seats_taken"])
    return taken.rowcount == 1


def _give_back_place(event: CampaignEvent) -> None:
    db.session.execute(
        update(CampaignEvent).where(CampaignEvent.id == event.id, CampaignEvent.seats_taken > 0)
        .values(seats_taken=CampaignEvent.seats_taken - 1).execution_options(synchronize_session=False))
    db.session.expire(event, ["seats_taken"])


def cancel(event: CampaignEvent, token: str | None) -> bool:
    """Cancel this browser's registration; the first on the waitlist moves up."""
    mine = my_registration(event, token)
    if mine is None:
        return False
    remove_registration(mine)
    return True


def remove_registration(registration: CampaignRegistration) -> CampaignRegistration | None:
    """Delete a registration (the resident cancelled, or an organiser removed it); if it held a
    place, the first on the waitlist moves up. Returns the promoted registration, if any."""
    event = registration.event
    freed = not registration.waitlisted
    db.session.delete(registration)
    db.session.flush()
    if not freed:
        return None
    _give_back_place(event)  # first, so concurrent removals and sign-ups queue on the event row
    promote = db.session.scalar(select(CampaignRegistration).where(
        CampaignRegistration.event_id == event.id, CampaignRegistration.waitlisted.is_(True))
        .order_by(CampaignRegistration.id).limit(1).with_for_update())
    if promote is not None and _take_place(event):  # not when the organiser lowered the capacity
        promote.waitlisted = False
        db.session.flush()
        return promote
    return None
