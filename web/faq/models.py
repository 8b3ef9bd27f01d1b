"""FAQ entries: written by staff in the database (never into content/), shown on /faq and
searched by the assistant once approved. content/faq/*.yaml is only seed data."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import DateTime, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from web import clock
from web.extensions import db

STATUSES = ("draft", "approved")


class FaqEntry(db.Model):
    """One question in several wordings (the first is the one shown; the others are the
    alternative phrasings the search also matches), with one answer and its source."""

    __tablename__ = "faq_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    questions_zh: Mapped[str] = mapped_column(Text)  # JSON list: the question, then its variants
    questions_en: Mapped[str] = mapped_column(Text)  # JSON list
    answer_zh: Mapped[str] = mapped_column(Text)
    answer_en: Mapped[str] = mapped_column(Text)
    source_title: Mapped[str] = mapped_column(String(300))
    source_url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    source_confidence: Mapped[str] = mapped_column(String(16), default="med")
    # draft until a district editor or an admin approves it; only approved entries are public.
    status: Mapped[str] = mapped_column(String(16), default="draft", server_default="approved")
    approved_by: Mapped[str] = mapped_column(String(64), default="", server_default="")
    approved_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    seed_digest: Mapped[str | None] = mapped_column(String(64), nullable=True)  # set by `flask content load`
    edited_by_staff: Mapped[bool] = mapped_column(default=False, server_default=false())  # then the seed leaves it alone
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now, index=True)

    def questions(self, lang: str) -> list[str]:
        try:
            return [q for q in json.loads(getattr(self, f"questions_{lang}") or "[]") if isinstance(q, str)]
        except ValueError:
            return []

    def text(self, field: str, lang: str) -> str:
        if field == "question":
            return (self.questions(lang) or self.questions("zh") or [""])[0]
        return getattr(self, f"{field}_{lang}") or getattr(self, f"{field}_zh")
