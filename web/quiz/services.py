"""Quiz events, players and answers: the database work. Functions `flush()`; the caller commits.

Refusals raise `QuizError(status, code)`; `web.quiz.messages.message(code)` turns the code into
text in the visitor's language, so pages and the JSON API say the same thing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import secrets
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from core import quiz as core_quiz
from web import clock
from web.extensions import db
from web.quiz import names, standings
from web.quiz.models import EventQuestion, QuizAnswer, QuizEvent, QuizPlayer

MAX_CLASS_LABEL = 40
# An answer sent in the last moment of a live question reaches the server a little after the
# deadline (network, a busy server); answers received up to this long after the deadline still
# count. The answer is revealed only when the grace is over, so the grace cannot be used to copy it.
ANSWER_GRACE = dt.timedelta(seconds=1.5)


class QuizError(Exception):
    """A refusal with an HTTP status, a machine code and optionally the field at fault."""

    def __init__(self, status: int, code: str, field: str | None = None, **params):
        self.status, self.code, self.field, self.params = status, code, field, params
        super().__init__(code)


# ---- events -------------------------------------------------------------------------------

def _new_code() -> str:
    return f"{secrets.randbelow(900_000) + 100_000}"


def create_event(*, title: str, mode: str, questions: list[core_quiz.Question], teacher_id: int | None = None,
                 bank_id: str | None = None, question_seconds: int = 20, opens_at: dt.datetime | None = None,
                 closes_at: dt.datetime | None = None, speed_bonus: bool = False, shuffle: bool = False,
                 leaderboard: str = "show", class_labels: list[str] | None = None,
                 rng: random.Random | None = None) -> QuizEvent:
    """A new event with a fresh 6-digit code and a snapshot of its questions."""
    if not questions:
        raise QuizError(400, "no_questions", field="questions")
    if opens_at is not None and closes_at is not None and closes_at <= opens_at:
        raise QuizError(400, "closes_before_opens", field="closes_at")
    rng = rng or random.Random()
    snapshots = [q.as_dict() for q in questions]
    if shuffle:
        rng.shuffle(snapshots)
        for snap in snapshots:
            if snap["kind"] != "true_false":
                rng.shuffle(snap["choices"])
    event = QuizEvent(
        title=title.strip()[:120], mode=mode, teacher_id=teacher_id, bank_id=bank_id or None,
        question_seconds=question_seconds, opens_at=opens_at, closes_at=closes_at,
        speed_bonus=speed_bonus, shuffle=shuffle, leaderboard=leaderboard,
        class_labels="\n".join(label.strip()[:MAX_CLASS_LABEL] for label in class_labels or [] if label.strip()),
        created_at=clock.now(),
    )
    for position, snap in enumerate(snapshots):
        event.questions.append(EventQuestion(position=position, question_id=snap["id"],
                                             data_json=json.dumps(snap, ensure_ascii=False)))
    for _attempt in range(20):  # a code clash is one in ~900,000; retry inside a savepoint
        event.code = _new_code()
        try:
            with db.session.begin_nested():
                db.session.add(event)
                db.session.flush()
            return event
        except IntegrityError:
            continue
    raise QuizError(503, "busy")


def event_by_code(code: str | None) -> QuizEvent | None:
    if not code or not code.isdigit() or len(code) != 6:
        return None
    return db.session.scalar(select(QuizEvent).where(QuizEvent.code == code, QuizEvent.purged_at.is_(None)))


def events_for(user) -> list[QuizEvent]:
    query = select(QuizEvent).order_by(QuizEvent.created_at.desc())
    if user.role != "admin":
        query = query.where(QuizEvent.teacher_id == user.id)
    return list(db.session.scalars(query))


_question_cache: dict[tuple[int, str], list[tuple[int, int, dict]]] = {}


def event_questions(event: QuizEvent) -> list[tuple[int, int, dict]]:
    """(event question id, position, snapshot) in order. Snapshots never change, so each
    worker keeps them after the first read (keyed by id and code, which never recur together)."""
    key = (event.id, event.code)
    cached = _question_cache.get(key)
    if cached is None:
        rows = db.session.execute(
            select(EventQuestion.id, EventQuestion.position, EventQuestion.data_json)
            .where(EventQuestion.event_id == event.id).order_by(EventQuestion.position))
        cached = [(row.id, row.position, json.loads(row.data_json)) for row in rows]
        if len(_question_cache) > 500:
            _question_cache.clear()
        _question_cache[key] = cached
    return cached


def _touch(event: QuizEvent) -> None:
    """Any change to an event (not an answer or a join) moves the standings version."""
    event.revision = (event.revision or 0) + 1
    db.session.flush()
    standings.invalidate(event.id)


def is_over(event: QuizEvent, now: dt.datetime | None = None) -> bool:
    now = now or clock.now()
    if event.mode == "live":
        return event.phase == "finished"
    return event.closes_at is not None and now >= event.closes_at


def control(event: QuizEvent, action: str) -> None:
    """Teacher actions: start / next / end_question / finish (live), open / close (self-paced),
    freeze / unfreeze (public leaderboard)."""
    now = clock.now()
    positions = len(event_questions(event))
    if action in ("start", "next") and event.mode == "live":
        if event.phase == "finished":
            raise QuizError(409, "already_finished")
        position = event.current_position + 1
        if position >= positions:
            return control(event, "finish")
        event.phase, event.current_position = "question", position
        event.question_started_at = now
        event.question_ends_at = now + dt.timedelta(seconds=event.question_seconds)
    elif action == "end_question" and event.mode == "live":
        if event.phase == "question" and event.question_ends_at and event.question_ends_at > now:
            event.question_ends_at = now
    elif action == "finish":
        event.phase, event.ended_at = "finished", now
        if event.mode == "self_paced" and (event.closes_at is None or event.closes_at > now):
            event.closes_at = now
        if event.question_ends_at and event.question_ends_at > now:
            event.question_ends_at = now
    elif action == "open" and event.mode == "self_paced":
        event.opens_at = now
        if event.closes_at is not None and event.closes_at <= now:
            event.closes_at, event.phase, event.ended_at = None, "lobby", None
    elif action == "close" and event.mode == "self_paced":
        return control(event, "finish")
    elif action == "freeze":
        event.frozen_at = now
    elif action == "unfreeze":
        event.frozen_at = None
    else:
        raise QuizError(400, "bad_action", field="action")
    _touch(event)
    return None


# ---- players ------------------------------------------------------------------------------

def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def join(event: QuizEvent, nickname: str, class_label: str | None = None) -> tuple[QuizPlayer, str]:
    """A new player in the event and their secret token (only its hash is stored)."""
    if event.purged_at is not None:
        raise QuizError(404, "unknown_event", field="code")
    if is_over(event):
        raise QuizError(409, "event_over")
    nickname = names.normalise(nickname)
    trouble = names.problem(nickname)
    if trouble:
        raise QuizError(400, f"nickname_{trouble}", field="nickname")
    label = (class_label or "").strip() or None
    if label is not None and (len(label) > MAX_CLASS_LABEL or (event.labels and label not in event.labels)
                              or names.looks_like_contact(label)):
        raise QuizError(400, "bad_class_label", field="class_label")
    token = secrets.token_urlsafe(24)
    player = QuizPlayer(event_id=event.id, nickname=nickname, nickname_key=names.key(nickname),
                        class_label=label, token_hash=hash_token(token), joined_at=clock.now())
    try:
        with db.session.begin_nested():
            db.session.add(player)
            db.session.flush()
    except IntegrityError:
        raise QuizError(409, "nickname_taken", field="nickname") from None
    return player, token


def player_for_token(event: QuizEvent, token: str | None) -> QuizPlayer | None:
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(QuizPlayer).where(
        QuizPlayer.token_hash == hash_token(token), QuizPlayer.event_id == event.id))


def taken_keys(event: QuizEvent, nicknames: list[str]) -> set[str]:
    """Which of these nicknames are already used in the event (as `names.key`s)."""
    keys = {names.key(n) for n in nicknames}
    return set(db.session.scalars(select(QuizPlayer.nickname_key).where(
        QuizPlayer.event_id == event.id, QuizPlayer.nickname_key.in_(keys))))


def player_count(event: QuizEvent) -> int:
    return db.session.scalar(select(func.count()).select_from(QuizPlayer).where(QuizPlayer.event_id == event.id)) or 0


# ---- answers ------------------------------------------------------------------------------

@dataclass
class AnswerResult:
    accepted: bool
    reason: str | None = None
    correct: bool | None = None
    points: int | None = None


def find_question(event: QuizEvent, question_id) -> tuple[int, int, dict]:
    for entry in event_questions(event):
        if str(entry[0]) == str(question_id):
            return entry
    raise QuizError(404, "unknown_question", field="question_id")


def revealed(event: QuizEvent, now: dt.datetime) -> bool:
    """A live question's answer is shown once its deadline and the grace have passed."""
    return bool(event.mode == "live" and event.phase == "question" and event.question_ends_at
                and now >= event.question_ends_at + ANSWER_GRACE)


