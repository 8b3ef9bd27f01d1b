"""Past one machine: two gunicorn instances over one PostgreSQL and one Redis run the same
quiz event. Students join and answer through either instance (and resubmit through the
other); no answer is lost or counted twice, and both instances show the same standings.

Runs when TEST_DATABASE_URL and TEST_REDIS_URL are set (CI sets both to the local servers).
"""

from __future__ import annotations

import os
import random
import secrets
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.support import free_port, fresh_postgres_database, start, stop, wait_for

REPO = Path(__file__).resolve().parents[2]
BIN = REPO / ".venv" / "bin"
STUDENTS = 120

pytestmark = pytest.mark.skipif(
    not (os.environ.get("TEST_DATABASE_URL") and os.environ.get("TEST_REDIS_URL")),
    reason="needs TEST_DATABASE_URL (PostgreSQL) and TEST_REDIS_URL",
)


@pytest.fixture(scope="module")
def shared_services(tmp_path_factory):
    """A fresh PostgreSQL database and a flushed Redis database for this module."""
    import redis

    redis_url = os.environ["TEST_REDIS_URL"]
    redis.Redis.from_url(redis_url).flushdb()
    with fresh_postgres_database(os.environ["TEST_DATABASE_URL"], prefix="putuo_scale") as database_url:
        yield database_url, redis_url


@pytest.fixture(scope="module")
def two_instances(shared_services, tmp_path_factory):
    database_url, redis_url = shared_services
    workdir = tmp_path_factory.mktemp("scale")
    env = {**os.environ, "FLASK_APP": "web:create_app", "DATABASE_URL": database_url, "REDIS_URL": redis_url,
           "SECRET_KEY": secrets.token_hex(16), "PUTUO_INSTANCE_DIR": str(workdir), "BOT_URL": "http://127.0.0.1:9"}
    subprocess.run([str(BIN / "flask"), "db", "upgrade"], cwd=REPO, env=env, check=True, capture_output=True)
    created = subprocess.run([str(BIN / "flask"), "quiz", "create-event", "--mode", "self-paced", "--questions", "10",
                              "--minutes", "30"], cwd=REPO, env=env, check=True, capture_output=True, text=True)
    code = created.stdout.strip().splitlines()[-1]
    processes, urls = [], []
    for index in range(2):
        port = free_port()
        log = workdir / f"site{index}.log"
        process = start([str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--worker-class", "gthread",
                         "--workers", "1", "--threads", "8", "web:create_app()"], log, env)
        processes.append(process)
        wait_for(f"http://127.0.0.1:{port}/healthz", 30, process, log)
        urls.append(f"http://127.0.0.1:{port}")
    try:
        yield urls, code, database_url, redis_url
    finally:
        for process in processes:
            stop(process)


def play(urls: list[str], code: str, index: int) -> dict:
    """One student: join on one instance, answer everything, resubmit each answer elsewhere."""
    session = requests.Session()
    home, other = urls[index % 2], urls[(index + 1) % 2]
    student = {"nickname": f"小水滴{index}", "class_label": f"{index % 4 + 1}班"}
    joined = session.post(f"{home}/api/v1/events/{code}/join", json=student, timeout=30)
    assert joined.status_code == 201, joined.text
    headers = {"Authorization": f"Bearer {joined.json()['player_token']}"}
    questions = session.get(f"{other}/api/v1/events/{code}/state", headers=headers, timeout=30).json()["questions"]
    accepted = duplicates_refused = 0
    for number, question in enumerate(questions):
        choice = [random.choice(question["choices"])["id"]]
        first, second = (home, other) if number % 2 == 0 else (other, home)
        reply = session.post(f"{first}/api/v1/events/{code}/answers", headers=headers,
                             json={"question_id": question["id"], "choice_ids": choice}, timeout=30)
        assert reply.status_code in (200, 201), reply.text
        accepted += reply.json()["accepted"]
        again = session.post(f"{second}/api/v1/events/{code}/answers", headers=headers,
                             json={"question_id": question["id"], "choice_ids": choice}, timeout=30)
        duplicates_refused += not again.json()["accepted"]
    return {"questions": len(questions), "accepted": accepted, "duplicates_refused": duplicates_refused}


def test_no_answer_lost_and_same_standings_on_both_instances(two_instances):
    import redis

    urls, code, database_url, redis_url = two_instances
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(lambda i: play(urls, code, i), range(STUDENTS)))
    sent = sum(r["questions"] for r in results)
    assert sent == STUDENTS * 10
    assert sum(r["accepted"] for r in results) == sent
    assert sum(r["duplicates_refused"] for r in results) == sent

    engine = create_engine(database_url)
    with engine.connect() as conn:
        stored = conn.execute(text(
            "SELECT count(*) FROM quiz_answers a JOIN quiz_players p ON p.id = a.player_id "
            "JOIN quiz_events e ON e.id = p.event_id WHERE e.code = :code"), {"code": code}).scalar()
    engine.dispose()
    assert stored == sent

    boards = [requests.get(f"{url}/api/v1/events/{code}/leaderboard", timeout=10).json() for url in urls]
    assert len(boards[0]["players"]) == STUDENTS
    assert boards[0] == boards[1]
    # Both instances counted their rate limits and cached standings in the one Redis.
    keys = [key.decode() for key in redis.Redis.from_url(redis_url).keys("*")]
    assert any("LIMIT" in key.upper() for key in keys), keys[:10]
    assert any(key.startswith("quiz-standings:") for key in keys), keys[:10]
