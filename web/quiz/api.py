"""JSON API for quiz clients under /api/v1 (documented in web/openapi/quiz.yaml).

Players authenticate with `Authorization: Bearer <player_token>` from the join call, so the
API is CSRF-exempt. Answers are rate-limited per player token, not per address, because a
whole school may sit behind one NAT address.
"""

from __future__ import annotations

import hashlib

from flask import Blueprint, Response, current_app, jsonify, request
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from web import clock
from web.extensions import csrf, db, limiter
from web.i18n import current_language
from web.public.errors import error_response
from web.quiz import admission, guard, live, services, standings
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
    """Rate-limit key: the player token's hash (bearer, else the play page's cookie — the live
    stream sends only that), else the address. Never the address alone for players: a whole
    school may sit behind one NAT address."""
    token = _bearer()
    code = (request.view_args or {}).get("code", "")
    token = token or request.cookies.get("quiz_" + code)
    if token:
        return "player:" + hashlib.sha256(token.encode()).hexdigest()[:24]
    return "addr:" + (request.remote_addr or "unknown")


def _refuse(exc: QuizError):
    body, status = error_response(exc.status, message(exc.code, **exc.params), field=exc.field)
    if status in (429, 503):
        retry = guard.MISS_RETRY_AFTER if exc.code == "too_many_misses" else RETRY_AFTER_SECONDS
        return body, status, {"Retry-After": str(retry)}
    return body, status


@bp.errorhandler(QuizError)
def quiz_error(exc: QuizError):
    db.session.rollback()
    return _refuse(exc)


@bp.errorhandler(OperationalError)
@bp.errorhandler(PoolTimeout)
def database_busy(exc: Exception):
    """A locked or overloaded database (or no free pooled connection) is "try again", never a 500."""
    db.session.rollback()
    body, status = error_response(503, message("busy"))
    return body, status, {"Retry-After": RETRY_AFTER_SECONDS}


def _miss():
    """An unknown code or an unknown token: the same 404 either way, and one unit of the
    address's miss budget spent (429 once it is gone)."""
    try:
        guard.count_miss()
    except guard.TooManyMisses:
        raise QuizError(429, "too_many_misses") from None
    raise QuizError(404, "not_found", field="code")


def _event(code: str):
    event = services.event_by_code(code)
    if event is None:
        _miss()
    return event


def _player(event, cookie: bool = False):
    """The player of the bearer token (or, for the read-only live channel, of the cookie that
    the play page set: EventSource cannot send headers). Writes take the bearer token only."""
    token = _bearer() or (request.cookies.get("quiz_" + event.code) if cookie else None)
    player = services.player_for_token(event, token)
    if player is None:
        if services.was_removed(event, token):
            raise QuizError(410, "removed")
        _miss()
    return player


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise QuizError(400, "bad_body")
    return body


public_question = live.public_question
reveal = live.reveal


@bp.post("/events/<code>/join")
@limiter.limit("3000 per minute", deduct_when=admission.counted)
@admission.joining
def join(code: str):
    event = _event(code)
    body = _body()
    nickname, label = body.get("nickname"), body.get("class_label")
    if nickname is None and event.generated_names:
        nickname = ""  # the event gives the player a generated nickname
    if not isinstance(nickname, str):
        raise QuizError(400, "nickname_empty", field="nickname")
    if label is not None and not isinstance(label, str):
        raise QuizError(400, "bad_class_label", field="class_label")
    player, token = services.join(event, nickname, label, lang=current_language())
    db.session.commit()
    return jsonify({"player_token": token, "nickname": player.nickname}), 201


