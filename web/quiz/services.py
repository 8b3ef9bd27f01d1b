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
from sqlalchemy import bindparam, delete, func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.types import Boolean, DateTime, Integer, String

from core import quiz as core_quiz
from web import clock
from web.extensions import db
from web.quiz import names, standings
from web.quiz.models import CLASS_SCORES, EventQuestion, QuizAnswer, QuizEvent, QuizPlayer, QuizRemoval

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
                 class_score: str = "average", generated_names: bool = False,
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
        class_score=class_score if class_score in CLASS_SCORES else "average", generated_names=generated_names,
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
    freeze / unfreeze (public leaderboard), lock / unlock (the lobby: new players refused)."""
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
        seconds = event_questions(event)[position][2].get("seconds") or event.question_seconds  # a question's own
        event.question_ends_at = now + dt.timedelta(seconds=seconds)
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
    elif action == "lock":
        event.locked_at = event.locked_at or now
    elif action == "unlock":
        event.locked_at = None
    else:
        raise QuizError(400, "bad_action", field="action")
    _touch(event)
    return None


# ---- players ------------------------------------------------------------------------------

def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def join(event: QuizEvent, nickname: str, class_label: str | None = None,
         lang: str = "zh") -> tuple[QuizPlayer, str]:
    """A new player in the event and their secret token (only its hash is stored). In an event
    with generated nicknames only, an empty nickname gets one (in `lang`) and a typed one is
    refused."""
    if event.purged_at is not None:
        raise QuizError(404, "unknown_event", field="code")
    if is_over(event):
        raise QuizError(409, "event_over")
    if event.locked_at is not None:
        raise QuizError(409, "lobby_locked")
    nickname = names.normalise(nickname)
    if event.generated_names and not nickname:
        offered = names.suggestions(lang, 1, taken=lambda candidates: taken_keys(event, candidates))
        nickname = offered[0] if offered else ""
    trouble = names.problem(nickname)
    if trouble:
        raise QuizError(400, f"nickname_{trouble}", field="nickname")
    if event.generated_names and not names.is_generated(nickname):
        raise QuizError(400, "nickname_generated_only", field="nickname")
    label = (class_label or "").strip() or None
    if label is None and event.labels:
        raise QuizError(400, "class_required", field="class_label")
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


def was_removed(event: QuizEvent, token: str | None) -> bool:
    """True if the teacher removed the player who held this token (asked only after
    `player_for_token` found nobody, so a normal request never pays for it)."""
    if not token or len(token) > 100:
        return False
    return db.session.scalar(select(QuizRemoval.id).where(
        QuizRemoval.token_hash == hash_token(token), QuizRemoval.event_id == event.id)) is not None


def remove_player(event: QuizEvent, player_id: int) -> QuizPlayer:
    """The teacher removes one player: their answers and row go (standings.remove_player) and
    the hash of their token is kept so that phone is told it was removed and cannot rejoin
    with the same cookie."""
    player = db.session.scalar(select(QuizPlayer).where(QuizPlayer.id == player_id,
                                                         QuizPlayer.event_id == event.id))
    if player is None:
        raise QuizError(404, "unknown_player")
    db.session.add(QuizRemoval(event_id=event.id, token_hash=player.token_hash, removed_at=clock.now()))
    standings.remove_player(event, player)
    return player


def lobby(event: QuizEvent, limit: int = 500) -> list[dict]:
    """The players in the order they joined (id, nickname, class label, joined at), for the
    teacher's lobby list and the projector."""
    rows = db.session.execute(
        select(QuizPlayer.id, QuizPlayer.nickname, QuizPlayer.class_label, QuizPlayer.joined_at)
        .where(QuizPlayer.event_id == event.id).order_by(QuizPlayer.joined_at, QuizPlayer.id).limit(limit))
    return [{"id": r.id, "nickname": r.nickname, "class_label": r.class_label, "joined_at": r.joined_at}
            for r in rows]


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


def _points(data: dict, correct: bool, now: dt.datetime, started_at: dt.datetime | None, speed_bonus: bool,
            question_seconds: int) -> tuple[int, float | None]:
    """An answer's points and seconds since its live question started (None: not timed).
    Both answer paths score through here."""
    elapsed = (now - started_at).total_seconds() if started_at else None
    limit = (data.get("seconds") or question_seconds) if elapsed is not None else None
    return core_quiz.points(correct, speed_bonus=speed_bonus, elapsed_seconds=elapsed or 0.0,
                            limit_seconds=limit), elapsed


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
    pts, elapsed = _points(data, correct, now, event.question_started_at if event.mode == "live" else None,
                           event.speed_bonus, event.question_seconds)
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


