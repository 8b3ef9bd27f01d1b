"""Teachers: access, creating events, running live events, reports, CSV, purge, CLI."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from conftest import T0

from web.quiz import services
from web.quiz.models import QuizAnswer, QuizEvent, QuizPlayer


def test_anonymous_goes_to_sign_in_and_editor_is_forbidden(client, make_user, login):
    response = client.get("/staff/quiz/")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]
    login(client, make_user("editor"))
    assert client.get("/staff/quiz/").status_code == 403
    assert client.get("/staff/quiz/new").status_code == 403


def test_teacher_creates_a_random_self_paced_event(client, db, make_user, login, frozen_now):
    teacher = make_user("teacher")
    login(client, teacher)
    assert "新建竞赛" in client.get("/staff/quiz/new").get_data(as_text=True)
    response = client.post("/staff/quiz/new", data={
        "title": "Water Week 3(2)", "mode": "self_paced", "bank": "", "topics": ["labels"], "grade": "junior",
        "count": "4", "question_seconds": "20", "opens_at": "", "closes_at": "2026-03-22T18:00",
        "leaderboard": "show", "class_labels": "3(1)\n3(2)\n"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    event = db.session.query(QuizEvent).one()
    assert event.teacher_id == teacher.id and len(event.questions) == 4 and event.labels == ["3(1)", "3(2)"]
    assert all(q.data["topic"] == "labels" and "junior" in q.data["grades"] for q in event.questions)
    assert event.closes_at == dt.datetime(2026, 3, 22, 10, 0)  # 18:00 Beijing = 10:00 UTC
    page = client.get(f"/staff/quiz/{event.id}").get_data(as_text=True)
    assert event.code in page and f"/join/{event.code}/qr.svg" in page


def test_form_errors_are_shown_in_the_users_language(client, make_user, login):
    login(client, make_user("teacher"))
    response = client.post("/staff/quiz/new?lang=en", data={"title": "", "mode": "self_paced", "count": "0",
                                                              "question_seconds": "20", "leaderboard": "show"})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "This field is required." in text and "A self-paced quiz needs a closing time." in text
    assert "Choose from 1 to 50 questions." in text


def test_a_live_event_is_called_live_not_running_as_a_campaign(client, make_user, login, make_event):
    """The site's catalogs merge into one: the quiz's mode 现场 has its own context, apart from a running campaign's 进行中."""
    teacher = make_user("teacher")
    login(client, teacher)
    event = make_event(mode="live", teacher=teacher)
    assert "<td>现场</td>" in client.get("/staff/quiz/?lang=zh").get_data(as_text=True)
    assert "模式：现场。" in client.get(f"/staff/quiz/{event.id}?lang=zh").get_data(as_text=True)
    assert "Mode: Live." in client.get(f"/staff/quiz/{event.id}?lang=en").get_data(as_text=True)
    response = client.post("/staff/quiz/new?lang=zh", data={"title": "", "mode": "self_paced", "count": "3",
                                                           "question_seconds": "20", "leaderboard": "show"})
    assert "此项为必填项。" in response.get_data(as_text=True)


SELF_PACED = {"title": "Water Week", "mode": "self_paced", "count": "3", "question_seconds": "20",
              "leaderboard": "show"}


@pytest.mark.parametrize(("lang", "opens_at", "closes_at", "expected"), [
    # T0 is 17:00 in Beijing.
    ("en", "2026-03-23T10:00", "2026-03-23T09:00", "The closing time must be after the opening time."),
    ("zh", "2026-03-23T10:00", "2026-03-23T09:00", "结束时间必须晚于开始时间。"),
    ("en", "2026-03-23T10:00", "2026-03-23T10:00", "The closing time must be after the opening time."),
    ("en", "", "2026-03-22T16:59", "The closing time must be in the future."),  # opens now, closed already
    ("zh", "", "2026-03-22T16:59", "结束时间必须晚于现在。"),
    ("en", "2026-03-20T08:00", "2026-03-21T08:00", "The closing time must be in the future."),
])
def test_an_event_cannot_close_before_it_opens(client, db, make_user, login, frozen_now, lang, opens_at,
                                               closes_at, expected):
    login(client, make_user("teacher"))
    response = client.post(f"/staff/quiz/new?lang={lang}",
                           data={**SELF_PACED, "opens_at": opens_at, "closes_at": closes_at})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert expected in text and 'id="closes_at-error"' in text and 'aria-invalid="true"' in text
    assert db.session.query(QuizEvent).count() == 0


