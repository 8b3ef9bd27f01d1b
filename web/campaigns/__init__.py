"""Water Week campaigns, events, pledges and posters (issue 6). The FAQ is in web/faq, the
staff dashboard in web/dashboard, and `flask content` in web/content."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask_babel import format_datetime

from web.i18n import current_language


def _local_time(value, style: str = "datetime") -> str:
    """A stored (naive UTC) time as Shanghai time in the visitor's language."""
    if value is None:
        return ""
    if style == "end_date":  # an end at midnight belongs to the day before
        value, style = value - dt.timedelta(seconds=1), "date"
    zh = current_language() == "zh"
    formats = {
        "datetime": "y年M月d日 HH:mm" if zh else "d MMM y, HH:mm",
        "date": "y年M月d日" if zh else "d MMM y",
        "time": "HH:mm",
    }
    return format_datetime(value, formats[style])


def init_app(app: Flask) -> None:
    from core.campaigns import street_by_slug
    from web.campaigns import api, manage, manage_events, views  # noqa: F401 (routes)
    from web.campaigns.markdown import render
    from web.campaigns.services import live_campaigns, upcoming_for_api

    app.register_blueprint(views.bp)
    app.register_blueprint(manage.manage_bp)
    app.register_blueprint(api.api_bp)
    app.add_template_filter(render, "campaign_markdown")
    app.add_template_filter(_local_time, "campaign_time")
    app.add_template_global(lambda limit=3: live_campaigns(limit), "live_campaigns")
    app.add_template_global(lambda limit=2: upcoming_for_api()[:limit], "upcoming_campaigns")
    app.add_template_global(street_by_slug, "campaign_street")
