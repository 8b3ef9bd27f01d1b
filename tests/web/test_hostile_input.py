"""Hostile input, by family, against every route it can reach: lone surrogates and absurdly
deep JSON in JSON bodies, integers beyond any id in `<int:…>` routes (as a visitor and as an
admin), and database locks held longer than the lock timeout. Each family prints how many
inputs were tried and how many gave a 500 (target 0); every answer must be a clear 4xx/503
in the visitor's language, as a page or as JSON per route.

    pytest -s tests/web/test_hostile_input.py   # prints the per-family figures
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
import threading
from collections import Counter

import pytest
from sqlalchemy.engine import make_url

from core import quiz as core_quiz
from tests.support import TEST_PASSWORD

TALLY: dict[str, Counter] = {}
LOCK_TIMEOUT_MS = 300


def tally(family: str, response) -> None:
    counts = TALLY.setdefault(family, Counter())
    counts["tried"] += 1
    counts["500"] += response.status_code >= 500 and response.status_code != 503


@pytest.fixture(scope="module", autouse=True)
def report():
    yield
    print("\nhostile inputs per family (tried / answered 500):")
    for family, counts in TALLY.items():
        print(f"  {family:<28} {counts['tried']:>5} / {counts['500']}")


def quiz_event():
    from web import clock
    from web.extensions import db
    from web.quiz import services

    questions = [core_quiz.all_questions()[qid] for qid in ("tariff-tier1-price", "label-contents")]
    event = services.create_event(title="Class quiz", mode="self_paced", questions=questions,
                                  opens_at=clock.now(), closes_at=clock.now() + dt.timedelta(hours=1))
    db.session.commit()
    return event


def campaign_with_event():
    from web import clock
    from web.campaigns.models import Campaign, CampaignEvent
    from web.extensions import db

    now = clock.now()
    campaign = Campaign(slug="hostile-week", title_zh="节水周", title_en="Water week", summary_zh="摘要",
                        summary_en="Summary", body_zh="正文", body_en="Body", published=True,
                        starts_at=now - dt.timedelta(days=1), ends_at=now + dt.timedelta(days=6),
                        pledge_actions=json.dumps(["fix_drip"]), created_at=now, updated_at=now)
    db.session.add(campaign)
    db.session.flush()
    event = CampaignEvent(campaign_id=campaign.id, title_zh="活动", title_en="Event", place_zh="活动室",
                          place_en="Room", starts_at=now + dt.timedelta(days=1), ends_at=now + dt.timedelta(days=1, hours=1),
                          capacity=5)
    db.session.add(event)
    db.session.commit()
    return campaign, event


SURROGATES = ['"\\ud800"', '"a\\udfffb"', '"\\udc00\\ud800"', '"水\\ud83d"', '"\\ude00"']


def surrogate_bodies(fields: dict) -> list[str]:
    """Each string field of `fields` replaced in turn by each surrogate (raw JSON text), plus
    a surrogate as a key."""
    bodies = []
    for name in fields:
        for bad in SURROGATES:
            parts = [f'"{k}": {bad if k == name else json.dumps(v)}' for k, v in fields.items()]
            bodies.append("{" + ", ".join(parts) + "}")
    bodies += ["{" + f'{bad}: "x"' + "}" for bad in SURROGATES]
    return bodies


def deep_bodies() -> list[str]:
    bodies = []
    for depth in (40, 200, 5_000, 100_000):
        bodies += ["[" * depth + "]" * depth, '{"a":' * depth + "1" + "}" * depth,
                   '{"message": ' + "[" * depth + "]" * depth + "}"]
    return bodies


def test_lone_surrogates_and_deep_json_are_400_not_500(app, client):
    event = quiz_event()
    targets = [
        ("/api/chat", {"message": "你好", "lang": "zh"}),
        ("/api/v1/savings", {"people": 3, "lang": "zh"}),
        (f"/api/v1/events/{event.code}/join", {"nickname": "Happy Otter", "class_label": "三年级二班"}),
    ]
    wrong = []
    for path, fields in targets:
        for family, bodies in (("JSON lone surrogates", surrogate_bodies(fields)), ("JSON nested deeply", deep_bodies())):
            for lang in ("zh", "en"):
                for body in bodies:
                    response = client.post(f"{path}?lang={lang}", data=body, content_type="application/json")
                    tally(family, response)
                    if response.status_code != 400:
                        wrong.append((path, body[:60], response.status_code))
                        continue
                    message = response.get_json()["error"]["message"]
                    if any("\u4e00" <= ch <= "\u9fff" for ch in message) != (lang == "zh"):
                        wrong.append((path, body[:60], message))
    assert not wrong, f"{len(wrong)} wrong answers, e.g. {wrong[:5]}"


def test_normal_json_still_works(client):
    response = client.post("/api/v1/savings", json={"people": 3, "lang": "en", "nested": [[[[{"a": "水"}]]]]})
    assert response.status_code == 200


BIG = [2**31, 2**32, 2**63 - 1, 2**63, 2**64, 10**40]


def test_huge_integers_in_routes_are_404_for_visitors_and_staff(app, client, make_user, login):
    campaign, _event = campaign_with_event()
    routes = [rule for rule in app.url_map.iter_rules() if any(
        "int" in type(conv).__name__.lower() for conv in rule._converters.values())]
    assert len(routes) >= 15, [r.rule for r in routes]
    admin = make_user("admin")
    wrong = []
    for signed_in in (False, True):
        if signed_in:
            login(client, admin)
        for rule in routes:
            for big in BIG:
                path = rule.rule
                for name, conv in rule._converters.items():
                    value = str(big) if "int" in type(conv).__name__.lower() else campaign.slug
                    path = path.replace(f"<{name}>", value).replace(f"<int:{name}>", value)
                    path = path.replace(f"<string:{name}>", value)
                for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                    response = client.open(f"{path}?lang=zh", method=method)
                    tally("integers beyond any id", response)
                    if response.status_code != 404 or "找不到" not in response.get_data(as_text=True):
                        wrong.append((method, path, response.status_code))
    assert not wrong, f"{len(wrong)} wrong answers, e.g. {wrong[:5]}"


@contextlib.contextmanager
def database_locked(database_url: str, tables: list[str]):
    """Hold the write lock (SQLite) or exclusive table locks (PostgreSQL) from another connection."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        holder = sqlite3.connect(url.database, isolation_level=None, check_same_thread=False)
        holder.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()
    else:
        import psycopg2

        holder = psycopg2.connect(host=url.host, port=url.port or 5432, user=url.username, dbname=url.database,
                                  password=url.password)
        cursor = holder.cursor()
        cursor.execute("SET lock_timeout = '10s'")  # never wait forever on the test's own session
        cursor.execute(f"LOCK TABLE {', '.join(tables)} IN ACCESS EXCLUSIVE MODE")
        try:
            yield
        finally:
            holder.rollback()
            holder.close()


