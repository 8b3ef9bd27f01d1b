"""Standings: individual and class leaderboards, computed in this one place.

Each player row carries running totals (score, answered, correct) updated in the same
transaction as every accepted answer, so the live standings are one indexed read of
`quiz_players`, never a GROUP BY over all answers. A frozen leaderboard (the teacher's
"freeze") is the one case that still sums answers up to the freeze time.

Public standings (phones, the public leaderboard API) are shared by every student: each
process computes them at most once per FRESH_SECONDS per event and serves that copy to
everyone (with REDIS_URL, the copy is shared by all processes and instances). The cost of a
busy event is therefore one read per second, however many phones ask and however many
answers arrive. The teacher's views (`public=False`) always read the database.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import asdict, dataclass, field

from flask import current_app
from sqlalchemy import and_, case, func, select

from web import caching
from web.extensions import db

FRESH_SECONDS = 1.0
_local: dict[tuple, tuple[float, dict]] = {}
_locks: dict[int, threading.Lock] = {}
_locks_guard = threading.Lock()
_redis_clients: dict[str, object] = {}


@dataclass
class Standings:
    players: list[dict] = field(default_factory=list)  # id, nickname, class_label, score, answered, correct, rank
    classes: list[dict] = field(default_factory=list)  # label, players, average_score, total_score, average_correct
    frozen: bool = False

    def rank_of(self, player_id: int) -> dict | None:
        """The player's own line (rank, score, …), or None if they joined after this copy."""
        for entry in self.players:
            if entry["id"] == player_id:
                return entry
        return None

    def index(self) -> dict[int, dict]:
        return {entry["id"]: entry for entry in self.players}


def _rows(event, frozen: bool):
    from web.quiz.models import QuizAnswer, QuizPlayer

    if not frozen:
        return db.session.execute(
            select(QuizPlayer.id, QuizPlayer.nickname, QuizPlayer.class_label, QuizPlayer.score,
                   QuizPlayer.answered, QuizPlayer.correct_count.label("correct"))
            .where(QuizPlayer.event_id == event.id)
            .order_by(QuizPlayer.score.desc(), QuizPlayer.nickname)).all()
    score = func.coalesce(func.sum(QuizAnswer.points), 0)
    return db.session.execute(
        select(QuizPlayer.id, QuizPlayer.nickname, QuizPlayer.class_label, score.label("score"),
               func.count(QuizAnswer.id).label("answered"),
               func.coalesce(func.sum(case((QuizAnswer.correct, 1), else_=0)), 0).label("correct"))
        .select_from(QuizPlayer)
        .outerjoin(QuizAnswer, and_(QuizAnswer.player_id == QuizPlayer.id,
                                    QuizAnswer.answered_at <= event.frozen_at))
        .where(QuizPlayer.event_id == event.id)
        .group_by(QuizPlayer.id, QuizPlayer.nickname, QuizPlayer.class_label)
        .order_by(score.desc(), QuizPlayer.nickname)).all()


def _compute(event, public: bool) -> Standings:
    frozen = bool(public and event.frozen_at is not None)
    players, rank, previous = [], 0, None
    for index, row in enumerate(_rows(event, frozen), start=1):
        if row.score != previous:
            rank, previous = index, row.score
        players.append({"id": row.id, "rank": rank, "nickname": row.nickname, "class_label": row.class_label,
                        "score": int(row.score), "answered": int(row.answered), "correct": int(row.correct)})
    by_class: dict[str, list[dict]] = {}
    for player in players:
        if player["class_label"]:
            by_class.setdefault(player["class_label"], []).append(player)
    classes = [
        {"label": label, "players": len(members),
         "average_score": round(sum(p["score"] for p in members) / len(members), 1),
         "total_score": sum(p["score"] for p in members),
         "average_correct": round(sum(p["correct"] for p in members) / len(members), 2)}
        for label, members in by_class.items()
    ]
    classes.sort(key=lambda c: (-c["average_score"], c["label"]))
    return Standings(players=players, classes=classes, frozen=frozen)


def _redis_key(key: tuple) -> str:
    """The shared copy's key, built like every other shared key (web/caching.py); standings
    carry nicknames, not words of a language, so one copy serves both."""
    return caching.key("quiz-standings", *key, language="-")


def _redis():
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    if url not in _redis_clients:
        import redis

        _redis_clients[url] = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
    return _redis_clients[url]


def _lock(event_id: int) -> threading.Lock:
    with _locks_guard:
        if len(_locks) > 1000:
            _locks.clear()
        return _locks.setdefault(event_id, threading.Lock())


def _shared_copy(event, key: tuple) -> Standings:
    """The copy in Redis if it is fresh enough, else computed here and stored there."""
    client = _redis()
    if client is None:
        return _compute(event, True)
    redis_key = _redis_key(key)
    try:
        cached = client.get(redis_key)
        if cached:
            return Standings(**json.loads(cached))
        result = _compute(event, True)
        client.set(redis_key, json.dumps(asdict(result)), px=int(FRESH_SECONDS * 1000))
        return result
    except Exception:  # Redis down: standings still work from the database
        current_app.logger.warning("standings cache unavailable", exc_info=True)
        return _compute(event, True)


def get_standings(event, public: bool = True, fresh: bool = False) -> Standings:
    """The event's standings. `public` applies the teacher's freeze and may be up to
    FRESH_SECONDS old; the teacher's views (`public=False`) are always exact. `fresh` (the live
    channel, once per state version) recomputes and refreshes the shared copy."""
    if not public:
        return _compute(event, False)
    key = (event.id, event.code, event.revision or 0)  # ids recur after a delete; codes do not
    if fresh:
        result = _compute(event, True)
        _local[key] = (time.monotonic() + FRESH_SECONDS, asdict(result))
        client = _redis()
        if client is not None:
            try:
                client.set(_redis_key(key), json.dumps(asdict(result)),
                           px=int(FRESH_SECONDS * 1000))
            except Exception:
                current_app.logger.warning("standings cache unavailable", exc_info=True)
        return result
    hit = _local.get(key)
    if hit and hit[0] > time.monotonic():
        return Standings(**hit[1])
    lock = _lock(event.id)
    if hit and not lock.acquire(blocking=False):
        return Standings(**hit[1])  # another request is refreshing it: the last copy will do
    if not hit:
        lock.acquire()
        hit = _local.get(key)
        if hit and hit[0] > time.monotonic():
            lock.release()
            return Standings(**hit[1])
    try:
        result = _shared_copy(event, key)
        if len(_local) > 1000:
            _local.clear()
        _local[key] = (time.monotonic() + FRESH_SECONDS, asdict(result))
        return result
    finally:
        lock.release()


def remove_player(event, player) -> None:
    """Take a player out of the event's standings: their answers and their row are deleted
    (the running totals go with the row) and the event's revision moves, so every cached copy
    and every phone's live state is rebuilt without them. Flushes; the caller commits."""
    from sqlalchemy import delete

    from web.quiz.models import QuizAnswer, QuizPlayer

    db.session.execute(delete(QuizAnswer).where(QuizAnswer.player_id == player.id))
    db.session.execute(delete(QuizPlayer).where(QuizPlayer.id == player.id, QuizPlayer.event_id == event.id))
    event.revision = (event.revision or 0) + 1
    db.session.flush()
    invalidate(event.id)


def invalidate(event_id: int) -> None:
    """A change that every phone must see at once (not an answer or a join): drop this
    process's copies; other processes see the event's new revision in the cache key."""
    for key in [k for k in _local if k[0] == event_id]:
        _local.pop(key, None)
