"""Teachers' question banks in the staff area: list, create, share, write / edit / retire
questions, and read the district banks (quizzes/*.yaml, read-only). Role `teacher` (admins
pass); another teacher's bank exists for you only if they share it, and then read-only."""

from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from core import quiz as core_quiz
from web.accounts.access import roles_required
from web.campaigns import images
from web.campaigns import messages as campaign_messages
from web.csvexport import csv_response
from web.extensions import db
from web.i18n import current_language
from web.quiz import bank, bank_io, bank_play
from web.quiz.bank_forms import KIND_LABELS, BankForm, ImportForm, QuestionForm, WordProblemForm
from web.quiz.duplicate import duplicate_event
from web.quiz.forms import GRADE_LABELS, TOPIC_LABELS

bp = Blueprint("quiz_bank", __name__, url_prefix="/staff/quiz")
roles_required(bp, "teacher")
media_bp = Blueprint("quiz_media", __name__)  # pictures of questions: students see them, no sign-in


@media_bp.get("/quiz/media/<name>")
def media(name: str):
    if not images.NAME_RE.match(name) and not images.RENDITION_RE.match(name):
        abort(404)
    response = send_from_directory(uploads_folder(), name, max_age=7 * 24 * 3600)
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    return response


@bp.app_context_processor
def bank_labels():
    return {"quiz_kind_labels": KIND_LABELS, "quiz_topic_labels": TOPIC_LABELS, "quiz_grade_labels": GRADE_LABELS}


@bp.app_template_global("quiz_correct_answer")
def correct_answer_text(data: dict, lang: str) -> str:
    return bank_play.correct_answer(data, lang)["text"]


@bp.app_template_global("quiz_answer_text")
def answer_text(numeric: dict, lang: str) -> str:
    return bank_play.answer_text(numeric["value"], numeric["tolerance"], numeric["unit"][lang], lang)


@bp.app_template_global("quiz_image_url")
def image_url(name: str) -> str:
    return bank_play.image_url(name)


@bp.get("/banks")
def banks():
    mine, shared = [], []
    for item in bank.visible_banks(current_user):
        (mine if bank.can_edit(current_user, item) else shared).append(item)
    return render_template("quiz/bank/banks.html", mine=mine, shared=shared, district=core_quiz.banks(),
                           form=BankForm())


@bp.post("/banks")
def create():
    form = BankForm()
    if not form.validate_on_submit():
        for message in form.title.errors:
            flash(message, "error")
        return redirect(url_for("quiz_bank.banks")), 303
    created = bank.create_bank(current_user, form.title.data, form.shared.data)
    db.session.commit()
    flash(_("Bank created. Now write its first question."), "success")
    return redirect(url_for("quiz_bank.new_question", bank_id=created.id))


@bp.get("/banks/<int:bank_id>")
def show(bank_id: int):
    item = bank.bank_for(current_user, bank_id)
    return render_template("quiz/bank/bank.html", bank=item, editable=bank.can_edit(current_user, item),
                           questions=[(q, dict(bank.as_plain(q), image=bank.to_core(q).image)) for q in item.questions],
                           form=BankForm(obj=item))


@bp.post("/banks/<int:bank_id>/settings")
def settings(bank_id: int):
    item = bank.bank_for(current_user, bank_id, edit=True)
    form = BankForm()
    if form.validate_on_submit():
        item.title, item.shared = form.title.data.strip()[:120], form.shared.data
        db.session.commit()
        flash(_("Bank saved."), "success")
    else:
        for message in form.title.errors:
            flash(message, "error")
    return redirect(url_for("quiz_bank.show", bank_id=item.id), 303)


def uploads_folder() -> Path:
    return Path(current_app.config["INSTANCE_DIR"]) / "uploads" / "quiz"


def _store_image(form: QuestionForm) -> str | None:
    """A new picture, checked and re-encoded exactly like campaign covers; None if none sent."""
    upload = form.image.data
    if not upload or not getattr(upload, "filename", ""):
        return None
    try:
        return images.store(upload.read(images.MAX_BYTES + 1), uploads_folder())
    except images.ImageRejected as exc:
        raise bank.BankError("image", "core", text=campaign_messages.image_error(exc.code)) from None


def _discard(name: str) -> None:
    for file in (name, *(images.rendition_name(name, kind) for kind in images.RENDITIONS)):
        (uploads_folder() / file).unlink(missing_ok=True)


def _editor(item, question=None):
    form = QuestionForm()
    status = 200
    if form.validate_on_submit():
        new_file = None
        try:
            plain = bank.clean(form.raw())
            new_file = _store_image(form)
            kept = question.image if question is not None and not form.remove_image.data else None
            if question is None:
                question = bank.add_question(item, plain)
            else:
                bank.apply(question, plain)
            bank.set_image(question, new_file or kept, {"zh": form.image_alt_zh.data, "en": form.image_alt_en.data})
        except bank.BankError as exc:
            db.session.rollback()
            if new_file:  # never referenced: an event only snapshots saved questions
                _discard(new_file)
            form.put_error(exc)
            status = 400
        else:
            db.session.commit()
            flash(_("Question saved."), "success")
            if request.form.get("then") == "another":
                return redirect(url_for("quiz_bank.new_question", bank_id=item.id))
            return redirect(url_for("quiz_bank.show", bank_id=item.id, _anchor=f"question-{question.id}"))
    elif request.method == "POST":
        status = 400
    elif question is not None:
        form.fill(bank.as_plain(question))
        form.image_alt_zh.data, form.image_alt_en.data = question.image_alt_zh, question.image_alt_en
    image = question.image if question is not None else None
    return render_template("quiz/bank/question.html", bank=item, question=question, form=form,
                           image=image), status