# ---- the live answer's fast path -----------------------------------------------------------
#
# A school's answers arrive in a burst (5,000 phones within ~10 s of a question). The general
# path above costs five statements through the ORM per answer (the event, the player by token,
# the insert, the totals, and the event again after the commit). The fast path below is ONE
# statement (PostgreSQL; two on SQLite) plus the commit, and no ORM object:
#
#   the answer is inserted by INSERT … SELECT from the player's row (found by the token's hash)
#   and the event's row, guarded by the event's revision, phase, position, deadline (+ grace,
#   against the server's receive time) and purge; ON CONFLICT DO NOTHING on (player, question)
#   makes a repeat a no-op; the player's running totals are moved by the same statement
#   (a data-modifying CTE) with `score = score + :points`, locking only that player's row.
#
# What the statement needs from the event (id, revision, position, start, deadline, speed
# bonus) comes from this process's copy, taken whenever the general path loads the event.
# The copy is never trusted for the decision: if it is stale (a teacher moved the event on),
# the guard matches no row, nothing is written, and the caller takes the general path, which
# reads the event afresh and refreshes the copy. The database stays the record.

@dataclass(frozen=True)
class LiveCopy:
    id: int
    code: str
    revision: int
    current_position: int
    question_started_at: dt.datetime | None
    question_ends_at: dt.datetime
    question_seconds: int
    speed_bonus: bool


_live_copies: dict[str, LiveCopy] = {}

_GUARD = """FROM quiz_players p, quiz_events e
    WHERE p.token_hash = :token_hash AND p.event_id = :event_id AND e.id = :event_id
      AND e.revision = :revision AND e.phase = 'question' AND e.current_position = :position
      AND e.question_ends_at > :cutoff AND e.purged_at IS NULL"""
_INSERT = f"""INSERT INTO quiz_answers (event_id, player_id, question_id, choice_ids, correct, points, answered_at,
                          elapsed_ms)
    SELECT :event_id, p.id, :question_id, :choice_ids, :correct, :points, :now, :elapsed_ms
    {_GUARD}
    ON CONFLICT (player_id, question_id) DO NOTHING
    RETURNING player_id"""
_TOTALS = """UPDATE quiz_players SET score = score + :points, answered = answered + 1,
    correct_count = correct_count + :correct_count"""
_TYPES = (bindparam("now", type_=DateTime), bindparam("cutoff", type_=DateTime), bindparam("correct", type_=Boolean),
          bindparam("event_id", type_=Integer), bindparam("question_id", type_=Integer),
          bindparam("choice_ids", type_=String), bindparam("token_hash", type_=String))
_FAST_POSTGRESQL = text(f"WITH stored AS ({_INSERT}) {_TOTALS} FROM stored WHERE quiz_players.id = stored.player_id "
                        "RETURNING quiz_players.id").bindparams(*_TYPES)
_FAST_INSERT = text(_INSERT).bindparams(*_TYPES)
_FAST_TOTALS = text(f"{_TOTALS} WHERE id = :player_id")


def remember_live(event: QuizEvent) -> None:
    """Keep this process's copy of a live event's answer window (see above)."""
    if event.mode != "live" or event.purged_at is not None or event.phase != "question" or not event.question_ends_at:
        _live_copies.pop(event.code, None)
        return
    if len(_live_copies) > 1000:
        _live_copies.clear()
    _live_copies[event.code] = LiveCopy(event.id, event.code, event.revision or 0, event.current_position,
                                        event.question_started_at, event.question_ends_at, event.question_seconds,
                                        bool(event.speed_bonus))


def fast_live_answer(code: str, token: str | None, question_id, choice_ids) -> AnswerResult | None:
    """Store a live answer in one guarded statement, or return None: then nothing was written
    and the general path (`submit_answer`) decides, with its refusals and messages."""
    copy = _live_copies.get(code)
    if copy is None or not token or len(token) > 100 or not isinstance(choice_ids, list) \
            or not all(isinstance(c, str) for c in choice_ids):
        return None
    now = clock.now()
    if now >= copy.question_ends_at + ANSWER_GRACE:
        return None
    entry = _live_question(copy, question_id)
    if entry is None:
        return None
    eq_id, _position, data = entry
    try:
        chosen = core_quiz.check_choices(data, choice_ids)
    except core_quiz.AnswerError:
        return None
    correct = core_quiz.is_correct(data, chosen)
    pts, elapsed = _points(data, correct, now, copy.question_started_at, copy.speed_bonus, copy.question_seconds)
    params = {"event_id": copy.id, "question_id": eq_id, "choice_ids": ",".join(sorted(chosen)),
              "correct": correct, "points": pts, "now": now, "cutoff": now - ANSWER_GRACE,
              "elapsed_ms": int(elapsed * 1000) if elapsed is not None else None,
              "token_hash": hash_token(token), "revision": copy.revision, "position": copy.current_position,
              "correct_count": 1 if correct else 0}
    if db.session.get_bind().dialect.name == "postgresql":
        stored = db.session.execute(_FAST_POSTGRESQL, params).first()
    else:
        stored = db.session.execute(_FAST_INSERT, params).first()
        if stored is not None:
            db.session.execute(_FAST_TOTALS, {**params, "player_id": stored[0]})
    if stored is None:
        return None
    return AnswerResult(True, None, correct, pts)


def _live_question(copy: LiveCopy, question_id) -> tuple[int, int, dict] | None:
    questions = _question_cache.get((copy.id, copy.code))
    if questions is None or not 0 <= copy.current_position < len(questions):
        return None
    entry = questions[copy.current_position]
    return entry if str(entry[0]) == str(question_id) else None


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
    db.session.execute(delete(QuizRemoval).where(QuizRemoval.event_id == event.id))
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
