"""Standings: individual and class leaderboards, computed in this one place and cached briefly.

The cache key includes a version read from the database (the event's revision plus the
highest answer and player ids), read *before* the standings themselves: any write changes it,
so a worker never serves standings older than the last committed write it could see, however
many gunicorn workers there are. Entries live in Redis when REDIS_URL is set (shared by all
workers), else in a small per-process dict; either way they expire after CACHE_SECONDS.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field

from flask import current_app
from sqlalchemy import and_, case, func, select

from web.extensions import db

CACHE_SECONDS = 5
_local: dict[tuple, tuple[float, dict]] = {}
_redis_clients: dict[str, object] = {}


@dataclass
class Standings:
    players: list[dict] = field(default_factory=list)  # nickname, class_label, score, answered, correct, rank
    classes: list[dict] = field(default_factory=list)  # label, players, average_score, average_correct
    frozen: bool = False


def version(event_id: int) -> tuple:
    from web.quiz.models import QuizAnswer, QuizEvent, QuizPlayer

    row = db.session.execute(select(
        select(QuizEvent.revision).where(QuizEvent.id == event_id).scalar_subquery(),
        select(func.max(QuizAnswer.id)).where(QuizAnswer.event_id == event_id).scalar_subquery(),
        select(func.max(QuizPlayer.id)).where(QuizPlayer.event_id == event_id).scalar_subquery(),
    )).one()
    return tuple(row)


def _compute(event, public: bool) -> Standings:
    from web.quiz.models import QuizAnswer, QuizPlayer

    answered_filter = [QuizAnswer.player_id == QuizPlayer.id]
    frozen = bool(public and event.frozen_at is not None)
    if frozen:
        answered_filter.append(QuizAnswer.answered_at <= event.frozen_at)
    rows = db.session.execute(
        select(QuizPlayer.nickname, QuizPlayer.class_label,
               func.coalesce(func.sum(QuizAnswer.points), 0).label("score"),
               func.count(QuizAnswer.id).label("answered"),
               func.coalesce(func.sum(case((QuizAnswer.correct, 1), else_=0)), 0).label("correct"))
        .select_from(QuizPlayer).outerjoin(QuizAnswer, and_(*answered_filter))
        .where(QuizPlayer.event_id == event.id)
        .group_by(QuizPlayer.id, QuizPlayer.nickname, QuizPlayer.class_label)
        .order_by(func.coalesce(func.sum(QuizAnswer.points), 0).desc(), QuizPlayer.nickname))
    players, rank, previous = [], 0, None
    for index, row in enumerate(rows, start=1):
        if row.score != previous:
            rank, previous = index, row.score
        players.append({"rank": rank, "nickname": row.nickname, "class_label": row.class_label,
                        "score": int(row.score), "answered": int(row.answered), "correct": int(row.correct)})
    by_class: dict[str, list[dict]] = {}
    for player in players:
        if player["class_label"]:
            by_class.setdefault(player["class_label"], []).append(player)
    classes = [
        {"label": label, "players": len(members),
         "average_score": round(sum(p["score"] for p in members) / len(members), 1),
         "average_correct": round(sum(p["correct"] for p in members) / len(members), 2)}
        for label, members in by_class.items()
    ]
    classes.sort(key=lambda c: (-c["average_score"], c["label"]))
    return Standings(players=players, classes=classes, frozen=frozen)


def _redis():
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    if url not in _redis_clients:
        import redis

        _redis_clients[url] = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
    return _redis_clients[url]


def get_standings(event, public: bool = True) -> Standings:
    """The event's standings. `public` applies the teacher's freeze; the teacher sees live ones."""
    key = (event.id, public, version(event.id))
    client = _redis()
    if client is not None:
        redis_key = "quiz:standings:" + ":".join(map(str, key))
        try:
            cached = client.get(redis_key)
            if cached:
                return Standings(**json.loads(cached))
            result = _compute(event, public)
            client.set(redis_key, json.dumps(asdict(result)), ex=CACHE_SECONDS)
            return result
        except Exception:  # Redis down: standings still work from the database
            current_app.logger.warning("standings cache unavailable", exc_info=True)
            return _compute(event, public)
    hit = _local.get(key)
    if hit and hit[0] > time.monotonic():
        return Standings(**hit[1])
    result = _compute(event, public)
    if len(_local) > 1000:
        _local.clear()
    _local[key] = (time.monotonic() + CACHE_SECONDS, asdict(result))
    return result


def invalidate(event_id: int) -> None:
    """Called on every write: drop this process's entries (other workers see a new version)."""
    for key in [k for k in _local if k[0] == event_id]:
        _local.pop(key, None)
