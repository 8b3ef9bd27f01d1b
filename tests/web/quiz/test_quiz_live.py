"""The live channel (issue 11) and code-guessing (issue 12 item 6), through the Flask client.

Under the test client the stream runs in its thread-worker form (one message, then the
browser reconnects after `retry`); tests/scale/test_live_event.py drives the held-open form
under gunicorn's gevent worker with a few hundred phones.
"""

from __future__ import annotations

import datetime as dt
import json

from conftest import T0

from web.quiz import live, manage, names, services, standings


def sse_message(response) -> dict:
    text = response.get_data(as_text=True)
    assert text.startswith("retry: ") and "\nid: " in text
    data = [line[6:] for line in text.splitlines() if line.startswith("data: ")]
    assert len(data) == 1, text
    return json.loads(data[0])


def start_live(db, make_event, **options):
    event = make_event(mode="live", question_seconds=20, **options)
    return event


def test_live_state_is_one_shared_body_with_the_phones_own_line(client, db, frozen_now, make_event, join_api):
    event = start_live(db, make_event)
    phones = [join_api(event, nickname) for nickname in ("Happy Otter", "Brave Frog", "Quiet Crab")]
    lobby = client.get(f"/api/v1/events/{event.code}/live?lang=en", headers=phones[0])
    assert lobby.status_code == 200 and lobby.headers["ETag"] == '"0.0-en"'
    assert lobby.get_json()["state"]["phase"] == "lobby"
    # Unchanged state: 304 with no body, and the server's clock for the phone's countdown.
    again = client.get(f"/api/v1/events/{event.code}/live?lang=en", headers={**phones[0], "If-None-Match": '"0.0-en"'})
    assert again.status_code == 304 and not again.data and int(again.headers["X-Server-Time-Ms"]) > 0

    services.control(event, "start")
    db.session.commit()
    bodies = [client.get(f"/api/v1/events/{event.code}/live?lang=en", headers=h).get_json() for h in phones]
    states = [json.dumps(b["state"], sort_keys=True) for b in bodies]
    assert len(set(states)) == 1  # the same state for every phone
    state = bodies[0]["state"]
    assert state["status"] == "open" and "reveal" not in state and "correct" not in json.dumps(state["question"])
    assert state["ends_at_ms"] == live.epoch_ms(T0 + dt.timedelta(seconds=20))
    question = state["question"]
    client.post(f"/api/v1/events/{event.code}/answers", headers=phones[1],
                json={"question_id": question["id"], "choice_ids": ["a"]})  # right
    client.post(f"/api/v1/events/{event.code}/answers", headers=phones[2],
                json={"question_id": question["id"], "choice_ids": ["b"]})

    frozen_now(T0 + dt.timedelta(seconds=20) + services.ANSWER_GRACE)  # deadline + grace: revealed
    revealed = client.get(f"/api/v1/events/{event.code}/live?lang=en", headers=phones[1]).get_json()
    assert revealed["state"]["version"] == "1.1" and revealed["state"]["reveal"]["correct_choice_ids"] == ["a"]
    source = revealed["state"]["reveal"]["source"]  # the reveal carries the question's source line
    assert source["label"] == "Source:" and source["title"] and "confidence:" in source["meta"]
    assert revealed["state"]["top"][0] == {"rank": 1, "nickname": "Brave Frog", "score": 100}
    assert revealed["me"]["rank"] == 1 and revealed["me"]["score"] == 100 and revealed["me"]["of"] == 3
    mine = client.get(f"/api/v1/events/{event.code}/live?lang=en", headers=phones[0]).get_json()["me"]
    assert mine["rank"] == 2 and mine["score"] == 0  # tied with Quiet Crab at 0: both rank 2


