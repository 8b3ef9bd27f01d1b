"""Teachers' own question banks (tables `quiz_banks`, `quiz_bank_questions`).

The district banks stay in quizzes/*.yaml (read-only here). A teacher's bank belongs to its
owner; other teachers see it (and may use it in their events, never edit it) only when the
owner shares it. A question is retired rather than deleted, so an event that used it keeps
its snapshot and the bank keeps its history.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from web import clock
from web.extensions import db


class QuestionBank(db.Model):
    __tablename__ = "quiz_banks"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True)
    title: Mapped[str] = mapped_column(String(120))
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now)

    questions: Mapped[list[BankQuestion]] = relationship(
        back_populates="bank", order_by="BankQuestion.id", cascade="all, delete-orphan", passive_deletes=True)

    @property
    def key(self) -> str:
        """How an event names this bank in `QuizEvent.bank_id` (district banks use their YAML id)."""
        return f"own-{self.id}"


class BankQuestion(db.Model):
    """One question as the teacher wrote it. `choices_json` is a list of {id, zh, en, correct};
    a numeric question keeps its answer in `answer_value` ± `answer_tolerance` instead; a
    generated tariff word problem records what it was computed from in `generator_json`."""

    __tablename__ = "quiz_bank_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("quiz_banks.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    topic: Mapped[str] = mapped_column(String(32))
    grades: Mapped[str] = mapped_column(String(120))  # comma-separated grade bands
    text_zh: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    explanation_zh: Mapped[str] = mapped_column(Text, default="")
    explanation_en: Mapped[str] = mapped_column(Text, default="")
    choices_json: Mapped[str] = mapped_column(Text, default="[]")
    answer_value: Mapped[str | None] = mapped_column(String(32), nullable=True)
    answer_tolerance: Mapped[str | None] = mapped_column(String(32), nullable=True)
    unit_zh: Mapped[str] = mapped_column(String(16), default="")
    unit_en: Mapped[str] = mapped_column(String(24), default="")
    source_title: Mapped[str] = mapped_column(String(200), default="")
    source_url: Mapped[str] = mapped_column(String(500), default="")
    seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)
    image: Mapped[str | None] = mapped_column(String(80), nullable=True)
    image_alt_zh: Mapped[str] = mapped_column(String(200), default="")
    image_alt_en: Mapped[str] = mapped_column(String(200), default="")
    generator_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    retired_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now)

    bank: Mapped[QuestionBank] = relationship(back_populates="questions")

    @property
    def key(self) -> str:
        """The question's id in an event snapshot (district ids never start with "own-")."""
        return f"own-{self.id}"

    @property
    def choices(self) -> list[dict]:
        return json.loads(self.choices_json or "[]")

    @property
    def generator(self) -> dict | None:
        return json.loads(self.generator_json) if self.generator_json else None
