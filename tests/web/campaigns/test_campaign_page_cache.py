"""The campaign page's shared copy (web/caching.py): one render per language, rendered by one
request at a time, served without the database; and a Redis that does not answer means a
fresh render, never an error."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.support import free_port


def renders_of(monkeypatch) -> list[str]:
    from web.campaigns import views

    calls: list[str] = []
    original = views.render_template
    monkeypatch.setattr(views, "render_template", lambda *a, **k: calls.append(a[0]) or original(*a, **k))
    return calls


def test_one_render_per_language(make_app, make_campaign, monkeypatch):
    make_campaign()
    app = make_app(CACHE_TYPE="SimpleCache", VIEW_COUNT_FLUSH_SECONDS=0)
    renders = renders_of(monkeypatch)
    client = app.test_client()
    english = client.get("/campaigns/water-week?lang=en").get_data(as_text=True)
    assert client.get("/campaigns/water-week?lang=en").get_data(as_text=True) == english
    chinese = client.get("/campaigns/water-week?lang=zh").get_data(as_text=True)
    assert "Water week" in english and "节水周" in chinese and len(renders) == 2


def test_the_page_renders_with_the_cache_store_down(make_app, make_campaign, monkeypatch, caplog):
    make_campaign()
    dead = f"redis://127.0.0.1:{free_port()}/1"
    app = make_app(CACHE_TYPE="RedisCache", CACHE_REDIS_URL=dead, VIEW_COUNT_FLUSH_SECONDS=0,
                   CACHE_OPTIONS={"socket_timeout": 0.5, "socket_connect_timeout": 0.5})
    renders = renders_of(monkeypatch)
    for _ in range(2):
        page = app.test_client().get("/campaigns/water-week?lang=en")
        assert page.status_code == 200 and "Water week" in page.get_data(as_text=True)
    assert len(renders) == 2 and "page cache unavailable" in caplog.text


def slow_renders(monkeypatch, seconds: float = 0.3) -> list[str]:
    """Count the campaign page's renders and make each take `seconds`, so requests overlap."""
    import time

    from web.campaigns import views

    calls: list[str] = []
    original = views.render_template

    def render(*args, **kwargs):
        calls.append(args[0])
        time.sleep(seconds)
        return original(*args, **kwargs)

    monkeypatch.setattr(views, "render_template", render)
    return calls


def at_once(app, url: str, count: int = 8) -> list[str]:
    """`count` visitors (each their own client) asking for `url` at the same moment."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    start = threading.Barrier(count)

    def visit(_):
        client = app.test_client()
        start.wait()
        response = client.get(url)
        assert response.status_code == 200
        return response.get_data(as_text=True)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(visit, range(count)))


def test_a_page_nobody_has_rendered_yet_is_rendered_once_for_visitors_arriving_together(
        make_app, make_campaign, monkeypatch):
    make_campaign()
    app = make_app(CACHE_TYPE="SimpleCache", VIEW_COUNT_FLUSH_SECONDS=0)
    renders = slow_renders(monkeypatch)
    pages = at_once(app, "/campaigns/water-week?lang=en")
    assert renders == ["campaigns/detail.html"]  # was one render per waiting request
    assert len(set(pages)) == 1 and "Water week" in pages[0]


def test_a_stale_page_is_rerendered_by_one_visitor_while_the_others_get_the_stale_copy(
        make_app, make_campaign, monkeypatch, db):
    from web.campaigns import views

    campaign = make_campaign()
    app = make_app(CACHE_TYPE="SimpleCache", VIEW_COUNT_FLUSH_SECONDS=0)
    monkeypatch.setattr(views, "PAGE_SECONDS", 0)  # each copy is stale as soon as it is made
    assert "Water week" in app.test_client().get("/campaigns/water-week?lang=en").get_data(as_text=True)
    campaign.title_en = "Water week, day two"
    db.session.commit()
    renders = slow_renders(monkeypatch)
    pages = at_once(app, "/campaigns/water-week?lang=en")
    assert renders == ["campaigns/detail.html"]
    assert sum("Water week, day two" in page for page in pages) == 1  # the visitor who rendered it
    assert "Water week, day two" in app.test_client().get("/campaigns/water-week?lang=en").get_data(as_text=True)


def test_the_shared_copy_is_served_without_the_database_or_a_cookie_and_views_are_counted(
        make_app, make_campaign, db):
    """With the view-count job running (as in gunicorn): serving the shared copy sends no SQL
    at all, sets no cookie and shows nothing of the visitor (one who has pledged gets the
    same bytes); the views are written by the job, here when the process stops."""
    from sqlalchemy import event

    from web.campaigns import participation, stats
    from web.campaigns.models import CampaignView
    from web.housekeeping import start_periodic_jobs, stop_periodic_jobs

    make_campaign()
    app = make_app(CACHE_TYPE="SimpleCache", VIEW_COUNT_FLUSH_SECONDS=3600, HOUSEKEEPING_INTERVAL_SECONDS=0)
    assert list(start_periodic_jobs(app)) == [participation.VIEW_FLUSH_EVERY]
    try:
        resident = app.test_client()
        assert resident.post("/campaigns/water-week/pledge", data={"street": "wanli", "actions": ["fix_drip"]},
                             headers={"Origin": "http://localhost"}).status_code == 302
        resident.get("/campaigns/water-week?lang=en")  # the flashed thanks: a page of their own
        visitor = app.test_client()
        anonymous = visitor.get("/campaigns/water-week?lang=en")  # (sets the language cookie: ?lang= is a switch)
        visitor.get("/campaigns/water-week?src=poster&lang=en")  # a copy of its own (its URL)
        statements: list[str] = []
        with app.app_context():
            engine = db.engine
        record = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", record)
        try:
            hits = [resident.get("/campaigns/water-week?lang=en") for _ in range(3)]
            hits.append(visitor.get("/campaigns/water-week?src=poster&lang=en"))
        finally:
            event.remove(engine, "before_cursor_execute", record)
        assert statements == []
        assert all(hit.status_code == 200 and "Set-Cookie" not in hit.headers for hit in hits)
        assert all(hit.get_data() == anonymous.get_data() for hit in hits[:3])
        assert 'name="csrf_token" value=""' in anonymous.get_data(as_text=True)
        assert db.session.scalar(select(func.count()).select_from(CampaignView)) == 0  # nothing written per view
    finally:
        stop_periodic_jobs(app)
    row = next(r for r in stats.campaign_rows() if r["title"]["en"] == "Water week")
    assert row["views"] == {"direct": 5, "poster": 2}
