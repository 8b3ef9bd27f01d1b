"""The staff dashboard: figures from each feature over a date range, residents' questions
with a status and a count, the FAQ entry that now answers them, and CSV exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest


def ask(db, question, *, lang="zh", intent=None, fallback=True, days_ago=0, token="resident"):
    """A question as /api/chat records it (through the chat feature's own recorder)."""
    from web import clock
    from web.chat import services

    row = services.record_exchange(token, question, lang, services.BotAnswer(intent=intent, fallback=fallback))
    row.created_at = clock.now() - dt.timedelta(days=days_ago)
    db.session.commit()
    return row


def rows_of(response) -> list[list[str]]:
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff"), "BOM for Excel"
    return list(csv.reader(io.StringIO(body[1:])))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_dashboard_renders_for_each_role(client, make_user, login, db, lang):
    ask(db, "小区停水了吗")
    for role, street in (("admin", None), ("editor", None), ("editor", "wanli")):
        login(client, make_user(role, street=street))
        assert client.get(f"/staff/dashboard/?lang={lang}").status_code == 200, (role, street)
        client.post("/staff/logout")


def test_questions_are_grouped_counted_and_old_ones_purged(client, make_user, login, db, app):
    ask(db, "水费怎么算？", intent="ask_bill", fallback=False)
    ask(db, "小区停水了吗？")
    ask(db, "小区 停水了吗", token="another")
    ask(db, "Is the water OFF?", lang="en")
    ask(db, "very old question", lang="en", days_ago=app.config["CHAT_RETENTION_DAYS"] + 1)
    login(client, make_user("editor"))
    page = client.get("/staff/dashboard/?lang=en").get_data(as_text=True)
    assert "Working out a water bill" in page and "ask_bill" not in page  # topics in words
    row = page.split("小区 停水了吗", 1)[1].split("</tr>", 1)[0]  # the newest wording is shown
    assert 'data-label="Times asked">2</td>' in row and "New" in row
    assert "very old question" not in page


def test_status_changes_and_faq_matches(client, make_user, login, db, make_faq):
    from web.chat import questions

    asked = ask(db, "世界水日是几月几号呀")
    other = ask(db, "垃圾怎么分类")
    login(client, make_user("admin"))
    page = client.get("/staff/dashboard/?lang=en").get_data(as_text=True)
    assert "Write an FAQ entry" in page
    entry = make_faq("world-water-day", ["世界水日是哪一天", "世界水日是几月几号"], ["When is World Water Day"])
    page = client.get("/staff/dashboard/?lang=en").get_data(as_text=True)
    row = page.split("世界水日是几月几号呀", 1)[1].split("</tr>", 1)[0]
    assert "/faq/world-water-day" in row and "Mark answered by this entry" in row
    response = client.post(f"/staff/dashboard/questions/{asked.id}/status",
                           data={"status": "answered_by_faq", "faq_entry_id": entry.id})
    assert response.status_code == 302
    assert client.post(f"/staff/dashboard/questions/{other.id}/status", data={"status": "dismissed"}).status_code == 302
    statuses = {g.text: (g.status, g.faq_entry_id) for g in questions.unanswered_questions()}
    assert statuses == {"世界水日是几月几号呀": ("answered_by_faq", entry.id), "垃圾怎么分类": ("dismissed", None)}
    dismissed = client.get("/staff/dashboard/?status=dismissed&lang=en").get_data(as_text=True)
    assert "垃圾怎么分类" in dismissed and "世界水日是几月几号呀" not in dismissed
    assert client.post(f"/staff/dashboard/questions/{other.id}/status", data={"status": "bogus"}).status_code == 400
    draft = make_faq("draft", ["草稿"], ["Draft"], status="draft")
    assert client.post(f"/staff/dashboard/questions/{other.id}/status",
                       data={"status": "answered_by_faq", "faq_entry_id": draft.id}).status_code == 400
    assert client.post("/staff/dashboard/questions/999999/status", data={"status": "new"}).status_code == 404


def test_date_range(client, make_user, login, db):
    from web import clock

    ask(db, "上周的问题", days_ago=7)
    ask(db, "今天的问题")
    login(client, make_user("admin"))
    today = clock.local_today()
    page = client.get(f"/staff/dashboard/?start={today.isoformat()}&lang=en").get_data(as_text=True)
    assert "今天的问题" in page and "上周的问题" not in page
    week = (today - dt.timedelta(days=7)).isoformat()
    page = client.get(f"/staff/dashboard/?start={week}&end={week}").get_data(as_text=True)
    assert "上周的问题" in page and "今天的问题" not in page
    bad = client.get(f"/staff/dashboard/?start={today.isoformat()}&end={week}&lang=zh")
    assert bad.status_code == 400 and "结束日期不能早于开始日期" in bad.get_data(as_text=True)
    assert client.get("/staff/dashboard/?start=not-a-date").status_code == 400
    assert client.get("/staff/dashboard/export/questions.csv?start=not-a-date").status_code == 400


def test_street_editor_sees_their_street_and_no_residents_questions(client, make_user, login, db, app):
    from web.campaigns import participation
    from web.campaigns.models import Campaign

    now = dt.datetime(2027, 3, 20, 4, 0)
    common = dict(summary_zh="摘要", summary_en="Summary", body_zh="正文", body_en="Body", published=True,
                  starts_at=now - dt.timedelta(days=1), ends_at=now + dt.timedelta(days=6),
                  pledge_actions=json.dumps(["fix_drip"]))
    mine = Campaign(slug="wanli-week", title_zh="万里节水周", title_en="Wanli week", street="wanli", **common)
    theirs = Campaign(slug="taopu-week", title_zh="桃浦节水周", title_en="Taopu week", street="taopu", **common)
    db.session.add_all([mine, theirs])
    db.session.commit()
    from web import clock

    with clock.frozen(now):
        participation.pledge(mine, "a" * 32, "wanli", ["fix_drip"])
        participation.pledge(theirs, "b" * 32, "taopu", ["fix_drip"])
        participation.pledge(theirs, "c" * 32, "wanli", ["fix_drip"])
    db.session.commit()
    ask(db, "我家住在万里街道某号，水表坏了")
    login(client, make_user("editor", street="wanli"))
    page = client.get("/staff/dashboard/?lang=en").get_data(as_text=True)
    assert "Wanli week" in page and "Taopu week" not in page
    assert "水表坏了" not in page and "district editors and administrators only" in page
    assert client.get("/staff/dashboard/export/questions.csv").status_code == 403
    assert client.post("/staff/dashboard/questions/1/status", data={"status": "dismissed"}).status_code == 403
    pledges = rows_of(client.get("/staff/dashboard/export/pledges.csv?lang=en"))
    assert len(pledges) == 3 and {row[2] for row in pledges[1:]} == {"Wanli Subdistrict"}


def test_csv_exports_are_safe_for_spreadsheets(client, make_user, login, db, make_faq):
    ask(db, "=HYPERLINK(\"http://evil.example\")")
    ask(db, "+1 水费")
    login(client, make_user("admin"))
    rows = rows_of(client.get("/staff/dashboard/export/questions.csv?lang=en"))
    assert rows[0][:3] == ["Question asked", "Language", "Times asked"] and rows[1][1] == "Chinese"
    texts = {row[0] for row in rows[1:]}
    assert texts == {"'=HYPERLINK(\"http://evil.example\")", "'+1 水费"}
    assert all(row[6] == "New" for row in rows[1:])
    zh = rows_of(client.get("/staff/dashboard/export/questions.csv?lang=zh"))
    assert zh[0][0] == "提问内容"
    response = client.get("/staff/dashboard/export/quiz.csv")
    assert response.headers["Content-Disposition"].startswith("attachment") and response.mimetype == "text/csv"
    assert client.get("/staff/dashboard/export/nothing.csv").status_code == 404
    assert len(rows_of(client.get("/staff/dashboard/export/registrations.csv"))) == 1


def test_quiz_participation_comes_from_the_quiz_feature(client, make_user, login, db):
    from web.quiz import services

    teacher = make_user("teacher", username="ms-li")
    from core import quiz as core_quiz

    bank = core_quiz.banks()[0]
    for players in (3, 2):
        event = services.create_event(title="节水知识", mode="self_paced", questions=list(bank.questions)[:2],
                                      teacher_id=teacher.id)
        for number in range(players):
            services.join(event, f"p{number}")
    db.session.commit()
    login(client, make_user("admin"))
    page = client.get("/staff/dashboard/?lang=en").get_data(as_text=True)
    section = page.split("School quiz participation", 2)[2].split("</table>", 1)[0]
    assert "ms-li" in section and '<td class="num">2</td><td class="num">5</td>' in section
    rows = rows_of(client.get("/staff/dashboard/export/quiz.csv?lang=en"))
    assert rows[1] == ["ms-li", "2", "5"]


def test_access_and_the_old_address(client, make_user, login):
    assert "/staff/login" in client.get("/staff/dashboard/").headers["Location"]
    login(client, make_user("teacher"))
    assert client.get("/staff/dashboard/").status_code == 403
    assert client.get("/staff/dashboard/export/pledges.csv").status_code == 403
    old = client.get("/staff/campaigns/dashboard?start=2027-01-01")
    assert old.status_code == 301 and old.headers["Location"].endswith("/staff/dashboard/?start=2027-01-01")


def test_purging_old_questions_also_drops_their_status(db, app):
    from sqlalchemy import func, select

    from web.chat import questions, services
    from web.chat.models import ChatQuestionStatus

    old = ask(db, "很久以前的问题", days_ago=app.config["CHAT_RETENTION_DAYS"] + 1)
    questions.set_question_status(old.id, "dismissed", "editor")
    db.session.commit()
    assert services.purge_old_exchanges() == 1
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(ChatQuestionStatus)) == 0


