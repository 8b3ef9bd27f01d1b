"""JSON API for quiz clients under /api/v1 (documented in web/openapi/quiz.yaml).

Players authenticate with `Authorization: Bearer <player_token>` from the join call, so the
API is CSRF-exempt. Answers are rate-limited per player token, not per address, because a
whole school may sit behind one NAT address.
"""

from __future__ import annotations

import hashlib

from flask import Blueprint, jsonify, request
from sqlalchemy.exc import OperationalError

from web import clock
from web.extensions import csrf, db, limiter
from web.i18n import current_language
from web.public.errors import error_response
from web.quiz import services, standings
from web.quiz.messages import message
from web.quiz.services import QuizError

bp = Blueprint("quiz_api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
RETRY_AFTER_SECONDS = "1"


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip() or None
    return None


def _player_key() -> str:
    """Rate-limit key: the player token's hash, else the address."""
    token = _bearer()
    if token:
        return "player:" + hashlib.sha256(token.encode()).hexdigest()[:24]
    return "addr:" + (request.remote_addr or "unknown")


def _refuse(exc: QuizError):
    return error_response(exc.status, message(exc.code, **exc.params), field=exc.field)


@bp.errorhandler(QuizError)
def quiz_error(exc: QuizError):
    db.session.rollback()
    return _refuse(exc)


@bp.errorhandler(OperationalError)
def database_busy(exc: OperationalError):
    """A locked or overloaded database is "try again", never a 500."""
    db.session.rollback()
    body, status = error_response(503, message("busy"))
    return body, status, {"Retry-After": RETRY_AFTER_SECONDS}


def _event(code: str):
    event = services.event_by_code(code)
    if event is None:
        raise QuizError(404, "unknown_event", field="code")
    return event


def _player(event):
    player = services.player_for_token(event, _bearer())
    if player is None:
        raise QuizError(401, "bad_token")
    return player


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise QuizError(400, "bad_body")
    return body


def public_question(entry, lang: str) -> dict:
    eq_id, position, data = entry
    return {"id": eq_id, "position": position, "kind": data["kind"], "text": data["text"][lang],
            "choices": [{"id": c["id"], "text": c["text"][lang]} for c in data["choices"]]}


def reveal(entry, lang: str) -> dict:
    _eq_id, _position, data = entry
    return {"correct_choice_ids": [c["id"] for c in data["choices"] if c["correct"]],
            "explanation": data["explanation"][lang]}


@bp.post("/events/<code>/join")
@limiter.limit("3000 per minute")
def join(code: str):
    event = _event(code)
    body = _body()
    nickname, label = body.get("nickname"), body.get("class_label")
    if not isinstance(nickname, str):
        raise QuizError(400, "nickname_empty", field="nickname")
    if label is not None and not isinstance(label, str):
        raise QuizError(400, "bad_class_label", field="class_label")
    player, token = services.join(event, nickname, label)
    db.session.commit()
    return jsonify({"player_token": token, "nickname": player.nickname}), 201


@bp.get("/events/<code>/state")
@limiter.limit("600 per minute", key_func=_player_key)
def state(code: str):
    event = _event(code)
    player = _player(event)
    lang, now = current_language(), clock.now()
    questions = services.event_questions(event)
    answers = services.answers_of(player)
    body = {
        "event": {"code": event.code, "title": event.title, "mode": event.mode,
                  "questions_total": len(questions), "over": services.is_over(event, now),
                  "leaderboard_visible": event.leaderboard == "show"},
        "player": {"nickname": player.nickname, "class_label": player.class_label,
                   "score": sum(a[2] for a in answers.values()), "answered": len(answers)},
    }
    if event.mode == "self_paced":
        window = services.answer_window(event, 0, now)
        body["questions"] = [dict(public_question(q, lang), answered=q[0] in answers) for q in questions]
        body["open"] = window is None
        body["status"] = window or "open"
        body["time_left_ms"] = (int((event.closes_at - now).total_seconds() * 1000)
                                if event.closes_at and window is None else None)
        if services.is_over(event, now):
            body["results"] = [dict(reveal(q, lang), id=q[0]) for q in questions]
        return jsonify(body)
    position = event.current_position
    current = questions[position] if 0 <= position < len(questions) else None
    if current:
        window = services.answer_window(event, position, now)
    else:
        window = "event_over" if event.phase == "finished" else "not_open"
    body["phase"] = event.phase
    body["status"] = window or "open"
    body["question"] = public_question(current, lang) if current else None
    body["time_left_ms"] = (int((event.question_ends_at - now).total_seconds() * 1000)
                            if current and window is None and event.question_ends_at else 0)
    body["players"] = services.player_count(event)
    if current:
        mine = answers.get(current[0])
        body["answered"] = mine is not None
        if window is not None:  # the question is closed: show the answer
            body["result"] = dict(reveal(current, lang), correct=bool(mine and mine[1]),
                                  points=mine[2] if mine else 0)
    return jsonify(body)


@bp.post("/events/<code>/answers")
@limiter.limit("120 per minute", key_func=_player_key)
def answers(code: str):
    event = _event(code)
    player = _player(event)
    body = _body()
    question_id, choice_ids = body.get("question_id"), body.get("choice_ids")
    if not isinstance(question_id, (int, str)) or isinstance(question_id, bool):
        raise QuizError(400, "unknown_question", field="question_id")
    result = services.submit_answer(event, player, question_id, choice_ids)
    db.session.commit()
    reply: dict = {"accepted": result.accepted}
    if result.reason:
        reply["reason"] = result.reason
        reply["message"] = message(result.reason)
    if event.mode == "self_paced" and result.correct is not None:
        entry = services.find_question(event, question_id)
        reply.update(correct=result.correct, points=result.points, **reveal(entry, current_language()))
    return jsonify(reply), (201 if result.accepted else 200)


@bp.get("/events/<code>/leaderboard")
@limiter.limit("600 per minute", key_func=_player_key)
def leaderboard(code: str):
    event = _event(code)
    if event.leaderboard != "show":
        return jsonify({"hidden": True, "players": [], "classes": []})
    board = standings.get_standings(event, public=True)
    return jsonify({
        "hidden": False, "frozen": board.frozen,
        "players": [{"rank": p["rank"], "nickname": p["nickname"], "class_label": p["class_label"],
                     "score": p["score"], "answered": p["answered"]} for p in board.players],
        "classes": board.classes,
    })
