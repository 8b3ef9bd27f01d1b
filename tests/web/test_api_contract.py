"""Every operation in the published OpenAPI document, called on the real app with real data,
answers as the document says — for a good request and for a bad one. A newly documented
operation without a call here fails the last test, so the document can never drift unseen."""

from __future__ import annotations

import pytest

from tests.web import sample_site


@pytest.fixture
def site(app, db, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "INSTANCE_DIR", str(tmp_path / "instance"))
    return sample_site.build(app, db)


def calls(site) -> list[tuple[str, str, dict]]:
    """(method, documented path, request keywords for the test client): good, then bad input."""
    live, paced = site.live.code, site.self_paced.code
    player = {"Authorization": f"Bearer {site.player_tokens[paced]}"}
    from core import quiz as core_quiz  # noqa: F401 — the event's question ids come from its own API below

    return [
        ("GET", "/api/v1/bill", {"query_string": {"usage_m3": "250", "people": "3", "lang": "en"}}),
        ("GET", "/api/v1/bill", {"query_string": {"usage_m3": "-1"}}),
        ("POST", "/api/v1/savings", {"json": {"people": 3, "showers_per_day": 2, "shower_minutes": 8}}),
        ("POST", "/api/v1/savings", {"json": {"people": 0}}),
        ("GET", "/api/v1/labels", {"query_string": {"lang": "zh"}}),
        ("GET", "/api/v1/labels", {"query_string": {"product": "no-such-product"}}),
        ("GET", "/api/v1/campaigns", {"query_string": {"lang": "en"}}),
        ("GET", "/api/v1/campaigns", {"query_string": {"limit": "many"}}),
        ("POST", "/api/chat", {"json": {"message": "250吨水多少钱", "lang": "zh"}}),  # the bot is down: polite reply
        ("POST", "/api/chat", {"json": {"message": 5}}),
        ("GET", "/api/v1/faq/search", {"query_string": {"q": "怎么查水费", "lang": "zh"}}),
        ("GET", "/api/v1/faq/search", {"query_string": {"q": ""}}),
        ("POST", "/api/v1/questions", {"json": {"text": "楼道的水管漏水找谁？", "lang": "zh", "conversation_id": "c-1"}}),
        ("POST", "/api/v1/questions", {"json": {"text": ""}}),
        ("POST", "/api/v1/events/{code}/join", {"code": paced, "json": {"nickname": "Brave Heron", "class_label": "三(1)班"}}),
        ("POST", "/api/v1/events/{code}/join", {"code": paced, "json": {"nickname": "x"}}),
        ("GET", "/api/v1/events/{code}/state", {"code": paced, "headers": player}),
        ("GET", "/api/v1/events/{code}/state", {"code": live, "headers": {"Authorization": "Bearer nonsense"}}),
        ("POST", "/api/v1/events/{code}/answers", {"code": paced, "headers": player, "answer": True}),
        ("POST", "/api/v1/events/{code}/answers", {"code": paced, "headers": player, "json": {"question_id": 1}}),
        ("GET", "/api/v1/events/{code}/live", {"code": live, "headers": {"Authorization": f"Bearer {site.player_tokens[live]}"}}),
        ("GET", "/api/v1/events/{code}/live", {"code": "ZZZZZZ", "headers": player}),
        ("GET", "/api/v1/events/{code}/stream", {"code": live, "stream_cookie": site.player_tokens[live]}),
        ("GET", "/api/v1/events/{code}/stream", {"code": "ZZZZZZ"}),
        ("GET", "/api/v1/events/{code}/leaderboard", {"code": paced}),
        ("GET", "/api/v1/events/{code}/leaderboard", {"code": "ZZZZZZ"}),
    ]


def documented_operations() -> set[tuple[str, str]]:
    from web.openapi import document

    return {(method.upper(), path) for path, item in document()["paths"].items()
            for method in item if method in ("get", "post", "put", "patch", "delete")}


def send(client, method: str, path: str, keywords: dict):
    keywords = dict(keywords)
    code = keywords.pop("code", "")
    url = path.replace("{code}", code)
    if "stream_cookie" in keywords:  # EventSource sends the play page's cookie, not a header
        from web.quiz.views import cookie_name

        client.set_cookie(cookie_name(code), keywords.pop("stream_cookie"))
    if keywords.pop("answer", False):  # a real answer: the first open question of the player's state
        state = client.get(url.replace("/answers", "/state"), headers=keywords["headers"]).get_json()
        question = state.get("question") or {}
        keywords["json"] = {"question_id": question.get("id", 0),
                            "choice_ids": [c["id"] for c in question.get("choices", [])][:1] or ["a"]}
    return client.open(url, method=method, **keywords)


def test_every_documented_operation_answers_as_documented(app, site, openapi_valid):
    client = app.test_client()
    statuses = []
    for method, path, keywords in calls(site):
        response = send(client, method, path, keywords)
        assert response.status_code < 500, (method, path, response.status_code)
        if response.mimetype == "text/event-stream":  # a stream, not a document: its framing is checked
            assert path.endswith("/stream") and response.status_code == 200
            assert response.get_data(as_text=True).startswith("retry: ") and "\ndata: {" in response.get_data(as_text=True)
        else:
            openapi_valid(response)
        statuses.append(response.status_code)
    assert any(code >= 400 for code in statuses) and any(code < 300 for code in statuses)


def test_every_documented_operation_is_called_here(site):
    called = {(method, path) for method, path, _keywords in calls(site)}
    assert called == documented_operations()
