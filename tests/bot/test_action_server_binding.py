"""The action server has no authentication, so it must listen on loopback only unless an
operator says otherwise (ACTIONS_HOST). Starts it exactly as the Procfile line does and
reads the kernel's table of listening sockets."""

from __future__ import annotations

import os
import re
import socket
import subprocess
from pathlib import Path

import pytest

from tests.support import free_port, stop, wait_for

REPO = Path(__file__).resolve().parents[2]
PROCFILE = REPO / "Procfile"


def procfile_lines() -> dict[str, str]:
    return dict(line.split(": ", 1) for line in PROCFILE.read_text().splitlines() if re.match(r"^\w+: ", line))


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket in LISTEN state on `port` (IPv4 and IPv6)."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A = LISTEN
                raw = bytes.fromhex(address)
                if width == 8:
                    found.add(socket.inet_ntop(socket.AF_INET, raw[::-1]))
                else:  # four little-endian 32-bit words
                    words = b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))
                    found.add(socket.inet_ntop(socket.AF_INET6, words))
    return found


def non_loopback_address() -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent for UDP connect
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if address.startswith("127.") else address


def test_every_procfile_process_defaults_to_loopback():
    lines = procfile_lines()
    assert set(lines) == {"web", "bot", "actions"}
    assert "${WEB_HOST:-127.0.0.1}" in lines["web"]
    assert "-i ${BOT_HOST:-127.0.0.1}" in lines["bot"]
    assert "SANIC_HOST=${ACTIONS_HOST:-127.0.0.1}" in lines["actions"]
    assert "0.0.0.0" not in PROCFILE.read_text()


@pytest.mark.slow
def test_action_server_started_as_the_procfile_says_listens_on_loopback_only(tmp_path):
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key not in ("SANIC_HOST", "ACTIONS_HOST")}
    env.update(ACTIONS_PORT=str(port), RASA_TELEMETRY_ENABLED="false")
    log = tmp_path / "actions.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(["sh", "-c", procfile_lines()["actions"]], cwd=REPO, env=env,
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/health", 90, process, log)
        assert listening_addresses(port) == {"127.0.0.1"}, log.read_text()[-2000:]
        outside = non_loopback_address()
        if outside:  # the machine's own network address must not reach it
            with pytest.raises(ConnectionRefusedError), socket.create_connection((outside, port), timeout=2):
                pass
    finally:
        stop(process)


@pytest.mark.slow
def test_rasa_run_actions_without_the_procfile_still_defaults_to_loopback(tmp_path):
    """Tests, benches and hand-typed commands start `rasa run actions` without SANIC_HOST:
    bot.actions sets the loopback default itself (ACTIONS_HOST overrides it)."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key not in ("SANIC_HOST", "ACTIONS_HOST")}
    env["RASA_TELEMETRY_ENABLED"] = "false"
    log = tmp_path / "actions.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([str(REPO / ".venv-bot/bin/rasa"), "run", "actions", "--actions", "bot.actions",
                                    "-p", str(port)], cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/health", 90, process, log)
        assert listening_addresses(port) == {"127.0.0.1"}, log.read_text()[-2000:]
    finally:
        stop(process)
