"""What several test modules share (a test module never imports another test module or a
conftest): the test apps' settings and password, a running Rasa, and helpers for tests that
start real servers: loopback ports, process groups, readiness polling, throw-away PostgreSQL
databases. Standard library and SQLAlchemy only, so both
virtual environments (the site's 3.11 and the bot's 3.10) can import it."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Callable, Iterator

REPO = Path(__file__).resolve().parent.parent
TEST_PASSWORD = "correct-horse-battery"


# Settings every test app gets, whatever the developer's shell or `make run` exported: the
# bot is "down" unless a test starts one, no Redis unless a test asks for it, links on a
# fixed address, no proxy.
ISOLATED_SETTINGS = {
    "BOT_URL": "http://127.0.0.1:9",  # nothing listens
    "REDIS_URL": None,
    "RATELIMIT_STORAGE_URI": "memory://",
    "CACHE_REDIS_URL": None,
    "CACHE_OPTIONS": {},
    "RATELIMIT_STORAGE_OPTIONS": {},
    "SITE_URL": "http://localhost",  # the test client's own host
    "TRUSTED_PROXIES": 0,
}

# The bot's trained model and the `rasa` of the environment running the tests (the bot's).
BOT = REPO / "bot"
MODEL = BOT / "models" / "putuo.tar.gz"
RASA = Path(sys.executable).parent / "rasa"


def in_ci() -> bool:
    """True on the CI machine (`.ci/run` sets CI=true, as most CI services do)."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def missing_service(reason: str) -> None:
    """Skip a test whose servers are not running, except in CI, where it fails: a suite
    that skips there tests nothing and still reports success."""
    import pytest

    if in_ci():
        pytest.fail(f"{reason} (CI=true: a missing service fails the run instead of skipping it)", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(args: list[str], log: Path, env: dict, cwd: Path = REPO) -> subprocess.Popen:
    """Start a server in its own process group, output to `log`."""
    handle = open(log, "wb")  # noqa: SIM115 — stays open for the process's lifetime
    return subprocess.Popen(args, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    """Stop the whole process group (gunicorn and Rasa start children)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def get(url: str, timeout: float = 2.0) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # loopback only
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def post_json(url: str, body: object, timeout: float = 60.0) -> object:
    """POST a JSON body and decode the JSON answer (loopback servers of the tests)."""
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def wait_for(url: str, seconds: float, process: subprocess.Popen, log: Path,
             ok: Callable[[int, bytes], bool] = lambda status, _body: status < 500) -> None:
    """Poll `url` until `ok(status, body)`; fail early with the log if the process died."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError):
            if ok(*get(url)):
                return
        time.sleep(0.5)
    raise RuntimeError(f"{url} not ready after {seconds}s:\n{log.read_text()[-3000:]}")


@contextlib.contextmanager
def fresh_postgres_database(base_url: str, prefix: str = "putuo_test") -> Iterator[str]:
    """A new database on the server of `base_url`, dropped afterwards; yields its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(base_url)
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


class Bot:
    """A running Rasa, addressed through one of its channels (`rest` or `site`)."""

    def __init__(self, url: str, actions: subprocess.Popen | None = None):
        self.url, self.actions = url, actions

    def post(self, channel: str, message: object, sender: str, lang: str | None = None) -> list[dict]:
        body = {"sender": sender, "message": message}
        if lang:
            body["metadata"] = {"lang": lang}
        return post_json(f"{self.url}/webhooks/{channel}/webhook", body)


@contextlib.contextmanager
def running_bot(work: Path, endpoints: str = "") -> Iterator[Bot]:
    """The trained model under `rasa run --enable-api` and the action server, on free loopback
    ports, stopped afterwards. `endpoints`: what the endpoints file says besides the action
    server (none: Rasa's defaults, as a deployment with its own file might start it)."""
    assert MODEL.exists(), "no trained model: run `make model` first (make test does)"
    actions_port, bot_port = free_port(), free_port()
    endpoints_file = work / "endpoints.yml"
    endpoints_file.write_text(f"action_endpoint:\n  url: http://127.0.0.1:{actions_port}/webhook\n{endpoints}")
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "SITE_URL": f"http://127.0.0.1:{free_port()}"}
    actions_log, bot_log = work / "actions.log", work / "bot.log"
    actions = start([str(RASA), "run", "actions", "--actions", "bot.actions", "-p", str(actions_port)], actions_log, env)
    rasa = start([str(RASA), "run", "--enable-api", "-i", "127.0.0.1", "-p", str(bot_port), "-m", str(MODEL),
                  "--endpoints", str(endpoints_file), "--credentials", "credentials.yml"], bot_log, env, cwd=BOT)
    try:
        wait_for(f"http://127.0.0.1:{actions_port}/health", 90, actions, actions_log)
        wait_for(f"http://127.0.0.1:{bot_port}/status", 300, rasa, bot_log, ok=lambda status, _body: status == 200)
        yield Bot(f"http://127.0.0.1:{bot_port}", actions)
    finally:
        stop(rasa)
        stop(actions)


def texts(dispatcher) -> str:
    """Everything a rasa-sdk CollectingDispatcher was told to say, one message a line."""
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


def register_for_event(client, event, nickname: str = "小王", phone: str | None = None, lang: str = "en",
                       slug: str = "water-week"):
    """POST a resident's registration for a campaign event (the form's field names)."""
    data = {f"e{event.id}-nickname": nickname}
    if phone is not None:
        data[f"e{event.id}-phone"] = phone
    return client.post(f"/campaigns/{slug}/events/{event.id}/register?lang={lang}", data=data)
