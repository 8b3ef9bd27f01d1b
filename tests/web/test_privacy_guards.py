"""Personal data kept where it belongs: class labels refuse phone numbers and e-mail as
nicknames do (teacher's form and a student's free label), residents' chat text never
reaches the logs through SQL parameters, and old questions are purged by a periodic job
that needs no visit."""

from __future__ import annotations

import datetime as dt
import logging
import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from core import quiz as core_quiz

SECRET = "我家电话13912345678 住在梅川路"


@pytest.mark.parametrize("label", ["3(2) 13800138000", "老师 teacher@example.com", "见 www.example.com",
                                   "三年级二班 联系 13800138000 张老师"])
def test_teacher_cannot_put_contact_details_in_class_labels(client, make_user, login, label):
    login(client, make_user("teacher"))
    for lang, message in (("en", "cannot contain a phone number"), ("zh", "不能包含电话号码")):
        response = client.post(f"/staff/quiz/new?lang={lang}", data={
            "title": "Water Week", "mode": "self_paced", "bank": "", "topics": ["labels"], "grade": "junior",
            "count": "4", "question_seconds": "20", "opens_at": "", "closes_at": "2030-03-22T18:00",
            "leaderboard": "show", "class_labels": f"3(1)\n{label}\n"})
        assert response.status_code == 400 and message in response.get_data(as_text=True)


def test_students_free_class_label_refuses_contact_details(client, db):
    from web import clock
    from web.quiz import services

    questions = [core_quiz.all_questions()["tariff-tier1-price"]]
    event = services.create_event(title="Quiz", mode="self_paced", questions=questions, opens_at=clock.now(),
                                  closes_at=clock.now() + dt.timedelta(hours=1))  # no list: labels are typed
    db.session.commit()
    refused = client.post(f"/api/v1/events/{event.code}/join?lang=en",
                          json={"nickname": "Happy Otter", "class_label": "3(2) 13800138000"})
    assert refused.status_code == 400 and refused.get_json()["error"]["field"] == "class_label"
    fine = client.post(f"/api/v1/events/{event.code}/join", json={"nickname": "Happy Otter", "class_label": "3(2)"})
    assert fine.status_code == 201


def test_sql_errors_do_not_carry_the_parameters(app, db):
    with pytest.raises(DBAPIError) as failure:
        db.session.execute(text("INSERT INTO no_such_table (question) VALUES (:question)"), {"question": SECRET})
    db.session.rollback()
    assert SECRET not in str(failure.value) and "13912345678" not in str(failure.value)


def test_chat_text_stays_out_of_the_logs_when_the_database_fails(app, client, db, caplog, monkeypatch):
    """The insert of the question fails (a constraint: an unexpected bug): the 500 path logs
    the statement and the error, never what the resident wrote."""
    from web.chat import services

    def failing_record(sender_token, question, lang, answer):
        db.session.execute(text("INSERT INTO chat_exchanges (question) VALUES (:question)"), {"question": question})

    monkeypatch.setattr(services, "record_exchange", failing_record)
    with caplog.at_level(logging.DEBUG):
        response = client.post("/api/chat?lang=en", json={"message": SECRET, "lang": "en"})
    assert response.status_code == 500
    logged = "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)
    logged += "\n".join(logging.Formatter().formatException(r.exc_info) for r in caplog.records if r.exc_info)
    assert "13912345678" not in logged and "梅川路" not in logged and "INSERT INTO chat_exchanges" in logged


def test_old_questions_are_purged_by_the_periodic_job_without_any_visit(app, make_app, db):
    from web.chat.models import ChatExchange
    from web.housekeeping import start_periodic_jobs, stop_periodic_jobs

    db.session.add_all([ChatExchange(conversation="a", lang="zh", question="旧问题", created_at=dt.datetime(2000, 1, 1)),
                        ChatExchange(conversation="b", lang="zh", question="新问题")])
    db.session.commit()
    served = make_app(HOUSEKEEPING_INTERVAL_SECONDS=0.2, CHAT_RETENTION_DAYS=90)  # as gunicorn builds it
    job = start_periodic_jobs(served)["HOUSEKEEPING_INTERVAL_SECONDS"]  # what gunicorn.conf.py does in every worker
    assert job.is_alive()
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            db.session.rollback()
            if [e.question for e in db.session.query(ChatExchange)] == ["新问题"]:
                break
            time.sleep(0.1)
        assert [e.question for e in db.session.query(ChatExchange)] == ["新问题"]
    finally:
        stop_periodic_jobs(served)
    assert not job.is_alive()


def test_no_periodic_job_for_test_apps_or_when_switched_off(app, make_app):
    from web.housekeeping import start_periodic_jobs

    assert start_periodic_jobs(app) == {}  # TESTING
    assert start_periodic_jobs(make_app(HOUSEKEEPING_INTERVAL_SECONDS=0, VIEW_COUNT_FLUSH_SECONDS=0)) == {}
