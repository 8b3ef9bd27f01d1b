"""Shared pieces of the benchmarks: a prepared site on a fresh database, gunicorn on a
loopback port, and wrk for the load. Everything stays on 127.0.0.1 and stops by itself."""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.support import free_port, start, stop, wait_for

REPO = Path(__file__).resolve().parent.parent
BIN = REPO / ".venv" / "bin"


def site_env(workdir: Path, database_url: str | None = None, **extra: str) -> dict:
    """Environment for a site instance with its own instance folder and database."""
    instance = workdir / "instance"
    instance.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "FLASK_APP": "web:create_app", "PUTUO_INSTANCE_DIR": str(instance),
           "DATABASE_URL": database_url or f"sqlite:///{instance / 'bench.db'}",
           "SECRET_KEY": secrets.token_hex(16), "RATELIMIT_ENABLED": "0", "BOT_URL": "http://127.0.0.1:9",
           **extra}
    if "REDIS_URL" not in extra:
        env.pop("REDIS_URL", None)  # the embedded default unless the caller asks for Redis
    return env


def flask(env: dict, *args: str) -> str:
    return subprocess.run([str(BIN / "flask"), *args], cwd=REPO, env=env, check=True,
                          capture_output=True, text=True).stdout


def prepare_site(env: dict) -> None:
    flask(env, "db", "upgrade")
    with contextlib.suppress(subprocess.CalledProcessError):
        flask(env, "content", "load")


@contextlib.contextmanager
def gunicorn(app: str, env: dict, workers: int = 2, threads: int = 8, port: int | None = None):
    """Serve `app` (e.g. "web:create_app()") on loopback and yield its base URL."""
    port = port or free_port()
    log = Path(tempfile.mkdtemp(prefix="bench-")) / "gunicorn.log"
    process = start([str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--worker-class", "gthread",
                     "--workers", str(workers), "--threads", str(threads), "--log-level", "warning", app], log, env)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/healthz", 30, process, log)
        yield url
    finally:
        stop(process)


def wrk_path() -> str:
    path = shutil.which("wrk")
    if not path:
        raise SystemExit("wrk is missing: `make bench` installs it (apt-get install wrk)")
    return path


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS[unit]


def wrk(url: str, connections: int = 64, seconds: int = 10, threads: int = 2) -> dict:
    """Run wrk against one URL; requests/s, p50 and p99 latency (ms), non-2xx/3xx count."""
    out = subprocess.run([wrk_path(), f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"50%\s+([\d.]+(?:us|ms|s))", out).group(1))
    p99 = _ms(re.search(r"99%\s+([\d.]+(?:us|ms|s))", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": rps, "p50_ms": p50, "p99_ms": p99, "non_2xx": int(bad.group(1)) if bad else 0,
            "socket_errors": errors.group(1) if errors else ""}


def table(rows: list[dict], columns: list[str]) -> str:
    widths = {c: max(len(c), *(len(str(r.get(c, ""))) for r in rows)) for c in columns}
    lines = ["  ".join(c.ljust(widths[c]) for c in columns)]
    lines += ["  ".join(str(r.get(c, "")).ljust(widths[c]) for c in columns) for r in rows]
    return "\n".join(lines)


RASA = REPO / ".venv-bot" / "bin" / "rasa"


@contextlib.contextmanager
def rasa_stack(workdir: Path, model: Path, env: dict, endpoints: Path, actions_port: int):
    """The action server and Rasa (REST + site channels) on loopback; yields Rasa's URL and
    both processes (for memory readings). `endpoints` must point actions at `actions_port`."""
    bot_port = free_port()
    actions = start([str(RASA), "run", "actions", "--actions", "bot.actions", "-p", str(actions_port)],
                    workdir / "actions.log", env)
    rasa = start([str(RASA), "run", "--enable-api", "-i", "127.0.0.1", "-p", str(bot_port), "-m", str(model.resolve()),
                  "--endpoints", str(endpoints), "--credentials", "credentials.yml"], workdir / "rasa.log", env,
                 cwd=REPO / "bot")
    try:
        url = f"http://127.0.0.1:{bot_port}"
        wait_for(f"http://127.0.0.1:{actions_port}/health", 120, actions, workdir / "actions.log")
        wait_for(url + "/status", 300, rasa, workdir / "rasa.log",
                 ok=lambda status, body: status == 200 and bool(json.loads(body).get("model_file")))
        yield url, rasa, actions
    finally:
        stop(rasa)
        stop(actions)


@contextlib.contextmanager
def in_process_site(prefix: str):
    """The real app in this process (no server) on a fresh database — a throw-away PostgreSQL
    database named `prefix…` with DATABASE_URL=postgresql://…, else a temporary SQLite file —
    with REDIS_URL's Redis if set, a live-quiz event of 4 questions, and the site's JSON log
    lines formatted as served but not shown. Yields (app, event code, event id)."""
    import logging

    from core import quiz as core_quiz
    from tests.support import fresh_postgres_database
    from web import create_app
    from web.extensions import db
    from web.quiz import services

    with contextlib.ExitStack() as stack:
        devnull = stack.enter_context(open(os.devnull, "w"))  # noqa: SIM115 (closed by the stack)
        url = os.environ.get("DATABASE_URL")
        if url and url.startswith("postgresql"):
            url = stack.enter_context(fresh_postgres_database(url, prefix=prefix))
        else:
            url = f"sqlite:///{stack.enter_context(tempfile.TemporaryDirectory())}/{prefix}.db"
        redis_url = os.environ.get("REDIS_URL")
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "REDIS_URL": redis_url,
                          "RATELIMIT_STORAGE_URI": redis_url or "memory://", "BOT_URL": "http://127.0.0.1:9"})
        for handler in logging.getLogger("web").handlers:
            if isinstance(handler, logging.StreamHandler):
                handler.setStream(devnull)
        with app.app_context():
            db.create_all()
            questions = list(core_quiz.all_questions().values())[:4]
            event = services.create_event(title=prefix, mode="live", questions=questions, question_seconds=3600)
            db.session.commit()
            code, event_id = event.code, event.id
        app.bench_label = f"{'PostgreSQL' if url.startswith('postgresql') else 'SQLite'}{' + Redis' if redis_url else ''}"
        yield app, code, event_id
