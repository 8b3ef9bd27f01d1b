"""Public pages that belong to no single feature: home, about, health, privacy, errors."""

from flask import Flask


def init_app(app: Flask) -> None:
    from web.public import errors, views

    app.register_blueprint(views.bp)
    errors.init_app(app)

    @app.context_processor
    def site_identity():
        """Who runs the site and how to reach them: the footer of every page shows it."""
        from core import sources
        from web.i18n import current_language

        operator = app.config.get("SITE_OPERATOR_EN" if current_language() == "en" else "SITE_OPERATOR_ZH") or ""
        verified = [h for h in sources.hotlines() if h.confidence == "high"]
        return {"site_operator": operator, "footer_hotlines": verified}
