"""Quiz events, their question snapshots, players and answers (tables `quiz_*`).

No column holds a real name or contact detail: a player is a nickname, an optional class
label and the hash of a random token. Everything about players is deleted with the event's
participant data (`services.purge_event`), at the latest QUIZ_RETENTION_DAYS after it ends.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from web import clock
from web.extensions import db

MODES = ("live", "self_paced")
LEADERBOARD = ("show", "hide")
# How the class leaderboard ranks classes: by the average score of their players (fair when
# classes differ in size; the default) or by the total.
CLASS_SCORES = ("average", "total")
# Live events move lobby → question (answers until question_ends_at) → … → finished.
PHASES = ("lobby", "question", "finished")


class QuizEvent(db.Model):
    __tablename__ = "quiz_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(6), unique=True)
    title: Mapped[str] = mapped_column(String(120))
    bank_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    teacher_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True)
    mode: Mapped[str] = mapped_column(String(16))
    question_seconds: Mapped[int] = mapped_column(Integer, default=20)
    opens_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    closes_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    speed_bonus: Mapped[bool] = mapped_column(Boolean, default=False)
    shuffle: Mapped[bool] = mapped_column(Boolean, default=False)
    leaderboard: Mapped[str] = mapped_column(String(8), default="show")
    # Public standings count only answers up to this moment (teacher's "freeze").
    frozen_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    class_labels: Mapped[str] = mapped_column(Text, default="")  # one per line
    class_score: Mapped[str] = mapped_column(String(8), default="average", server_default="average")
    # Pupils pick one of the generated nicknames (names.suggestions) instead of typing one.
    generated_names: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The teacher locked the lobby: new players are refused until it is unlocked.
    locked_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    phase: Mapped[str] = mapped_column(String(16), default="lobby")
    current_position: Mapped[int] = mapped_column(Integer, default=-1)
    question_started_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    question_ends_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    purged_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    # Bumped on every change that is not an answer or a join (those move max ids instead);
    # part of the standings cache key, so a cached value is never served after a write.
    revision: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now, index=True)

    questions: Mapped[list[EventQuestion]] = relationship(
        back_populates="event", order_by="EventQuestion.position", cascade="all, delete-orphan",
        passive_deletes=True)

    @property
    def labels(self) -> list[str]:
        return [line.strip() for line in (self.class_labels or "").splitlines() if line.strip()]

    def __repr__(self) -> str:
        return f"<QuizEvent {self.code} {self.mode}>"


class EventQuestion(db.Model):
    """A question as it was when the event was created (text, choices, correctness)."""

    __tablename__ = "quiz_event_questions"
    __table_args__ = (UniqueConstraint("event_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("quiz_events.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[str] = mapped_column(String(64))
    data_json: Mapped[str] = mapped_column(Text)

    event: Mapped[QuizEvent] = relationship(back_populates="questions")

    @property
    def data(self) -> dict:
        return json.loads(self.data_json)


class QuizPlayer(db.Model):
    __tablename__ = "quiz_players"
    __table_args__ = (UniqueConstraint("event_id", "nickname_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("quiz_events.id", ondelete="CASCADE"), index=True)
    nickname: Mapped[str] = mapped_column(String(24))
    nickname_key: Mapped[str] = mapped_column(String(24))  # casefolded, for uniqueness
    class_label: Mapped[str | None] = mapped_column(String(40), nullable=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    joined_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now)
    # Running totals, updated in the same transaction as each accepted answer, so standings are
    # one indexed read of this table instead of a GROUP BY over every answer.
    score: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    answered: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    correct_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class QuizRemoval(db.Model):
    """A player the teacher removed: the player and their answers are deleted; only the hash
    of their token stays (until the event's data is purged), so that phone is told it was
    removed and cannot come back with the same cookie."""

    __tablename__ = "quiz_removals"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("quiz_events.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    removed_at: Mapped[dt.datetime] = mapped_column(DateTime)


class QuizAnswer(db.Model):
    """One player's first answer to one question; the unique constraint makes repeats no-ops."""

    __tablename__ = "quiz_answers"
    __table_args__ = (
        UniqueConstraint("player_id", "question_id"),
        Index("ix_quiz_answers_event_question", "event_id", "question_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("quiz_events.id", ondelete="CASCADE"), index=True)
    player_id: Mapped[int] = mapped_column(ForeignKey("quiz_players.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("quiz_event_questions.id", ondelete="CASCADE"))
    choice_ids: Mapped[str] = mapped_column(String(64))  # sorted, comma-separated
    correct: Mapped[bool] = mapped_column(Boolean)
    points: Mapped[int] = mapped_column(Integer)
    answered_at: Mapped[dt.datetime] = mapped_column(DateTime)
    elapsed_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)


class QuizConnection(db.Model):
    """How many phones hold a live channel open, per serving process and event; each process
    rewrites its own rows every few seconds, and the teacher sees the sum of fresh rows."""

    __tablename__ = "quiz_connections"

    process: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("quiz_events.id", ondelete="CASCADE"), primary_key=True)
    phones: Mapped[int] = mapped_column(Integer)
    seen_at: Mapped[dt.datetime] = mapped_column(DateTime)
