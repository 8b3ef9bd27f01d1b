"""`flask quiz create-event …` (prints the join code on its last line) and `flask quiz purge`."""

from __future__ import annotations

import datetime as dt

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from core import quiz as core_quiz
from web import clock
from web.accounts.models import User
from web.extensions import db
from web.quiz import services


@click.group(help="School quiz events.")
def quiz():
    pass


@quiz.command("create-event")
@click.option("--bank", "bank_id", default=None, help="Bank id (default: all banks).")
@click.option("--mode", type=click.Choice(["self-paced", "live"]), required=True)
@click.option("--questions", "count", type=click.IntRange(1, 50), default=10, show_default=True)
@click.option("--minutes", type=click.IntRange(1, 60 * 24 * 14), default=30, show_default=True,
              help="Self-paced: how long the event stays open from now.")
@click.option("--seconds", type=click.IntRange(5, 300), default=20, show_default=True,
              help="Live: seconds per question.")
@click.option("--teacher", default=None, help="Username of the teacher who owns the event.")
@click.option("--topic", "topics", multiple=True, type=click.Choice(core_quiz.TOPICS))
@click.option("--grade", type=click.Choice(core_quiz.GRADE_BANDS), default=None)
@click.option("--title", default=None)
@with_appcontext
def create_event(bank_id, mode, count, minutes, seconds, teacher, topics, grade, title):
    """Create an event from a random set of questions and print its code last."""
    if bank_id and core_quiz.bank(bank_id) is None:
        raise click.BadParameter(f"no bank {bank_id!r}", param_hint="--bank")
    teacher_id = None
    if teacher:
        user = db.session.scalar(select(User).where(User.username == teacher))
        if user is None or not user.has_role("teacher"):
            raise click.BadParameter(f"no teacher {teacher!r}", param_hint="--teacher")
        teacher_id = user.id
    questions = core_quiz.select_questions(count, bank_id=bank_id, topics=topics, grade=grade)
    if len(questions) < count:
        raise click.ClickException(f"only {len(questions)} questions match")
    now = clock.now()
    event = services.create_event(
        title=title or f"Quiz {clock.to_local(now):%Y-%m-%d %H:%M}", mode=mode.replace("-", "_"), questions=questions,
        teacher_id=teacher_id, bank_id=bank_id, question_seconds=seconds,
        opens_at=now if mode == "self-paced" else None,
        closes_at=now + dt.timedelta(minutes=minutes) if mode == "self-paced" else None)
    db.session.commit()
    click.echo(f"created {mode} event {event.id} with {len(questions)} questions; join code:")
    click.echo(event.code)


@quiz.command("purge")
@with_appcontext
def purge():
    """Delete players and answers of events that ended more than QUIZ_RETENTION_DAYS ago."""
    count = services.purge_expired()
    db.session.commit()
    click.echo(f"purged participant data of {count} quiz events")
