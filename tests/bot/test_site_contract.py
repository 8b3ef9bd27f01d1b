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


SITE_DB: dict[str, Path] = {}  # the running site's SQLite file, to see what it stored


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
    SITE_DB["path"] = work / "contract.db"
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


# --- leaving a question for staff: POST /api/v1/questions (issue 10, B3) ------------------------

def _turn(action, text: str, lang: str, history: list, intent: str, sender: str = "contract-conversation-1"):
    """Run `action` on `text` after `history` (earlier events); → (reply text, buttons, events to append)."""
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    user = {"event": "user", "text": text, "input_channel": "site", "parse_data": {"intent": {"name": intent}}}
    slots = {"lang": lang}
    for event in history:
        if event.get("event") == "slot":
            slots[event["name"]] = event["value"]
    tracker = Tracker(sender, slots, {"text": text, "intent": {"name": intent}, "entities": []},
                      [*history, user], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    reply = "\n".join(m.get("text") or "" for m in dispatcher.messages)
    buttons = [b for m in dispatcher.messages for b in m.get("buttons") or []]
    return reply, buttons, [user, *events]


def _left_for_staff(question: str) -> list[tuple]:
    import sqlite3

    with sqlite3.connect(SITE_DB["path"]) as connection:
        return connection.execute("SELECT lang, left_for_staff, conversation FROM chat_exchanges WHERE question = ?",
                                  (question,)).fetchall()


def test_handoff_offers_and_yes_leaves_the_question_on_the_real_site(site, monkeypatch):
    from bot.actions.service import ActionHandoff, ActionLeaveQuestion

    monkeypatch.setenv("SITE_URL", site)
    question = "转人工，我们楼顶的二次供水水箱多久清洗一次？"
    offer, buttons, history = _turn(ActionHandoff(), question, "zh", [], "ask_human")
    assert "要把这个问题留给网站工作人员吗" in offer and "二次供水水箱" in offer
    assert {"title": "留给工作人员", "payload": "/affirm"} in buttons
    assert _left_for_staff(question) == []  # nothing is sent before the resident accepts
    reply, _, _ = _turn(ActionLeaveQuestion(), "/affirm", "zh", history, "affirm")
    assert "您的问题已留给本站工作人员" in reply  # the site's own words, after it saved it
    assert _left_for_staff(question) == [("zh", 1, "contract-conversation-1")]


def test_fallback_offer_then_typed_yes_leaves_it_in_english(site, monkeypatch):
    from bot.actions.service import ActionFallback, ActionLeaveQuestion

    monkeypatch.setenv("SITE_URL", site)
    question = "Can the residents' committee borrow a leak detector from the district?"
    reply, buttons, history = _turn(ActionFallback(), question, "en", [], "nlu_fallback", sender="contract-2")
    assert "couldn't answer" in reply and {"title": "Leave it for staff", "payload": "/affirm"} in buttons
    assert _left_for_staff(question) == []
    reply, _, _ = _turn(ActionLeaveQuestion(), "yes please, leave it for them", "en", history, "affirm",
                        sender="contract-2")
    assert "Your question is saved for the site's staff" in reply
    assert _left_for_staff(question) == [("en", 1, "contract-2")]


def test_no_means_nothing_is_sent(site, monkeypatch):
    from bot.actions.service import ActionHandoff, ActionLeaveQuestion

    monkeypatch.setenv("SITE_URL", site)
    question = "I want a human: who decides the water price for schools?"
    _, _, history = _turn(ActionHandoff(), question, "en", [], "ask_human", sender="contract-3")
    reply, _, _ = _turn(ActionLeaveQuestion(), "/deny", "en", history, "deny", sender="contract-3")
    assert "haven't left it" in reply
    assert _left_for_staff(question) == []


def test_an_offer_two_turns_old_has_lapsed(site, monkeypatch):
    from bot.actions.service import ActionHandoff, ActionHotline, ActionLeaveQuestion

    monkeypatch.setenv("SITE_URL", site)
    question = "转人工 我想问一下小区水池多久清洗一次"
    _, _, history = _turn(ActionHandoff(), question, "zh", [], "ask_human", sender="contract-4")
    _, _, later = _turn(ActionHotline(), "停水了找谁", "zh", history, "ask_hotline", sender="contract-4")
    reply, _, _ = _turn(ActionLeaveQuestion(), "/affirm", "zh", history + later, "affirm", sender="contract-4")
    assert "已留给" not in reply
    assert _left_for_staff(question) == []


def test_site_down_never_claims_the_question_was_passed_on(monkeypatch):
    from bot.actions.service import ActionHandoff, ActionLeaveQuestion

    monkeypatch.setenv("SITE_URL", f"http://127.0.0.1:{free_port()}")
    _, _, history = _turn(ActionHandoff(), "转人工，水表井盖坏了谁来修？", "zh", [], "ask_human")
    reply, _, events = _turn(ActionLeaveQuestion(), "/affirm", "zh", history, "affirm")
    assert "没能留下" in reply and "已留给" not in reply and "已转给" not in reply
    assert any(e.get("name") == "pending_question" and e.get("value") is None for e in events)
    _, _, history = _turn(ActionHandoff(), "talk to a person please, who fixes a broken meter box?", "en", [], "ask_human")
    reply, _, _ = _turn(ActionLeaveQuestion(), "/affirm", "en", history, "affirm")
    assert "was not saved" in reply and "is saved" not in reply


def test_leave_question_client_refusal_is_none(site, monkeypatch):
    monkeypatch.setenv("SITE_URL", site)
    assert asyncio.run(site_api.leave_question("x" * 5000, "zh", "contract-5")) is not None  # cut to the site's limit
    assert asyncio.run(site_api.leave_question("   ", "zh", "contract-5")) is None
    assert site_api.conversation_key("contract-5") == "contract-5"
    assert len(site_api.conversation_key("weird sender id/with spaces")) == 32
