"""`flask content load | check | export-faq`: seed campaigns into the database, validate the
content files, and write FAQ entries from the database to content/faq/ for the bot."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from core import campaigns as content
from core.content import ContentError
from web.extensions import db


@click.group("content")
def content_group():
    """Content files: check them, load seed campaigns, export FAQ entries."""


@click.command("load")
@with_appcontext
def load_command():
    """Create or refresh the seed campaigns (safe to run at every start)."""
    from web.campaigns import seed

    try:
        report = seed.load()
    except ContentError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    for label, slugs in (("created", report.created), ("updated", report.updated), ("unchanged", report.unchanged),
                         ("kept staff edits", report.kept_edits)):
        if slugs:
            click.echo(f"{label}: {', '.join(slugs)}")
    for slug in report.estimated:
        click.echo(f"note: {slug}: dates are estimated (no notice for that year in content/calendar yet)")


@click.command("check")
def check_command():
    """Validate streets, pledge actions, seed campaigns and FAQ files."""
    try:
        content.check()
    except ContentError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"campaigns content OK: {len(content.streets())} streets, {len(content.seed_campaigns())} seed campaigns, "
               f"{len(content.faq_entries())} FAQ entries")


@click.command("export-faq")
@click.option("--to", "folder", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write to (default: content/faq).")
@with_appcontext
def export_faq_command(folder):
    """Write every FAQ entry of the database to content/faq/<slug>.yaml."""
    from web.campaigns import faq

    try:
        written = faq.export_all(folder)
    except OSError as exc:
        raise click.ClickException(f"cannot write FAQ files: {exc}") from None
    click.echo(f"wrote {len(written)} FAQ file(s)")


COMMANDS = (load_command, check_command, export_faq_command)


def register(app) -> None:
    """Add our commands to the `content` group (creating it if no other feature has)."""
    group = app.cli.commands.get("content")
    if not isinstance(group, click.Group):
        group = content_group
        app.cli.add_command(group)
    for command in COMMANDS:
        if command.name not in group.commands:
            group.add_command(command)
