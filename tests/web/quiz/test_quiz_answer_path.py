"""The live answer's fast path (services.fast_live_answer): one guarded statement per answer,
checked against the general path it stands in for. Two app instances on one database stand
for two site instances: each has its own engine and connection pool."""

from __future__ import annotations

import datetime as dt
import random
from concurrent.futures import ThreadPoolExecutor

from conftest import T0
from sqlalchemy import func, select

from web.quiz import services
from web.quiz.models import QuizAnswer, QuizPlayer

PLAYERS = 30
REPEATS = 2  # each phone sends its answer this many times to EACH instance, all at once


def answer(client, event, headers, question_id, choice):
    code = event if isinstance(event, str) else event.code
    return client.post(f"/api/v1/events/{code}/answers?lang=en", headers=headers,
                       json={"question_id": question_id, "choice_ids": [choice]})


def totals_match_the_answers(db, event) -> list[tuple]:
    """Every player's running totals against the sum of their stored answers."""
    sums = {row.player_id: (int(row.score), row.answered, int(row.correct)) for row in db.session.execute(
        select(QuizAnswer.player_id, func.sum(QuizAnswer.points).label("score"), func.count().label("answered"),
               func.sum(func.cast(QuizAnswer.correct, db.Integer)).label("correct"))
        .where(QuizAnswer.event_id == event.id).group_by(QuizAnswer.player_id))}
    players = db.session.execute(select(QuizPlayer.id, QuizPlayer.score, QuizPlayer.answered,
                                        QuizPlayer.correct_count).where(QuizPlayer.event_id == event.id)).all()
    return [(p.id, (p.score, p.answered, p.correct_count), sums.get(p.id, (0, 0, 0))) for p in players
            if (p.score, p.answered, p.correct_count) != sums.get(p.id, (0, 0, 0))]


def test_answers_racing_to_two_instances_are_each_stored_and_counted_once(
        app, client, db, frozen_now, make_event, join_api, make_app):
    other = make_app()  # a second instance: its own engine and pool, the same database
    clients = [app.test_client(), other.test_client()]
    event = make_event(mode="live", question_seconds=20)
    phones = [join_api(event, f"Phone {i}") for i in range(PLAYERS)]
    rng = random.Random(11)
    code = event.code
    accepted_total = 0
    for number, entry in enumerate(services.event_questions(event)):
        frozen_now(T0 + dt.timedelta(minutes=number))
        services.control(event, "start" if number == 0 else "next")
        db.session.commit()
        frozen_now(T0 + dt.timedelta(minutes=number, seconds=3))
        question_id, choices = entry[0], [c["id"] for c in entry[2]["choices"]]
        # Every phone sends its answer REPEATS times to each instance, all racing each other
        # (a phone retrying after a timeout, a double tap); each phone's choice may differ per try.
        jobs = [(clients[k % 2], phone, question_id, rng.choice(choices)) for phone in phones
                for k in range(2 * REPEATS)]
        rng.shuffle(jobs)
        with ThreadPoolExecutor(max_workers=12) as pool:
            replies = list(pool.map(lambda job: answer(job[0], code, *job[1:]), jobs))
        statuses = sorted(r.status_code for r in replies)
        assert statuses == [200] * (PLAYERS * (2 * REPEATS - 1)) + [201] * PLAYERS, statuses
        assert all(r.get_json()["reason"] == "already_answered" for r in replies if r.status_code == 200)
        accepted_total += PLAYERS
        stored = db.session.scalar(select(func.count()).select_from(QuizAnswer).where(
            QuizAnswer.event_id == event.id, QuizAnswer.question_id == question_id))
        assert stored == PLAYERS
        # the process's copy of the answer window has caught up with the teacher's click
        assert services._live_copies[event.code].current_position == number
    db.session.expire_all()
    assert totals_match_the_answers(db, event) == []
    assert db.session.scalar(select(func.sum(QuizPlayer.answered)).where(
        QuizPlayer.event_id == event.id)) == accepted_total
    board = client.get(f"/api/v1/events/{event.code}/leaderboard").get_json()
    assert sum(p["answered"] for p in board["players"]) == accepted_total


