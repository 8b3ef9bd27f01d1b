"""What residents asked the bot, kept for the staff dashboard and purged after a while."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Float, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from web import clock
from web.extensions import db


class ChatExchange(db.Model):
    """One question and how the bot understood it. No personal data beyond the text itself;
    the conversation id is a hash of a random per-browser token."""

    __tablename__ = "chat_exchanges"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now, index=True)
    conversation: Mapped[str] = mapped_column(String(64), index=True)
    lang: Mapped[str] = mapped_column(String(2))
    question: Mapped[str] = mapped_column(Text)
    intent: Mapped[str | None] = mapped_column(String(80), nullable=True, index=True)
    # When one message got several answers (one per question): the other answers' intents,
    # space-separated, in message order (`intent` holds the first).
    more_intents: Mapped[str | None] = mapped_column(String(250), nullable=True)
    confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    fallback: Mapped[bool] = mapped_column(default=False)
    bot_available: Mapped[bool] = mapped_column(default=True)
    reply_count: Mapped[int] = mapped_column(default=0)
    # sha256 of the normalised text: groups "水费怎么算？" with "水费 怎么算" on the dashboard.
    question_hash: Mapped[str] = mapped_column(String(64), default="", server_default="", index=True)
    # The resident asked for a person and left this question for staff (POST /api/v1/questions).
    left_for_staff: Mapped[bool] = mapped_column(default=False, server_default=false())


QUESTION_STATUSES = ("new", "answered_by_faq", "dismissed", "waiting_for_staff")


class ChatQuestionStatus(db.Model):
    """What staff decided about a question (all exchanges with the same normalised text).
    Holds only the hash, never the text; deleted with the last exchange it describes."""

    __tablename__ = "chat_question_statuses"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_hash: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(24), default="new")
    faq_entry_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the FAQ feature's entry id
    updated_by: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now)
