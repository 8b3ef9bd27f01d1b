"""The JSON API: join, state, answers (idempotent, timed by the server), leaderboard, errors."""

from __future__ import annotations

import datetime as dt

from conftest import T0

from web.quiz.models import QuizAnswer


def state_of(client, event, headers, lang="en"):
    response = client.get(f"/api/v1/events/{event.code}/state?lang={lang}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def answer(client, event, headers, question_id, choice_ids):
    return client.post(f"/api/v1/events/{event.code}/answers", headers=headers,
                       json={"question_id": question_id, "choice_ids": choice_ids})


def test_self_paced_state_lists_every_question_without_answers(client, frozen_now, make_event, join_api):
    event = make_event()
    state = state_of(client, event, join_api(event))
    assert [q["text"] for q in state["questions"]][0] == (
        "Under the prices in force since 1 August 2013, what is the first-tier water price (combined price) per cubic metre?")
    assert all("correct" not in c for q in state["questions"] for c in q["choices"])
    assert state["time_left_ms"] == 30 * 60 * 1000
    assert state_of(client, event, join_api(event, "Quiet Crab"), "zh")["questions"][0]["text"].startswith(
        "按2013年8月1日起执行的价格，第一阶梯")


def test_first_answer_stands_and_repeats_are_idempotent(client, db, frozen_now, make_event, join_api):
    event = make_event()
    headers = join_api(event)
    q = state_of(client, event, headers)["questions"][0]  # tier-1 price: choice a is right
    first = answer(client, event, headers, q["id"], ["a"])
    assert first.status_code == 201 and first.get_json()["accepted"] is True and first.get_json()["correct"] is True
    again = answer(client, event, headers, q["id"], ["b"])
    assert again.status_code == 200
    assert again.get_json()["accepted"] is False and again.get_json()["reason"] == "already_answered"
    assert again.get_json()["correct"] is True  # still the first answer
    assert db.session.query(QuizAnswer).count() == 1


def test_multi_select_is_all_or_nothing(client, frozen_now, make_event, join_api):
    event = make_event()
    q = state_of(client, event, headers := join_api(event))["questions"][1]  # label-contents
    reply = answer(client, event, headers, q["id"], ["a", "b"]).get_json()
    assert reply["accepted"] is True and reply["correct"] is False and reply["points"] == 0
    assert sorted(reply["correct_choice_ids"]) == ["a", "b", "c"]


def test_late_and_early_answers_are_refused_with_a_message(client, frozen_now, make_event, join_api):
    event = make_event(opens_at=T0 + dt.timedelta(minutes=5), minutes=30)
    headers = join_api(event)
    q = state_of(client, event, headers)["questions"][0]
    early = answer(client, event, headers, q["id"], ["a"])
    assert early.status_code == 409 and "not open yet" in early.get_json()["error"]["message"]
    frozen_now(T0 + dt.timedelta(minutes=30))  # closes_at is exclusive
    late = client.post(f"/api/v1/events/{event.code}/answers?lang=en", headers=headers,
                       json={"question_id": q["id"], "choice_ids": ["a"]})
    assert late.status_code == 409
    assert late.get_json()["error"]["message"] == "This quiz has finished. Answers are no longer accepted."
    zh = client.post(f"/api/v1/events/{event.code}/answers?lang=zh", headers=headers,
                     json={"question_id": q["id"], "choice_ids": ["a"]})
    assert zh.get_json()["error"]["message"] == "本次竞赛已结束，不再接受答案。"


def test_live_question_is_timed_by_the_server(app, client, db, frozen_now, make_event, join_api):
    from web.quiz import services

    event = make_event(mode="live", question_seconds=20, speed_bonus=True)
    headers = join_api(event)
    assert state_of(client, event, headers)["status"] == "not_open"
    services.control(event, "start")
    db.session.commit()
    state = state_of(client, event, headers)
    assert state["phase"] == "question" and state["time_left_ms"] == 20_000 and state["question"]["position"] == 0
    frozen_now(T0 + dt.timedelta(seconds=10))
    fast = answer(client, event, headers, state["question"]["id"], ["a"])
    assert fast.status_code == 201 and "correct" not in fast.get_json()  # live: no answer before the reveal
    other = join_api(event, "Brave Frog")
    just_late = join_api(event, "Quiet Crab")
    # Sent while the phone showed "1 s", received 1 s after the deadline: inside the grace, counted.
    frozen_now(T0 + dt.timedelta(seconds=21))
    in_grace = answer(client, event, just_late, state["question"]["id"], ["a"])
    assert in_grace.status_code == 201 and in_grace.get_json()["accepted"] is True
    frozen_now(T0 + dt.timedelta(seconds=21.5))  # deadline + ANSWER_GRACE (1.5 s)
    late = answer(client, event, other, state["question"]["id"], ["a"])
    assert late.status_code == 409 and late.get_json()["error"]["message"].startswith("Time is up")
    closed = state_of(client, event, headers)
    assert closed["status"] == "time_up" and closed["result"]["correct"] is True
    assert closed["result"]["points"] == 125  # 100 + half of the 50 speed bonus
    board = client.get(f"/api/v1/events/{event.code}/leaderboard").get_json()
    assert board["players"][0] == {"rank": 1, "nickname": "Happy Otter", "class_label": None, "score": 125,
                                   "answered": 1}


def test_answer_to_a_later_live_question_is_not_open(client, db, frozen_now, make_event, join_api):
    from web.quiz import services

    event = make_event(mode="live")
    headers = join_api(event)
    services.control(event, "start")
    db.session.commit()
    later = services.event_questions(event)[2][0]
    assert answer(client, event, headers, later, ["true"]).status_code == 409


def test_errors_are_json_with_field_and_never_500(client, frozen_now, make_event, join_api):
    event = make_event()
    other = make_event(question_ids=("home-brushing",))
    headers = join_api(event)
    q = state_of(client, event, headers)["questions"][0]
    cases = [
        (client.post("/api/v1/events/999999/join", json={"nickname": "Cool Crab"}), 404, "code"),
        (client.post(f"/api/v1/events/{event.code}/join", data="nope"), 400, None),
        (client.post(f"/api/v1/events/{event.code}/join", json={"nickname": 5}), 400, "nickname"),
        (client.post(f"/api/v1/events/{event.code}/join", json={"nickname": "Happy Otter"}), 409, "nickname"),
        (client.post(f"/api/v1/events/{event.code}/join", json={"nickname": "call 13912345678"}), 400, "nickname"),
        # A bad token answers exactly like an unknown code (no telling real codes from guesses).
        (client.get(f"/api/v1/events/{event.code}/state"), 404, "code"),
        (client.get(f"/api/v1/events/{event.code}/state", headers={"Authorization": "Bearer nope"}), 404, "code"),
        (client.get(f"/api/v1/events/{other.code}/state", headers=headers), 404, "code"),  # token of another event
        (answer(client, event, headers, 999999, ["a"]), 404, "question_id"),
        (answer(client, event, headers, q["id"], ["z"]), 400, "choice_ids"),
        (answer(client, event, headers, q["id"], "a"), 400, "choice_ids"),
        (answer(client, event, headers, q["id"], ["a", "b"]), 400, "choice_ids"),
        (client.post(f"/api/v1/events/{event.code}/answers", headers=headers, json=[1]), 400, None),
        (client.get("/api/v1/events/abc/leaderboard"), 404, "code"),
    ]
    for response, status, field in cases:
        body = response.get_json()
        assert response.status_code == status, (status, body)
        assert body["error"]["message"]
        assert body["error"].get("field") == field


def test_hidden_leaderboard_shows_nothing(client, frozen_now, make_event, join_api):
    event = make_event(leaderboard="hide")
    join_api(event)
    assert client.get(f"/api/v1/events/{event.code}/leaderboard").get_json() == {
        "hidden": True, "players": [], "classes": []}


def test_frozen_leaderboard_ignores_later_answers(client, db, frozen_now, make_event, join_api):
    from web.quiz import services

    event = make_event()
    headers = join_api(event)
    questions = state_of(client, event, headers)["questions"]
    answer(client, event, headers, questions[0]["id"], ["a"])
    services.control(event, "freeze")
    db.session.commit()
    frozen_now(T0 + dt.timedelta(minutes=1))
    answer(client, event, headers, questions[2]["id"], ["true"])
    board = client.get(f"/api/v1/events/{event.code}/leaderboard").get_json()
    assert board["frozen"] is True and board["players"][0]["score"] == 100


def test_class_leaderboard_averages(client, frozen_now, make_event, join_api):
    event = make_event(class_labels=["3(1)", "3(2)"])
    a = join_api(event, "Happy Otter", "3(1)")
    b = join_api(event, "Brave Frog", "3(1)")
    join_api(event, "Quiet Crab", "3(2)")
    q = state_of(client, event, a)["questions"][0]
    answer(client, event, a, q["id"], ["a"])
    answer(client, event, b, q["id"], ["b"])
    bad = client.post(f"/api/v1/events/{event.code}/join", json={"nickname": "Jolly Whale", "class_label": "9(9)"})
    assert bad.status_code == 400 and bad.get_json()["error"]["field"] == "class_label"
    classes = client.get(f"/api/v1/events/{event.code}/leaderboard").get_json()["classes"]
    assert classes == [{"label": "3(1)", "players": 2, "average_score": 50.0, "total_score": 100, "average_correct": 0.5},
                       {"label": "3(2)", "players": 1, "average_score": 0.0, "total_score": 0, "average_correct": 0.0}]


def test_standings_cache_is_cleared_by_a_write(app, client, frozen_now, make_event, join_api, monkeypatch):
    from web.quiz import standings

    monkeypatch.setattr(standings, "FRESH_SECONDS", 0.0)  # the shared public copy may be 1 s old
    event = make_event()
    headers = join_api(event)
    before = standings.get_standings(event)
    assert before.players[0]["score"] == 0
    q = state_of(client, event, headers)["questions"][0]
    answer(client, event, headers, q["id"], ["a"])
    assert standings.get_standings(event).players[0]["score"] == 100
