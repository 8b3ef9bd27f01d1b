"""A dropped PostgreSQL connection (server restart, failover, idle timeout in between) costs
no request an error: the pool checks each connection before use (pool_pre_ping)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def test_pool_pre_ping_is_on_from_the_environment():
    from web import config

    assert config.from_environment()["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True


def test_requests_recover_after_the_server_drops_every_connection(app, client, make_user, login, db):
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "postgresql":
        pytest.skip("runs in the PostgreSQL suite (SQLite has no server to drop connections)")
    login(client, make_user("teacher"))
    assert client.get("/staff/quiz/").status_code == 200  # the pool now holds a live connection
    db.session.remove()
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        dropped = conn.execute(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": url.database}).scalar()
    admin.dispose()
    assert dropped >= 1
    for path in ("/staff/quiz/", "/healthz", "/"):
        assert client.get(path).status_code == 200, path
