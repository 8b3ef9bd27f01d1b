"""The join storm: the join gate's refusals (503 + jittered Retry-After, before any database
work; a busy page that retries, in zh and en), the join and live play pages served from
per-event shells that carry nothing of another phone, and the projector's live.json answering
503, not 500, when no pooled connection comes free."""

from __future__ import annotations

import contextlib
import re

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy.exc import TimeoutError as PoolTimeout

from web.quiz import shells

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
TOKEN = re.compile(r'data-token="([^"]*)"')


@pytest.fixture
def shut_gate(app):
    """The join gate with no slot and no waiting room: every join is refused."""
    app.extensions.pop("quiz_join_gate", None)
    saved = {k: app.config[k] for k in ("QUIZ_JOIN_CONCURRENCY", "QUIZ_JOIN_QUEUE", "QUIZ_JOIN_WAIT_SECONDS")}
    app.config.update(QUIZ_JOIN_CONCURRENCY=0, QUIZ_JOIN_QUEUE=0, QUIZ_JOIN_WAIT_SECONDS=0)
    yield app
    app.config.update(saved)
    app.extensions.pop("quiz_join_gate", None)


def count_statements(db):
    seen = []
    listener = lambda *args: seen.append(args[2])  # noqa: E731 (statement text)
    sa_event.listen(db.engine, "before_cursor_execute", listener)
    return seen, lambda: sa_event.remove(db.engine, "before_cursor_execute", listener)


@pytest.mark.parametrize("lang, words", [("zh", "正在重试"), ("en", "Busy, retrying")])
def test_a_refused_join_page_is_a_503_that_reloads_itself_after_retry_after(client, db, make_event, shut_gate,
                                                                           lang, words):
    code = make_event(mode="live").code
    seen, stop = count_statements(db)
    try:
        response = client.get(f"/join?code={code}&lang={lang}")
    finally:
        stop()
    assert response.status_code == 503
    seconds = int(response.headers["Retry-After"])
    assert 2 <= seconds <= 30
    page = response.get_data(as_text=True)
    assert words in page
    assert f'<meta http-equiv="refresh" content="{seconds}">' in page  # no JavaScript needed
    assert response.headers["Cache-Control"] == "no-store"
    assert seen == []  # refused before any database work


def test_retry_after_is_jittered(client, make_event, shut_gate):
    event = make_event(mode="live")
    waits = {client.get(f"/join?code={event.code}").headers["Retry-After"] for _ in range(40)}
    assert len(waits) > 1


def test_a_refused_join_form_comes_back_with_what_the_pupil_entered_and_retries(client, make_event, shut_gate):
    event = make_event(mode="live")
    response = client.post(f"/join?code={event.code}&lang=en",
                           data={"nickname": 'Otter "<b>', "class_label": "", "csrf_token": "abc"})
    assert response.status_code == 503 and response.headers["Retry-After"]
    page = response.get_data(as_text=True)
    assert 'value="Otter &#34;&lt;b&gt;"' in page  # kept, and escaped
    assert f'action="/join?code={event.code}&amp;lang=en"' in page
    assert f'data-retry-after="{response.headers["Retry-After"]}"' in page
    assert "quiz/busy.js" in page
    assert 'http-equiv="refresh"' not in page  # a refresh would GET the page and drop the form


def test_the_join_api_and_the_play_page_are_gated_too(client, make_event, join_api, shut_gate):
    event = make_event(mode="live")
    response = client.post(f"/api/v1/events/{event.code}/join", json={"nickname": "Calm Heron"})
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert response.get_json()["error"]["message"]
    assert client.get(f"/play/{event.code}").status_code == 503


