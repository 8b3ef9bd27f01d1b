"""School quiz events (issue 5): banks from core.quiz, live and self-paced events, join by code
or QR, standings, teacher reports and privacy (no real names; data purged after the event)."""

from flask import Flask


def init_app(app: Flask) -> None:
    from web.quiz import api, bank_models, bank_views, cli, manage, models, views  # noqa: F401  (models: tables)

    app.register_blueprint(views.bp)
    app.register_blueprint(manage.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(bank_views.bp)
    app.register_blueprint(bank_views.media_bp)
    app.cli.add_command(cli.quiz)
