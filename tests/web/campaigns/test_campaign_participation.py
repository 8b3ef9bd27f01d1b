"""Pledges (one per browser, no personal data), the league, events with a waitlist, phones
purged after the event, and well-formed .ics and Atom files."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from sqlalchemy import func, select

from tests.support import register_for_event as register
from web.campaigns.participation import TOKEN_COOKIE


def pledge(client, slug="water-week", street="wanli", actions=("fix_drip",), lang="en"):
    return client.post(f"/campaigns/{slug}/pledge?lang={lang}", data={"street": street, "actions": list(actions)})


def test_pledge_is_counted_once_per_browser(client, make_campaign, db, app):
    from web.campaigns.models import Pledge

    make_campaign()
    first = pledge(client)
    assert first.status_code == 302 and TOKEN_COOKIE in first.headers.get("Set-Cookie", "")
    again = pledge(client, street="taopu")
    assert again.status_code == 400 and "already made a pledge" in again.get_data(as_text=True)
    other = app.test_client()
    assert pledge(other, street="taopu").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Pledge)) == 2
    row = db.session.scalar(select(Pledge))
    assert len(row.token_hash) == 64 and client.get_cookie(TOKEN_COOKIE).value not in row.token_hash
    assert set(Pledge.__table__.columns.keys()) == {"id", "campaign_id", "street", "actions", "token_hash", "created_at",
                                                    "saving_action", "saving_m3", "saving_yuan"}  # no visitor data
    page = client.get("/campaigns/water-week?lang=en").get_data(as_text=True)
    assert "2 pledges of a goal of 100" in page and 'value="2"' in page and "You have made your pledge" in page


def test_unique_constraint_backs_the_rule(app, make_campaign, db):
    from web.campaigns import participation
    from web.campaigns.services import CampaignError

    campaign = make_campaign()
    participation.pledge(campaign, "a" * 32, "wanli", ["fix_drip"])
    try:
        participation.pledge(campaign, "a" * 32, "wanli", ["fix_drip"])
    except CampaignError as exc:
        assert exc.code == "duplicate"
    else:
        raise AssertionError("duplicate pledge accepted")


def test_pledge_form_errors_next_to_fields(client, make_campaign):
    make_campaign()
    page = pledge(client, street="", actions=()).get_data(as_text=True)
    assert 'id="actions-error"' in page and 'id="street-error"' in page
    page = pledge(client, street="atlantis", actions=("not_an_action",)).get_data(as_text=True)
    assert "error" in page
    assert pledge(client, street="wanli", actions=("water_saving_taps",)).status_code == 400  # not offered here


def test_pledges_only_while_live(client, make_campaign):
    make_campaign(slug="later", state="scheduled")
    make_campaign(slug="gone", state="ended")
    assert pledge(client, slug="later").status_code == 400
    assert pledge(client, slug="gone").status_code == 400
    make_campaign(slug="draft", state="draft")
    assert pledge(client, slug="draft").status_code == 404


def test_league_ranks_streets_with_ties(app, make_campaign):
    from web.campaigns import participation

    campaign = make_campaign()
    for index, street in enumerate(["wanli", "wanli", "taopu", "taopu", "changzheng"]):
        participation.pledge(campaign, f"token-{index:030d}", street, ["fix_drip"])
    rows = participation.league(campaign)
    assert [(r.slug, r.pledges, r.rank) for r in rows[:3]] == [("wanli", 2, 1), ("taopu", 2, 1), ("changzheng", 1, 3)]
    assert len(rows) == 10 and rows[-1].pledges == 0


def test_registration_waitlist_and_cancel_promotes(app, make_campaign, db):
    from web.campaigns.models import CampaignRegistration

    campaign = make_campaign(events=1)  # capacity 2
    event = campaign.events[0]
    browsers = [app.test_client() for _ in range(3)]
    for index, browser in enumerate(browsers):
        assert register(browser, event, nickname=f"n{index}").status_code == 302
    assert register(browsers[0], event).status_code == 400  # same browser twice
    rows = db.session.scalars(select(CampaignRegistration).order_by(CampaignRegistration.id)).all()
    assert [r.waitlisted for r in rows] == [False, False, True]
    assert "waitlist" in browsers[2].get("/campaigns/water-week?lang=en").get_data(as_text=True)
    assert browsers[0].post(f"/campaigns/water-week/events/{event.id}/cancel").status_code == 302
    db.session.expire_all()
    assert [r.waitlisted for r in db.session.scalars(select(CampaignRegistration))] == [False, False]


def test_phone_only_when_needed_shown_with_reason_and_purged_after(client, make_campaign, frozen, db, make_user, login):
    from web.campaigns.models import CampaignRegistration

    campaign = make_campaign(events=2)
    needs, plain = campaign.events
    needs.phone_reason_zh, needs.phone_reason_en = "上门需要电话", "Volunteers call you to agree a time"
    db.session.commit()
    page = client.get("/campaigns/water-week?lang=en").get_data(as_text=True)
    assert "Volunteers call you to agree a time" in page
    assert f'name="e{plain.id}-phone"' not in page and f'name="e{needs.id}-phone"' in page
    missing = register(client, needs)
    assert missing.status_code == 400 and f'id="e{needs.id}-phone-error"' in missing.get_data(as_text=True)
    assert "小王" in missing.get_data(as_text=True)  # nickname kept
    assert register(client, needs, phone="abc").status_code == 400
    assert register(client, needs, phone="13800000000").status_code == 302
    assert register(client, plain, phone="13800000000").status_code == 302
    phones = {r.event_id: r.phone for r in db.session.scalars(select(CampaignRegistration))}
    assert phones == {needs.id: "13800000000", plain.id: None}
    frozen.set(needs.ends_at + dt.timedelta(minutes=1))
    client.get("/campaigns/water-week")
    db.session.expire_all()
    assert all(r.phone is None for r in db.session.scalars(select(CampaignRegistration)))


def test_registration_closed_once_the_event_started(client, make_campaign, frozen):
    campaign = make_campaign(events=1)
    frozen.set(campaign.events[0].starts_at)
    response = register(client, campaign.events[0])
    assert response.status_code == 400 and "closed" in response.get_data(as_text=True)


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_ics_is_well_formed_and_links_back(client, make_campaign, db):
    campaign = make_campaign(events=1)
    event = campaign.events[0]
    event.title_en = "Talk, with; commas\\and more " + "x" * 80
    db.session.commit()
    response = client.get(f"/campaigns/water-week/events/{event.id}.ics?lang=en")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    raw = response.get_data(as_text=True)
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))
    assert raw.endswith("\r\n") and "\n" not in raw.replace("\r\n", "")
    lines = unfold(raw)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 1
    props = dict(line.split(":", 1) for line in lines if ":" in line)
    assert props["SUMMARY"].startswith("Talk\\, with\\; commas\\\\and more")
    assert props["URL"].endswith(f"/campaigns/water-week#event-{event.id}")
    assert props["DTSTART"] == event.starts_at.strftime("%Y%m%dT%H%M%SZ")
    assert {"UID", "DTSTAMP", "DTEND", "LOCATION", "VERSION", "PRODID"} <= set(props)


def test_atom_feed_lists_what_the_campaign_list_lists(client, make_campaign):
    make_campaign(slug="now-on", title_en="Now & <then>")
    make_campaign(slug="later", state="scheduled", title_en="Announced")
    response = client.get("/campaigns/feed.atom?lang=en")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"a:{required}", ns) is not None
    entries = root.findall("a:entry", ns)
    assert [e.find("a:title", ns).text for e in entries] == ["Now & <then>", "Announced"]
    listed = client.get("/campaigns/?lang=en").get_data(as_text=True)
    assert "Now &amp; &lt;then&gt;" in listed and "Announced" in listed
    assert entries[0].find("a:link", ns).get("href").endswith("/campaigns/now-on")
    assert dt.datetime.fromisoformat(entries[0].find("a:updated", ns).text).utcoffset() == dt.timedelta(0)
