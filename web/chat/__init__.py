"""The chat widget's server side: `/api/chat` forwards to Rasa and records what was asked;
`/api/v1/questions` keeps a question a resident leaves for staff."""

from flask import Flask


def init_app(app: Flask) -> None:
    from web import housekeeping
    from web.chat import api, cli, handoff
    from web.chat.services import purge_old_exchanges
    from web.extensions import csrf

    app.register_blueprint(api.bp)
    housekeeping.add_chore(app, "chat purge", purge_old_exchanges)
    app.register_blueprint(handoff.bp)
    csrf.exempt(handoff.bp)  # called by the assistant's action server, which has no session or cookie
    app.cli.add_command(cli.chat)
