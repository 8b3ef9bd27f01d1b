"""`flask backup` / `flask restore` for the embedded SQLite database.

SQLite's online backup API copies a consistent snapshot while the site keeps serving. For
PostgreSQL use `pg_dump`/`pg_restore` (docs/deploy.md); these commands say so.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

from web import clock
from web.extensions import db


def _sqlite_path() -> Path:
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite" or not url.database:
        raise click.ClickException(
            "backup/restore handle the SQLite database; for PostgreSQL use pg_dump -Fc and pg_restore "
            "(see docs/deploy.md)")
    return Path(url.database)


def copy_database(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    with sqlite3.connect(target) as check:
        result = check.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise click.ClickException(f"the copy failed its integrity check: {result}")


@click.command("backup")
@click.argument("target", required=False, type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(target: Path | None):
    """Write a consistent copy of the SQLite database (default: instance/backups/<time>.db)."""
    source = _sqlite_path()
    if target is None:
        stamp = clock.to_local(clock.now()).strftime("%Y%m%d-%H%M%S")
        target = Path(current_app.config["INSTANCE_DIR"]) / "backups" / f"putuo-{stamp}.db"
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise click.ClickException(f"{target} exists; choose a new name")
    copy_database(source, target)
    click.echo(f"backup written to {target}")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(source: Path, yes: bool):
    """Replace the SQLite database with a backup (stop the site first)."""
    target = _sqlite_path()
    with sqlite3.connect(source) as check:
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise click.ClickException(f"{source} is not a healthy SQLite database")
    if not yes:
        click.confirm(f"Replace {target} with {source}?", abort=True)
    db.engine.dispose()
    copy_database(source, target)
    click.echo(f"restored {target} from {source}")
