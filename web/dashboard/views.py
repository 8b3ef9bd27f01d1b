"""The staff dashboard: campaign views and pledges, pledges per street, school quiz
participation, and what residents ask the assistant (unanswered questions with a status,
a count and the FAQ entry that now answers them), over a date range, with CSV exports.

Each figure comes from a function the feature that owns the data offers (campaigns.stats,
quiz.stats, chat.questions, faq.services); this package has no tables of its own.

Who sees what: admins and district-wide editors see the whole district and residents'
questions; a street editor sees their own street's campaigns, pledges and registrations,
and not residents' questions (free text, not tied to a street, and it may be personal)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from web.accounts.access import roles_required
from web.campaigns import stats as campaign_stats
from web.chat import questions as chat_questions
from web.chat.services import purge_old_exchanges
from web.dashboard import exports
from web.dashboard.forms import QUESTION_STATUSES, FilterForm
from web.extensions import db
from web.faq import services as faq
from web.i18n import current_language
from web.quiz import stats as quiz_stats

bp = Blueprint("dashboard", __name__, url_prefix="/staff/dashboard")
roles_required(bp, "editor")
QUESTIONS_SHOWN = 100


def street_scope(user) -> str | None:
    """None for the whole district (admins, district-wide editors), else the editor's street."""
    return None if user.role == "admin" else user.street


def _filter() -> tuple[FilterForm, bool]:
    form = FilterForm(formdata=request.args)
    return form, form.validate()


def _faq_matches(groups) -> dict[int, faq.Answer]:
    """For each question, the approved FAQ entry the assistant would now answer it with."""
    matches = {}
    for group in groups:
        found = faq.best_match(group.text, group.lang)
        if found is not None:
            matches[group.id] = found
    return matches


@bp.get("/", endpoint="index")
def index():
    if purge_old_exchanges():
        db.session.commit()
    form, valid = _filter()
    since, until = form.window() if valid else (None, None)
    street = street_scope(current_user)
    readable = faq.can_read_questions(current_user)
    groups = matches = counts = None
    titles = {}
    if readable:
        groups = chat_questions.unanswered_questions(since, until, status=(form.status.data or None) if valid else None,
                                                     limit=QUESTIONS_SHOWN)
        matches = _faq_matches(groups)
        counts = chat_questions.status_counts(since, until)
        titles = faq.entry_titles(g.faq_entry_id for g in groups)
    page = render_template(
        "dashboard/index.html", form=form, street=street, readable=readable,
        campaigns=campaign_stats.campaign_rows(street, since, until),
        league=campaign_stats.pledges_per_street(since, until),
        quiz=quiz_stats.participation_by_teacher(since, until),
        intents=chat_questions.top_intents(since, until) if readable else None,
        questions=groups, matches=matches, status_counts=counts, titles=titles, statuses=QUESTION_STATUSES,
        export_args={key: value for key, value in request.args.items() if key in ("start", "end", "status")},
    )
    return page, (200 if valid else 400)


@bp.post("/questions/<int:exchange_id>/status", endpoint="question_status")
def question_status(exchange_id: int):
    if not faq.can_read_questions(current_user):
        abort(403)
    status = request.form.get("status", "")
    if status not in QUESTION_STATUSES:
        abort(400)
    entry_id = None
    if status == "answered_by_faq":
        raw = request.form.get("faq_entry_id", "")
        entry = faq.entry_by_id(int(raw)) if raw.isdigit() and len(raw) < 10 else None
        if entry is None or entry.status != "approved":
            abort(400)
        entry_id = entry.id
    if not chat_questions.set_question_status(exchange_id, status, current_user.username, faq_entry_id=entry_id):
        abort(404)
    db.session.commit()
    flash(_("Question status saved."), "success")
    return redirect(url_for(".index", **{k: v for k, v in request.args.items() if k in ("start", "end", "status")},
                            _anchor="questions"))


@bp.get("/export/<kind>.csv", endpoint="export")
def export(kind: str):
    form, valid = _filter()
    if not valid:
        abort(400)
    since, until = form.window()
    street = street_scope(current_user)
    if kind == "questions":
        if not faq.can_read_questions(current_user):
            abort(403)
        groups = chat_questions.unanswered_questions(since, until, status=form.status.data or None, limit=None)
        return exports.questions_csv(groups, _faq_matches(groups))
    if kind == "pledges":
        return exports.pledges_csv(campaign_stats.pledge_export(street, current_language(), since, until))
    if kind == "registrations":
        return exports.registrations_csv(campaign_stats.registration_export(street, current_language(), since, until))
    if kind == "quiz":
        return exports.quiz_csv(quiz_stats.participation_by_teacher(since, until))
    abort(404)


def redirect_old_dashboard():
    """The dashboard used to live in the campaigns area."""
    return redirect(url_for("dashboard.index", **request.args), 301)
