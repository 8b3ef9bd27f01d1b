"""`flask content check | load`: validate the content files; load the seed campaigns and the
seed FAQ entries of content/ into the database. Content staff edit at run time lives in the
database only: nothing here (or anywhere in the site) writes into content/."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from core import campaigns as content
from core.content import ContentError
from web.extensions import db


@click.group("content")
def content_group():
    """Content files: check them and load their seed data."""


def _echo(labels) -> None:
    for label, slugs in labels:
        if slugs:
            click.echo(f"{label}: {', '.join(slugs)}")


@click.command("load")
@with_appcontext
def load_command():
    """Create or refresh the seed campaigns and FAQ entries (safe to run at every start)."""
    from web.campaigns import seed
    from web.faq import services as faq

    try:
        campaigns = seed.load()
        entries = faq.load_seeds()
    except ContentError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    _echo((("created", campaigns.created), ("updated", campaigns.updated),
                      ("unchanged", campaigns.unchanged), ("kept staff edits", campaigns.kept_edits)))
    for slug in campaigns.estimated:
        click.echo(f"note: {slug}: dates are estimated (no notice for that year in content/calendar yet)")
    _echo((("FAQ created", entries.created), ("FAQ updated", entries.updated),
                    ("FAQ unchanged", entries.unchanged), ("FAQ kept staff edits", entries.kept_edits)))


@click.command("check")
def check_command():
    """Validate streets, pledge actions, seed campaigns and seed FAQ entries."""
    try:
        content.check()
    except ContentError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"campaigns content OK: {len(content.streets())} streets, {len(content.seed_campaigns())} seed campaigns, "
               f"{len(content.faq_entries())} FAQ entries")


COMMANDS = (load_command, check_command)


def register(app) -> None:
    """Add our commands to the `content` group (creating it if no other feature has)."""
    group = app.cli.commands.get("content")
    if not isinstance(group, click.Group):
        group = content_group
        app.cli.add_command(group)
    for command in COMMANDS:
        if command.name not in group.commands:
            group.add_command(command)
