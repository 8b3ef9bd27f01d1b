"""The FAQ: entries staff write and approve (in the database), the public FAQ pages, and the
search the assistant asks when it cannot answer (`/api/v1/faq/search`)."""

from __future__ import annotations

import threading

from flask import Flask


def init_app(app: Flask) -> None:
    from web.extensions import csrf
    from web.faq import api, manage, search, views
    from web.faq.text import answer_paragraphs

    app.register_blueprint(views.bp)
    app.register_blueprint(manage.manage_bp)
    app.register_blueprint(api.api_bp)
    csrf.exempt(api.api_bp)  # read-only GET; nothing stored, no cookie-borne authority
    app.add_template_global(answer_paragraphs, "faq_answer")
    threading.Thread(target=search.warm_up, name="faq-dictionary", daemon=True).start()
