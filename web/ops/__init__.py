"""Operations: request ids and structured logs, readiness, database backup and restore."""

from flask import Flask


def init_app(app: Flask) -> None:
    from web.ops import backup, logs

    logs.init_app(app)
    app.cli.add_command(backup.backup_command)
    app.cli.add_command(backup.restore_command)
