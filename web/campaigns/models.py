"""Campaigns, their events and registrations, pledges, poster/direct view counts, revisions,
and the audit log. Times are naive UTC like the rest of the site."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from sqlalchemy import Date, DateTime, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from web import clock
from web.extensions import db

LANGS = ("zh", "en")
STATES = ("draft", "scheduled", "live", "ended")


class Campaign(db.Model):
    __tablename__ = "campaign_campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title_zh: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    summary_zh: Mapped[str] = mapped_column(Text)
    summary_en: Mapped[str] = mapped_column(Text)
    body_zh: Mapped[str] = mapped_column(Text)  # Markdown, rendered and sanitised on display
    body_en: Mapped[str] = mapped_column(Text)
    street: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)  # None = district-wide
    # draft until an editor schedules it; then scheduled/live/ended follow from the window.
    published: Mapped[bool] = mapped_column(default=False)
    starts_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True, index=True)
    ends_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True, index=True)
    goal_pledges: Mapped[int | None] = mapped_column(Integer, nullable=True)
    pledge_actions: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of action keys
    cover_image: Mapped[str | None] = mapped_column(String(80), nullable=True)
    cover_alt_zh: Mapped[str] = mapped_column(String(200), default="")
    cover_alt_en: Mapped[str] = mapped_column(String(200), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    seed_digest: Mapped[str | None] = mapped_column(String(64), nullable=True)  # set by `flask content load`
    edited_by_staff: Mapped[bool] = mapped_column(default=False)  # then `content load` leaves it alone
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now)

    events: Mapped[list[CampaignEvent]] = relationship(
        back_populates="campaign", order_by="CampaignEvent.starts_at", cascade="all, delete-orphan")

    def text(self, field: str, lang: str) -> str:
        return getattr(self, f"{field}_{lang}") or getattr(self, f"{field}_zh")

    def action_keys(self) -> list[str]:
        try:
            keys = json.loads(self.pledge_actions or "[]")
        except ValueError:
            return []
        return [key for key in keys if isinstance(key, str)]


class CampaignEvent(db.Model):
    __tablename__ = "campaign_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign_campaigns.id", ondelete="CASCADE"), index=True)
    seed_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    title_zh: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    description_zh: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    place_zh: Mapped[str] = mapped_column(String(300))
    place_en: Mapped[str] = mapped_column(String(300))
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime)
    ends_at: Mapped[dt.datetime] = mapped_column(DateTime)
    capacity: Mapped[int] = mapped_column(Integer)
    # Confirmed places taken, kept beside the rows so that taking one is a single conditional
    # UPDATE (atomic on SQLite and PostgreSQL alike): see participation.register.
    seats_taken: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # A phone number is asked only when the organiser gives the reason residents will see.
    phone_reason_zh: Mapped[str] = mapped_column(Text, default="")
    phone_reason_en: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now)

    campaign: Mapped[Campaign] = relationship(back_populates="events")
    registrations: Mapped[list[CampaignRegistration]] = relationship(
        back_populates="event", order_by="CampaignRegistration.id", cascade="all, delete-orphan")

    def text(self, field: str, lang: str) -> str:
        return getattr(self, f"{field}_{lang}") or getattr(self, f"{field}_zh")

    @property
    def needs_phone(self) -> bool:
        return bool((self.phone_reason_zh or "").strip() or (self.phone_reason_en or "").strip())


class CampaignRegistration(db.Model):
    """A resident's place at an event: a nickname, and a phone only if the event needs it."""

    __tablename__ = "campaign_registrations"
    __table_args__ = (UniqueConstraint("event_id", "token_hash", name="uq_campaign_registrations_event_token"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("campaign_events.id", ondelete="CASCADE"), index=True)
    nickname: Mapped[str] = mapped_column(String(40))
    phone: Mapped[str | None] = mapped_column(String(20), nullable=True)  # purged after the event
    token_hash: Mapped[str] = mapped_column(String(64))  # hash of the browser's random token
    waitlisted: Mapped[bool] = mapped_column(default=False)
    # The resident's own key to their status page (shown once at registration); not a secret
    # of anyone else's, and it reveals only this registration's nickname and status.
    code: Mapped[str | None] = mapped_column(String(24), nullable=True, unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now)

    event: Mapped[CampaignEvent] = relationship(back_populates="registrations")


class Pledge(db.Model):
    """One pledge per browser and campaign; no personal data (the token is hashed)."""

    __tablename__ = "pledges"
    __table_args__ = (UniqueConstraint("campaign_id", "token_hash", name="uq_pledges_campaign_token"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign_campaigns.id", ondelete="CASCADE"), index=True)
    street: Mapped[str] = mapped_column(String(64), index=True)
    actions: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of action keys
    token_hash: Mapped[str] = mapped_column(String(64))
    # Set when the pledge came from a savings-calculator result: the action and its saving
    # for that household, computed by core.savings on the server (never taken from the URL).
    saving_action: Mapped[str | None] = mapped_column(String(40), nullable=True)
    saving_m3: Mapped[Decimal | None] = mapped_column(Numeric(10, 2), nullable=True)
    saving_yuan: Mapped[Decimal | None] = mapped_column(Numeric(10, 2), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now)


class OfflineTally(db.Model):
    """Pledges collected on paper or at a street stall, entered by an editor: counted apart
    from online pledges and added to the totals."""

    __tablename__ = "campaign_offline_tallies"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign_campaigns.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(16))  # "sheet" (paper pledge sheet) or "stall" (street stall)
    street: Mapped[str] = mapped_column(String(64), index=True)
    count: Mapped[int] = mapped_column(Integer)
    actions: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of action keys
    note: Mapped[str] = mapped_column(Text, default="")
    day: Mapped[dt.date] = mapped_column(Date)  # the Shanghai date the pledges were collected
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    username: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now)

    def action_keys(self) -> list[str]:
        try:
            keys = json.loads(self.actions or "[]")
        except ValueError:
            return []
        return [key for key in keys if isinstance(key, str)]


class CampaignView(db.Model):
    """Page views per campaign, per day (Shanghai date) and source (poster/direct). No visitor data."""

    __tablename__ = "campaign_views"
    __table_args__ = (UniqueConstraint("campaign_id", "day", "source", name="uq_campaign_views_campaign_day_source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign_campaigns.id", ondelete="CASCADE"), index=True)
    day: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(16))
    count: Mapped[int] = mapped_column(Integer, default=0)


class CampaignRevision(db.Model):
    """A snapshot of a campaign's editable fields after each save."""

    __tablename__ = "campaign_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign_campaigns.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[str] = mapped_column(Text)  # JSON
    changed: Mapped[str] = mapped_column(Text, default="")  # comma-separated field names
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    username: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now)


class CampaignAudit(db.Model):
    """Who changed what, when: every staff write in the campaigns area."""

    __tablename__ = "campaign_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    username: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(40))
    campaign_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)  # kept after deletion
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
