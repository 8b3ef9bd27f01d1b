"""Contract tests: the action server's calls to the site's /api/v1/* against the REAL site.

The Flask app runs under gunicorn (the site's venv) on a free loopback port with a fresh
SQLite database, migrated and loaded with the content's seed campaigns; the bot's client
(bot/actions/site_api.py) and its wording are exercised against what that app really sends
(absolute URLs, UTC times ending in `Z`), not against a response shape written here.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import secrets
import subprocess
import urllib.request
from pathlib import Path

import pytest

from bot.actions import site_api
from bot.actions.formatting import date
from bot.actions.info_texts import campaigns_text
from tests.support import free_port, start, stop, wait_for

REPO = Path(__file__).resolve().parents[2]
SITE_BIN = REPO / ".venv" / "bin"


FAQ_SEED = """
from sqlalchemy import select
from web import create_app
from web.accounts.models import User
from web.extensions import db
from web.faq import services
app = create_app()
with app.app_context():
    admin = db.session.scalar(select(User).where(User.username == "contract-admin"))
    services.create(admin, {
        "slug": "rain-barrel",
        "questions_zh": ["小区里可以装雨水收集桶吗", "雨水收集桶怎么申请安装"],
        "questions_en": ["Can I put a rain barrel in our compound?", "How do I get a rain barrel installed?"],
        "answer_zh": "合同测试用的答案：请先咨询居委会。",
        "answer_en": "Contract-test answer: ask your residents' committee first.",
        "source_title": "contract test",
    }, approve=True)
    db.session.commit()
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    work = tmp_path_factory.mktemp("site")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "PUTUO_INSTANCE_DIR": str(work),
        "FLASK_APP": "web:create_app",
        "DATABASE_URL": f"sqlite:///{work / 'contract.db'}",
        "SITE_URL": url,
        "SECRET_KEY": secrets.token_hex(16),
        "RATELIMIT_ENABLED": "0",
    }
    env.pop("REDIS_URL", None)
    subprocess.run([str(SITE_BIN / "flask"), "db", "upgrade"], cwd=REPO, env=env, check=True, capture_output=True)
    subprocess.run([str(SITE_BIN / "flask"), "content", "load"], cwd=REPO, env=env, check=True, capture_output=True)
    password = "Contract-" + secrets.token_urlsafe(12)
    subprocess.run([str(SITE_BIN / "flask"), "staff", "create-user", "contract-admin", "--role", "admin",
                    "--password", password], cwd=REPO, env=env, check=True, capture_output=True)
    # a staff-approved FAQ entry, stored in the database through the site's own service
    subprocess.run([str(SITE_BIN / "python"), "-c", FAQ_SEED], cwd=REPO, env=env, check=True, capture_output=True)
    log = work / "site.log"
    process = start([str(SITE_BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "1",
                     "web:create_app()"], log, env)
    try:
        wait_for(url + "/healthz", 60, process, log)
        yield url
    finally:
        stop(process)


def _raw(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def test_campaigns_client_reads_the_real_api(site, monkeypatch):
    monkeypatch.setenv("SITE_URL", site)
    raw = _raw(f"{site}/api/v1/campaigns?lang=zh")["campaigns"]
    assert raw, "the content's seed campaigns should be scheduled or live"
    campaigns = asyncio.run(site_api.fetch_campaigns("zh"))
    assert campaigns is not None and [c["slug"] for c in campaigns] == [c["slug"] for c in raw]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_campaign_dates_are_shanghai_dates_and_links_absolute(site, monkeypatch, lang):
    monkeypatch.setenv("SITE_URL", site)
    campaigns = asyncio.run(site_api.fetch_campaigns(lang))
    text = campaigns_text(campaigns, lang)
    first = campaigns[0]
    assert first["starts_at"].endswith("Z")  # the contract: UTC
    utc = dt.datetime.fromisoformat(first["starts_at"][:-1])
    shanghai = (utc + dt.timedelta(hours=8)).date()
    assert date(shanghai, lang) in text
    if utc.date() != shanghai:  # e.g. World Water Day's page opens 8 March 00:00 Shanghai = 7 March 16:00 UTC
        assert date(utc.date(), lang) not in text.split("\n")[2]
    assert first["url"].startswith(site + "/")
    assert f"]({first['url']})" in text  # the absolute link is kept, not dropped


def test_campaigns_site_down_is_polite(monkeypatch):
    monkeypatch.setenv("SITE_URL", f"http://127.0.0.1:{free_port()}")
    assert asyncio.run(site_api.fetch_campaigns("zh")) is None
    assert "暂时无法获取活动信息" in campaigns_text(None, "zh")


def _fallback_reply(text: str, lang: str) -> tuple[str, list]:
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from bot.actions.service import ActionFallback

    tracker = Tracker("contract", {"lang": lang}, {"text": text, "intent": {"name": "nlu_fallback"}, "entities": []},
                      [{"event": "user", "text": text, "input_channel": "site"}], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionFallback().run(dispatcher, tracker, {}))
    return "\n".join(m.get("text") or "" for m in dispatcher.messages), events


def test_faq_search_client_reads_the_real_api(site, monkeypatch):
    monkeypatch.setenv("SITE_URL", site)
    raw = _raw(f"{site}/api/v1/faq/search?q=" + urllib.request.quote("小区里可以装雨水收集桶吗") + "&lang=zh")
    assert set(raw) == {"match", "threshold"} and raw["match"] is not None
    match = asyncio.run(site_api.search_faq("小区里可以装雨水收集桶吗", "zh"))
    assert match == raw["match"]


def test_the_fallback_answers_with_an_approved_faq_entry_and_its_link(site, monkeypatch):
    monkeypatch.setenv("SITE_URL", site)
    reply, events = _fallback_reply("我们小区里可以装雨水收集桶吗？", "zh")
    assert "合同测试用的答案" in reply
    assert f"]({site}/" in reply  # the entry's absolute link
    assert {"event": "slot", "timestamp": None, "name": "unanswered_question", "value": None} in events
    reply, _ = _fallback_reply("Can I put a rain barrel in our compound?", "en")
    assert "Contract-test answer" in reply


def test_no_faq_match_is_an_honest_fallback(site, monkeypatch):
    monkeypatch.setenv("SITE_URL", site)
    reply, events = _fallback_reply("qwpoeiruty zmxncbv", "en")
    assert "couldn't answer" in reply and "unanswered questions" in reply
    assert any(e.get("name") == "unanswered_question" and e.get("value") for e in events)
