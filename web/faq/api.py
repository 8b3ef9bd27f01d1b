"""`GET /api/v1/faq/search?q=…&lang=zh|en`: the approved FAQ entry that answers a question,
for the assistant's fallback path. Stateless (CSRF-exempt), read-only."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_babel import force_locale
from flask_babel import gettext as _

from web.extensions import limiter
from web.faq import services
from web.i18n import LANGUAGES, current_language
from web.public.errors import error_response
from web.urls import absolute_url_for

api_bp = Blueprint("faq_api", __name__, url_prefix="/api/v1")
MAX_QUERY_CHARS = 1000


@api_bp.get("/faq/search")
@limiter.limit("600 per minute")  # per address; the action server is one address for everyone
def faq_search():
    lang = request.args.get("lang") or current_language()
    if lang not in LANGUAGES:
        return error_response(400, _("The language must be zh or en."), field="lang")
    text = (request.args.get("q") or "").strip()
    with force_locale(lang):
        if not text:
            return error_response(400, _("Type a question to search for."), field="q")
        if len(text) > MAX_QUERY_CHARS:
            return error_response(
                400, _("The question is too long. Please keep it under %(count)s characters.", count=MAX_QUERY_CHARS),
                field="q")
    found = services.best_match(text, lang)
    match = None
    if found is not None:
        entry = found.entry
        match = {"id": entry.id, "question": entry.text("question", lang), "answer": entry.text("answer", lang),
                 "url": absolute_url_for("faq.entry", slug=entry.slug, lang=lang), "score": found.score}
    return jsonify({"match": match, "threshold": services.threshold()})
