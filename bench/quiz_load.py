"""Quiz load benchmark: N students join one self-paced event and answer 10 questions as fast as
they can, against gunicorn (gthread) on a free loopback port with a fresh database.

    .venv/bin/python bench/quiz_load.py                      # 1,000 students, SQLite
    .venv/bin/python bench/quiz_load.py --students 2000      # 429/503 are retried (Retry-After)
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/quiz_load.py
      (a fresh database is created on that server and dropped afterwards)

Prints answers sent (accepted), answers stored (counted in the database; must be equal),
non-2xx responses, p50/p99 answer latency and answer throughput. Loopback only; bounded by
--timeout seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.support import free_port, fresh_postgres_database, start, stop, wait_for  # noqa: E402

VENV_BIN = ROOT / ".venv" / "bin"


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.accepted = 0
        self.non_2xx: dict[int, int] = {}
        self.retries = 0
        self.failed_students = 0

    def status(self, code: int):
        if not 200 <= code < 300:
            with self.lock:
                self.non_2xx[code] = self.non_2xx.get(code, 0) + 1


def call(session, stats, method, url, retry, deadline, **kwargs):
    """One request; with `retry`, 429/503 (and connection errors) wait Retry-After and go again."""
    while True:
        try:
            started = time.perf_counter()
            response = session.request(method, url, timeout=30, **kwargs)
            elapsed = time.perf_counter() - started
        except requests.RequestException:
            if not retry or time.monotonic() > deadline:
                raise
            with stats.lock:
                stats.retries += 1
            time.sleep(0.5)
            continue
        stats.status(response.status_code)
        if retry and response.status_code in (429, 503) and time.monotonic() < deadline:
            with stats.lock:
                stats.retries += 1
            time.sleep(float(response.headers.get("Retry-After", "1")))
            continue
        return response, elapsed


def student(index, base, code, stats, retry, deadline):
    session = requests.Session()
    try:
        response, _ = call(session, stats, "POST", f"{base}/api/v1/events/{code}/join", retry, deadline,
                           json={"nickname": f"Student {index}"})
        if response.status_code != 201:
            raise RuntimeError(f"join {response.status_code}")
        headers = {"Authorization": "Bearer " + response.json()["player_token"]}
        state, _ = call(session, stats, "GET", f"{base}/api/v1/events/{code}/state", retry, deadline, headers=headers)
        for question in state.json()["questions"]:
            reply, elapsed = call(session, stats, "POST", f"{base}/api/v1/events/{code}/answers", retry, deadline,
                                  headers=headers,
                                  json={"question_id": question["id"], "choice_ids": [question["choices"][0]["id"]]})
            with stats.lock:
                stats.latencies.append(elapsed)
                if reply.status_code == 201 and reply.json().get("accepted"):
                    stats.accepted += 1
    except Exception:
        with stats.lock:
            stats.failed_students += 1
    finally:
        session.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16, help="simultaneous students (client threads)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=300, help="give up after this many seconds")
    parser.add_argument("--retry", action="store_true", help="retry 429/503 (default on with --students > 1000)")
    parser.add_argument("--instances", type=int, default=1,
                        help="site instances sharing the database (students spread over them); with REDIS_URL set, "
                             "rate limits and standings live in Redis")
    args = parser.parse_args()
    retry = args.retry or args.students > 1000
    with contextlib.ExitStack() as cleanup:
        folder = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="quiz-bench-")))
        base_url = os.environ.get("DATABASE_URL")
        database_url = (cleanup.enter_context(fresh_postgres_database(base_url, prefix="putuo_bench")) if base_url
                        else f"sqlite:///{folder / 'bench.db'}")
        env = dict(os.environ, PUTUO_INSTANCE_DIR=str(folder), DATABASE_URL=database_url, FLASK_APP="web:create_app",
                   SECRET_KEY="bench")
        flask = [str(VENV_BIN / "flask")]
        subprocess.run(flask + ["db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
        created = subprocess.run(flask + ["quiz", "create-event", "--mode", "self-paced", "--questions", "10",
                                          "--minutes", "60"], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
        code = created.stdout.strip().splitlines()[-1]
        bases = []
        for index in range(args.instances):
            port, log = free_port(), folder / f"gunicorn{index}.log"
            server = start([str(VENV_BIN / "gunicorn"), "-k", "gthread", "-w", str(args.workers), "--threads",
                            str(args.threads), "-b", f"127.0.0.1:{port}", "--log-level", "warning", "web:create_app()"],
                           log, env)
            cleanup.callback(stop, server)
            wait_for(f"http://127.0.0.1:{port}/healthz", 30, server, log)
            bases.append(f"http://127.0.0.1:{port}")
        stats = Stats()
        deadline = time.monotonic() + args.timeout
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            for i in range(args.students):
                pool.submit(student, i, bases[i % len(bases)], code, stats, retry, deadline)
        wall = time.perf_counter() - started
        engine = create_engine(database_url)
        with engine.connect() as conn:
            stored = conn.execute(text("SELECT count(*) FROM quiz_answers")).scalar()
            players = conn.execute(text("SELECT count(*) FROM quiz_players")).scalar()
        engine.dispose()
        boards = [requests.get(f"{base}/api/v1/events/{code}/leaderboard", timeout=10).json() for base in bases]
    latencies = sorted(stats.latencies)
    p = (lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000) if latencies else (lambda q: 0)
    backend = make_url(database_url).get_backend_name()
    print(f"backend: {backend}; instances {args.instances} (Redis: {bool(os.environ.get('REDIS_URL'))}); "
          f"gunicorn gthread {args.workers}x{args.threads}; students {args.students}; "
          f"client concurrency {args.concurrency}; retry 429/503: {retry}")
    print(f"players joined (db): {players}; students failed: {stats.failed_students}")
    print(f"answers sent (accepted): {stats.accepted}; answers stored (db): {stored}; "
          f"equal: {stats.accepted == stored}; expected: {args.students * 10}")
    print(f"non-2xx responses: {sum(stats.non_2xx.values())} {stats.non_2xx or ''}; retries: {stats.retries}")
    print(f"answer latency p50 {p(0.50):.1f} ms, p99 {p(0.99):.1f} ms, max {p(1.0):.1f} ms")
    print(f"wall {wall:.1f} s; answer throughput {len(latencies) / wall:.0f} answers/s; "
          f"all requests {(len(latencies) + 2 * args.students) / wall:.0f} req/s")
    same = all(board == boards[0] for board in boards)
    if args.instances > 1:
        print(f"standings identical on every instance: {same}")
    ok = stats.accepted == stored == args.students * 10 and stats.failed_students == 0 and same
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
