"""`POST /api/chat` — the only way the browser reaches the bot."""

from __future__ import annotations

import secrets

from flask import Blueprint, current_app, jsonify, request, session
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf

from web.chat import services
from web.extensions import db, limiter
from web.i18n import LANGUAGES, current_language
from web.public.errors import error_response

bp = Blueprint("chat", __name__, url_prefix="/api")
MAX_MESSAGE_CHARS = 10_000


def _sender_token() -> str:
    """An anonymous random token per browser session: the bot's conversation key."""
    if "chat_sender" not in session:
        session["chat_sender"] = secrets.token_urlsafe(18)
    return session["chat_sender"]


def _conversation_key() -> str:
    """Per-browser limits, so a whole school behind one address is not limited as one."""
    return "chat:" + _sender_token()


@bp.get("/chat/token")
def token():
    """The CSRF token for the widget, fetched when it first sends: pages then carry nothing
    per-visitor (so they can be cached) and no session starts until someone chats."""
    response = jsonify({"csrf_token": generate_csrf()})
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/chat")
@limiter.limit("20 per minute;300 per hour", key_func=_conversation_key)
@limiter.limit(lambda: current_app.config["CHAT_ADDRESS_RATE_LIMIT"])  # per address: clients that drop cookies
def chat():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return error_response(400, _("Send a JSON object with a \"message\" field."), field="message")
    message, lang = body.get("message"), body.get("lang")
    if not isinstance(message, str):
        return error_response(400, _("The message must be text."), field="message")
    if lang is not None and lang not in LANGUAGES:
        return error_response(400, _("The language must be zh or en."), field="lang")
    lang = lang or current_language()
    message = message.strip()
    with force_locale(lang):  # the site's own replies speak the conversation's language
        if not message:
            prompt = _("Please type a question, for example: how much is water per cubic metre?")
            return jsonify({"replies": [{"text": prompt}], "bot_available": True})
        if len(message) > MAX_MESSAGE_CHARS:
            return error_response(
                413, _("Your message is too long. Please keep it under %(count)s characters.", count=MAX_MESSAGE_CHARS),
                field="message")
        token = _sender_token()
        answer = services.ask_bot(token, message, lang)
    services.record_exchange(token, message, lang, answer)
    db.session.commit()
    return jsonify({"replies": answer.replies, "bot_available": answer.available})
