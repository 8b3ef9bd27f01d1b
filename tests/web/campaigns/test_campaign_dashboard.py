"""The staff dashboard and turning an unanswered question into an FAQ entry."""

from __future__ import annotations

import datetime as dt

import yaml
from sqlalchemy import select

from core.campaigns import parse_faq


def exchange(db, question, *, lang="zh", intent=None, fallback=False, days_ago=0):
    from web.accounts.models import utcnow
    from web.chat.models import ChatExchange

    row = ChatExchange(conversation="c" * 32, lang=lang, question=question, intent=intent, fallback=fallback,
                       created_at=utcnow() - dt.timedelta(days=days_ago))
    db.session.add(row)
    db.session.commit()
    return row


def test_dashboard_shows_views_pledges_intents_and_unanswered(client, make_user, login, make_campaign, db, app):
    from web.campaigns import participation
    from web.chat.models import ChatExchange

    campaign = make_campaign(title_en="Water week")
    participation.count_view(campaign, "poster")
    participation.pledge(campaign, "t" * 32, "taopu", ["fix_drip"])
    db.session.commit()
    exchange(db, "水费怎么算", intent="ask_bill")
    exchange(db, "水费怎么算", intent="ask_bill")
    exchange(db, "小区停水了吗", fallback=True)
    exchange(db, "小区停水了吗", fallback=True)
    exchange(db, "very old question", fallback=True, lang="en", days_ago=app.config["CHAT_RETENTION_DAYS"] + 1)
    login(client, make_user("editor", street="wanli"))
    page = client.get("/staff/campaigns/dashboard?lang=en").get_data(as_text=True)
    assert "Water week" in page and "ask_bill" in page and "小区停水了吗" in page
    assert "very old question" not in page
    assert db.session.scalar(select(ChatExchange).where(ChatExchange.question == "very old question")) is None
    assert "School quiz participation" in page


def test_unanswered_question_becomes_an_faq_entry(client, make_user, login, db, faq_dir):
    from web.campaigns.models import FaqEntry

    asked = exchange(db, "小区停水了吗", fallback=True)
    login(client, make_user("editor", street="wanli"))
    form = client.get(f"/staff/campaigns/faq/new?from={asked.id}").get_data(as_text=True)
    assert "小区停水了吗" in form
    data = {"slug": "water-outage", "questions_zh": "小区停水了吗\n停水怎么办", "questions_en": "Is the water off?",
            "answer_zh": "请拨打12345。", "answer_en": "Call 12345.", "source_title": "Shanghai Daily (12345)",
            "source_url": "https://archive.shine.cn/"}
    response = client.post("/staff/campaigns/faq/new", data=data)
    assert response.status_code == 302
    row = db.session.scalar(select(FaqEntry))
    assert row.slug == "water-outage" and row.questions("zh") == ["小区停水了吗", "停水怎么办"]
    path = faq_dir / "water-outage.yaml"
    entry = parse_faq(path, yaml.safe_load(path.read_text(encoding="utf-8")))
    assert entry.questions["zh"] == ("小区停水了吗", "停水怎么办") and entry.answer["en"] == "Call 12345."
    page = client.get("/faq?lang=en").get_data(as_text=True)
    assert "Is the water off?" in page and "Call 12345." in page
    again = client.post("/staff/campaigns/faq/new?lang=en", data=data)
    assert again.status_code == 400 and "already exists" in again.get_data(as_text=True)


def test_faq_form_errors_keep_what_was_typed(client, make_user, login):
    login(client, make_user("editor"))
    response = client.post("/staff/campaigns/faq/new?lang=en", data={
        "slug": "Not A Slug", "questions_zh": "问题", "questions_en": "", "answer_zh": "回答", "answer_en": "Answer",
        "source_title": "Src", "source_url": "javascript:alert(1)"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="slug-error"' in page and 'id="questions_en-error"' in page and 'id="source_url-error"' in page
    assert "回答" in page


def test_faq_page_survives_a_read_only_folder_and_a_broken_file(client, make_user, login, db, faq_dir, app, monkeypatch):
    faq_dir.mkdir()
    (faq_dir / "broken.yaml").write_text("slug: [unclosed", encoding="utf-8")
    assert client.get("/faq").status_code == 200
    monkeypatch.setitem(app.config, "CAMPAIGNS_FAQ_DIR", "/proc/not-writable/faq")
    login(client, make_user("admin"))
    response = client.post("/staff/campaigns/faq/new", data={
        "slug": "db-only", "questions_zh": "问题", "questions_en": "Question", "answer_zh": "回答", "answer_en": "Answer",
        "source_title": "Src"})
    assert response.status_code == 302
    assert "Answer" in client.get("/faq?lang=en").get_data(as_text=True)


def test_quiz_participation_per_teacher(client, make_user, login, db):
    from web.quiz.models import QuizEvent, QuizPlayer

    teacher = make_user("teacher", username="ms-li")
    for code, players in (("ABC123", 3), ("XYZ789", 2)):
        event = QuizEvent(code=code, title="节水知识", mode="live", teacher_id=teacher.id)
        db.session.add(event)
        db.session.flush()
        db.session.add_all([QuizPlayer(event_id=event.id, nickname=f"p{i}", nickname_key=f"p{i}", token_hash=f"{code}{i}")
                            for i in range(players)])
    db.session.commit()
    login(client, make_user("admin"))
    page = client.get("/staff/campaigns/dashboard?lang=en").get_data(as_text=True)
    section = page.split("School quiz participation", 1)[1].split("</table>", 1)[0]
    assert "ms-li" in section and '<td class="num">2</td><td class="num">5</td>' in section