def test_a_join_waits_for_a_free_slot_then_goes_through(app, client, make_event):
    """Up to QUIZ_JOIN_QUEUE joins wait (without a connection) for a slot; one that gets one
    is served as usual."""
    from web.quiz import admission

    app.extensions.pop("quiz_join_gate", None)
    event = make_event(mode="live")
    assert client.get(f"/join?code={event.code}").status_code == 200
    gate = app.extensions["quiz_join_gate"]
    assert isinstance(gate, admission.Gate) and gate.refused == 0
    held = [gate.enter() for _ in range(gate.slots)]
    try:
        assert all(held)
        gate.wait_seconds = 0.05
        assert client.get(f"/join?code={event.code}").status_code == 503  # no slot came free in time
    finally:
        for _ in held:
            gate.leave()
        app.extensions.pop("quiz_join_gate", None)
    assert client.get(f"/join?code={event.code}").status_code == 200


def join_phone(app, event, nickname: str, class_label: str = ""):
    phone = app.test_client()
    assert phone.get(f"/join?code={event.code}&lang=en").status_code == 200
    reply = phone.post(f"/join?code={event.code}", data={"nickname": nickname, "class_label": class_label})
    assert reply.status_code == 302, reply.get_data(as_text=True)[:300]
    return phone


def normalised(page: str) -> str:
    return CSRF.sub('name="csrf_token" value="-"', page)


@pytest.mark.parametrize("phase", ["lobby", "question"])
def test_the_play_page_from_the_shell_is_the_full_render_and_carries_no_other_phone(app, make_event, frozen_now,
                                                                                   phase):
    from web.extensions import db
    from web.quiz import services

    event = make_event(mode="live", class_labels=["A&B", "3(2)"], question_seconds=60)
    first = join_phone(app, event, "Quick Otter", "A&B")
    second = join_phone(app, event, "Calm Heron", "3(2)")
    if phase == "question":
        services.control(event, "start")
        db.session.commit()
    first_page = first.get(f"/play/{event.code}").get_data(as_text=True)
    second_page = second.get(f"/play/{event.code}").get_data(as_text=True)  # from the shell the first one made
    assert ("play", event.id) in {key[:2] for key in app.extensions["quiz_shells"]}
    assert "Quick Otter" in first_page and "· A&amp;B" in first_page  # escaped
    assert "Calm Heron" in second_page and "Quick" not in second_page and "A&amp;B" not in second_page
    first_token, second_token = TOKEN.search(first_page).group(1), TOKEN.search(second_page).group(1)
    assert first_token and second_token and first_token != second_token and first_token not in second_page
    assert "@@phone:" not in second_page
    if phase == "question":
        assert '<button type="submit">Submit answer</button>' in second_page  # the no-JavaScript form
    app.config["QUIZ_PAGE_SHELLS"] = False
    try:
        full = second.get(f"/play/{event.code}").get_data(as_text=True)
    finally:
        app.config["QUIZ_PAGE_SHELLS"] = True
    assert normalised(second_page) == normalised(full)


def test_a_phone_with_its_answer_on_screen_gets_the_full_page(app, client, make_event, join_api, frozen_now):
    from web.extensions import db
    from web.quiz import services

    event = make_event(mode="live", question_seconds=60)
    phone = join_phone(app, event, "Calm Heron")
    services.control(event, "start")
    db.session.commit()
    question = services.event_questions(event)[0]
    phone.post(f"/play/{event.code}/answer", data={"question_id": question[0],
                                                  "choice": question[2]["choices"][0]["id"]})
    page = phone.get(f"/play/{event.code}").get_data(as_text=True)
    assert '<button type="submit">Submit answer</button>' not in page and "checked" in page  # its answer, kept


def test_the_join_page_from_the_shell_carries_this_phones_token_and_nicknames(app, csrf_app, make_event):
    event = make_event(mode="live")
    shells.clear()
    pages, tokens = [], []
    for _ in range(2):
        phone = csrf_app.test_client()
        page = phone.get(f"/join?code={event.code}&lang=en").get_data(as_text=True)
        pages.append(page)
        tokens.append(set(CSRF.findall(page)))
        assert len(tokens[-1]) == 1 and "@@phone:" not in page  # the resume form and the join form: one token
        nickname = re.search(r'id="nickname"[^>]*value="([^"]*)"', page) or re.search(
            r'value="([^"]*)"[^>]*id="nickname"', page)
        assert nickname and nickname.group(1)
        assert page.count('class="button--secondary quiz-suggestion"') == 3
    assert tokens[0] != tokens[1]
    assert len([key for key in csrf_app.extensions["quiz_shells"] if key[0] == "join"]) == 1


