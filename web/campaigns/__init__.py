"""Water Week campaigns, pledges, posters, FAQ and the staff dashboard (issue 6)."""

from flask import Blueprint, Flask, render_template

bp = Blueprint("campaigns", __name__)
manage_bp = Blueprint("campaigns_manage", __name__, url_prefix="/staff/campaigns")


def _placeholder():
    return render_template("placeholder.html")


bp.add_url_rule("/campaigns/", "index", _placeholder)
bp.add_url_rule("/faq", "faq", _placeholder)
manage_bp.add_url_rule("/", "index", _placeholder)
manage_bp.add_url_rule("/dashboard", "dashboard", _placeholder)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(manage_bp)
