"""Per-address limits on what residents can do without an account: pledges, registrations
and chat, for a client that drops its cookie (or session) on every request. A second
address is never limited by the first one's use."""

from __future__ import annotations

import pytest

ONE = {"REMOTE_ADDR": "203.0.113.7"}
OTHER = {"REMOTE_ADDR": "198.51.100.9"}


def fresh_browser(app, address):
    """A client with no cookie at all, as a script that drops it each time."""
    client = app.test_client()
    client.environ_base.update(address)
    return client


def test_pledges_from_one_address_are_limited_even_without_cookies(app, make_campaign, rate_limits):
    make_campaign()
    statuses = [fresh_browser(app, ONE).post("/campaigns/water-week/pledge?lang=en",
                                             data={"street": "wanli", "actions": ["fix_drip"]}).status_code
                for _ in range(12)]
    assert statuses[:10] == [302] * 10 and statuses[10:] == [429, 429], statuses
    limited = fresh_browser(app, ONE).post("/campaigns/water-week/pledge?lang=zh",
                                           data={"street": "wanli", "actions": ["fix_drip"]})
    assert limited.status_code == 429 and "请求过于频繁" in limited.get_data(as_text=True)
    assert int(limited.headers["Retry-After"]) > 0
    other = fresh_browser(app, OTHER).post("/campaigns/water-week/pledge", data={"street": "wanli", "actions": ["fix_drip"]})
    assert other.status_code == 302


def test_fake_registrations_from_one_address_cannot_fill_an_event(app, make_campaign, rate_limits, db):
    from web.campaigns.models import CampaignRegistration

    campaign = make_campaign(events=2)
    first, second = campaign.events
    for event in campaign.events:
        event.capacity = 30
    db.session.commit()

    def register(event, index, address=ONE):
        return fresh_browser(app, address).post(f"/campaigns/water-week/events/{event.id}/register?lang=en",
                                                data={f"e{event.id}-nickname": f"fake{index}"}).status_code

    statuses = [register(first, index) for index in range(8)]
    assert statuses[:5] == [302] * 5 and set(statuses[5:]) == {429}, statuses
    assert register(second, 99) == 302  # another event has its own budget
    assert register(first, 100, OTHER) == 302  # and so has another address
    assert db.session.query(CampaignRegistration).filter_by(event_id=first.id).count() == 6


@pytest.mark.parametrize("lang,text", [("en", "Too many requests"), ("zh", "请求过于频繁")])
def test_chat_from_one_address_with_a_new_session_each_time_is_limited(app, rate_limits, lang, text):
    statuses = [fresh_browser(app, ONE).post("/api/chat", json={"message": "水费", "lang": lang}).status_code
                for _ in range(60)]
    assert statuses == [200] * 60
    limited = fresh_browser(app, ONE).post(f"/api/chat?lang={lang}", json={"message": "水费", "lang": lang})
    assert limited.status_code == 429 and text in limited.get_json()["error"]["message"]
    assert fresh_browser(app, OTHER).post("/api/chat", json={"message": "水费"}).status_code == 200
