"""The chat widget's server side: `/api/chat` forwards to Rasa and records what was asked."""

from flask import Flask


def init_app(app: Flask) -> None:
    from web.chat import api, cli

    app.register_blueprint(api.bp)
    app.cli.add_command(cli.chat)