def test_every_phone_sees_its_own_rank_even_far_below_the_top_ten(client, db, frozen_now, make_event, join_api):
    event = start_live(db, make_event)
    phones = [join_api(event, f"Player {chr(65 + i)}{chr(65 + i)}") for i in range(14)]
    services.control(event, "start")
    db.session.commit()
    question = client.get(f"/api/v1/events/{event.code}/live", headers=phones[0]).get_json()["state"]["question"]
    for headers in phones[:12]:
        client.post(f"/api/v1/events/{event.code}/answers", headers=headers,
                    json={"question_id": question["id"], "choice_ids": ["a"]})
    frozen_now(T0 + dt.timedelta(seconds=22))
    last = client.get(f"/api/v1/events/{event.code}/live", headers=phones[13]).get_json()
    assert len(last["state"]["top"]) == 10
    assert last["me"] == {"rank": 13, "of": 14, "score": 0, "answered": 0, "correct": 0}
    page = client.get(f"/api/v1/events/{event.code}/live", headers=phones[13])
    assert page.status_code == 200


def test_stream_sends_the_state_and_tells_the_browser_when_to_reconnect(client, db, frozen_now, make_event):
    event = start_live(db, make_event)
    client.post(f"/join?code={event.code}", data={"nickname": "Happy Otter"})  # the play page's cookie
    response = client.get(f"/api/v1/events/{event.code}/stream?lang=en")
    assert response.status_code == 200 and response.mimetype == "text/event-stream"
    assert response.headers["Cache-Control"] == "no-store"
    message = sse_message(response)
    assert message["state"]["phase"] == "lobby" and message["me"]["score"] == 0 and message["now_ms"] > 0
    # Without the cookie the stream is refused like any unknown player.
    other = client.application.test_client()
    assert other.get(f"/api/v1/events/{event.code}/stream").status_code == 404


def test_the_play_page_renders_the_live_question_without_a_leaderboard_query_per_view(
        client, db, frozen_now, make_event, monkeypatch):
    event = start_live(db, make_event)
    client.post(f"/join?code={event.code}", data={"nickname": "Happy Otter"})
    services.control(event, "start")
    db.session.commit()
    computed = []
    original = standings._compute
    monkeypatch.setattr(standings, "_compute", lambda *a, **k: computed.append(1) or original(*a, **k))
    for _ in range(5):
        page = client.get(f"/play/{event.code}?lang=en").get_data(as_text=True)
        assert 'data-version="1.0"' in page and "Submit answer" in page and "data-stream-url" in page
    assert len(computed) <= 1  # one shared copy per event and second, not one per page view


def test_unknown_codes_and_bad_tokens_look_the_same_and_are_limited_per_address(
        client, db, frozen_now, make_event, join_api, rate_limits):
    event = start_live(db, make_event)
    headers = join_api(event)
    unknown = client.get("/api/v1/events/999999/state", headers={"Authorization": "Bearer x"})
    bad_token = client.get(f"/api/v1/events/{event.code}/state", headers={"Authorization": "Bearer x"})
    assert unknown.status_code == bad_token.status_code == 404
    assert unknown.get_json() == bad_token.get_json()
    # A fresh random token per request does not escape: the budget is per address.
    refused = None
    for attempt in range(40):
        response = client.get(f"/api/v1/events/{100000 + attempt}/state", headers={"Authorization": f"Bearer t{attempt}"})
        if response.status_code == 429:
            refused = attempt
            break
    assert refused is not None and refused <= 20, refused
    assert int(response.headers["Retry-After"]) >= 60
    # The join page's code box spends the same budget.
    assert client.get("/join?code=123456").status_code == 429
    # A real code and a real token still work from that address (a school behind one NAT).
    assert client.get(f"/api/v1/events/{event.code}/state", headers=headers).status_code == 200
    assert client.get(f"/join?code={event.code}").status_code == 200


def test_nickname_suggestions_never_offer_a_taken_name(client, db, frozen_now, make_event):
    event = start_live(db, make_event)
    plain = [f"{a[1]} {n[1]}" for a in names.ADJECTIVES for n in names.NOUNS]
    for nickname in plain[:-2]:  # all but two plain names taken
        services.join(event, nickname)
    db.session.commit()
    for _ in range(5):
        offered = names.suggestions("en", 3, taken=lambda candidates: services.taken_keys(event, candidates))
        assert len(offered) == 3 and not services.taken_keys(event, offered)
    page = client.get(f"/join?code={event.code}&lang=en").get_data(as_text=True)
    prefilled = page.split('id="nickname"')[1].split('value="')[1].split('"')[0]
    assert names.key(prefilled) not in {names.key(n) for n in plain[:-2]}


