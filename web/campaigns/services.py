"""Campaign operations: state at read time, who may edit what, saves with revisions and the
audit log. They `flush()`; the request (or CLI command) commits once."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select

from web import clock
from web.campaigns.models import Campaign, CampaignAudit, CampaignRevision
from web.extensions import db

EDITABLE = (
    "slug", "title_zh", "title_en", "summary_zh", "summary_en", "body_zh", "body_en", "street",
    "starts_at", "ends_at", "goal_pledges", "pledge_actions", "cover_image", "cover_alt_zh", "cover_alt_en",
)


class CampaignError(ValueError):
    """A rule about campaigns was broken; `field` names the form field, `code` the message."""

    def __init__(self, field: str, code: str):
        super().__init__(f"{field}: {code}")
        self.field, self.code = field, code


def state(campaign: Campaign, now: dt.datetime | None = None) -> str:
    """draft → scheduled → live → ended, decided now (no cron)."""
    if not campaign.published or campaign.starts_at is None or campaign.ends_at is None:
        return "draft"
    now = now or clock.now()
    if now < campaign.starts_at:
        return "scheduled"
    if now < campaign.ends_at:
        return "live"
    return "ended"


def is_public(campaign: Campaign) -> bool:
    """Residents see live and ended campaigns, and scheduled ones by direct link (for posters)."""
    return state(campaign) in ("scheduled", "live", "ended")


def live_filter(now: dt.datetime):
    return (Campaign.published.is_(True), Campaign.starts_at <= now, Campaign.ends_at > now)


def live_campaigns(limit: int | None = None) -> list[Campaign]:
    now = clock.now()
    query = select(Campaign).where(*live_filter(now)).order_by(Campaign.ends_at, Campaign.id)
    if limit:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def public_campaigns() -> dict[str, list[Campaign]]:
    """Live, upcoming and past campaigns for the public list."""
    now = clock.now()
    published = db.session.scalars(
        select(Campaign).where(Campaign.published.is_(True), Campaign.starts_at.is_not(None))
        .order_by(Campaign.starts_at.desc(), Campaign.id)
    ).all()
    groups: dict[str, list[Campaign]] = {"live": [], "scheduled": [], "ended": []}
    for campaign in published:
        groups[state(campaign, now)].append(campaign)
    groups["live"].sort(key=lambda c: c.ends_at)
    groups["scheduled"].sort(key=lambda c: c.starts_at)
    return groups


def upcoming_for_api() -> list[Campaign]:
    """Live and scheduled campaigns, soonest first."""
    now = clock.now()
    query = (select(Campaign).where(Campaign.published.is_(True), Campaign.ends_at > now)
             .order_by(Campaign.starts_at, Campaign.id))
    return list(db.session.scalars(query))


def by_slug(slug: str) -> Campaign | None:
    return db.session.scalar(select(Campaign).where(Campaign.slug == slug))


# --- who may edit -------------------------------------------------------------------------

def can_edit(user, campaign: Campaign | None = None, street: str | None = None) -> bool:
    """Admins edit everything; an editor edits the campaigns of their own street, and a
    district-wide editor (street None) the district-wide ones."""
    if user.role == "admin":
        return True
    if user.role != "editor":
        return False
    target = campaign.street if campaign is not None else street
    return target == user.street


def editable_campaigns(user) -> list[Campaign]:
    query = select(Campaign).order_by(Campaign.updated_at.desc(), Campaign.id.desc())
    if user.role != "admin":
        query = query.where(Campaign.street.is_(None) if user.street is None else Campaign.street == user.street)
    return list(db.session.scalars(query))


def other_campaigns(user) -> list[Campaign]:
    """Campaigns this editor can see in the list but not change."""
    everything = db.session.scalars(select(Campaign).order_by(Campaign.starts_at.desc(), Campaign.id))
    return [campaign for campaign in everything if not can_edit(user, campaign)]


# --- saving -------------------------------------------------------------------------------

def snapshot(campaign: Campaign) -> dict:
    data = {}
    for name in EDITABLE:
        value = getattr(campaign, name)
        data[name] = value.isoformat() if isinstance(value, dt.datetime) else value
    data["published"] = campaign.published
    return data


def audit(user, action: str, campaign: Campaign | None = None, target: str = "", detail: str = "") -> None:
    db.session.add(CampaignAudit(
        user_id=getattr(user, "id", None), username=getattr(user, "username", "") or "system",
        action=action, campaign_id=campaign.id if campaign is not None else None,
        target=target or (campaign.slug if campaign is not None else ""), detail=detail[:2000],
        created_at=clock.now(),
    ))


def _revision(campaign: Campaign, user, changed: list[str]) -> None:
    last = db.session.scalar(
        select(CampaignRevision.number).where(CampaignRevision.campaign_id == campaign.id)
        .order_by(CampaignRevision.number.desc()).limit(1)
    ) or 0
    db.session.add(CampaignRevision(
        campaign_id=campaign.id, number=last + 1, snapshot=json.dumps(snapshot(campaign), ensure_ascii=False),
        changed=",".join(changed), user_id=getattr(user, "id", None),
        username=getattr(user, "username", "") or "system", created_at=clock.now(),
    ))


def _check(values: dict, campaign: Campaign | None) -> None:
    slug = values.get("slug")
    clash = db.session.scalar(select(Campaign.id).where(Campaign.slug == slug))
    if clash and (campaign is None or clash != campaign.id):
        raise CampaignError("slug", "slug_taken")
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if (starts is None) != (ends is None):
        raise CampaignError("ends_at" if starts else "starts_at", "window_incomplete")
    if starts and ends and ends <= starts:
        raise CampaignError("ends_at", "window_order")


def save(user, values: dict, campaign: Campaign | None = None, *, expected_version: int | None = None) -> Campaign:
    """Create or update a campaign from form values; records a revision and an audit entry."""
    street = values.get("street", campaign.street if campaign else None)
    if (campaign is not None and not can_edit(user, campaign)) or not can_edit(user, street=street):
        raise CampaignError("street", "not_your_street")
    if campaign is not None and expected_version is not None and expected_version != campaign.version:
        raise CampaignError("version", "stale")
    _check(values, campaign)
    creating = campaign is None
    if creating:
        campaign = Campaign(created_at=clock.now(), pledge_actions="[]", version=0)
        db.session.add(campaign)
    before = {} if creating else snapshot(campaign)
    for name, value in values.items():
        if name in EDITABLE:
            setattr(campaign, name, value)
    if campaign.published and (campaign.starts_at is None or campaign.ends_at is None):
        raise CampaignError("starts_at", "window_needed")
    after = snapshot(campaign)
    changed = [name for name in after if before.get(name) != after[name]] if not creating else ["created"]
    if not changed:
        return campaign
    campaign.version = (campaign.version or 0) + 1
    campaign.updated_at = clock.now()
    campaign.edited_by_staff = True
    db.session.flush()
    _revision(campaign, user, changed)
    audit(user, "create" if creating else "update", campaign, detail=", ".join(changed))
    db.session.flush()
    return campaign


def set_published(user, campaign: Campaign, published: bool) -> None:
    """Schedule (publish within its window) or take back to draft."""
    if not can_edit(user, campaign):
        raise CampaignError("street", "not_your_street")
    if published and (campaign.starts_at is None or campaign.ends_at is None):
        raise CampaignError("starts_at", "window_needed")
    if campaign.published == published:
        return
    campaign.published = published
    campaign.version += 1
    campaign.updated_at = clock.now()
    campaign.edited_by_staff = True
    db.session.flush()
    _revision(campaign, user, ["published"])
    audit(user, "schedule" if published else "unpublish", campaign, detail=state(campaign))
    db.session.flush()


def revisions(campaign: Campaign) -> list[CampaignRevision]:
    return list(db.session.scalars(
        select(CampaignRevision).where(CampaignRevision.campaign_id == campaign.id)
        .order_by(CampaignRevision.number.desc())))


def revision(campaign: Campaign, number: int) -> CampaignRevision | None:
    return db.session.scalar(select(CampaignRevision).where(
        CampaignRevision.campaign_id == campaign.id, CampaignRevision.number == number))


def revision_values(rev: CampaignRevision) -> dict:
    """A revision's snapshot as form values (datetimes parsed back)."""
    data = json.loads(rev.snapshot)
    for key in ("starts_at", "ends_at"):
        if data.get(key):
            data[key] = dt.datetime.fromisoformat(data[key])
    return data


@dataclass
class AuditPage:
    rows: list[CampaignAudit]
    page: int
    has_more: bool


def audit_log(campaign: Campaign | None = None, page: int = 1, per_page: int = 50) -> AuditPage:
    query = select(CampaignAudit).order_by(CampaignAudit.created_at.desc(), CampaignAudit.id.desc())
    if campaign is not None:
        query = query.where(CampaignAudit.campaign_id == campaign.id)
    rows = list(db.session.scalars(query.offset((page - 1) * per_page).limit(per_page + 1)))
    return AuditPage(rows=rows[:per_page], page=page, has_more=len(rows) > per_page)
