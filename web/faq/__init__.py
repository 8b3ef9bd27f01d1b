"""The FAQ: entries staff write and approve (in the database), the public FAQ pages, and the
search the assistant asks when it cannot answer (`/api/v1/faq/search`)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from web.extensions import csrf
    from web.faq import api, manage, views
    from web.faq.text import answer_paragraphs

    app.register_blueprint(views.bp)
    app.register_blueprint(manage.manage_bp)
    app.register_blueprint(api.api_bp)
    csrf.exempt(api.api_bp)
    app.add_template_global(answer_paragraphs, "faq_answer")  # read-only GET; nothing stored, no cookie-borne authority
