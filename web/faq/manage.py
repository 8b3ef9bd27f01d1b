"""Staff FAQ pages: the list of entries (approve / withdraw), and a new entry, optionally
prefilled from a question residents asked the assistant. Editors and admins only."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from web.accounts.access import roles_required
from web.chat import questions as chat
from web.extensions import db
from web.faq import messages, services
from web.faq.forms import FaqForm

manage_bp = Blueprint("faq_manage", __name__, url_prefix="/staff/faq")
roles_required(manage_bp, "editor")


@manage_bp.get("/", endpoint="index")
def index():
    return render_template("faq/manage/index.html", entries=services.all_entries(),
                           can_approve=services.can_approve(current_user), can_edit=services.can_edit)


def _prefill() -> tuple[dict, int | None]:
    """Form data from a resident's question (`?from=<id>`); only for staff who may read them."""
    asked = request.args.get("from", "")
    if not asked:
        return {}, None
    if not asked.isdigit() or len(asked) > 18:
        abort(404)
    if not services.can_read_questions(current_user):
        abort(403)
    question = chat.question_by_id(int(asked))
    if question is None:
        abort(404)
    lang = question["lang"] if question["lang"] in ("zh", "en") else "zh"
    return {f"questions_{lang}": question["text"]}, int(asked)


@manage_bp.route("/new", methods=["GET", "POST"], endpoint="new")
def new():
    data, asked = _prefill()
    form = FaqForm(data=data) if request.method == "GET" else FaqForm()
    if not services.can_approve(current_user):
        del form.approve
    if form.validate_on_submit():
        approve = bool(getattr(form, "approve", None) and form.approve.data)
        try:
            row = services.create(current_user, form.values(), approve=approve)
        except services.FaqError as exc:
            db.session.rollback()
            target = getattr(form, exc.field, form.slug)
            target.errors = [*target.errors, messages.faq_error(exc.code)]
        else:
            if asked is not None:
                chat.set_question_status(asked, "answered_by_faq", current_user.username, faq_entry_id=row.id)
            db.session.commit()
            flash(_("FAQ entry approved: it is on the FAQ page now.") if row.status == "approved"
                  else _("FAQ entry saved as a draft. A district editor or an administrator approves it."), "success")
            return redirect(url_for(".index", _anchor=row.slug))
    status = 400 if request.method == "POST" else 200
    return render_template("faq/manage/new.html", form=form, asked=asked), status


@manage_bp.route("/<int:entry_id>/edit", methods=["GET", "POST"], endpoint="edit")
def edit(entry_id: int):
    row = services.entry_by_id(entry_id)
    if row is None:
        abort(404)
    if not services.can_edit(current_user, row):
        abort(403)
    form = FaqForm(data=services.values_of(row)) if request.method == "GET" else FaqForm()
    del form.approve  # approval has its own button on the list
    if form.validate_on_submit():
        try:
            services.update(current_user, row, form.values())
        except services.FaqError as exc:
            db.session.rollback()
            target = getattr(form, exc.field, form.slug)
            target.errors = [*target.errors, messages.faq_error(exc.code)]
        else:
            db.session.commit()
            flash(_("FAQ entry saved."), "success")
            return redirect(url_for(".index", _anchor=row.slug))
    status = 400 if request.method == "POST" else 200
    return render_template("faq/manage/new.html", form=form, asked=None, entry=row), status


@manage_bp.post("/<int:entry_id>/status", endpoint="status")
def change_status(entry_id: int):
    row = services.entry_by_id(entry_id)
    if row is None:
        abort(404)
    if not services.can_approve(current_user):
        abort(403)
    if request.form.get("status") == "approved":
        services.approve_entry(current_user, row)
        flash(_("FAQ entry approved: it is on the FAQ page now."), "success")
    else:
        services.withdraw_entry(current_user, row)
        flash(_("FAQ entry withdrawn: it is no longer on the FAQ page."), "success")
    db.session.commit()
    return redirect(url_for(".index", _anchor=row.slug))
