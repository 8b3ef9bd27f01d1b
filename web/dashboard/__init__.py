"""The staff dashboard (/staff/dashboard): figures from every feature, over a date range,
with CSV exports. It owns no data; each feature offers its figures through a function."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from web.dashboard import labels, views

    app.register_blueprint(views.bp)
    app.add_template_global(labels.topic_label, "topic_label")
    app.add_url_rule("/staff/campaigns/dashboard", "old_dashboard", views.redirect_old_dashboard)
