"""`POST /api/v1/questions`: a resident leaves a question for staff through the assistant."""

from __future__ import annotations

import pytest

CONVERSATION = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6"


def leave(client, text="小区什么时候恢复供水？", lang="zh", conversation=CONVERSATION):
    return client.post("/api/v1/questions", json={"text": text, "lang": lang, "conversation_id": conversation})


def test_a_left_question_waits_for_staff_and_says_what_happens(client, openapi_valid, db):
    from web.chat import questions

    response = openapi_valid(leave(client))
    assert response.status_code == 201
    data = response.get_json()
    assert data["status"] == "waiting_for_staff" and data["times_asked"] == 1
    assert "无法单独回复" in data["message"] and "/faq" in data["message"] and "90天" in data["message"]
    english = openapi_valid(leave(client, "When will the water be back?", "en"))
    assert "cannot reply to you personally" in english.get_json()["message"]
    [first, second] = sorted(questions.unanswered_questions(), key=lambda g: g.id)
    assert first.status == "waiting_for_staff" and first.left_for_staff == 1


def test_the_same_question_is_counted_once_per_conversation(client, db):
    assert leave(client).get_json()["times_asked"] == 1
    assert leave(client, "小区什么时候恢复供水").get_json()["times_asked"] == 1  # same normalised text
    assert leave(client, conversation="another-conversation").get_json()["times_asked"] == 2


def test_a_dismissed_question_left_again_waits_again(client, db):
    from web.chat import questions

    leave(client)
    [group] = questions.unanswered_questions()
    questions.set_question_status(group.id, "dismissed", "editor")
    db.session.commit()
    leave(client, conversation="someone-else")
    assert questions.unanswered_questions()[0].status == "waiting_for_staff"


@pytest.mark.parametrize("body, field, message", [
    ({"text": "", "lang": "zh", "conversation_id": CONVERSATION}, "text", "请输入"),
    ({"text": "x" * 1001, "lang": "en", "conversation_id": CONVERSATION}, "text", "under 1000 characters"),
    ({"text": "问题", "lang": "zh", "conversation_id": "bad id!"}, "conversation_id", "会话编号"),
    ({"text": "问题", "lang": "zh"}, "conversation_id", "会话编号"),
    ({"text": 5, "lang": "en", "conversation_id": CONVERSATION}, "text", "Type the question"),
    ({"text": "问题", "lang": "fr", "conversation_id": CONVERSATION}, "lang", "zh"),
    (["not", "an", "object"], "text", "JSON"),
])
def test_bad_input_gets_a_400_in_the_asked_language(client, body, field, message, openapi_valid):
    response = openapi_valid(client.post("/api/v1/questions", json=body))
    assert response.status_code == 400
    assert response.get_json()["error"]["field"] == field and message in response.get_json()["error"]["message"]


def test_a_lone_surrogate_is_refused_not_a_500(client):
    raw = '{"text": "\\ud800水", "lang": "zh", "conversation_id": "%s"}' % CONVERSATION
    response = client.post("/api/v1/questions", data=raw, content_type="application/json")
    assert response.status_code == 400 and response.get_json()["error"]["field"] == "text"


def test_five_per_hour_per_conversation(client, rate_limits, openapi_valid):
    for number in range(5):
        assert leave(client, f"问题{number}").status_code == 201
    limited = openapi_valid(leave(client, "第六个问题"))
    assert limited.status_code == 429
    assert leave(client, "别的会话的问题", conversation="other-conversation").status_code == 201