def test_the_fast_path_scores_as_the_general_path_does(app, client, db, frozen_now, make_event, join_api):
    event = make_event(mode="live", question_seconds=20, speed_bonus=True)
    first, second, third = (join_api(event, name) for name in ("Happy Otter", "Brave Frog", "Quiet Crab"))
    services.control(event, "start")
    db.session.commit()
    services._live_copies.pop(event.code, None)
    question_id = services.event_questions(event)[0][0]
    frozen_now(T0 + dt.timedelta(seconds=5))
    assert answer(client, event, first, question_id, "a").status_code == 201  # general path (no copy yet)
    assert event.code in services._live_copies
    assert answer(client, event, second, question_id, "a").status_code == 201  # fast path
    assert answer(client, event, third, question_id, "b").status_code == 201  # fast path, wrong
    db.session.expire_all()
    points = dict(db.session.execute(select(QuizPlayer.nickname, QuizPlayer.score).where(
        QuizPlayer.event_id == event.id)).all())
    assert points == {"Happy Otter": 138, "Brave Frog": 138, "Quiet Crab": 0}  # 100 + 50 × 15/20, rounded
    elapsed = set(db.session.scalars(select(QuizAnswer.elapsed_ms).where(QuizAnswer.event_id == event.id)))
    assert elapsed == {5000}


def test_a_stale_copy_of_the_event_never_accepts_a_late_or_misplaced_answer(
        app, client, db, frozen_now, make_event, join_api, make_app):
    other = make_app()
    event = make_event(mode="live", question_seconds=20)
    phones = [join_api(event, f"Phone {i}") for i in range(4)]
    code = event.code
    services.control(event, "start")
    db.session.commit()
    questions = services.event_questions(event)
    frozen_now(T0 + dt.timedelta(seconds=2))
    assert answer(client, event, phones[0], questions[0][0], "a").status_code == 201  # the copy is taken
    # The teacher ends the question early on the OTHER instance: this process's copy still
    # says the deadline is 18 s away, but the database says it has passed (grace included).
    teacher = other.test_client()
    with other.app_context():
        from web.extensions import db as other_db
        from web.quiz.models import QuizEvent

        services.control(other_db.session.get(QuizEvent, event.id), "end_question")
        other_db.session.commit()
        other_db.session.remove()
    assert services._live_copies[code].question_ends_at == T0 + dt.timedelta(seconds=20)
    db.session.expire_all()  # (requests share the test's session here; a served request's is new)
    frozen_now(T0 + dt.timedelta(seconds=2) + services.ANSWER_GRACE + dt.timedelta(milliseconds=1))
    late = answer(client, event, phones[1], questions[0][0], "a")
    assert late.status_code == 409 and late.get_json()["error"]["message"].startswith("Time is up")
    # Next question: an answer to the previous one is refused, the new one accepted.
    with other.app_context():
        services.control(other_db.session.get(QuizEvent, event.id), "next")
        other_db.session.commit()
        other_db.session.remove()
    db.session.expire_all()
    frozen_now(T0 + dt.timedelta(seconds=10))
    previous = answer(client, event, phones[2], questions[0][0], "a")
    assert previous.status_code == 409 and previous.get_json()["error"]["message"].startswith("Time is up")
    assert answer(client, event, phones[2], questions[1][0], "a").status_code == 201
    assert answer(teacher, event, phones[3], questions[1][0], "a").status_code == 201
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(QuizAnswer).where(
        QuizAnswer.event_id == event.id)) == 3
    assert totals_match_the_answers(db, event) == []


def test_a_player_who_is_gone_cannot_answer_through_the_fast_path(app, client, db, frozen_now, make_event, join_api):
    event = make_event(mode="live", question_seconds=20)
    stays, goes = join_api(event, "Happy Otter"), join_api(event, "Brave Frog")
    services.control(event, "start")
    db.session.commit()
    question_id = services.event_questions(event)[0][0]
    assert answer(client, event, stays, question_id, "a").status_code == 201  # the copy is taken
    removed = db.session.scalar(select(QuizPlayer.id).where(QuizPlayer.nickname == "Brave Frog"))
    services.remove_player(event, removed)  # the teacher removes the player
    db.session.commit()
    gone = answer(client, event, goes, question_id, "a")
    assert gone.status_code == 410  # told it was removed, and nothing stored
    assert db.session.scalar(select(func.count()).select_from(QuizAnswer).where(
        QuizAnswer.player_id == removed)) == 0
    wrong_token = answer(client, event, {"Authorization": "Bearer not-a-token"}, question_id, "a")
    assert wrong_token.status_code == 404
