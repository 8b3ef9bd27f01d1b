"""Bill and savings calculators, the label guide and methodology (issue 3)."""

from flask import Flask


def init_app(app: Flask) -> None:
    from web.calculators import api, views
    from web.extensions import csrf

    csrf.exempt(api.bp)  # stateless JSON: nothing is stored, no cookie-borne authority
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
