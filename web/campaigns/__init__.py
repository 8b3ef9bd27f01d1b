"""Water Week campaigns, events, pledges and posters (issue 6). The FAQ is in web/faq, the
staff dashboard in web/dashboard, and `flask content` in web/content."""

from __future__ import annotations

from flask import Flask

from web.i18n import local_datetime


def init_app(app: Flask) -> None:
    from core.campaigns import street_by_slug
    from web.campaigns import api, manage, manage_events, views  # noqa: F401 (routes)
    from web.campaigns.markdown import render
    from web.campaigns.services import live_campaigns, upcoming_for_api

    app.register_blueprint(views.bp)
    app.register_blueprint(manage.manage_bp)
    app.register_blueprint(api.api_bp)
    app.add_template_filter(render, "campaign_markdown")
    app.add_template_filter(local_datetime, "campaign_time")
    app.add_template_global(lambda limit=3: live_campaigns(limit), "live_campaigns")
    app.add_template_global(lambda limit=2: upcoming_for_api()[:limit], "upcoming_campaigns")
    app.add_template_global(street_by_slug, "campaign_street")
