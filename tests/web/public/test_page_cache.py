"""Whole-page caching: same page per language and URL for anonymous visitors; staff and
flashed messages always get a fresh render."""

import pytest


@pytest.fixture
def cached_app(make_app):
    app = make_app(CACHE_TYPE="SimpleCache", TESTING=True, WTF_CSRF_ENABLED=False)
    from web.extensions import db

    with app.app_context():
        db.create_all()
    return app


def test_result_is_cached_per_url_and_language(cached_app, monkeypatch):
    from web.calculators import views

    calls = []
    original = views.render_template
    monkeypatch.setattr(views, "render_template", lambda *a, **k: calls.append(a[0]) or original(*a, **k))
    client = cached_app.test_client()
    first = client.get("/bill?usage_m3=250&people=3&lang=zh").get_data(as_text=True)
    second = client.get("/bill?usage_m3=250&people=3&lang=zh").get_data(as_text=True)
    assert first == second and len(calls) == 1
    english = client.get("/bill?usage_m3=250&people=3&lang=en").get_data(as_text=True)
    assert english != first and len(calls) == 2
    client.get("/bill?usage_m3=251&people=3&lang=zh")
    assert len(calls) == 3


def test_language_from_cookie_is_part_of_the_key(cached_app):
    client = cached_app.test_client()
    client.get("/?lang=en")
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)
    other = cached_app.test_client()
    assert '<html lang="zh-CN">' in other.get("/").get_data(as_text=True)


def test_errors_are_not_cached(cached_app):
    client = cached_app.test_client()
    assert client.get("/bill?usage_m3=-1&lang=en").status_code == 400
    assert client.get("/bill?usage_m3=-1&lang=en").status_code == 400


def signed_in_client(app, make_user, login):
    with app.app_context():
        user = make_user("teacher")
        client = app.test_client()
        login(client, user)
    return client


def test_signed_in_staff_are_never_served_a_cached_page(cached_app, make_user, login):
    anonymous = cached_app.test_client()
    assert "Staff sign-in" in anonymous.get("/?lang=en").get_data(as_text=True)
    staff = signed_in_client(cached_app, make_user, login)
    assert "Staff area" in staff.get("/?lang=en").get_data(as_text=True)


def test_flash_is_shown_to_its_owner_only(cached_app, make_user, login):
    staff = signed_in_client(cached_app, make_user, login)
    staff.post("/staff/logout?lang=en")
    assert "You have signed out" in staff.get("/?lang=en").get_data(as_text=True)
    assert "You have signed out" not in cached_app.test_client().get("/?lang=en").get_data(as_text=True)


def test_visitors_arriving_together_share_one_render_and_an_error_is_not_shared(cached_app, monkeypatch):
    """Single flight (web/caching.shared_render): 8 visitors opening the home page at once get
    one render between them; a 400 is rendered for each visitor and never kept."""
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    from web.public import views

    renders = []
    original = views.render_template

    def slow_render(*args, **kwargs):
        renders.append(args[0])
        time.sleep(0.3)
        return original(*args, **kwargs)

    monkeypatch.setattr(views, "render_template", slow_render)
    start = threading.Barrier(8)

    def visit(url):
        client = cached_app.test_client()
        start.wait()
        return client.get(url)

    with ThreadPoolExecutor(8) as pool:
        pages = list(pool.map(visit, ["/?lang=en"] * 8))
    assert renders == ["public/home.html"]
    assert {page.status_code for page in pages} == {200} and len({page.get_data() for page in pages}) == 1
    with ThreadPoolExecutor(8) as pool:
        errors = list(pool.map(visit, ["/bill?usage_m3=-1&lang=en"] * 8))
    assert {error.status_code for error in errors} == {400}
