"""Readiness, request ids and the backup/restore drill."""

from __future__ import annotations

import json
import logging

import pytest
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from web.accounts.models import User
from web.ops.logs import JsonFormatter


def test_readyz_is_503_until_migrations_ran(client):
    # The test database is built with create_all, so it has no migration history.
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["migrations"] == "pending"


def test_readyz_ready_after_upgrade(make_app, tmp_path):
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'ready.db'}")
    with app.app_context():
        upgrade()
    body = app.test_client().get("/readyz").get_json()
    assert body == {"status": "ready", "database": "ok", "migrations": "ok", "bot": "unavailable"}


def test_request_id_is_returned_and_a_sane_incoming_one_kept(client):
    assert len(client.get("/").headers["X-Request-ID"]) == 16
    assert client.get("/", headers={"X-Request-ID": "proxy-abc-12345"}).headers["X-Request-ID"] == "proxy-abc-12345"
    assert client.get("/", headers={"X-Request-ID": "bad id <x>"}).headers["X-Request-ID"] != "bad id <x>"


def test_log_lines_are_json():
    record = logging.LogRecord("web.access", logging.INFO, __file__, 1, "request", None, None)
    record.fields = {"request_id": "r1", "status": 200}
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "request" and line["request_id"] == "r1" and line["status"] == 200


def backend(app) -> str:
    return make_url(app.config["SQLALCHEMY_DATABASE_URI"]).get_backend_name()


def test_backup_on_postgresql_points_to_pg_dump(app, runner, tmp_path):
    if backend(app) == "sqlite":
        pytest.skip("runs in the PostgreSQL suite; on SQLite the drill below runs")
    result = runner.invoke(args=["backup", str(tmp_path / "x.db")])
    assert result.exit_code != 0 and "pg_dump" in result.output


def test_backup_and_restore_drill(app, runner, db, make_user, tmp_path):
    if backend(app) != "sqlite":
        pytest.skip("runs in the SQLite suite (scripts/run-tests unsets TEST_DATABASE_URL there)")
    make_user("teacher", username="before-backup")
    backup = tmp_path / "snapshot.db"
    result = runner.invoke(args=["backup", str(backup)])
    assert result.exit_code == 0, result.output
    make_user("teacher", username="after-backup")
    assert runner.invoke(args=["backup", str(backup)]).exit_code != 0  # never overwrites
    result = runner.invoke(args=["restore", str(backup), "--yes"])
    assert result.exit_code == 0, result.output
    db.session.remove()
    names = {u.username for u in db.session.query(User)}
    assert "before-backup" in names and "after-backup" not in names


def test_restore_refuses_a_file_that_is_not_a_database(runner, tmp_path, app):
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"not a database at all" * 100)
    result = runner.invoke(args=["restore", str(bogus), "--yes"])
    assert result.exit_code != 0