def answer_window(event: QuizEvent, position: int, now: dt.datetime) -> str | None:
    """None when answers to the question at `position` are accepted now, else why not
    (live questions take answers until their deadline plus ANSWER_GRACE)."""
    if event.mode == "live":
        if event.phase == "finished":
            return "event_over"
        if event.phase != "question" or position > event.current_position:
            return "not_open"
        if position < event.current_position or (event.question_ends_at
                                                 and now >= event.question_ends_at + ANSWER_GRACE):
            return "time_up"
        return None
    if event.opens_at is not None and now < event.opens_at:
        return "not_open"
    if event.closes_at is not None and now >= event.closes_at:
        return "event_over"
    return None


def _insert_ignoring_duplicates(values: dict) -> bool:
    """INSERT … ON CONFLICT DO NOTHING on (player, question): True if this call stored it."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(QuizAnswer).values(**values).on_conflict_do_nothing(
        index_elements=["player_id", "question_id"])
    return db.session.execute(statement).rowcount == 1


def submit_answer(event: QuizEvent, player: QuizPlayer, question_id, choice_ids) -> AnswerResult:
    """Record a player's first answer; a repeat is a no-op that reports the first one."""
    now = clock.now()
    eq_id, position, data = find_question(event, question_id)
    if not isinstance(choice_ids, list) or not all(isinstance(c, str) for c in choice_ids):
        raise QuizError(400, "bad_choices", field="choice_ids")
    try:
        chosen = core_quiz.check_choices(data, choice_ids)
    except core_quiz.AnswerError as exc:
        raise QuizError(400, f"choices_{exc.code}", field="choice_ids") from None
    late = answer_window(event, position, now)
    if late:
        existing = _existing(player, eq_id)
        if existing is not None:
            return existing
        raise QuizError(409, late)
    correct = core_quiz.is_correct(data, chosen)
    elapsed = None
    limit = None
    if event.mode == "live" and event.question_started_at:
        elapsed = (now - event.question_started_at).total_seconds()
        limit = event.question_seconds
    pts = core_quiz.points(correct, speed_bonus=event.speed_bonus, elapsed_seconds=elapsed or 0.0,
                           limit_seconds=limit)
    stored = _insert_ignoring_duplicates({
        "event_id": event.id, "player_id": player.id, "question_id": eq_id,
        "choice_ids": ",".join(sorted(chosen)), "correct": correct, "points": pts,
        "answered_at": now, "elapsed_ms": int(elapsed * 1000) if elapsed is not None else None,
    })
    if not stored:
        return _existing(player, eq_id) or AnswerResult(False, "already_answered")
    db.session.execute(update(QuizPlayer).where(QuizPlayer.id == player.id).values(
        score=QuizPlayer.score + pts, answered=QuizPlayer.answered + 1,
        correct_count=QuizPlayer.correct_count + (1 if correct else 0)))
    return AnswerResult(True, None, correct, pts)