def test_offline_tallies_count_in_the_totals_and_the_export(client, make_user, login, db):
    from web import clock
    from web.campaigns import participation
    from web.campaigns.models import Campaign

    now = clock.now()
    campaign = Campaign(slug="wanli-week", title_zh="万里节水周", title_en="Wanli week", street="wanli",
                        summary_zh="摘要", summary_en="Summary", body_zh="正文", body_en="Body", published=True,
                        starts_at=now - dt.timedelta(days=1), ends_at=now + dt.timedelta(days=6),
                        pledge_actions=json.dumps(["fix_drip"]))
    db.session.add(campaign)
    db.session.commit()
    participation.pledge(campaign, "a" * 32, "wanli", ["fix_drip"])
    editor = make_user("editor", street="wanli")
    participation.add_tally(campaign, source="sheet", street="wanli", count=12, actions=["fix_drip"], note="居委会",
                            day=clock.local_today(), user=editor)
    db.session.commit()
    login(client, editor)
    page = client.get("/staff/dashboard/?lang=en").get_data(as_text=True)
    row = page.split("Wanli week", 1)[1].split("</tr>", 1)[0]
    assert 'data-label="Pledges">1</td>' in row and 'data-label="Offline pledges">12</td>' in row
    league = page.split("Pledges by street", 1)[1].split("Wanli Subdistrict", 1)[1].split("</tr>", 1)[0]
    assert ">13</td>" in league
    rows = rows_of(client.get("/staff/dashboard/export/pledges.csv?lang=en"))
    assert [(row[4], row[5]) for row in rows[1:]] == [("Online", "1"), ("Paper pledge sheets", "12")]
    yesterday = (clock.local_today() - dt.timedelta(days=1)).isoformat()
    assert len(rows_of(client.get(f"/staff/dashboard/export/pledges.csv?end={yesterday}"))) == 1