def open_within(client, path: str, method: str, options: dict, seconds: float):
    """The response, from a thread so a request stuck on the lock fails the test instead of hanging it."""
    result = {}
    worker = threading.Thread(target=lambda: result.update(response=client.open(path, method=method, **options)))
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"{path} still waiting on the lock after {seconds} s"
    return result["response"]


def test_a_database_lock_longer_than_the_timeout_is_503_with_retry_after(app, make_app, make_user, db):
    locked_app = make_app(DATABASE_LOCK_TIMEOUT_MS=LOCK_TIMEOUT_MS, WTF_CSRF_ENABLED=False, BOT_URL="http://127.0.0.1:9",
                          READ_TIME_PURGE_SECONDS=0, VIEW_COUNT_FLUSH_SECONDS=0, CACHE_TYPE="NullCache",
                          INSTANCE_DIR=app.config["INSTANCE_DIR"])
    campaign, event = campaign_with_event()
    admin = make_user("admin")
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    tables = ["chat_exchanges", "login_failures", "users", "campaign_campaigns", "campaign_registrations",
              "pledges", "campaign_audit", "campaign_views"]
    dashboard = next(rule.rule for rule in locked_app.url_map.iter_rules() if rule.endpoint == "dashboard.index")
    new_campaign = {"slug": "locked-week", "title_zh": "节水周", "title_en": "Week", "summary_zh": "摘要",
                    "summary_en": "Summary", "body_zh": "正文", "body_en": "Body", "street": "",
                    "starts_at": "2030-03-21T09:00", "ends_at": "2030-03-28T18:00", "goal_pledges": "200",
                    "pledge_actions": ["fix_drip"], "cover_alt_zh": "", "cover_alt_en": ""}
    username, campaign_slug, event_id = admin.username, campaign.slug, event.id
    db.session.commit()  # the test's own session holds no lock while another connection takes them
    wrong = []
    for lang in ("zh", "en"):
        staff = locked_app.test_client()
        assert staff.post("/staff/login", data={"username": username, "password": TEST_PASSWORD}).status_code == 302
        attempts = [
            ("json", locked_app.test_client(), "POST", "/api/chat", {"json": {"message": "水费", "lang": lang}}),
            ("html", locked_app.test_client(), "POST", "/staff/login",
             {"data": {"username": username, "password": "wrong"}}),
            ("html", staff, "POST", "/staff/campaigns/new", {"data": new_campaign}),
            ("html", staff, "GET", dashboard, {}),
            ("html", locked_app.test_client(), "POST", f"/campaigns/{campaign_slug}/pledge",
             {"data": {"street": "wanli", "actions": ["fix_drip"]}}),
            ("html", locked_app.test_client(), "POST", f"/campaigns/{campaign_slug}/events/{event_id}/register",
             {"data": {f"e{event_id}-nickname": "小水滴"}}),
        ]
        for kind, client, method, path, options in attempts:
            db.session.commit()
            with database_locked(url, tables):
                response = open_within(client, f"{path}?lang={lang}", method, options, seconds=20)
            tally("database lock held too long", response)
            text = response.get_json()["error"]["message"] if kind == "json" else response.get_data(as_text=True)
            if (response.status_code != 503 or int(response.headers.get("Retry-After", 0)) <= 0
                    or ("服务繁忙" if lang == "zh" else "The service is busy") not in text):
                wrong.append((method, path, lang, response.status_code))
    assert not wrong, f"{len(wrong)} wrong answers: {wrong}"
