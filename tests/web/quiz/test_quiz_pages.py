"""Student pages without JavaScript: join by code, keep the place by cookie, answer, privacy."""

from __future__ import annotations

import re

from web.quiz.models import QuizPlayer


def test_join_by_code_then_answer_without_javascript(client, db, frozen_now, make_event):
    event = make_event(class_labels=["3(1)"])
    assert client.get("/join?code=12").status_code == 400
    assert client.get("/join?code=000000").status_code == 404
    page = client.get(f"/join?code={event.code}&lang=en")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "please do not use your real name" in text and "chat.js" not in text
    response = client.post(f"/join?code={event.code}", data={"nickname": "Happy Otter", "class_label": "3(1)"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/play/{event.code}")
    # A refresh (or a return to /join) keeps the player's place.
    assert client.get(f"/join?code={event.code}").headers["Location"].endswith(f"/play/{event.code}")
    play = client.get(f"/play/{event.code}").get_data(as_text=True)
    first_id = re.search(r'name="question_id" value="(\d+)"', play).group(1)
    client.post(f"/play/{event.code}/answer", data={"question_id": first_id, "choice": "a"})
    again = client.post(f"/play/{event.code}/answer", data={"question_id": first_id, "choice": "b"},
                        follow_redirects=True).get_data(as_text=True)
    assert "your first answer stands" in again and "Correct! +100 points" in again
    assert db.session.query(QuizPlayer).one().class_label == "3(1)"


def test_nickname_rules(client, frozen_now, make_event):
    event = make_event()
    client.post(f"/join?code={event.code}", data={"nickname": "Happy Otter"})
    other = event.code
    for nickname, message in [("happy  otter", "already has that nickname"), ("x", "at least 2"),
                              ("me@school.cn", "phone number, e-mail"), ("13912345678", "phone number"),
                              ("傻逼", "friendlier")]:
        fresh = client.application.test_client()
        response = fresh.post(f"/join?code={other}&lang=en", data={"nickname": nickname})
        assert response.status_code in (400, 409) and message in response.get_data(as_text=True), nickname


def test_qr_code_is_svg_pointing_at_the_join_page(client, frozen_now, make_event):
    event = make_event()
    response = client.get(f"/join/{event.code}/qr.svg")
    assert response.mimetype == "image/svg+xml" and response.data.startswith(b"<?xml")


def test_student_page_is_small(client, frozen_now, make_event):
    event = make_event(question_ids=("tariff-tier1-price", "label-contents", "days-week-starts", "home-habits",
                                     "tariff-bill-250", "label-qr", "home-drip-year", "days-urban-week",
                                     "plan-asks-for", "label-grade3"))
    client.post(f"/join?code={event.code}", data={"nickname": "Happy Otter"})
    page = client.get(f"/play/{event.code}").data
    linked = re.findall(r'(?:src|href)="(/static/[^"?]+)', page.decode())  # what the page makes a phone load
    assert {"/static/css/site.css", "/static/quiz/quiz.css", "/static/quiz/self.js"} <= set(linked)
    total = len(page) + sum(len(client.get(path).data) for path in set(linked))
    assert total < 50_000, total


def test_a_finished_self_paced_quiz_shows_answers_and_certificate(client, frozen_now, make_event):
    import datetime as dt

    from conftest import T0

    event = make_event(minutes=5)
    client.post(f"/join?code={event.code}&lang=en", data={"nickname": "Brave Frog"})
    frozen_now(T0 + dt.timedelta(minutes=6))
    page = client.get(f"/play/{event.code}").get_data(as_text=True)
    assert "This quiz has finished" in page and "quiz-explain" in page
    cert = client.get(f"/play/{event.code}/certificate").get_data(as_text=True)
    assert "Brave Frog" in cert and "scored 0 points" in cert
