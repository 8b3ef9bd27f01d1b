"""Bill and savings calculators, the label guide and methodology (issue 3)."""

from flask import Blueprint, Flask, render_template

bp = Blueprint("calculators", __name__)


def _placeholder():
    return render_template("placeholder.html")


for _rule, _name in (("/bill", "bill"), ("/savings", "savings"), ("/labels", "labels"), ("/methodology", "methodology")):
    bp.add_url_rule(_rule, _name, _placeholder)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
