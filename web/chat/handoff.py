"""`POST /api/v1/questions`: a resident leaves a question for staff (the assistant calls it
when someone asks for a person). There are no accounts or e-mail, so nobody can reply to
the resident personally: staff answer by publishing an FAQ entry, and the reply says so."""

from __future__ import annotations

import re

from flask import Blueprint, current_app, jsonify, request
from flask_babel import force_locale
from flask_babel import gettext as _

from web.chat import questions
from web.extensions import db, limiter
from web.i18n import LANGUAGES, current_language
from web.public.errors import error_response

bp = Blueprint("chat_handoff", __name__, url_prefix="/api/v1")
CONVERSATION_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def _conversation_key() -> str:
    body = request.get_json(silent=True)
    conversation = body.get("conversation_id") if isinstance(body, dict) else None
    if isinstance(conversation, str) and CONVERSATION_RE.match(conversation):
        return "handoff:" + conversation
    return "handoff-address:" + (request.remote_addr or "unknown")


def what_happens_next() -> str:
    return _("Thank you. Your question is saved for the site's staff. They cannot reply to you personally "
             "(the site has no accounts or e-mail): when they answer it, the answer is published on the FAQ "
             "page, %(url)s. Saved questions are deleted after %(days)s days.",
             url="/faq", days=current_app.config["CHAT_RETENTION_DAYS"])


@bp.post("/questions")
@limiter.limit("5 per hour", key_func=_conversation_key)
@limiter.limit("600 per hour")  # per address: the action server is one address for every resident
def leave_question():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return error_response(400, _("Send a JSON object with a \"text\" field."), field="text")
    lang = body.get("lang", current_language())
    if lang not in LANGUAGES:
        return error_response(400, _("The language must be zh or en."), field="lang")
    with force_locale(lang):
        text, conversation = body.get("text"), body.get("conversation_id")
        if not isinstance(text, str) or not text.strip():
            return error_response(400, _("Type the question you want to leave for staff."), field="text")
        text = text.strip()
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return error_response(400, _("The question contains characters that cannot be stored."), field="text")
        if len(text) > questions.QUESTION_KEPT_CHARS:
            return error_response(400, _("The question is too long. Please keep it under %(count)s characters.",
                                         count=questions.QUESTION_KEPT_CHARS), field="text")
        if not isinstance(conversation, str) or not CONVERSATION_RE.match(conversation):
            return error_response(400, _("The conversation id must be 1 to 64 letters, digits, dashes or underscores."),
                                  field="conversation_id")
        group = questions.leave_for_staff(text, lang, conversation)
        db.session.commit()
        return jsonify({"status": group.status, "times_asked": group.count, "message": what_happens_next()}), 201
