"""Quiz factories: `make_event(...)` builds an event from real bank questions; `frozen_now`
pins the quiz clock; `join_api` joins through the JSON API."""

from __future__ import annotations

import datetime as dt

import pytest

from core import quiz as core_quiz
from web import clock

T0 = dt.datetime(2026, 3, 22, 9, 0, 0)  # World Water Day, 09:00 UTC


@pytest.fixture
def frozen_now():
    """`frozen_now(t)` sets the quiz clock; unfrozen after the test."""
    clock.set_now(T0)
    yield clock.set_now
    clock.set_now(None)


@pytest.fixture
def make_event(app, db):
    from web.quiz import services

    def make(mode="self_paced", question_ids=("tariff-tier1-price", "label-contents", "days-week-starts"),
             teacher=None, minutes=30, **options):
        questions = [core_quiz.all_questions()[qid] for qid in question_ids]
        now = clock.now()
        if mode == "self_paced":
            options.setdefault("opens_at", now)
            options.setdefault("closes_at", now + dt.timedelta(minutes=minutes))
        event = services.create_event(title=options.pop("title", "Class quiz"), mode=mode, questions=questions,
                                      teacher_id=teacher.id if teacher else None, **options)
        db.session.commit()
        return event

    return make


@pytest.fixture
def join_api(client):
    def join(event, nickname="Happy Otter", class_label=None):
        body = {"nickname": nickname}
        if class_label is not None:
            body["class_label"] = class_label
        response = client.post(f"/api/v1/events/{event.code}/join", json=body)
        assert response.status_code == 201, response.get_json()
        return {"Authorization": "Bearer " + response.get_json()["player_token"]}

    return join
