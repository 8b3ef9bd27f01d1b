"""The staff dashboard: views from posters and direct, pledges per street, quiz participation
per school, and what residents ask the bot (top intents, unanswered questions → FAQ)."""

from __future__ import annotations

import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from web.campaigns import faq, messages, participation, services
from web.campaigns.forms import FaqForm
from web.campaigns.manage import manage_bp
from web.campaigns.models import Campaign
from web.chat.models import ChatExchange
from web.chat.services import purge_old_exchanges
from web.extensions import db

TOP = 15


def top_intents(limit: int = TOP) -> list[tuple[str, int]]:
    query = (select(ChatExchange.intent, func.count()).where(ChatExchange.intent.is_not(None))
             .group_by(ChatExchange.intent).order_by(func.count().desc(), ChatExchange.intent).limit(limit))
    return [(intent, count) for intent, count in db.session.execute(query)]


def unanswered(limit: int = 30) -> list[dict]:
    """Questions the bot fell back on, grouped by text (most asked first)."""
    query = (select(ChatExchange.question, ChatExchange.lang, func.count(), func.max(ChatExchange.created_at),
                    func.max(ChatExchange.id))
             .where(ChatExchange.fallback.is_(True)).group_by(ChatExchange.question, ChatExchange.lang)
             .order_by(func.count().desc(), func.max(ChatExchange.created_at).desc()).limit(limit))
    return [{"question": q, "lang": lang, "count": n, "last": last, "id": ident}
            for q, lang, n, last, ident in db.session.execute(query)]


def quiz_participation() -> list[dict] | None:
    """Players per teacher (school) from the quiz tables, or None while they are not there."""
    try:
        from web.quiz import models as quiz_models
    except ImportError:
        return None
    event_model = getattr(quiz_models, "QuizEvent", None)
    player_model = getattr(quiz_models, "QuizPlayer", None)
    if event_model is None or player_model is None:
        return None
    teacher_col = getattr(event_model, "teacher_id", None) or getattr(event_model, "owner_id", None)
    event_fk = getattr(player_model, "event_id", None)
    if teacher_col is None or event_fk is None:
        return None
    from web.accounts.models import User

    query = (select(User.display_name, User.username, func.count(func.distinct(event_model.id)), func.count(player_model.id))
             .join(event_model, teacher_col == User.id).outerjoin(player_model, event_fk == event_model.id)
             .group_by(User.id, User.display_name, User.username).order_by(func.count(player_model.id).desc()))
    try:
        rows = db.session.execute(query).all()
    except Exception:  # the quiz schema is not what we expect: say so rather than fail the page
        db.session.rollback()
        return None
    return [{"teacher": name or username, "events": events, "players": players} for name, username, events, players in rows]


@manage_bp.get("/dashboard", endpoint="dashboard")
def dashboard():
    purged = purge_old_exchanges()
    participation.purge_past_phones()
    participation.flush_views()  # this process's pending counts; others write theirs within seconds
    db.session.commit()
    campaigns = db.session.scalars(select(Campaign).order_by(Campaign.starts_at.desc().nulls_last(), Campaign.id)).all()
    views = participation.view_totals()
    rows = [{"campaign": c, "state": services.state(c), "views": views.get(c.id, {"poster": 0, "direct": 0}),
             "pledges": participation.pledge_count(c)} for c in campaigns]
    return render_template(
        "campaigns/manage/dashboard.html", rows=rows, league=participation.league(), intents=top_intents(),
        questions=unanswered(), quiz=quiz_participation(), purged=purged,
    )


def _slug_from(text: str) -> str:
    ascii_words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(ascii_words)[:48].strip("-")


@manage_bp.route("/faq/new", methods=["GET", "POST"])
def faq_new():
    if request.method == "GET":
        data = {}
        exchange_id = request.args.get("from", "")
        if exchange_id.isdigit():
            exchange = db.session.get(ChatExchange, int(exchange_id))
            if exchange is None:
                abort(404)
            data[f"questions_{exchange.lang if exchange.lang in ('zh', 'en') else 'zh'}"] = exchange.question
            data["slug"] = _slug_from(exchange.question) if exchange.lang == "en" else ""
        form = FaqForm(data=data)
    else:
        form = FaqForm()
    if form.validate_on_submit():
        values = {"slug": form.slug.data.strip(), "questions_zh": form.lines("questions_zh"),
                  "questions_en": form.lines("questions_en"), "answer_zh": form.answer_zh.data.strip(),
                  "answer_en": form.answer_en.data.strip(), "source_title": form.source_title.data.strip(),
                  "source_url": (form.source_url.data or "").strip() or None}
        try:
            _row, written = faq.create(current_user, values)
        except services.CampaignError as exc:
            db.session.rollback()
            target = getattr(form, exc.field, form.slug)
            target.errors = [*target.errors, messages.campaign_error(exc.code)]
        else:
            db.session.commit()
            read_only = _("FAQ entry saved in the database; the content folder is read-only, "
                          "so run “flask content export-faq” where it is writable.")
            flash(_("FAQ entry saved.") if written else read_only, "success")
            return redirect(url_for("campaigns.faq", _anchor=values["slug"]))
    status = 400 if request.method == "POST" else 200
    return render_template("campaigns/manage/faq_new.html", form=form), status