@bp.route("/banks/<int:bank_id>/questions/new", methods=["GET", "POST"])
def new_question(bank_id: int):
    return _editor(bank.bank_for(current_user, bank_id, edit=True))


@bp.route("/banks/<int:bank_id>/questions/<int:question_id>", methods=["GET", "POST"])
def edit_question(bank_id: int, question_id: int):
    item = bank.bank_for(current_user, bank_id, edit=True)
    question = bank.question_for(item, question_id)
    if question.generator_json:  # its figures come from core; typing over them is not offered
        flash(_("This question is computed from the tariff and cannot be edited. Make a new one instead."), "warning")
        return redirect(url_for("quiz_bank.word_problem", bank_id=item.id), 303)
    return _editor(item, question)


@bp.route("/banks/<int:bank_id>/word-problem", methods=["GET", "POST"])
def word_problem(bank_id: int):
    """A tariff word problem: the teacher picks use and household size; core computes the rest."""
    item = bank.bank_for(current_user, bank_id, edit=True)
    form = WordProblemForm()
    preview, status = None, 200
    if form.validate_on_submit():
        try:
            plain, spec = bank.word_problem(form.usage_m3.data, form.people.data, form.ask.data, form.grades.data or [],
                                            form.tolerance.data, form.seconds.data, current_language())
            if request.form.get("action") == "save":
                question = bank.add_question(item, plain, generator=spec)
        except bank.BankError as exc:
            db.session.rollback()
            target = getattr(form, exc.field, None) or form.usage_m3
            target.errors = [*target.errors, exc.text()]
            status = 400
        else:
            if request.form.get("action") == "save":
                db.session.commit()
                flash(_("Question saved."), "success")
                return redirect(url_for("quiz_bank.show", bank_id=item.id, _anchor=f"question-{question.id}"), 303)
            preview = plain
    elif request.method == "POST":
        status = 400
    return render_template("quiz/bank/word_problem.html", bank=item, form=form, preview=preview), status


@bp.post("/banks/<int:bank_id>/questions/<int:question_id>/retire")
def retire(bank_id: int, question_id: int):
    item = bank.bank_for(current_user, bank_id, edit=True)
    question = bank.question_for(item, question_id)
    restore = request.form.get("restore") == "1"
    bank.retire(question, retired=not restore)
    db.session.commit()
    flash(_("Question back in use.") if restore else
          _("Question retired: new quizzes no longer use it; quizzes that did keep their copy."), "success")
    return redirect(url_for("quiz_bank.show", bank_id=item.id, _anchor=f"question-{question.id}"), 303)


@bp.get("/district/<bank_id>")
def district(bank_id: str):
    item = core_quiz.bank(bank_id)
    if item is None:
        abort(404)
    return render_template("quiz/bank/district.html", bank=item)


@bp.route("/banks/<int:bank_id>/import", methods=["GET", "POST"])
def import_file(bank_id: int):
    """Add the questions of a CSV or JSON file: all of them, or none with every problem listed."""
    item = bank.bank_for(current_user, bank_id, edit=True)
    form = ImportForm()
    problems, status = [], 200
    if form.validate_on_submit():
        upload = form.file.data
        if not upload or not getattr(upload, "filename", ""):
            problems, status = [("", _("Choose a CSV or JSON file."))], 400
        else:
            try:
                count = bank_io.import_into(item, upload.filename, upload.read(bank_io.MAX_BYTES + 1))
            except bank_io.ImportError_ as exc:
                db.session.rollback()
                problems, status = exc.problems, 400
            else:
                db.session.commit()
                flash(_("Imported %(count)s questions.", count=count), "success")
                return redirect(url_for("quiz_bank.show", bank_id=item.id), 303)
    elif request.method == "POST":
        status = 400
    return render_template("quiz/bank/import.html", bank=item, form=form, problems=problems,
                           columns=bank_io.COLUMNS), status


@bp.get("/banks/<int:bank_id>/export.csv")
def export_csv(bank_id: int):
    item = bank.bank_for(current_user, bank_id)
    return csv_response(f"quiz-bank-{item.id}.csv", bank_io.COLUMNS, bank_io.csv_rows(item))


@bp.get("/banks/<int:bank_id>/export.json")
def export_json(bank_id: int):
    item = bank.bank_for(current_user, bank_id)
    return Response(bank_io.json_text(item), mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="quiz-bank-{item.id}.json"', "Cache-Control": "no-store"})


@bp.post("/<int:event_id>/duplicate")
def duplicate(event_id: int):
    from web.quiz.manage import _own_event

    copy = duplicate_event(_own_event(event_id), current_user.id)
    db.session.commit()
    flash(_("Copy created with code %(code)s, without players or answers. Check its title and times.",
            code=copy.code), "success")
    return redirect(url_for("quiz_manage.event", event_id=copy.id), 303)
