"""`flask content check | load`: validate the content files and load their seed data into
the database (campaigns, FAQ entries) through the functions each feature owns."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from web.content import cli

    cli.register(app)
