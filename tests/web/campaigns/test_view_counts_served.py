"""Campaign page views counted by the served site, as the Procfile serves it (gunicorn with
gevent workers, two of them, gunicorn.conf.py read from the working directory): a view
writes nothing to the database; each worker writes its counts every VIEW_COUNT_FLUSH_SECONDS
with nobody visiting, and what is left when it stops; the totals are exact. SQLite, or
PostgreSQL when TEST_DATABASE_URL is set."""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from tests.support import REPO, free_port, fresh_postgres_database, start, stop, wait_for

BIN = Path(sys.executable).parent
SLUG = "world-water-day"  # from content/ (flask content load)


@pytest.fixture
def site_database(tmp_path):
    base = os.environ.get("TEST_DATABASE_URL")
    if base:
        with fresh_postgres_database(base) as url:
            yield url
    else:
        yield f"sqlite:///{tmp_path / 'site.db'}"


@contextlib.contextmanager
def served(env: dict, log: Path, flush_seconds: str):
    port = free_port()
    server = start([str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--worker-class", "gevent",
                    "--workers", "2", "web:create_app()"], log, {**env, "VIEW_COUNT_FLUSH_SECONDS": flush_seconds})
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", 30, server, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(server)  # SIGTERM: the workers stop as in a deploy


def visit(url: str, times: int) -> None:
    def one(_):
        assert requests.get(url, timeout=10).status_code == 200  # a new connection each: both workers serve

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(one, range(times)))


def views_in(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {source: int(count) for source, count in conn.execute(sa.text(
            "SELECT source, SUM(count) FROM campaign_views GROUP BY source"))}


def test_views_are_written_in_batches_by_each_worker_and_none_is_lost_when_it_stops(tmp_path, site_database):
    env = {**os.environ, "PUTUO_INSTANCE_DIR": str(tmp_path), "DATABASE_URL": site_database,
           "FLASK_APP": "web:create_app", "SECRET_KEY": secrets.token_hex(16), "PYTHONPATH": str(REPO),
           "RATELIMIT_ENABLED": "0", "BOT_URL": "http://127.0.0.1:9"}
    env.pop("REDIS_URL", None)
    for command in (["db", "upgrade"], ["content", "load"]):
        subprocess.run([str(BIN / "flask"), *command], cwd=REPO, env=env, check=True, capture_output=True)
    engine = sa.create_engine(site_database)
    log = tmp_path / "gunicorn.log"
    try:
        with served(env, log, flush_seconds="0.5") as site:
            visit(f"{site}/campaigns/{SLUG}", 40)
            visit(f"{site}/campaigns/{SLUG}?src=poster", 20)
            deadline = time.monotonic() + 20  # then nobody visits: the workers' jobs write the counts
            while time.monotonic() < deadline and views_in(engine) != {"direct": 40, "poster": 20}:
                time.sleep(0.2)
            assert views_in(engine) == {"direct": 40, "poster": 20}, log.read_text()[-2000:]

        with served(env, log, flush_seconds="3600") as site:
            visit(f"{site}/campaigns/{SLUG}?lang=en", 30)
            time.sleep(1)
            assert views_in(engine) == {"direct": 40, "poster": 20}  # no view wrote anything
        assert views_in(engine) == {"direct": 70, "poster": 20}, log.read_text()[-2000:]  # written as the workers stopped
    finally:
        engine.dispose()