def test_an_event_that_opens_now_and_closes_later_is_created(client, db, make_user, login, frozen_now):
    login(client, make_user("teacher"))
    response = client.post("/staff/quiz/new?lang=en", data={**SELF_PACED, "opens_at": "",
                                                            "closes_at": "2026-03-22T17:01"})
    assert response.status_code == 302
    assert db.session.query(QuizEvent).one().closes_at == T0 + dt.timedelta(minutes=1)


def test_the_service_refuses_an_event_that_closes_before_it_opens(app, db, frozen_now):
    from core import quiz as core_quiz

    with pytest.raises(services.QuizError) as refused:
        services.create_event(title="x", mode="self_paced", questions=list(core_quiz.all_questions().values())[:2],
                              opens_at=T0, closes_at=T0 - dt.timedelta(minutes=1))
    assert refused.value.code == "closes_before_opens" and refused.value.field == "closes_at"


def test_teacher_picks_questions_and_runs_a_live_event(client, db, make_user, login, frozen_now, join_api):
    login(client, make_user("teacher"))
    client.post("/staff/quiz/new", data={
        "title": "Live", "mode": "live", "count": "10", "question_seconds": "15", "leaderboard": "show",
        "picked": ["tariff-highest", "home-brushing"]})
    event = db.session.query(QuizEvent).one()
    assert [q.question_id for q in event.questions] == ["tariff-highest", "home-brushing"]
    join_api(event)
    assert client.post(f"/staff/quiz/{event.id}/control", data={"action": "start"}).status_code == 302
    live = client.get(f"/staff/quiz/{event.id}/live.json").get_json()
    assert live["phase"] == "question" and live["players"] == 1 and live["time_left_ms"] == 15_000
    client.post(f"/staff/quiz/{event.id}/control", data={"action": "end_question"})
    frozen_now(T0 + services.ANSWER_GRACE)  # the distribution shows once the grace is over
    live = client.get(f"/staff/quiz/{event.id}/live.json").get_json()
    assert live["closed"] and [d["count"] for d in live["distribution"]] == [0, 0, 0]
    assert "stage-choice--right" in client.get(f"/staff/quiz/{event.id}/projector").get_data(as_text=True)
    client.post(f"/staff/quiz/{event.id}/control", data={"action": "next"})
    client.post(f"/staff/quiz/{event.id}/control", data={"action": "next"})  # past the last: finished
    live = client.get(f"/staff/quiz/{event.id}/live.json").get_json()
    assert live["phase"] == "finished" and live["podium"][0]["names"] == ["Happy Otter"]


def test_other_teachers_events_are_not_found(client, make_user, login, make_event):
    event = make_event(teacher=make_user("teacher"))
    login(client, make_user("teacher"))
    for path in ("", "/report", "/report.csv", "/certificates", "/projector", "/live.json"):
        assert client.get(f"/staff/quiz/{event.id}{path}").status_code == 404
    admin_client = client.application.test_client()
    login(admin_client, make_user("admin"))
    assert admin_client.get(f"/staff/quiz/{event.id}").status_code == 200  # admins see every event