def test_a_phone_that_joined_before_is_offered_only_to_continue(client, db, frozen_now, make_event):
    event = start_live(db, make_event)
    page = client.get(f"/join?code={event.code}&lang=en").get_data(as_text=True)
    assert 'id="quiz-resume"' in page and 'id="quiz-join-new"' in page  # join.js shows one of the two
    bad = client.post(f"/play/{event.code}/resume", data={"token": "not-a-token"})
    assert "forget=1" in bad.headers["Location"]
    assert 'data-forget="1"' in client.get(bad.headers["Location"]).get_data(as_text=True)


def test_podium_shows_every_tied_player(app, db, frozen_now, make_event):
    board = standings.Standings(players=[
        {"id": i, "rank": 1 if i < 7 else 8, "nickname": f"P{i}", "class_label": None, "score": 300 if i < 7 else 100,
         "answered": 3, "correct": 3} for i in range(9)])
    places = manage.podium(board)
    assert len(places) == 1 and places[0]["names"] == [f"P{i}" for i in range(7)] and places[0]["more"] == 0
    crowd = standings.Standings(players=[
        {"id": i, "rank": 1, "nickname": f"P{i}", "class_label": None, "score": 300, "answered": 3, "correct": 3}
        for i in range(20)])
    place = manage.podium(crowd)[0]
    assert len(place["names"]) == manage.PODIUM_NAMES and place["more"] == 20 - manage.PODIUM_NAMES


def test_projector_says_finish_on_the_last_question(client, db, make_user, login, frozen_now):
    from web.quiz.models import QuizEvent

    login(client, make_user("teacher"))
    client.post("/staff/quiz/new", data={"title": "Live", "mode": "live", "count": "10", "question_seconds": "15",
                                         "leaderboard": "show", "picked": ["tariff-highest", "home-brushing"]})
    event = db.session.query(QuizEvent).one()
    client.post(f"/staff/quiz/{event.id}/control", data={"action": "start"})
    first = client.get(f"/staff/quiz/{event.id}/projector?lang=en").get_data(as_text=True)
    assert "Next question" in first and "Finish the quiz" not in first
    client.post(f"/staff/quiz/{event.id}/control", data={"action": "next"})
    last = client.get(f"/staff/quiz/{event.id}/projector?lang=zh").get_data(as_text=True)
    assert "结束竞赛" in last and "下一题" not in last


def test_no_free_database_connection_is_busy_not_an_error(client, db, frozen_now, make_event, join_api, monkeypatch):
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    event = start_live(db, make_event)
    headers = join_api(event)

    def exhausted(*_args, **_kwargs):
        raise PoolTimeout("QueuePool limit of size 5 overflow 10 reached")

    monkeypatch.setattr(services, "event_by_code", exhausted)
    api = client.get(f"/api/v1/events/{event.code}/live", headers=headers)
    page = client.get(f"/join?code={event.code}")
    assert api.status_code == page.status_code == 503
    assert api.headers["Retry-After"] and page.headers["Retry-After"]


def test_stored_answers_skip_the_rate_limit_and_everything_else_spends_it(client, db, frozen_now, make_event,
                                                                          join_api, rate_limits):
    event = start_live(db, make_event)
    phone = join_api(event)
    services.control(event, "start")
    db.session.commit()
    question = client.get(f"/api/v1/events/{event.code}/live?lang=en", headers=phone).get_json()["state"]["question"]
    url = f"/api/v1/events/{event.code}/answers"
    first = client.post(url, headers=phone, json={"question_id": question["id"], "choice_ids": ["a"]})
    assert first.status_code == 201 and first.get_json() == {"accepted": True}
    # The same answer again is not stored: it takes the limited path, and a phone repeating
    # itself is refused after 120 a minute.
    statuses = [client.post(url, headers=phone, json={"question_id": question["id"], "choice_ids": ["b"]}).status_code
                for _ in range(125)]
    assert statuses[:120] == [200] * 120 and statuses[120:] == [429] * 5
    assert int(client.post(url, headers=phone, json={}).headers["Retry-After"]) >= 1
    # A second phone's stored answer is not touched by the first phone's budget.
    other = join_api(event, "Brave Frog")
    assert client.post(url, headers=other, json={"question_id": question["id"], "choice_ids": ["a"]}).status_code == 201
