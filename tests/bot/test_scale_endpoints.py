"""bot/endpoints.scale.yml: Rasa starts with a PostgreSQL tracker store and a Redis lock store.

Creates a fresh database on the local PostgreSQL (127.0.0.1:5432, trust auth), starts Rasa
with the scale endpoints, sends one message, and checks its events landed in PostgreSQL and
that the conversation lock went through Redis. Skipped when either server is not running,
except in CI (CI=true), where that fails the run.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
import uuid

import pytest

from tests.support import BOT, MODEL, RASA, Bot, free_port, missing_service, start, stop, wait_for

pytestmark = pytest.mark.slow


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _watch_locks(client, sender: str, seen: list[str]) -> None:
    """Collect Redis commands touching this conversation's lock key (stops after the first)."""
    with client.monitor() as monitor:
        for command in monitor.listen():
            if f"lock:{sender}" in command.get("command", ""):
                seen.append(command["command"])
                return


@pytest.fixture
def database():
    if not (_listening(5432) and _listening(6379) and shutil.which("createdb")):
        missing_service("needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379")
    name = f"putuo_bot_{uuid.uuid4().hex[:10]}"
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    yield name
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=False)


def test_rasa_runs_on_postgresql_and_redis(database, tmp_path):
    assert MODEL.exists(), "no trained model: run `make model` first (make test does)"
    import redis
    import sqlalchemy

    port, redis_db = free_port(), 5
    env = {
        **os.environ,
        "RASA_TELEMETRY_ENABLED": "false",
        "ACTIONS_URL": f"http://127.0.0.1:{free_port()}/webhook",
        "BOT_DB_HOST": "127.0.0.1",
        "BOT_DB_PORT": "5432",
        "BOT_DB_NAME": database,
        "BOT_DB_USER": "postgres",
        "BOT_DB_PASSWORD": "",
        "BOT_REDIS_HOST": "127.0.0.1",
        "BOT_REDIS_PORT": "6379",
        "BOT_REDIS_DB": str(redis_db),
    }
    log = tmp_path / "rasa.log"
    rasa = start([str(RASA), "run", "--enable-api", "-i", "127.0.0.1", "-p", str(port), "-m", str(MODEL),
                  "--endpoints", "endpoints.scale.yml", "--credentials", "credentials.yml"], log, env, cwd=BOT)
    monitor = redis.Redis(host="127.0.0.1", port=6379, db=redis_db)
    try:
        wait_for(f"http://127.0.0.1:{port}/status", 300, rasa, log, ok=lambda status, _body: status == 200)
        sender = f"scale-{uuid.uuid4().hex[:8]}"
        seen: list[str] = []
        watcher = threading.Thread(target=_watch_locks, args=(monitor, sender, seen), daemon=True)
        watcher.start()
        time.sleep(0.5)
        reply = Bot(f"http://127.0.0.1:{port}", rasa).post("site", "你好", sender, "zh")
        watcher.join(timeout=5)
        assert seen, "the conversation lock did not go through Redis"
        assert reply[-1]["custom"]["meta"]["intent"] == "greet"
        engine = sqlalchemy.create_engine(f"postgresql://postgres@127.0.0.1:5432/{database}")
        with engine.connect() as conn:
            count = conn.execute(sqlalchemy.text("select count(*) from events where sender_id = :s"), {"s": sender}).scalar()
        engine.dispose()
        assert count > 0
    finally:
        stop(rasa)
        monitor.close()
