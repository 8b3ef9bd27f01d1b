"""Readiness, request ids and the backup/restore drill."""

from __future__ import annotations

import json

import pytest
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from web.accounts.models import User


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


def json_logging_app(make_app):
    """An app configured as in production (not TESTING), so it installs its JSON log handler on
    the current stderr: call it inside the test, where capsys captures that stream."""
    return make_app(TESTING=False)


def test_a_request_writes_one_json_line_without_personal_text(make_app, capsys):
    client = json_logging_app(make_app).test_client()
    client.get("/?q=my+address+is+12+Secret+Road", headers={"X-Request-ID": "proxy-abc-12345"})
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(lines) == 1, "\n".join(lines)
    entry = json.loads(lines[0])
    assert set(entry) == {"time", "level", "logger", "message", "request_id", "method", "path", "status", "ms"}
    assert entry["request_id"] == "proxy-abc-12345" and entry["path"] == "/" and entry["method"] == "GET"
    assert entry["status"] == 200 and entry["level"] == "INFO" and entry["logger"] == "web.access"
    assert isinstance(entry["ms"], float) and entry["time"].endswith("+0000")
    assert "Secret" not in lines[0]


def test_sql_parameters_never_reach_the_log(app):
    from web.extensions import db

    assert db.engine.hide_parameters  # residents' chat text is a parameter; errors show "[hidden]"


def test_every_line_in_a_request_carries_its_id(make_app, capsys):
    app = json_logging_app(make_app)

    @app.get("/probe-log")
    def probe():
        app.logger.warning("probe", extra={"event": "probe"})
        return "ok"

    app.test_client().get("/probe-log", headers={"X-Request-ID": "req-probe-0001"})
    entries = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert [e["message"] for e in entries] == ["probe", "request"]
    assert {e["request_id"] for e in entries} == {"req-probe-0001"} and entries[0]["event"] == "probe"


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
