"""Campaign fixtures: a frozen clock and a campaign factory."""

from __future__ import annotations

import datetime as dt
import json

import pytest

NOW = dt.datetime(2027, 3, 20, 4, 0)  # 2027-03-20 12:00 Shanghai, naive UTC


@pytest.fixture
def frozen(monkeypatch):
    """`frozen.set(datetime)` moves the campaigns clock; starts at NOW."""
    from web import clock

    class Frozen:
        value = NOW

        def set(self, value: dt.datetime) -> None:
            self.value = value

    state = Frozen()
    monkeypatch.setattr(clock, "now", lambda: state.value)
    return state


@pytest.fixture
def make_campaign(app, frozen):
    """`make_campaign(slug=…, street=None, state="live", **fields)` → a committed campaign."""
    from web.campaigns.models import Campaign, CampaignEvent
    from web.extensions import db

    def make(slug: str = "water-week", street: str | None = None, state: str = "live", events: int = 0, **fields):
        now = frozen.value
        windows = {
            "draft": (None, None, False),
            "scheduled": (now + dt.timedelta(days=2), now + dt.timedelta(days=9), True),
            "live": (now - dt.timedelta(days=1), now + dt.timedelta(days=6), True),
            "ended": (now - dt.timedelta(days=9), now - dt.timedelta(days=2), True),
        }
        starts, ends, published = windows[state]
        values = dict(
            slug=slug, title_zh="节水周", title_en="Water week", summary_zh="摘要", summary_en="Summary",
            body_zh="## 正文\n\n节约用水。", body_en="## Body\n\nSave water.", street=street,
            starts_at=starts, ends_at=ends, published=published, goal_pledges=100,
            pledge_actions=json.dumps(["fix_drip", "shorter_shower"]), created_at=now, updated_at=now,
        )
        values.update(fields)
        campaign = Campaign(**values)
        db.session.add(campaign)
        db.session.flush()
        for index in range(events):
            db.session.add(CampaignEvent(
                campaign_id=campaign.id, title_zh=f"活动{index}", title_en=f"Event {index}", place_zh="活动室",
                place_en="Activity room", starts_at=now + dt.timedelta(days=1, hours=index),
                ends_at=now + dt.timedelta(days=1, hours=index + 1), capacity=2))
        db.session.commit()
        return campaign

    return make
