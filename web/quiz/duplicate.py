"""Duplicate a quiz event: the same questions (its snapshots, so a district or bank edit since
does not change them), settings and class labels, with a new code and no players or answers."""

from __future__ import annotations

import copy
import datetime as dt

from flask_babel import gettext as _

from web import clock
from web.quiz import services
from web.quiz.models import QuizEvent

DEFAULT_WINDOW = dt.timedelta(hours=1)


class _Snapshot:
    """A stored snapshot dressed as a question for `services.create_event`."""

    def __init__(self, data: dict):
        self.data = data

    def as_dict(self) -> dict:
        return copy.deepcopy(self.data)


def duplicate_event(event: QuizEvent, teacher_id: int | None) -> QuizEvent:
    """A new event like `event`. A self-paced copy opens now for as long as the original was
    open (the original's dates are usually past); a live copy waits in its lobby."""
    window = None
    if event.mode == "self_paced":
        window = (event.closes_at - event.opens_at) if event.opens_at and event.closes_at else DEFAULT_WINDOW
    now = clock.now()
    return services.create_event(
        title=_("%(title)s (copy)", title=event.title)[:120], mode=event.mode,
        questions=[_Snapshot(data) for _id, _position, data in services.event_questions(event)],
        teacher_id=teacher_id, bank_id=event.bank_id, question_seconds=event.question_seconds,
        opens_at=None, closes_at=now + window if window else None, speed_bonus=event.speed_bonus,
        shuffle=event.shuffle, leaderboard=event.leaderboard, class_labels=event.labels)
