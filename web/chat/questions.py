"""What the chat feature offers other features about residents' questions: the unanswered
ones grouped by normalised text with a count and a status, the status changes staff make,
and questions residents leave for staff. Other features call these functions; they never
read the chat tables themselves."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.exc import IntegrityError

from web import clock
from web.chat.models import QUESTION_STATUSES, ChatExchange, ChatQuestionStatus
from web.extensions import db

QUESTION_KEPT_CHARS = 1000
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """The text two questions must share to count as the same: NFKC, lower case, no spaces
    or punctuation ("水费怎么算？" = "水费 怎么算", "Water bill?" = "water bill")."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text or "").casefold())


def question_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode()).hexdigest()


@dataclass
class QuestionGroup:
    """All unanswered exchanges with the same normalised text."""

    id: int  # the newest exchange's id: what staff pick when they act on the group
    hash: str
    text: str  # as the newest asker typed it
    lang: str
    count: int
    left_for_staff: int  # how many of them were left for staff by the resident
    first_asked: dt.datetime
    last_asked: dt.datetime
    status: str
    faq_entry_id: int | None


def _window(query, since: dt.datetime | None, until: dt.datetime | None):
    if since is not None:
        query = query.where(ChatExchange.created_at >= since)
    if until is not None:
        query = query.where(ChatExchange.created_at < until)
    return query


def unanswered_questions(since: dt.datetime | None = None, until: dt.datetime | None = None,
                         status: str | None = None, limit: int | None = 200,
                         hashed: str | None = None) -> list[QuestionGroup]:
    """Questions the assistant fell back on or residents left for staff, grouped by
    normalised text, most asked first. `since`/`until` are naive UTC."""
    unanswered = or_(ChatExchange.fallback.is_(True), ChatExchange.left_for_staff.is_(True))
    grouped = _window(
        select(ChatExchange.question_hash, func.count().label("count"), func.max(ChatExchange.id).label("newest"),
               func.min(ChatExchange.created_at).label("first"), func.max(ChatExchange.created_at).label("last"),
               func.sum(func.cast(ChatExchange.left_for_staff, db.Integer)).label("left"))
        .where(unanswered, *([ChatExchange.question_hash == hashed] if hashed else []))
        .group_by(ChatExchange.question_hash), since, until).subquery()
    query = (select(grouped, ChatExchange.question, ChatExchange.lang, ChatQuestionStatus.status,
                    ChatQuestionStatus.faq_entry_id)
             .join(ChatExchange, ChatExchange.id == grouped.c.newest)
             .outerjoin(ChatQuestionStatus, ChatQuestionStatus.question_hash == grouped.c.question_hash)
             .order_by(grouped.c.count.desc(), grouped.c.last.desc()))
    if status == "new":
        query = query.where(or_(ChatQuestionStatus.status.is_(None), ChatQuestionStatus.status == "new"))
    elif status:
        query = query.where(ChatQuestionStatus.status == status)
    if limit:
        query = query.limit(limit)
    return [QuestionGroup(id=row.newest, hash=row.question_hash, text=row.question, lang=row.lang, count=row.count,
                          left_for_staff=int(row.left or 0), first_asked=row.first, last_asked=row.last,
                          status=row.status or "new", faq_entry_id=row.faq_entry_id)
            for row in db.session.execute(query)]


def status_counts(since: dt.datetime | None = None, until: dt.datetime | None = None) -> dict[str, int]:
    """{status: number of distinct questions} over the window."""
    counts = dict.fromkeys(QUESTION_STATUSES, 0)
    for group in unanswered_questions(since, until, limit=None):
        counts[group.status] += 1
    return counts


def top_intents(since: dt.datetime | None = None, until: dt.datetime | None = None,
                limit: int = 15) -> list[tuple[str, int]]:
    """The most asked topics: every answer counts, so a message that asked two questions
    counts for both intents (`intent` and `more_intents`)."""
    query = _window(select(ChatExchange.intent, func.count()).where(ChatExchange.intent.is_not(None)), since, until)
    counts: dict[str, int] = dict(db.session.execute(query.group_by(ChatExchange.intent)).all())
    more = _window(select(ChatExchange.more_intents).where(ChatExchange.more_intents.is_not(None)), since, until)
    for names in db.session.scalars(more):
        for name in names.split():
            counts[name] = counts.get(name, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]


def question_by_id(exchange_id: int) -> dict | None:
    """{"text", "lang", "hash"} of one recorded question (to prefill an FAQ entry)."""
    row = db.session.get(ChatExchange, exchange_id)
    if row is None:
        return None
    return {"text": row.question, "lang": row.lang, "hash": row.question_hash or question_hash(row.question)}


def set_question_status(exchange_id: int, status: str, username: str, faq_entry_id: int | None = None) -> bool:
    """Set the status of the question group `exchange_id` belongs to; False if it is gone."""
    if status not in QUESTION_STATUSES:
        raise ValueError(status)
    question = question_by_id(exchange_id)
    if question is None:
        return False
    _upsert_status(question["hash"], status, username, faq_entry_id)
    return True


def _upsert_status(hashed: str, status: str, username: str, faq_entry_id: int | None = None) -> None:
    """Insert or update the status row; two requests creating it at once both succeed."""
    values = {"status": status, "updated_by": username, "updated_at": clock.now(),
              "faq_entry_id": faq_entry_id if status == "answered_by_faq" else None}
    row = db.session.scalar(select(ChatQuestionStatus).where(ChatQuestionStatus.question_hash == hashed))
    if row is None:
        try:
            with db.session.begin_nested():
                db.session.add(ChatQuestionStatus(question_hash=hashed, **values))
                db.session.flush()
            return
        except IntegrityError:  # another request created it first: update theirs
            row = db.session.scalar(select(ChatQuestionStatus).where(ChatQuestionStatus.question_hash == hashed))
    for name, value in values.items():
        setattr(row, name, value)
    db.session.flush()


def leave_for_staff(text: str, lang: str, conversation: str) -> QuestionGroup:
    """A resident leaves a question for staff: recorded once per conversation, and the
    question's status becomes "waiting for staff" (even if it was dismissed before)."""
    text = text[:QUESTION_KEPT_CHARS]
    hashed = question_hash(text)
    exists = db.session.scalar(select(ChatExchange.id).where(
        ChatExchange.conversation == conversation, ChatExchange.question_hash == hashed,
        ChatExchange.left_for_staff.is_(True)))
    if exists is None:
        db.session.add(ChatExchange(conversation=conversation, lang=lang, question=text, question_hash=hashed,
                                    fallback=True, left_for_staff=True, created_at=clock.now()))
    _upsert_status(hashed, "waiting_for_staff", "")
    db.session.flush()
    return unanswered_questions(hashed=hashed, limit=1)[0]


def purge_orphan_statuses() -> int:
    """Delete statuses whose questions have all been purged."""
    orphans = select(ChatQuestionStatus.id).outerjoin(
        ChatExchange, and_(ChatExchange.question_hash == ChatQuestionStatus.question_hash)).where(ChatExchange.id.is_(None))
    ids = list(db.session.scalars(orphans))
    if ids:
        db.session.execute(delete(ChatQuestionStatus).where(ChatQuestionStatus.id.in_(ids)))
    return len(ids)
