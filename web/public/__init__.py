"""Public pages that belong to no single feature: home, health, privacy, errors."""

from flask import Flask


def init_app(app: Flask) -> None:
    from web.public import errors, views

    app.register_blueprint(views.bp)
    errors.init_app(app)
