"""The editor's flow: draft, bad input kept in the form, schedule, revisions and the audit log."""

from __future__ import annotations

from sqlalchemy import select


def form(**overrides):
    data = {
        "slug": "wanli-week", "title_zh": "万里节水周", "title_en": "Wanli water week", "summary_zh": "摘要",
        "summary_en": "Summary", "body_zh": "## 正文", "body_en": "## Body", "street": "wanli",
        "starts_at": "2027-03-21T09:00", "ends_at": "2027-03-28T18:00", "goal_pledges": "200",
        "pledge_actions": ["fix_drip", "shorter_shower"], "cover_alt_zh": "", "cover_alt_en": "",
    }
    data.update(overrides)
    return data


def _editor(client, make_user, login, street="wanli"):
    user = make_user("editor", street=street)
    login(client, user)
    return user


def test_create_draft_schedule_and_go_live(client, make_user, login, frozen, db):
    from web.campaigns import services
    from web.campaigns.models import Campaign, CampaignAudit, CampaignRevision

    _editor(client, make_user, login)
    response = client.post("/staff/campaigns/new", data=form())
    assert response.status_code == 302
    campaign = db.session.scalar(select(Campaign).where(Campaign.slug == "wanli-week"))
    assert services.state(campaign) == "draft" and campaign.street == "wanli"
    assert campaign.starts_at.isoformat() == "2027-03-21T01:00:00"  # Shanghai 09:00 = 01:00 UTC
    assert client.get("/campaigns/wanli-week").status_code == 404
    preview = client.get(f"/staff/campaigns/{campaign.id}/preview?lang=en")
    assert preview.status_code == 200 and "Preview" in preview.get_data(as_text=True)

    assert client.post(f"/staff/campaigns/{campaign.id}/schedule", data={"publish": "1"}).status_code == 302
    db.session.expire_all()
    assert services.state(campaign) == "scheduled"  # frozen at 2027-03-20 12:00 Shanghai
    assert "/campaigns/wanli-week#pledge" not in client.get("/").get_data(as_text=True)  # coming up, not on now
    frozen.set(campaign.starts_at)
    assert "/campaigns/wanli-week#pledge" in client.get("/").get_data(as_text=True)

    actions = [row.action for row in db.session.scalars(select(CampaignAudit).order_by(CampaignAudit.id))]
    assert actions == ["create", "schedule"]
    assert db.session.scalar(select(CampaignRevision.number).order_by(CampaignRevision.number.desc())) == 2


def test_bad_input_comes_back_filled_with_messages_next_to_fields(client, make_user, login, db):
    from web.campaigns.models import Campaign

    _editor(client, make_user, login)
    response = client.post("/staff/campaigns/new?lang=en", data=form(
        slug="Bad Slug!", title_en="", starts_at="tomorrow", goal_pledges="-3", body_zh="我的长文保留"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="slug-error"' in page and 'id="title_en-error"' in page and 'id="starts_at-error"' in page
    assert 'id="goal_pledges-error"' in page
    assert "我的长文保留" in page and 'value="tomorrow"' in page
    assert db.session.scalar(select(Campaign)) is None

    zh = client.post("/staff/campaigns/new?lang=zh", data=form(title_zh="")).get_data(as_text=True)
    assert "此项为必填项" in zh or "必填" in zh


def test_end_before_start_and_duplicate_slug(client, make_user, login, make_campaign):
    make_campaign(slug="taken", street="wanli")
    _editor(client, make_user, login)
    page = client.post("/staff/campaigns/new?lang=en", data=form(ends_at="2027-03-01T00:00")).get_data(as_text=True)
    assert 'id="ends_at-error"' in page and "The end must be after the start." in page
    response = client.post("/staff/campaigns/new?lang=en", data=form(slug="taken"))
    assert response.status_code == 400 and "already used" in response.get_data(as_text=True)


def test_edit_keeps_revisions_restore_and_stale_version(client, make_user, login, make_campaign, db):
    from web.campaigns.models import Campaign, CampaignRevision

    campaign = make_campaign(slug="wanli-week", street="wanli", state="draft")
    _editor(client, make_user, login)
    assert client.post(f"/staff/campaigns/{campaign.id}/edit", data=form(title_zh="第一版", version="")).status_code == 302
    db.session.expire_all()
    version = db.session.get(Campaign, campaign.id).version
    assert client.post(f"/staff/campaigns/{campaign.id}/edit",
                       data=form(title_zh="第二版", version=str(version))).status_code == 302
    # Someone still holding the first version is told, and keeps their text.
    stale = client.post(f"/staff/campaigns/{campaign.id}/edit?lang=en", data=form(title_zh="旧稿", version=str(version)))
    assert stale.status_code == 400 and "Someone else saved" in stale.get_data(as_text=True)
    assert "旧稿" in stale.get_data(as_text=True)
    revisions = db.session.scalars(select(CampaignRevision).where(CampaignRevision.campaign_id == campaign.id)
                                   .order_by(CampaignRevision.number)).all()
    assert [r.number for r in revisions] == [1, 2]
    assert "title_zh" in revisions[0].changed
    history = client.get(f"/staff/campaigns/{campaign.id}/history").get_data(as_text=True)
    assert "update" in history and "title_zh" in history
    restored = client.get(f"/staff/campaigns/{campaign.id}/edit?revision=1").get_data(as_text=True)
    assert "第一版" in restored


def test_schedule_needs_a_window(client, make_user, login, make_campaign, db):
    campaign = make_campaign(slug="no-dates", street="wanli", state="draft")
    _editor(client, make_user, login)
    client.post(f"/staff/campaigns/{campaign.id}/schedule?lang=en", data={"publish": "1"})
    db.session.expire_all()
    assert campaign.published is False


def test_admin_sees_audit_log(client, make_user, login, make_campaign):
    admin = make_user("admin")
    login(client, admin)
    client.post("/staff/campaigns/new", data=form(street=""))
    page = client.get("/staff/campaigns/audit").get_data(as_text=True)
    assert "create" in page and admin.username in page


def test_event_crud_and_audit(client, make_user, login, make_campaign, db):
    from web.campaigns.models import CampaignAudit, CampaignEvent

    campaign = make_campaign(slug="wanli-week", street="wanli")
    _editor(client, make_user, login)
    data = {"title_zh": "讲座", "title_en": "Talk", "place_zh": "活动室", "place_en": "Room",
            "starts_at": "2027-03-22T14:00", "ends_at": "2027-03-22T15:30", "capacity": "30",
            "phone_reason_zh": "需要电话通知", "phone_reason_en": ""}
    bad = client.post(f"/staff/campaigns/{campaign.id}/events/new?lang=en", data=data)
    assert bad.status_code == 400 and 'id="phone_reason_en-error"' in bad.get_data(as_text=True)
    data["phone_reason_en"] = "We call you to confirm"
    assert client.post(f"/staff/campaigns/{campaign.id}/events/new", data=data).status_code == 302
    event = db.session.scalar(select(CampaignEvent))
    assert event.needs_phone and event.capacity == 30
    assert client.post(f"/staff/campaigns/events/{event.id}/edit", data={**data, "capacity": "31"}).status_code == 302
    assert client.post(f"/staff/campaigns/events/{event.id}/delete").status_code == 302
    actions = [a.action for a in db.session.scalars(select(CampaignAudit).order_by(CampaignAudit.id))]
    assert actions == ["event_create", "event_update", "event_delete"]
