"""Events from a teacher's own bank: created random or picked, played like district questions
(no-JS forms, the JSON API, self-paced and live) for every type, and kept to their owner."""

from __future__ import annotations

import datetime as dt
import re

import bank_fixtures
from conftest import T0

from web.quiz import live, services
from web.quiz.models import QuizAnswer, QuizEvent

EVENT = {"title": "My questions", "mode": "self_paced", "count": "10", "question_seconds": "20",
         "opens_at": "", "closes_at": "2026-03-22T18:00", "leaderboard": "show"}

make_bank = bank_fixtures.make_bank  # the fixture, for this module


def test_teacher_makes_an_event_from_their_bank_and_students_play_each_type_without_js(
        client, db, make_user, login, make_bank, frozen_now):
    teacher = make_user("teacher")
    bank = make_bank(teacher)
    bank.questions[1].retired_at = T0  # a retired question is never used
    db.session.commit()
    login(client, teacher)
    form = client.get("/staff/quiz/new").get_data(as_text=True)
    assert f'value="own-{bank.id}"' in form and "老师的题库：我的题库" in form
    response = client.post("/staff/quiz/new", data={**EVENT, "bank": f"own-{bank.id}"})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    event = db.session.query(QuizEvent).one()
    kinds = sorted(q.data["kind"] for q in event.questions)
    assert kinds == ["numeric", "single", "true_false"] and event.bank_id == f"own-{bank.id}"

    student = client.application.test_client()
    student.post(f"/join?code={event.code}", data={"nickname": "Happy Otter"})
    page = student.get(f"/play/{event.code}?lang=en").get_data(as_text=True)
    ids = {q.data["kind"]: str(q.id) for q in event.questions}
    assert 'inputmode="decimal"' in page and "litres" in page
    bad = student.post(f"/play/{event.code}/answer?lang=en", data={"question_id": ids["numeric"], "choice": "thirty"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Please type a number, for example 12.5." in bad
    student.post(f"/play/{event.code}/answer", data={"question_id": ids["numeric"], "choice": "３０.４"})
    student.post(f"/play/{event.code}/answer", data={"question_id": ids["single"], "choice": "a"})
    student.post(f"/play/{event.code}/answer", data={"question_id": ids["true_false"], "choice": "false"})
    answers = {a.question_id: a for a in db.session.query(QuizAnswer)}
    assert answers[int(ids["numeric"])].correct and answers[int(ids["numeric"])].choice_ids == "30.4"
    assert answers[int(ids["single"])].correct and not answers[int(ids["true_false"])].correct
    frozen_now(T0 + dt.timedelta(hours=10))  # after closing: answers revealed
    after = student.get(f"/play/{event.code}?lang=zh").get_data(as_text=True)
    assert "答案：30升（±0.5）" in after and "你的答案：30.4" in after  # the end screen (play_self.html)
    report = client.get(f"/staff/quiz/{event.id}/report?lang=en")
    assert report.status_code == 200


def test_picked_own_questions_play_through_the_api(client, db, make_user, login, make_bank, frozen_now, join_api,
                                                   openapi_valid):
    teacher = make_user("teacher")
    bank = make_bank(teacher)
    login(client, teacher)
    picked = [f"own-{q.id}" for q in bank.questions if q.kind in ("numeric", "multi")]
    client.post("/staff/quiz/new", data={**EVENT, "picked": picked})
    event = db.session.query(QuizEvent).one()
    assert [q.question_id for q in event.questions] == picked
    phone = join_api(event)
    state = openapi_valid(client.get(f"/api/v1/events/{event.code}/state?lang=en", headers=phone)).get_json()
    multi, numeric = state["questions"]
    assert numeric["kind"] == "numeric" and numeric["unit"] == "litres" and numeric["choices"] == []
    refused = client.post(f"/api/v1/events/{event.code}/answers?lang=en", headers=phone,
                          json={"question_id": numeric["id"], "choice_ids": ["1e3"]})
    assert refused.status_code == 400 and "Please type a number" in refused.get_json()["error"]["message"]
    reply = openapi_valid(client.post(f"/api/v1/events/{event.code}/answers?lang=en", headers=phone,
                                      json={"question_id": numeric["id"], "choice_ids": ["29"]}))
    body = reply.get_json()
    assert reply.status_code == 201 and body["correct"] is False and body["points"] == 0
    assert body["correct_answer"] == {"value": "30", "tolerance": "0.5", "unit": "litres",
                                      "text": "The answer: 30 litres (± 0.5)"}
    reply = client.post(f"/api/v1/events/{event.code}/answers", headers=phone,
                        json={"question_id": multi["id"], "choice_ids": ["a", "b"]}).get_json()
    assert reply["correct"] is True and reply["correct_choice_ids"] == ["a", "b"]


def test_live_event_uses_each_questions_own_time_and_reveals_the_number(
        client, db, make_user, login, make_bank, frozen_now, join_api):
    from web.quiz import bank as bank_service

    teacher = make_user("teacher")
    bank = make_bank(teacher, kinds=("numeric",))
    event = services.create_event(title="Live", mode="live", questions=[bank_service.to_core(bank.questions[0])],
                                  teacher_id=teacher.id, question_seconds=20)
    db.session.commit()
    phone = join_api(event)
    student = client.application.test_client()  # a second phone, without JavaScript
    student.post(f"/join?code={event.code}", data={"nickname": "Brave Frog"})
    services.control(event, "start")
    db.session.commit()
    state = client.get(f"/api/v1/events/{event.code}/live?lang=zh", headers=phone).get_json()["state"]
    assert state["ends_at_ms"] == live.epoch_ms(T0 + dt.timedelta(seconds=45))  # the question's 45 s, not 20
    assert state["question"]["unit"] == "升"
    client.post(f"/api/v1/events/{event.code}/answers", headers=phone,
                json={"question_id": state["question"]["id"], "choice_ids": ["30.5"]})
    form_reply = student.post(f"/play/{event.code}/answer", data={"question_id": state["question"]["id"],
                                                                  "choice": "29.4"}, follow_redirects=True)
    assert "答案已收到。" in form_reply.get_data(as_text=True)  # the no-JS form of a live numeric question
    frozen_now(T0 + dt.timedelta(seconds=45) + services.ANSWER_GRACE)
    revealed = client.get(f"/api/v1/events/{event.code}/live?lang=zh", headers=phone).get_json()
    assert revealed["state"]["reveal"]["correct_answer"]["text"] == "答案：30升（±0.5）"
    assert revealed["me"]["score"] == 100
    assert sorted((a.choice_ids, a.correct) for a in db.session.query(QuizAnswer)) == [("29.4", False),
                                                                                       ("30.5", True)]
    page = student.get(f"/play/{event.code}").get_data(as_text=True)
    assert "答案：30升（±0.5）" in page and 'inputmode="decimal"' in page
    login(client, teacher)  # the projector and its live data take a numeric question too
    assert client.get(f"/staff/quiz/{event.id}/projector").status_code == 200
    projected = client.get(f"/staff/quiz/{event.id}/live.json").get_json()
    assert projected["closed"] and projected["answered"] == 2 and projected["choices"] == []


def test_a_teacher_cannot_use_another_teachers_unshared_bank(client, db, make_user, login, make_bank, frozen_now):
    owner, other = make_user("teacher"), make_user("teacher")
    bank = make_bank(owner)
    login(client, other)
    form = client.get("/staff/quiz/new").get_data(as_text=True)
    assert f"own-{bank.id}" not in form and "哪种做法更节水" not in form
    response = client.post("/staff/quiz/new?lang=en", data={**EVENT, "bank": f"own-{bank.id}"})
    assert response.status_code == 400 and db.session.query(QuizEvent).count() == 0
    response = client.post("/staff/quiz/new?lang=en", data={**EVENT, "picked": [f"own-{bank.questions[0].id}"]})
    assert response.status_code == 400 and "no longer exist" in response.get_data(as_text=True)
    assert db.session.query(QuizEvent).count() == 0
    bank.shared = True  # once shared, the other teacher may use it
    db.session.commit()
    response = client.post("/staff/quiz/new", data={**EVENT, "bank": f"own-{bank.id}"})
    assert response.status_code == 302 and len(db.session.query(QuizEvent).one().questions) == 4
    assert re.search(r"/staff/quiz/\d+$", response.headers["Location"])