def _existing(player: QuizPlayer, eq_id: int) -> AnswerResult | None:
    row = db.session.execute(select(QuizAnswer.correct, QuizAnswer.points).where(
        QuizAnswer.player_id == player.id, QuizAnswer.question_id == eq_id)).first()
    if row is None:
        return None
    return AnswerResult(False, "already_answered", row.correct, row.points)


def answers_of(player: QuizPlayer) -> dict[int, tuple[list[str], bool, int]]:
    """event question id → (choice ids, correct, points) for one player."""
    rows = db.session.execute(select(QuizAnswer.question_id, QuizAnswer.choice_ids, QuizAnswer.correct,
                                     QuizAnswer.points).where(QuizAnswer.player_id == player.id))
    return {r.question_id: (r.choice_ids.split(","), r.correct, r.points) for r in rows}


def distribution(event: QuizEvent, eq_id: int) -> tuple[dict[str, int], int]:
    """How many players picked each choice of one question, and how many answered."""
    rows = db.session.execute(
        select(QuizAnswer.choice_ids, func.count()).where(
            QuizAnswer.event_id == event.id, QuizAnswer.question_id == eq_id).group_by(QuizAnswer.choice_ids))
    counts: dict[str, int] = {}
    total = 0
    for choice_ids, count in rows:
        total += count
        for cid in choice_ids.split(","):
            counts[cid] = counts.get(cid, 0) + count
    return counts, total


# ---- privacy ------------------------------------------------------------------------------

def purge_event(event: QuizEvent) -> None:
    """Delete every player and answer of the event at once; the event keeps its title and code
    (so the teacher sees that it happened) but can no longer be joined."""
    db.session.execute(delete(QuizAnswer).where(QuizAnswer.event_id == event.id))
    db.session.execute(delete(QuizPlayer).where(QuizPlayer.event_id == event.id))
    event.purged_at = clock.now()
    _touch(event)


def purge_expired(now: dt.datetime | None = None) -> int:
    """Purge participant data of events that ended more than QUIZ_RETENTION_DAYS ago."""
    now = now or clock.now()
    cutoff = now - dt.timedelta(days=current_app.config["QUIZ_RETENTION_DAYS"])
    ended = func.coalesce(QuizEvent.ended_at, QuizEvent.closes_at, QuizEvent.created_at)
    due = list(db.session.scalars(select(QuizEvent).where(QuizEvent.purged_at.is_(None), ended < cutoff)))
    for event in due:
        purge_event(event)
    return len(due)


def delete_event(event: QuizEvent) -> None:
    purge_event(event)
    db.session.delete(event)
    db.session.flush()
