"""School quiz events (issue 5)."""

from flask import Blueprint, Flask, render_template

bp = Blueprint("quiz", __name__)
manage_bp = Blueprint("quiz_manage", __name__, url_prefix="/staff/quiz")


def _placeholder():
    return render_template("placeholder.html")


bp.add_url_rule("/join", "join", _placeholder)
manage_bp.add_url_rule("/", "events", _placeholder)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(manage_bp)
