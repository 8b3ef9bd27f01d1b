"""The join storm in real browsers: a site whose join gate has one slot (QUIZ_JOIN_CONCURRENCY=1,
no waiting room) while a slow phone holds it. A pupil who taps "Join" is told "busy, retrying"
(503 + Retry-After) and, once the slot is free, the page sends the form again by itself and
lands in the lobby, joined once; a browser without JavaScript opening the join page gets the
same refusal and its meta refresh brings the join form back."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import time

import pytest
from playwright.sync_api import expect

from tests.support import REPO, free_port, get, start, stop, wait_for

BIN = REPO / ".venv" / "bin"


@pytest.fixture(scope="module")
def one_slot_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("join-busy")
    port = free_port()
    env = {**os.environ, "PUTUO_INSTANCE_DIR": str(work), "FLASK_APP": "web:create_app",
           "DATABASE_URL": f"sqlite:///{work / 'busy.db'}", "SECRET_KEY": secrets.token_hex(16),
           "BOT_URL": "http://127.0.0.1:9", "SITE_URL": f"http://127.0.0.1:{port}", "RATELIMIT_ENABLED": "0",
           "QUIZ_JOIN_CONCURRENCY": "1", "QUIZ_JOIN_QUEUE": "0", "PYTHONPATH": str(REPO)}
    env.pop("REDIS_URL", None)

    def flask(*args: str) -> str:
        return subprocess.run([str(BIN / "flask"), *args], cwd=REPO, env=env, check=True, capture_output=True,
                              text=True).stdout

    flask("db", "upgrade")
    code = flask("quiz", "create-event", "--mode", "live", "--questions", "2", "--seconds", "60").strip().splitlines()[-1]
    log = work / "site.log"
    process = start([str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--worker-class", "gevent",
                     "--workers", "1", "web:create_app()"], log, env)
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", 30, process, log)
        yield f"http://127.0.0.1:{port}", code
    finally:
        stop(process)


class SlowPhone:
    """A join through the API whose body arrives in two parts: between them its request sits in
    the join gate's only slot (the view waits for the body), as a phone on a bad network would."""

    def __init__(self, url: str, code: str):
        host, port = url.split("//")[1].split(":")
        body = b'{"nickname": "Slow Otter"}'
        self.rest = body[5:]
        self.sock = socket.create_connection((host, int(port)), timeout=30)
        self.sock.sendall((f"POST /api/v1/events/{code}/join HTTP/1.1\r\nHost: {host}\r\n"
                           f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                           "Connection: close\r\n\r\n").encode() + body[:5])

    def finish(self) -> bytes:
        self.sock.sendall(self.rest)
        reply = b""
        while chunk := self.sock.recv(65536):
            reply += chunk
        self.sock.close()
        return reply


def test_a_refused_join_retries_by_itself_and_gets_in(one_slot_site, new_context):
    url, code = one_slot_site
    pupil = new_context(locale="en-US").new_page()
    pupil.goto(f"{url}/join?code={code}&lang=en")
    expect(pupil.get_by_role("button", name="Join the quiz")).to_be_visible()
    no_script = new_context(locale="en-US", java_script_enabled=False).new_page()

    slow = SlowPhone(url, code)
    try:
        deadline = time.monotonic() + 10
        while get(f"{url}/join?code={code}")[0] != 503:  # the slow phone is in the slot
            assert time.monotonic() < deadline, "the slow phone never took the join slot"
            time.sleep(0.1)
        refused = no_script.goto(f"{url}/join?code={code}&lang=en")
        assert refused.status == 503 and 2 <= int(refused.headers["retry-after"]) <= 6
        expect(no_script.get_by_test_id("quiz-busy")).to_contain_text("tries again by itself")
        pupil.get_by_role("button", name="Join the quiz").click()
        expect(pupil.get_by_test_id("quiz-busy")).to_be_visible()
        expect(pupil.locator("h1")).to_have_text("Busy, retrying…")
    finally:
        reply = slow.finish()
    assert reply.startswith(b"HTTP/1.1 201"), reply[:200]

    pupil.wait_for_url(f"**/play/{code}", timeout=15_000)  # busy.js sent the form again
    expect(pupil.locator(".quiz-wait")).to_contain_text("Wait for your teacher")
    expect(no_script.get_by_role("button", name="Join the quiz")).to_be_visible(timeout=15_000)  # meta refresh
    board = get(f"{url}/api/v1/events/{code}/leaderboard")[1].decode()
    assert board.count('"nickname"') == 2  # the slow phone and the pupil, each once