def test_the_projectors_live_json_is_a_503_when_no_pooled_connection_comes_free(make_app, make_user, make_event,
                                                                                 login):
    teacher = make_user("teacher")
    event = make_event(mode="live", teacher=teacher)
    small = make_app(WTF_CSRF_ENABLED=False, CACHE_TYPE="NullCache",
                     SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 2, "max_overflow": 0, "pool_timeout": 0.2})
    from web.extensions import db

    client = small.test_client()
    with small.app_context():
        login(client, teacher)
        assert client.get(f"/staff/quiz/{event.id}/live.json").status_code == 200
        engine = db.engine
        if engine.pool.__class__.__name__ != "QueuePool":
            pytest.fail(f"expected a QueuePool, got {engine.pool!r}")
        db.session.remove()  # (the requests share this context's session: it gives its connection back)
        held = []
        with contextlib.suppress(PoolTimeout):  # take every pooled connection left
            while len(held) < 3:
                held.append(engine.connect())
        assert held and len(held) < 3
        try:
            response = client.get(f"/staff/quiz/{event.id}/live.json")
        finally:
            for connection in held:
                connection.close()
        engine.dispose()
    assert response.status_code == 503
    assert response.headers["Retry-After"]


def test_a_rate_limited_route_keeps_its_own_retry_after(client, make_event, shut_gate, rate_limits):
    """The limiter's headers once overwrote every Retry-After of a rate-limited route with its
    window's reset (60 s on the join form and the answers): a busy phone waited a minute."""
    event = make_event(mode="live")
    for response in (client.post(f"/join?code={event.code}", data={"nickname": "Calm Heron"}),
                     client.post(f"/api/v1/events/{event.code}/join", json={"nickname": "Calm Heron"})):
        assert response.status_code == 503
        assert 2 <= int(response.headers["Retry-After"]) <= 30
        assert not [name for name, _value in response.headers.items() if name.lower().startswith("x-ratelimit")]


def test_a_429_still_says_when_to_come_back(app, client, make_event, rate_limits):
    event = make_event(mode="live")
    app.extensions.pop("quiz_join_gate", None)
    for _ in range(1202):  # 600 a minute: a 429 comes within two (fixed) windows
        refused = client.get(f"/api/v1/events/{event.code}/leaderboard")
        if refused.status_code != 200:
            break
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60


def test_refusals_do_not_spend_the_join_rate_limit(app, client, make_event, shut_gate, rate_limits):
    """A school behind one NAT address retries its refused joins without locking itself out:
    3,000 refusals (the route's whole minute) and a join still goes through."""
    event = make_event(mode="live")
    for _ in range(3000):
        assert client.post(f"/api/v1/events/{event.code}/join", json={"nickname": "Calm Heron"}).status_code == 503
    app.config["QUIZ_JOIN_CONCURRENCY"] = 8
    app.extensions.pop("quiz_join_gate", None)
    assert client.post(f"/api/v1/events/{event.code}/join", json={"nickname": "Calm Heron"}).status_code == 201


def test_the_wait_grows_with_the_storm():
    """Quiet: 2–6 s. Many refusals for few admissions: up to the time they need, at most 30 s."""
    from web.quiz.admission import Gate

    quiet = Gate(slots=1, queue=0, wait_seconds=0)
    assert {quiet.retry_after() for _ in range(200)} <= set(range(2, 7))
    storm = Gate(slots=1, queue=0, wait_seconds=0)
    assert storm.enter()
    for _ in range(500):
        assert not storm.enter()
    waits = [storm.retry_after() for _ in range(400)]
    assert max(waits) > 20 and min(waits) >= 2 and max(waits) <= 30
