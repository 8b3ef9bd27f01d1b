"""Organisers' tools (issue 15.3): the status page a resident keeps, the registrations list,
its CSV export and removing a registrant (the waitlist moves up), offline tallies, and
pledges from a savings result carrying the saving core.savings computes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal

from sqlalchemy import select

from core import savings
from tests.support import register_for_event as register


def test_status_page_by_code_shows_a_promotion_from_the_waitlist(app, make_campaign, db):
    campaign = make_campaign(events=1)  # capacity 2
    event = campaign.events[0]
    browsers = [app.test_client() for _ in range(3)]
    links = []
    for index, browser in enumerate(browsers):
        response = register(browser, event, f"居民{index}")
        assert response.status_code == 302 and "/campaigns/water-week/registration/" in response.headers["Location"]
        links.append(response.headers["Location"])
    waiting = app.test_client().get(links[2] + "?lang=en")  # another device: only the code is needed
    body = waiting.get_data(as_text=True)
    assert waiting.status_code == 200 and "On the waitlist" in body and "居民2" in body and "居民0" not in body
    assert waiting.headers["Cache-Control"] == "no-store"
    assert browsers[0].post(f"/campaigns/water-week/events/{event.id}/cancel").status_code == 302
    promoted = app.test_client().get(links[2] + "?lang=zh").get_data(as_text=True)
    assert "已确认：您有名额" in promoted
    assert app.test_client().get(links[0]).status_code == 404  # cancelled: the code leads nowhere now
    other = make_campaign(slug="other-week")
    code = links[1].rsplit("/", 1)[1]
    assert app.test_client().get(f"/campaigns/{other.slug}/registration/{code}").status_code == 404


def test_cancel_from_the_status_page(app, make_campaign, db):
    from web.campaigns.models import CampaignRegistration

    event = make_campaign(events=1).events[0]
    link = register(app.test_client(), event, "小李").headers["Location"]
    assert app.test_client().post(link + "/cancel").status_code == 302
    assert db.session.scalar(select(CampaignRegistration)) is None


def _editor(make_user, login, client, street):
    user = make_user("editor", street=street)
    login(client, user)
    return user


def test_editor_lists_exports_and_removes_with_promotion(app, client, make_campaign, make_user, login, db):
    from web.campaigns.models import CampaignAudit, CampaignRegistration

    campaign = make_campaign(street="wanli", events=1)
    event = campaign.events[0]
    event.phone_reason_zh, event.phone_reason_en = "需要电话", "We call you"
    db.session.commit()
    for index, nickname in enumerate(["=HYPERLINK(\"x\")", "小张", "+候补"]):
        assert register(app.test_client(), event, nickname, phone=f"1380000000{index}").status_code == 302
    _editor(make_user, login, client, "wanli")
    page = client.get(f"/staff/campaigns/events/{event.id}/registrations?lang=en").get_data(as_text=True)
    assert "13800000001" in page and "Waitlist" in page and "Download as CSV" in page
    export = client.get(f"/staff/campaigns/events/{event.id}/registrations.csv?lang=zh")
    assert export.status_code == 200 and export.mimetype == "text/csv"
    raw = export.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert lines[0] == ["#", "昵称", "状态", "报名时间（上海时间）", "电话号码"]
    assert lines[1] == ["1", "'=HYPERLINK(\"x\")", "已确认", "2027-03-20 12:00", "13800000000"]  # Shanghai time
    assert lines[3] == ["3", "'+候补", "候补", "2027-03-20 12:00", "13800000002"]
    first = db.session.scalar(select(CampaignRegistration).order_by(CampaignRegistration.id))
    removed = client.post(f"/staff/campaigns/registrations/{first.id}/remove?lang=en")
    assert removed.status_code == 302
    db.session.expire_all()
    rows = db.session.scalars(select(CampaignRegistration).order_by(CampaignRegistration.id)).all()
    assert [(r.nickname, r.waitlisted) for r in rows] == [("小张", False), ("+候补", False)]
    actions = [a.action for a in db.session.scalars(select(CampaignAudit))]
    assert "registration_remove" in actions and "registrations_export" in actions


def test_phone_column_only_when_asked_and_empty_after_the_purge(app, client, make_campaign, make_user, login, frozen):
    campaign = make_campaign(street="wanli", events=1)
    event = campaign.events[0]
    assert register(app.test_client(), event, "小王", phone="13800000000").status_code == 302
    _editor(make_user, login, client, "wanli")
    lines = client.get(f"/staff/campaigns/events/{event.id}/registrations.csv?lang=en").get_data(as_text=True).splitlines()
    assert "Phone" not in lines[0] and "13800000000" not in "".join(lines)


def test_a_street_editor_cannot_see_export_or_remove_another_streets_registrations(
        app, client, make_campaign, make_user, login, db):
    from web.campaigns.models import CampaignRegistration

    campaign = make_campaign(street="wanli", events=1)
    event = campaign.events[0]
    register(app.test_client(), event, "小王")
    row = db.session.scalar(select(CampaignRegistration))
    _editor(make_user, login, client, "taopu")
    assert client.get(f"/staff/campaigns/events/{event.id}/registrations").status_code == 403
    assert client.get(f"/staff/campaigns/events/{event.id}/registrations.csv").status_code == 403
    assert client.post(f"/staff/campaigns/registrations/{row.id}/remove").status_code == 403
    assert client.get(f"/staff/campaigns/{campaign.id}/tallies").status_code == 403
    assert client.post(f"/staff/campaigns/{campaign.id}/tallies", data={"source": "sheet", "street": "wanli",
                                                                        "count": "5", "day": "2027-03-19"}).status_code == 403
    assert db.session.scalar(select(CampaignRegistration)) is not None


def test_offline_tallies_are_counted_apart_shown_in_totals_and_audited(app, client, make_campaign, make_user, login, db):
    from web.campaigns import participation
    from web.campaigns.models import CampaignAudit, OfflineTally

    campaign = make_campaign(street="wanli")
    app.test_client().post("/campaigns/water-week/pledge", data={"street": "taopu", "actions": ["fix_drip"]})
    _editor(make_user, login, client, "wanli")
    bad = client.post(f"/staff/campaigns/{campaign.id}/tallies?lang=en",
                      data={"source": "sheet", "street": "", "count": "-3", "day": "yesterday"})
    assert bad.status_code == 400 and 'id="count-error"' in bad.get_data(as_text=True)
    added = client.post(f"/staff/campaigns/{campaign.id}/tallies?lang=en", data={
        "source": "stall", "street": "wanli", "count": "12", "actions": ["fix_drip"],
        "day": "2027-03-19", "note": "长寿路摊位"})
    assert added.status_code == 302, [line for line in added.get_data(as_text=True).splitlines() if "error" in line]
    tally = db.session.scalar(select(OfflineTally))
    assert (tally.count, tally.street, tally.action_keys(), tally.day) == (12, "wanli", ["fix_drip"], dt.date(2027, 3, 19))
    assert participation.offline_count(campaign) == 12 and participation.pledge_count(campaign) == 13
    league = {row.slug: row.pledges for row in participation.league(campaign)}
    assert league["wanli"] == 12 and league["taopu"] == 1
    staff_page = client.get(f"/staff/campaigns/{campaign.id}/tallies?lang=en").get_data(as_text=True)
    assert "13 pledges: 1 online and 12 offline" in staff_page and "长寿路摊位" in staff_page
    public = app.test_client().get("/campaigns/water-week?lang=en").get_data(as_text=True)
    assert "13 pledges of a goal of 100 (including 12 offline)" in public
    public_zh = app.test_client().get("/campaigns/water-week?lang=zh").get_data(as_text=True)
    assert "目标100人（其中线下12份）" in public_zh.replace(" ", "") and "人 （" not in public_zh
    assert client.post(f"/staff/campaigns/tallies/{tally.id}/delete").status_code == 302
    assert participation.offline_count(campaign) == 0
    assert [a.action for a in db.session.scalars(select(CampaignAudit).order_by(CampaignAudit.id))][-2:] == [
        "tally_add", "tally_delete"]


HOUSEHOLD = {"people": "3", "dripping_taps": "2", "showers_per_day": "2", "shower_minutes": "10"}


def test_savings_result_links_to_a_pledge_that_carries_the_computed_saving(app, make_campaign, db):
    from web.campaigns.models import Pledge

    make_campaign(street=None)
    result = app.test_client().get("/savings", query_string={**HOUSEHOLD, "lang": "en"}).get_data(as_text=True)
    assert "/campaigns/water-week/pledge?action=fix_drip" in result
    assert "Pledge this" in result
    browser = app.test_client()
    page = browser.get("/campaigns/water-week/pledge", query_string={**HOUSEHOLD, "action": "fix_drip", "lang": "en"})
    expected = next(s for s in savings.estimate(dict(HOUSEHOLD)).savings if s.action.key == "fix_drip")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and f"{expected.m3_per_year} m³" in text
    inputs = "&".join(f"{k}={v}" for k, v in HOUSEHOLD.items())
    done = browser.post("/campaigns/water-week/pledge", data={
        "street": "wanli", "actions": ["fix_drip"], "saving_action": "fix_drip", "saving_inputs": inputs,
        "saving_m3": "9999", "saving_yuan": "9999"})  # figures in the request are ignored
    assert done.status_code == 302
    row = db.session.scalar(select(Pledge))
    assert (row.saving_action, row.saving_m3, row.saving_yuan) == ("fix_drip", expected.m3_per_year, expected.yuan_per_year)
    app.test_client().post("/campaigns/water-week/pledge", data={
        "street": "wanli", "actions": ["fix_drip"], "saving_action": "fix_drip", "saving_inputs": inputs})
    app.test_client().post("/campaigns/water-week/pledge", data={"street": "wanli", "actions": ["fix_drip"]})
    public = app.test_client().get("/campaigns/water-week?lang=en").get_data(as_text=True)
    assert "Calculated savings pledged" in public and str((expected.m3_per_year * 2).quantize(Decimal("0.01"))) in public


def test_a_saving_link_without_a_computable_saving_is_a_clear_400(app, make_campaign):
    make_campaign()
    for query in ({"action": "fix_drip", "people": "3"},  # no dripping tap: nothing to save
                  {"action": "fix_drip", "people": "abc", "dripping_taps": "1"},
                  {"action": "water_saving_taps", "people": "3"}):  # not offered by this campaign
        response = app.test_client().get("/campaigns/water-week/pledge", query_string={**query, "lang": "zh"})
        assert response.status_code == 400 and "节水计算器" in response.get_data(as_text=True), query


def test_cover_upload_makes_renditions_and_the_page_sets_their_size(app, client, make_campaign, make_user, login, db):
    from PIL import Image

    from web.campaigns import images
    from web.campaigns.views import uploads_folder

    buffer = io.BytesIO()
    Image.new("RGB", (2000, 1000), (10, 120, 160)).save(buffer, "JPEG")
    name = images.store(buffer.getvalue(), uploads_folder())
    assert images.size_of(uploads_folder() / images.rendition_name(name, "page")) == (960, 480)
    assert images.size_of(uploads_folder() / images.rendition_name(name, "small")) == (480, 240)
    campaign = make_campaign(cover_image=name, cover_alt_zh="海报", cover_alt_en="Poster")
    page = app.test_client().get("/campaigns/water-week?lang=en").get_data(as_text=True)
    page_name = images.rendition_name(name, "page")
    assert f'src="/campaigns/media/{page_name}"' in page and 'width="960" height="480"' in page
    assert f'<meta property="og:image" content="http://localhost/campaigns/media/{images.rendition_name(name, "og")}">' in page
    assert '<meta property="og:url" content="http://localhost/campaigns/water-week">' in page
    assert '<meta property="og:title" content="Water week">' in page
    assert app.test_client().get(f"/campaigns/media/{page_name}").status_code == 200
    assert campaign.cover_image == name


def test_the_page_is_shared_and_the_visitors_parts_come_from_state_json(make_app, make_campaign, db):
    """With the page cache on and CSRF on: one render serves everyone (views still counted),
    the page carries no token, state.json gives this browser's token and state, and a form
    without JavaScript is accepted from the same origin and refused from another."""
    from web.campaigns import participation, stats, views
    from web.campaigns.models import Pledge

    make_campaign(events=1)
    cached = make_app(CACHE_TYPE="SimpleCache", WTF_CSRF_ENABLED=True, VIEW_COUNT_FLUSH_SECONDS=0)
    renders = []
    original = views.render_template
    views.render_template = lambda *a, **k: renders.append(a[0]) or original(*a, **k)
    try:
        first, second = cached.test_client(), cached.test_client()
        page = first.get("/campaigns/water-week?lang=en").get_data(as_text=True)
        assert second.get("/campaigns/water-week?lang=en").get_data(as_text=True) == page
        assert renders == ["campaigns/detail.html"]
        assert 'name="csrf_token" value=""' in page and 'data-state-url="/campaigns/water-week/state.json"' in page
        assert '<script src="/static/campaigns/campaign.js" defer>' in page and "<script>" not in page
        forged = first.post("/campaigns/water-week/pledge", data={"street": "wanli", "actions": ["fix_drip"]},
                            headers={"Origin": "https://evil.example"})
        assert forged.status_code == 400
        no_js = first.post("/campaigns/water-week/pledge", data={"street": "wanli", "actions": ["fix_drip"]},
                           headers={"Origin": "http://localhost"})
        assert no_js.status_code == 302
        state = second.get("/campaigns/water-week/state.json?lang=en")
        assert state.headers["Cache-Control"] == "no-store"
        data = state.get_json()
        assert data["pledged"] is False and data["pledges"] == 1 and data["csrf_token"]
        with_token = second.post("/campaigns/water-week/pledge",
                                 data={"street": "taopu", "actions": ["fix_drip"], "csrf_token": data["csrf_token"]})
        assert with_token.status_code == 302
        assert second.get("/campaigns/water-week/state.json").get_json()["pledged"] is True
        assert len(db.session.scalars(select(Pledge)).all()) == 2
        participation.flush_views()
        db.session.commit()
        row = next(r for r in stats.campaign_rows() if r["title"]["en"] == "Water week")
        assert row["views"]["direct"] == 2  # both visits counted, one render
    finally:
        views.render_template = original
    assert json.dumps(data)  # plain JSON
