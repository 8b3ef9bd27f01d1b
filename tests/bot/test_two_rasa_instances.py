"""Two Rasa instances behind one conversation: PostgreSQL tracker store + Redis lock store
(bot/endpoints.scale.yml). A bill conversation hops between the instances and still ends
with the right total; a burst of messages sent to both at once loses none of them. (The
burst catches a lock race only when it happens: with Rasa's own RedisLockStore it failed
about every other run; bot/locks.py is the fix.)

Runs when TEST_DATABASE_URL and TEST_REDIS_URL are set (CI sets both to the local servers).
"""

from __future__ import annotations

import json
import os
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest

from core.tariffs import bill
from tests.support import BOT, MODEL, RASA, Bot, free_port, fresh_postgres_database, start, stop, wait_for

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (os.environ.get("TEST_DATABASE_URL") and os.environ.get("TEST_REDIS_URL")),
                       reason="needs TEST_DATABASE_URL (PostgreSQL) and TEST_REDIS_URL"),
]


def post(url: str, sender: str, message: str) -> list[dict]:
    return Bot(url).post("site", message, sender, "zh")


def text_of(messages: list[dict]) -> str:
    return "\n".join(m.get("text", "") for m in messages)


@pytest.fixture(scope="module")
def instances(tmp_path_factory):
    from sqlalchemy.engine import make_url

    assert MODEL.exists(), "no trained model: `make model` first (make test does)"
    redis_url = urlsplit(os.environ["TEST_REDIS_URL"])
    workdir = tmp_path_factory.mktemp("two-rasa")
    with fresh_postgres_database(os.environ["TEST_DATABASE_URL"], prefix="putuo_rasa") as database_url:
        database = make_url(database_url)
        actions_port = free_port()
        env = {
            **os.environ, "RASA_TELEMETRY_ENABLED": "false",
            "ACTIONS_URL": f"http://127.0.0.1:{actions_port}/webhook",
            "BOT_DB_HOST": database.host or "127.0.0.1", "BOT_DB_PORT": str(database.port or 5432),
            "BOT_DB_NAME": database.database, "BOT_DB_USER": database.username or "postgres",
            "BOT_DB_PASSWORD": database.password or "",
            "BOT_REDIS_HOST": redis_url.hostname or "127.0.0.1", "BOT_REDIS_PORT": str(redis_url.port or 6379),
            "BOT_REDIS_DB": redis_url.path.lstrip("/") or "0",
        }
        processes = [start([str(RASA), "run", "actions", "--actions", "bot.actions", "-p", str(actions_port)],
                           workdir / "actions.log", env)]
        urls = []
        try:
            for index in range(2):
                port = free_port()
                log = workdir / f"rasa{index}.log"
                processes.append(start([str(RASA), "run", "--enable-api", "-i", "127.0.0.1", "-p", str(port), "-m",
                                        str(MODEL), "--endpoints", "endpoints.scale.yml", "--credentials",
                                        "credentials.yml"], log, env, cwd=BOT))
                urls.append((f"http://127.0.0.1:{port}", processes[-1], log))
            wait_for(f"http://127.0.0.1:{actions_port}/health", 120, processes[0], workdir / "actions.log")
            for url, process, log in urls:
                wait_for(url + "/status", 300, process, log,
                         ok=lambda status, body: status == 200 and bool(json.loads(body).get("model_file")))
            yield [url for url, _process, _log in urls], database_url
        finally:
            for process in processes:
                stop(process)


def test_a_form_conversation_hops_between_instances(instances):
    (first, second), _database = instances
    sender = f"hop-{uuid.uuid4().hex[:8]}"
    post(first, sender, "帮我算一下水费")
    post(second, sender, "一年用了250吨")
    answer = text_of(post(first, sender, "3口人"))
    assert f"{bill(250, people=3).total_yuan:.2f}" in answer.replace(",", "")


def test_a_burst_to_both_instances_loses_no_message(instances):
    import sqlalchemy

    urls, database_url = instances
    sender = f"burst-{uuid.uuid4().hex[:8]}"
    messages = [f"你好 {n}" for n in range(20)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(lambda n: post(urls[n % 2], sender, messages[n]), range(len(messages))))
    engine = sqlalchemy.create_engine(database_url)
    with engine.connect() as conn:
        texts = conn.execute(sqlalchemy.text(
            "SELECT data FROM events WHERE sender_id = :s AND type_name = 'user'"), {"s": sender}).scalars().all()
    engine.dispose()
    received = sorted(json.loads(row)["text"] for row in texts)
    assert received == sorted(messages)
