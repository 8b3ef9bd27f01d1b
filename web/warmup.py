"""What a web worker does once before it takes traffic, so its first visitors do not wait for
it: compile the templates of the pages crowds open (residents' and students' pages; staff
pages compile on first use), read the content files they show (core's loaders keep them for
the process) and load both languages' catalogs.

Without it, the first campaign page a new worker rendered took 200 ms on a quiet machine and
0.5 s under load (120 ms of it reading content YAML, 110 ms compiling templates), and every
visitor who arrived meanwhile waited for it. gunicorn.conf.py calls `warm(app)` in each worker.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import get_translations

from core import calendar, campaigns, labels, savings, sources, tariffs, tips
from web.i18n import LANGUAGES

STAFF_TEMPLATES = ("accounts/", "dashboard/", "quiz/bank/")
CONTENT_LOADERS = (tariffs.tariffs, labels.scheme, tips.rooms, sources.hotlines, calendar.water_days, savings.model,
                   campaigns.streets, campaigns.pledge_actions, campaigns.seed_campaigns, campaigns.faq_entries)


def public_template(name: str) -> bool:
    return name.endswith(".html") and "/manage/" not in name and not name.startswith(STAFF_TEMPLATES)


def warm(app: Flask) -> None:
    """Compile templates, read content, load catalogs; a failure is logged and left for the
    first request to meet (and report) as it would have without warming."""
    try:
        for name in app.jinja_env.list_templates(filter_func=public_template):
            app.jinja_env.get_template(name)
        for loader in CONTENT_LOADERS:
            loader()
        for language in LANGUAGES:
            with app.test_request_context(f"/?lang={language}"):
                get_translations()
    except Exception:
        app.logger.warning("warming the worker failed", exc_info=True)
