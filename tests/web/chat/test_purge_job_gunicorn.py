"""Old chat questions go away on schedule with nobody visiting: the site served by gunicorn
as the Procfile does (gevent workers, gunicorn.conf.py read from the working directory),
and not one request sent; the database alone is watched."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from tests.support import REPO, free_port, start, stop

BIN = Path(sys.executable).parent


def test_old_questions_are_purged_by_the_served_site_without_any_request(tmp_path):
    database = f"sqlite:///{tmp_path / 'site.db'}"
    env = {**os.environ, "PUTUO_INSTANCE_DIR": str(tmp_path), "DATABASE_URL": database, "FLASK_APP": "web:create_app",
           "SECRET_KEY": secrets.token_hex(16), "HOUSEKEEPING_INTERVAL_SECONDS": "0.5", "CHAT_RETENTION_DAYS": "90",
           "PYTHONPATH": str(REPO)}
    env.pop("REDIS_URL", None)
    subprocess.run([str(BIN / "flask"), "db", "upgrade"], cwd=REPO, env=env, check=True, capture_output=True)
    engine = sa.create_engine(database)
    with engine.begin() as conn:
        for question, when in (("旧问题", dt.datetime(2000, 1, 1)), ("新问题", dt.datetime.utcnow())):
            conn.execute(sa.text(
                "INSERT INTO chat_exchanges (created_at, conversation, lang, question, fallback, bot_available, "
                "reply_count) VALUES (:when, 'c', 'zh', :question, false, true, 1)"), {"when": when, "question": question})
    log = tmp_path / "gunicorn.log"
    server = start([str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{free_port()}", "--worker-class", "gevent",
                    "--workers", "1", "web:create_app()"], log, env)
    try:
        deadline, left = time.monotonic() + 30, None
        while time.monotonic() < deadline:
            assert server.poll() is None, log.read_text()[-2000:]
            with engine.connect() as conn:
                left = conn.execute(sa.text("SELECT question FROM chat_exchanges ORDER BY id")).scalars().all()
            if left == ["新问题"]:
                break
            time.sleep(0.3)
    finally:
        stop(server)
        engine.dispose()
    assert left == ["新问题"], log.read_text()[-2000:]