def played_event(client, make_event, join_api, teacher):
    event = make_event(teacher=teacher, class_labels=["A", "B"])
    players = [join_api(event, "Happy Otter", "A"), join_api(event, "-Quiet Crab", "B"), join_api(event, "Brave Frog", "A")]
    qs = client.get(f"/api/v1/events/{event.code}/state", headers=players[0]).get_json()["questions"]
    picks = [(["a"], ["a", "b", "c"], ["true"]), (["b"], ["a"], ["true"]), (["a"], ["a", "b"], ["false"])]
    for headers, chosen in zip(players, picks, strict=False):
        for q, choice_ids in zip(qs, chosen, strict=False):
            client.post(f"/api/v1/events/{event.code}/answers", headers=headers,
                        json={"question_id": q["id"], "choice_ids": choice_ids})
    return event


def test_report_csv_and_certificates(client, make_user, login, frozen_now, make_event, join_api):
    teacher = make_user("teacher")
    event = played_event(client, make_event, join_api, teacher)
    login(client, teacher)
    page = client.get(f"/staff/quiz/{event.id}/report?lang=en").get_data(as_text=True)
    assert "33% correct" in page  # question 2 (multi-select): one of three right, the most missed
    response = client.get(f"/staff/quiz/{event.id}/report.csv?lang=en")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["Rank", "Nickname", "Class", "Score", "Correct", "Answered", "Q1", "Q2", "Q3"]
    assert rows[1] == ["1", "Happy Otter", "A", "300", "3", "3", "1", "1", "1"]
    assert ["2", "Brave Frog", "A", "100", "1", "3", "1", "0", "0"] in rows
    assert any(row[1] == "'-Quiet Crab" for row in rows)  # a formula is neutralised
    certificates = client.get(f"/staff/quiz/{event.id}/certificates").get_data(as_text=True)
    assert certificates.count('class="quiz-cert"') == 3 and "Happy Otter" in certificates


def test_teacher_deletes_participant_data_at_once(client, db, make_user, login, frozen_now, make_event, join_api):
    teacher = make_user("teacher")
    event = played_event(client, make_event, join_api, teacher)
    login(client, teacher)
    client.post(f"/staff/quiz/{event.id}/control", data={"action": "purge"})
    assert db.session.query(QuizPlayer).count() == 0 and db.session.query(QuizAnswer).count() == 0
    assert client.get(f"/join?code={event.code}").status_code == 404
    client.post(f"/staff/quiz/{event.id}/control", data={"action": "delete"})
    assert db.session.query(QuizEvent).count() == 0


def test_retention_purge_by_cli_and_at_read_time(app, client, db, runner, make_user, frozen_now, make_event, join_api):
    from web.quiz import services

    old = make_event(minutes=10)
    join_api(old)
    recent = make_event(minutes=10)
    join_api(recent)
    recent.closes_at = T0 + dt.timedelta(days=25)
    db.session.commit()
    frozen_now(T0 + dt.timedelta(days=app.config["QUIZ_RETENTION_DAYS"], minutes=11))
    result = runner.invoke(args=["quiz", "purge"])
    assert result.exit_code == 0 and "purged participant data of 1 quiz events" in result.output
    assert db.session.query(QuizPlayer).filter_by(event_id=old.id).count() == 0
    assert db.session.query(QuizPlayer).filter_by(event_id=recent.id).count() == 1
    frozen_now(T0 + dt.timedelta(days=60))
    assert services.purge_expired() == 1


def test_cli_create_event_prints_the_code_last(runner, db, make_user):
    teacher = make_user("teacher", username="ms-li")
    result = runner.invoke(args=["quiz", "create-event", "--mode", "self-paced", "--questions", "10",
                                 "--minutes", "30", "--teacher", "ms-li", "--bank", "home"])
    assert result.exit_code == 0, result.output
    code = result.output.strip().splitlines()[-1]
    event = db.session.query(QuizEvent).filter_by(code=code).one()
    assert event.teacher_id == teacher.id and len(event.questions) == 10 and event.mode == "self_paced"
    bad = runner.invoke(args=["quiz", "create-event", "--mode", "live", "--bank", "nope"])
    assert bad.exit_code != 0
