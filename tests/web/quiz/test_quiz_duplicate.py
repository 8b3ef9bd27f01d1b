"""Duplicate an event: same question snapshots and settings, a new code, no players; only the
event's own teacher (or an admin) may."""

from __future__ import annotations

import datetime as dt

from conftest import T0

from web.quiz import services
from web.quiz.models import QuizEvent, QuizPlayer


def test_teacher_duplicates_a_finished_self_paced_event(client, db, make_user, login, make_event, frozen_now,
                                                        join_api):
    teacher = make_user("teacher")
    event = make_event(teacher=teacher, minutes=40, class_labels=["3(1)", "3(2)"], speed_bonus=True,
                       leaderboard="hide", title="Water Week")
    join_api(event, class_label="3(1)")
    frozen_now(T0 + dt.timedelta(days=2))  # long over
    login(client, teacher)
    assert "复制这个竞赛" in client.get(f"/staff/quiz/{event.id}").get_data(as_text=True)
    response = client.post(f"/staff/quiz/{event.id}/duplicate?lang=en", follow_redirects=True)
    assert response.status_code == 200 and "Copy created with code" in response.get_data(as_text=True)
    copy = db.session.query(QuizEvent).filter(QuizEvent.id != event.id).one()
    assert copy.code != event.code and copy.title == "Water Week (copy)" and copy.teacher_id == teacher.id
    assert [q.data for q in copy.questions] == [q.data for q in event.questions]
    assert (copy.labels, copy.speed_bonus, copy.leaderboard, copy.mode) == (["3(1)", "3(2)"], True, "hide", "self_paced")
    assert copy.opens_at is None and copy.closes_at == T0 + dt.timedelta(days=2, minutes=40)  # open now, as long
    assert db.session.query(QuizPlayer).filter_by(event_id=copy.id).count() == 0
    assert not services.is_over(copy)


def test_a_live_copy_waits_in_its_lobby(client, db, make_user, login, make_event, frozen_now):
    teacher = make_user("teacher")
    event = make_event(mode="live", teacher=teacher, question_seconds=15)
    services.control(event, "start")
    db.session.commit()
    login(client, teacher)
    client.post(f"/staff/quiz/{event.id}/duplicate")
    copy = db.session.query(QuizEvent).filter(QuizEvent.id != event.id).one()
    assert (copy.phase, copy.current_position, copy.question_seconds) == ("lobby", -1, 15)
    assert copy.title == "Class quiz（副本）"


def test_another_teachers_event_cannot_be_duplicated(client, db, make_user, login, make_event):
    event = make_event(teacher=make_user("teacher"))
    login(client, make_user("teacher"))
    assert client.post(f"/staff/quiz/{event.id}/duplicate").status_code == 404
    assert db.session.query(QuizEvent).count() == 1
    admin = client.application.test_client()
    login(admin, make_user("admin"))
    assert admin.post(f"/staff/quiz/{event.id}/duplicate").status_code == 303
    assert db.session.query(QuizEvent).count() == 2
