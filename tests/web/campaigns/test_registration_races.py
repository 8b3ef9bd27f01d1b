"""Event places under concurrent sign-ups: eight browsers at once for one place must give one
confirmed registration and seven on the waitlist, on SQLite and PostgreSQL alike. Each
browser is a separate test client in its own thread, so each request has its own database
session and connection, as under gunicorn."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

SIGNUPS = 8
ROUNDS = 3


def sign_up_at_once(app, slug: str, event_id: int, count: int) -> list[int]:
    barrier = threading.Barrier(count)
    statuses: list[int] = []

    def sign_up(index: int) -> None:
        browser = app.test_client()
        barrier.wait()
        response = browser.post(f"/campaigns/{slug}/events/{event_id}/register?lang=en",
                                data={f"e{event_id}-nickname": f"resident{index}"})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=sign_up, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return statuses


def places(db, event_id: int) -> tuple[int, int, int]:
    from web.campaigns.models import CampaignEvent, CampaignRegistration

    db.session.expire_all()
    confirmed = db.session.scalar(select(func.count()).select_from(CampaignRegistration).where(
        CampaignRegistration.event_id == event_id, CampaignRegistration.waitlisted.is_(False)))
    waiting = db.session.scalar(select(func.count()).select_from(CampaignRegistration).where(
        CampaignRegistration.event_id == event_id, CampaignRegistration.waitlisted.is_(True)))
    return confirmed, waiting, db.session.get(CampaignEvent, event_id).seats_taken


def test_eight_concurrent_signups_for_one_place_confirm_exactly_one(app, make_campaign, db):
    campaign = make_campaign(events=ROUNDS)
    for event in campaign.events:
        event.capacity = 1
    db.session.commit()
    backend = db.engine.url.get_backend_name()
    results = []
    for event in campaign.events:
        statuses = sign_up_at_once(app, campaign.slug, event.id, SIGNUPS)
        assert statuses == [302] * SIGNUPS, statuses
        results.append(places(db, event.id))
    print(f"\n{backend}: capacity 1, {SIGNUPS} concurrent sign-ups, confirmed per round: "
          f"{[confirmed for confirmed, _w, _s in results]}")
    assert results == [(1, SIGNUPS - 1, 1)] * ROUNDS


def test_concurrent_signups_fill_a_larger_event_exactly(app, make_campaign, db):
    campaign = make_campaign(events=1)
    event = campaign.events[0]
    event.capacity = 3
    db.session.commit()
    sign_up_at_once(app, campaign.slug, event.id, SIGNUPS)
    assert places(db, event.id) == (3, SIGNUPS - 3, 3)


def test_migration_counts_the_places_already_taken(app, make_app, tmp_path):
    """0010 backfills the counter from the registrations that exist when it runs."""
    import sqlalchemy as sa
    from flask_migrate import upgrade
    from sqlalchemy.engine import make_url

    from tests.support import fresh_postgres_database
    from web.extensions import db as database

    url = app.config["SQLALCHEMY_DATABASE_URI"]
    with (fresh_postgres_database(url, prefix="putuo_seats") if make_url(url).get_backend_name() == "postgresql"
          else _sqlite_file(tmp_path)) as empty:
        migrated = make_app(SQLALCHEMY_DATABASE_URI=empty)
        with migrated.app_context():
            upgrade(revision="0009_campaign_organisers")
            with database.engine.begin() as conn:
                conn.execute(sa.text(
                    "INSERT INTO campaign_campaigns (id, slug, title_zh, title_en, summary_zh, summary_en, body_zh, "
                    "body_en, published, pledge_actions, cover_alt_zh, cover_alt_en, version, edited_by_staff, "
                    "created_at, updated_at) VALUES (1, 'w', 't', 't', 's', 's', 'b', 'b', true, '[]', '', '', 1, "
                    "false, '2027-01-01', '2027-01-01')"))
                conn.execute(sa.text(
                    "INSERT INTO campaign_events (id, campaign_id, title_zh, title_en, description_zh, description_en, "
                    "place_zh, place_en, starts_at, ends_at, capacity, phone_reason_zh, phone_reason_en, created_at) "
                    "VALUES (1, 1, 'e', 'e', '', '', 'p', 'p', '2027-02-01', '2027-02-01', 2, '', '', '2027-01-01')"))
                for index, waitlisted in enumerate((False, False, True), start=1):
                    conn.execute(sa.text(
                        "INSERT INTO campaign_registrations (id, event_id, nickname, token_hash, waitlisted, created_at) "
                        "VALUES (:id, 1, 'n', :token, :waitlisted, '2027-01-01')"),
                        {"id": index, "token": f"t{index}", "waitlisted": waitlisted})
            upgrade()
            with database.engine.connect() as conn:
                assert conn.execute(sa.text("SELECT seats_taken FROM campaign_events WHERE id = 1")).scalar() == 2
            database.engine.dispose()


def _sqlite_file(tmp_path):
    import contextlib

    return contextlib.nullcontext(f"sqlite:///{tmp_path / 'seats.db'}")


def test_organiser_removes_a_registration_with_confirmation_and_audit(app, client, make_campaign, make_user, login, db):
    """The staff action behind "Remove" (asks first through data-confirm): the place passes to
    the first on the waitlist, the counter stays true, the audit log says who did it; an editor
    of another street may not."""
    from web.campaigns.models import CampaignAudit, CampaignRegistration

    campaign = make_campaign(events=1, street="wanli")
    event = campaign.events[0]
    event.capacity = 1
    db.session.commit()
    sign_up_at_once(app, campaign.slug, event.id, 3)
    confirmed = db.session.scalar(select(CampaignRegistration).where(
        CampaignRegistration.event_id == event.id, CampaignRegistration.waitlisted.is_(False)))
    first_waiting = db.session.scalar(select(CampaignRegistration).where(
        CampaignRegistration.event_id == event.id, CampaignRegistration.waitlisted.is_(True))
        .order_by(CampaignRegistration.id))
    confirmed_id, confirmed_name, first_waiting_id = confirmed.id, confirmed.nickname, first_waiting.id

    outsider = app.test_client()
    login(outsider, make_user("editor", street="taopu"))
    assert outsider.post(f"/staff/campaigns/registrations/{confirmed_id}/remove").status_code == 403

    login(client, make_user("editor", street="wanli"))
    page = client.get(f"/staff/campaigns/events/{event.id}/registrations?lang=en").get_data(as_text=True)
    assert f"Remove {confirmed_name} from this event?" in page  # the confirmation site.js shows
    response = client.post(f"/staff/campaigns/registrations/{confirmed_id}/remove?lang=en")
    assert response.status_code == 302
    assert places(db, event.id) == (1, 1, 1)
    assert db.session.get(CampaignRegistration, confirmed_id) is None
    assert db.session.get(CampaignRegistration, first_waiting_id).waitlisted is False
    audit = db.session.scalar(select(CampaignAudit).where(CampaignAudit.action == "registration_remove"))
    assert audit is not None and confirmed_name in audit.detail and audit.username.startswith("editor-")
    # removing a waitlisted one frees no place
    waiting = db.session.scalar(select(CampaignRegistration.id).where(
        CampaignRegistration.event_id == event.id, CampaignRegistration.waitlisted.is_(True)))
    assert client.post(f"/staff/campaigns/registrations/{waiting}/remove").status_code == 302
    assert places(db, event.id) == (1, 0, 1)
