"""`flask staff …`: create staff accounts from the command line."""

import click
from flask.cli import with_appcontext

from web.accounts import services
from web.accounts.models import ROLES
from web.extensions import db


@click.group(help="Manage staff accounts.")
def staff():
    pass


@staff.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--street", default=None, help="Street/town slug for community editors (see content/streets.yaml).")
@click.option("--display-name", default="")
@click.password_option(help="At least 10 characters; prompted when omitted.")
@with_appcontext
def create_user(username, role, street, display_name, password):
    """Create a staff account."""
    try:
        user = services.create_user(username, password, role, street=street, display_name=display_name)
    except services.AccountError as exc:
        raise click.BadParameter(str(exc), param_hint=exc.field) from None
    services.audit(None, "create", user)
    db.session.commit()
    click.echo(f"created {user.role} {user.username}")


@staff.command("set-password")
@click.argument("username")
@click.password_option()
@with_appcontext
def set_password(username, password):
    """Set a new password (ends the user's sessions)."""
    user = services.find_user(username)
    if user is None:
        raise click.BadParameter(f"no user {username!r}", param_hint="username")
    try:
        services.change_password(user, password)
    except services.AccountError as exc:
        raise click.BadParameter(str(exc), param_hint="password") from None
    db.session.commit()
    click.echo(f"password changed for {user.username}")
