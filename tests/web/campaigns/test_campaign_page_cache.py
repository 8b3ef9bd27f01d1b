"""The campaign page's shared copy (web/caching.py): one render per language, and a Redis that
does not answer means a fresh render, never an error."""

from __future__ import annotations

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
