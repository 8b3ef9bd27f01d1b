"""What residents asked the bot, kept for the staff dashboard and purged after a while."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Float, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from web.accounts.models import utcnow
from web.extensions import db


class ChatExchange(db.Model):
    """One question and how the bot understood it. No personal data beyond the text itself;
    the conversation id is a hash of a random per-browser token."""

    __tablename__ = "chat_exchanges"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    conversation: Mapped[str] = mapped_column(String(64), index=True)
    lang: Mapped[str] = mapped_column(String(2))
    question: Mapped[str] = mapped_column(Text)
    intent: Mapped[str | None] = mapped_column(String(80), nullable=True, index=True)
    confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    fallback: Mapped[bool] = mapped_column(default=False)
    bot_available: Mapped[bool] = mapped_column(default=True)
    reply_count: Mapped[int] = mapped_column(default=0)
