"""What the quiz feature tells the staff dashboard: participation per teacher (school).

Counts only, no nickname: events a teacher created in the window and the players who
joined them (players of purged events are gone and no longer counted)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from web.accounts.models import User
from web.extensions import db
from web.quiz.models import QuizEvent, QuizPlayer


def participation_by_teacher(since: dt.datetime | None = None, until: dt.datetime | None = None) -> list[dict]:
    """[{"teacher": display name or user name, "events": n, "players": n}], most players first.
    `since`/`until` (naive UTC) select events by their creation time."""
    query = (select(User.display_name, User.username, func.count(func.distinct(QuizEvent.id)), func.count(QuizPlayer.id))
             .join(QuizEvent, QuizEvent.teacher_id == User.id)
             .outerjoin(QuizPlayer, QuizPlayer.event_id == QuizEvent.id)
             .group_by(User.id, User.display_name, User.username)
             .order_by(func.count(QuizPlayer.id).desc(), User.username))
    if since is not None:
        query = query.where(QuizEvent.created_at >= since)
    if until is not None:
        query = query.where(QuizEvent.created_at < until)
    return [{"teacher": name or username, "events": events, "players": players}
            for name, username, events, players in db.session.execute(query)]
