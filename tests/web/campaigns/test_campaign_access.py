"""Who may do what in the staff campaign area."""

from __future__ import annotations

import pytest

STAFF_GET = [
    "/staff/campaigns/", "/staff/campaigns/new", "/staff/campaigns/audit", "/staff/campaigns/{id}/edit",
    "/staff/campaigns/{id}/preview",
    "/staff/campaigns/{id}/history", "/staff/campaigns/{id}/events/new",
    "/staff/campaigns/events/{event}/edit", "/staff/campaigns/events/{event}/registrations",
]
STAFF_POST = [
    "/staff/campaigns/new", "/staff/campaigns/{id}/edit", "/staff/campaigns/{id}/schedule",
    "/staff/campaigns/{id}/events/new", "/staff/campaigns/events/{event}/edit",
    "/staff/campaigns/events/{event}/delete",
]


def _urls(campaign, urls):
    event = campaign.events[0].id
    return [url.format(id=campaign.id, event=event) for url in urls]


def test_anonymous_is_sent_to_sign_in(client, make_campaign):
    campaign = make_campaign(events=1)
    for url in _urls(campaign, STAFF_GET):
        response = client.get(url)
        assert response.status_code == 302 and "/staff/login" in response.headers["Location"], url
    for url in _urls(campaign, STAFF_POST):
        response = client.post(url, data={})
        assert response.status_code == 302 and "/staff/login" in response.headers["Location"], url


def test_teacher_is_refused_everywhere(client, make_campaign, make_user, login):
    campaign = make_campaign(events=1)
    login(client, make_user("teacher"))
    for url in _urls(campaign, STAFF_GET):
        assert client.get(url).status_code == 403, url
    for url in _urls(campaign, STAFF_POST):
        assert client.post(url, data={"title_zh": "x"}).status_code == 403, url


def test_editor_cannot_edit_another_streets_campaign(client, make_campaign, make_user, login, db):
    from web.campaigns.models import Campaign

    theirs = make_campaign(slug="theirs", street="taopu", events=1)
    district = make_campaign(slug="district", street=None, events=1)
    login(client, make_user("editor", street="wanli"))
    for campaign in (theirs, district):
        for url in ("/staff/campaigns/{id}/edit", "/staff/campaigns/{id}/events/new",
                    "/staff/campaigns/events/{event}/edit", "/staff/campaigns/events/{event}/registrations"):
            assert client.get(_urls(campaign, [url])[0]).status_code == 403
        for url in ("/staff/campaigns/{id}/edit", "/staff/campaigns/{id}/schedule", "/staff/campaigns/events/{event}/delete"):
            assert client.post(_urls(campaign, [url])[0], data={"publish": "0", "title_zh": "改"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Campaign, theirs.id).title_zh == "节水周"
    assert db.session.get(Campaign, theirs.id).published is True
    # The list shows them read-only; preview and history are readable.
    page = client.get("/staff/campaigns/").get_data(as_text=True)
    assert f"/staff/campaigns/{theirs.id}/edit" not in page and f"/staff/campaigns/{theirs.id}/preview" in page


def test_editor_cannot_reach_admin_pages(client, make_user, login):
    login(client, make_user("editor", street="wanli"))
    assert client.get("/staff/campaigns/audit").status_code == 403
    assert client.get("/staff/users").status_code == 403


def test_editor_cannot_move_a_campaign_to_another_street(client, make_campaign, make_user, login, db):
    from web.campaigns.models import Campaign

    mine = make_campaign(slug="mine", street="wanli")
    login(client, make_user("editor", street="wanli"))
    page = client.get(f"/staff/campaigns/{mine.id}/edit").get_data(as_text=True)
    assert 'value="taopu"' not in page
    response = client.post(f"/staff/campaigns/{mine.id}/edit", data=_form(slug="mine", street="taopu"))
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Campaign, mine.id).street == "wanli"


@pytest.mark.parametrize(("editor_street", "campaign_street", "allowed"), [
    ("wanli", "wanli", True), ("wanli", None, False), (None, None, True), (None, "wanli", False)])
def test_street_rule(app, make_user, make_campaign, editor_street, campaign_street, allowed):
    from web.campaigns.services import can_edit

    user = make_user("editor", street=editor_street)
    assert can_edit(user, make_campaign(street=campaign_street)) is allowed
    assert can_edit(make_user("admin"), make_campaign(slug="x", street=campaign_street)) is True
    assert can_edit(make_user("teacher"), make_campaign(slug="y", street=campaign_street)) is False


def _form(**overrides):
    data = {
        "slug": "new-campaign", "title_zh": "标题", "title_en": "Title", "summary_zh": "摘要", "summary_en": "Summary",
        "body_zh": "正文", "body_en": "Body", "street": "", "starts_at": "", "ends_at": "", "goal_pledges": "",
        "pledge_actions": ["fix_drip"], "cover_alt_zh": "", "cover_alt_en": "",
    }
    data.update(overrides)
    return data
