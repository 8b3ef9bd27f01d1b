"""Public pages render in both languages; drafts stay hidden; views are counted by source."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_list_detail_poster_faq_render(client, make_campaign, lang):
    make_campaign(events=1)
    for url in ("/campaigns/", "/campaigns/water-week", "/campaigns/water-week/poster", "/faq", "/"):
        response = client.get(f"{url}?lang={lang}")
        assert response.status_code == 200, url
    page = client.get(f"/campaigns/water-week?lang={lang}").get_data(as_text=True)
    assert ("Water week" if lang == "en" else "节水周") in page
    assert ".ics" in page and "<progress" in page


def test_home_shows_live_campaigns_only(client, make_campaign):
    make_campaign(slug="now-on", title_en="Now on")
    make_campaign(slug="later", state="scheduled", title_en="Later")
    make_campaign(slug="hidden", state="draft", title_en="Hidden")
    page = client.get("/?lang=en").get_data(as_text=True)
    assert "Now on" in page and "Later" not in page and "Hidden" not in page


def test_home_shows_what_is_coming_when_nothing_is_live(client, make_campaign):
    make_campaign(slug="later", state="scheduled", title_en="Later")
    make_campaign(slug="hidden", state="draft", title_en="Hidden")
    page = client.get("/?lang=en").get_data(as_text=True)
    assert "Coming up: Water Week campaigns" in page and "Later" in page and "Hidden" not in page


def test_draft_is_not_public(client, make_campaign):
    make_campaign(slug="secret", state="draft")
    assert client.get("/campaigns/secret").status_code == 404
    assert client.get("/campaigns/secret/poster").status_code == 404
    assert client.get("/campaigns/nope").status_code == 404


def test_views_counted_by_source_without_visitor_data(client, make_campaign, db):
    from web.campaigns.models import CampaignView

    campaign = make_campaign()
    client.get("/campaigns/water-week?src=poster")
    client.get("/campaigns/water-week?src=poster")
    client.get("/campaigns/water-week")
    rows = {r.source: r.count for r in db.session.scalars(select(CampaignView).where(CampaignView.campaign_id == campaign.id))}
    assert rows == {"poster": 2, "direct": 1}
    assert set(CampaignView.__table__.columns.keys()) == {"id", "campaign_id", "day", "source", "count"}


def test_poster_has_a4_print_css_and_qr_with_source_tag(client, make_campaign):
    make_campaign()
    page = client.get("/campaigns/water-week/poster").get_data(as_text=True)
    assert "<svg" in page and 'role="img"' in page and "?src=poster" in page
    assert 'style="' not in page and "<script>" not in page
    css = client.get("/static/campaigns/poster.css").get_data(as_text=True)
    assert "@page" in css and "A4" in css


def test_no_inline_styles_or_scripts_on_campaign_pages(client, make_campaign):
    make_campaign(events=1)
    for url in ("/campaigns/", "/campaigns/water-week", "/faq"):
        page = client.get(url).get_data(as_text=True)
        assert 'style="' not in page and "<script>" not in page, url


def test_api_lists_live_and_scheduled_soonest_first(client, make_campaign, frozen):
    make_campaign(slug="later", state="scheduled", events=1)
    make_campaign(slug="now-on", events=2)
    make_campaign(slug="gone", state="ended")
    make_campaign(slug="draft", state="draft")
    body = client.get("/api/v1/campaigns?lang=en").get_json()
    assert [c["slug"] for c in body["campaigns"]] == ["now-on", "later"]
    first = body["campaigns"][0]
    assert set(first) >= {"slug", "title", "summary", "url", "starts_at", "ends_at", "events"}
    assert first["title"] == "Water week" and first["url"].endswith("/campaigns/now-on?lang=en")
    assert set(first["events"][0]) >= {"title", "starts_at", "place", "url"}
    assert dt.datetime.fromisoformat(first["starts_at"].rstrip("Z"))
    bad = client.get("/api/v1/campaigns?lang=fr")
    assert bad.status_code == 400 and bad.get_json()["error"]["field"] == "lang"


def test_openapi_includes_campaigns(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/campaigns" in doc["paths"]


def test_scheduling_decided_at_read_time(client, make_campaign, frozen):
    from web.campaigns import services

    campaign = make_campaign(slug="soon", state="scheduled")
    assert services.state(campaign) == "scheduled"
    assert "/campaigns/soon#pledge" not in client.get("/?lang=en").get_data(as_text=True)  # coming up, not on now
    frozen.set(campaign.starts_at)
    assert services.state(campaign) == "live"
    assert "/campaigns/soon#pledge" in client.get("/?lang=en").get_data(as_text=True)
    frozen.set(campaign.ends_at)
    assert services.state(campaign) == "ended"
    assert "/campaigns/soon" not in client.get("/?lang=en").get_data(as_text=True)
    campaign.published = False
    assert services.state(campaign) == "draft"


def test_a_running_campaign_is_called_running_not_live_as_a_quiz_mode(app, make_campaign, make_user, login):
    make_campaign(slug="now-on")
    client = app.test_client()
    login(client, make_user("admin"))
    zh = client.get("/staff/campaigns/?lang=zh").get_data(as_text=True)
    assert 'badge--live">进行中' in zh
    public = client.get("/campaigns/?lang=zh").get_data(as_text=True)
    assert "<title>节水活动" in public and "进行中" in public and "现场" not in public  # one word per msgid (catalogs merge)
    assert "On now" in client.get("/staff/campaigns/?lang=en").get_data(as_text=True)
