"""A hung bot must not stall the site: the real app under gunicorn (gthread with only four
threads, and gevent as the Procfile serves it), residents chatting non-stop against a bot
that accepts and never answers, and readers fetching pages meanwhile. (bench/hung_bot.py
prints the same figures per case.)"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fake_bot import FakeBot, pages_while_chatting
from tests.support import REPO, free_port, start, stop, wait_for

BIN = Path(sys.executable).parent


@pytest.mark.parametrize("worker", [["--worker-class", "gthread", "--threads", "4"],
                                    ["--worker-class", "gevent", "--worker-connections", "200"]],
                         ids=["gthread-4-threads", "gevent"])
def test_pages_stay_fast_while_every_chat_hits_a_hung_bot(tmp_path, worker):
    with FakeBot("hang") as bot:
        env = {**os.environ, "PUTUO_INSTANCE_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'site.db'}",
               "SECRET_KEY": secrets.token_hex(16), "RATELIMIT_ENABLED": "0", "BOT_URL": bot.url,
               "BOT_TIMEOUT_SECONDS": "5", "BOT_MAX_CONCURRENT": "2", "BOT_QUIET_SECONDS": "0",
               "FLASK_APP": "web:create_app", "PYTHONPATH": str(REPO)}
        env.pop("REDIS_URL", None)
        subprocess.run([str(BIN / "flask"), "db", "upgrade"], cwd=REPO, env=env, check=True, capture_output=True)
        port, log = free_port(), tmp_path / "gunicorn.log"
        server = start([str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", *worker, "--workers", "1",
                        "web:create_app()"], log, env)
        try:
            site = f"http://127.0.0.1:{port}"
            wait_for(site + "/", 30, server, log)
            result = pages_while_chatting(site, chat_clients=8, seconds=7, page_paths=("/", "/bill", "/labels"))
        finally:
            stop(server)
    print(f"pages {len(result['pages'])}: p50 {result['page_p50_ms']:.0f} ms, p99 {result['page_p99_ms']:.0f} ms, "
          f"max {result['page_max_ms']:.0f} ms; chats {result['outcomes']}")
    assert not result["page_errors"]
    assert result["page_p99_ms"] < 1000, "pages waited behind chats held by the hung bot"
    assert result["outcomes"].get("busy", 0) > 0 and set(result["outcomes"]) <= {"busy", "unavailable"}
    assert bot.requests <= 2 + result["outcomes"].get("unavailable", 0)  # never more than 2 calls at a time
