"""`flask chat purge`: delete recorded questions past their retention period."""

import click
from flask.cli import with_appcontext

from web.chat.services import purge_old_exchanges
from web.extensions import db


@click.group(help="Chat records.")
def chat():
    pass


@chat.command("purge")
@with_appcontext
def purge():
    """Delete exchanges older than CHAT_RETENTION_DAYS."""
    count = purge_old_exchanges()
    db.session.commit()
    click.echo(f"purged {count} chat exchanges")