@bp.get("/events/<code>/state")
@limiter.limit("600 per minute", key_func=_player_key)
def state(code: str):
    event = _event(code)
    player = _player(event)
    lang, now = current_language(), clock.now()
    questions = services.event_questions(event)
    answers = services.answers_of(player)  # (a phone of a live event uses /live or /stream instead)
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
    body["time_left_ms"] = (max(0, int((event.question_ends_at - now).total_seconds() * 1000))
                            if current and window is None and event.question_ends_at else 0)
    body["players"] = services.player_count(event)
    if current:
        mine = answers.get(current[0])
        body["answered"] = mine is not None
        if window is not None:  # the question is closed: show the answer
            body["result"] = dict(reveal(current, lang), correct=bool(mine and mine[1]),
                                  points=mine[2] if mine else 0)
    return jsonify(body)


ANSWER_LIMIT = limiter.limit("120 per minute", key_func=_player_key)


@bp.post("/events/<code>/answers")
def answers(code: str):
    """A live answer in the window is stored by one guarded statement (services.fast_live_answer);
    everything else (and whatever that statement does not store) takes the general path.

    Only the general path spends the phone's rate limit (120 a minute): the guarded statement
    stores at most one answer per phone and question (the unique key), so a phone cannot make
    it cost more than the event's questions, and a school's answers skip the limiter's store
    (a Redis round trip on the scale-out, about a quarter of an answer's time)."""
    body = request.get_json(silent=True)
    if isinstance(body, dict) and services.fast_live_answer(code, _bearer(), body.get("question_id"),
                                                            body.get("choice_ids")):
        db.session.commit()
        return jsonify({"accepted": True}), 201
    with ANSWER_LIMIT:
        return _general_answer(code)


def _general_answer(code: str):
    event = _event(code)
    player = _player(event)
    body = _body()
    question_id, choice_ids = body.get("question_id"), body.get("choice_ids")
    if not isinstance(question_id, (int, str)) or isinstance(question_id, bool):
        raise QuizError(400, "unknown_question", field="question_id")
    services.remember_live(event)
    result = services.submit_answer(event, player, question_id, choice_ids)
    self_paced = event.mode == "self_paced"
    entry = services.find_question(event, question_id) if self_paced and result.correct is not None else None
    db.session.commit()
    reply: dict = {"accepted": result.accepted}
    if result.reason:
        reply["reason"] = result.reason
        reply["message"] = message(result.reason)
    if entry is not None:
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


def _live_headers(response):
    response.headers["Cache-Control"] = "no-cache, private"
    response.headers["X-Server-Time-Ms"] = str(live.now_ms())
    return response


@bp.get("/events/<code>/live")
@limiter.limit("240 per minute", key_func=_player_key)
def live_state(code: str):
    """The live state for polling phones: the per-version body (same bytes for everyone) plus
    the phone's own rank and score; ETag = version, so an unchanged state is a 304."""
    event = _event(code)
    player = _player(event, cookie=True)
    lang = current_language()
    channel = live.hub.channel(event)
    channel.saw(player.id)
    live.hub.report(force=False)
    player_id, etag = player.id, f"{channel.version}-{lang}"
    db.session.commit()  # ends the read (releases the connection)
    if etag in request.if_none_match:
        return _live_headers(Response(status=304, headers={"ETag": f'"{etag}"'}))
    response = Response(channel.message(player_id, lang), mimetype="application/json")
    response.set_etag(etag)
    return _live_headers(response)


@bp.get("/events/<code>/stream")
@limiter.limit("60 per minute", key_func=_player_key)
def live_stream(code: str):
    """Server-Sent Events: the state now and at every change. Under the gevent worker the
    stream stays open (a parked greenlet; one watcher per process wakes them all); under a
    thread worker it sends one message and the browser reconnects after `retry`."""
    event = _event(code)
    player = _player(event, cookie=True)
    lang = current_language()
    channel = live.hub.channel(event)
    player_id = player.id
    db.session.commit()  # ends the read: an open stream must not hold a database connection
    if live.cooperative():
        live.hub.start_watcher(current_app._get_current_object())
        body = live.stream(channel, player_id, lang, request.headers.get("Last-Event-ID"))
    else:
        channel.saw(player_id)
        live.hub.report(force=False)
        body = live.single_message(channel, player_id, lang)
    response = Response(body, mimetype="text/event-stream")
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response
