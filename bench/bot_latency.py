"""Bot latency and memory: replies through Rasa's REST and site channels beside /model/parse.

    .venv-bot/bin/python bench/bot_latency.py [--requests 200] [--model bot/models/putuo.tar.gz]

Starts the action server and `rasa run --enable-api` on free loopback ports (stdlib only on
the client side), warms up, then measures in the same run:
  * POST /model/parse (NLU only) sequentially;
  * a reply through /webhooks/rest/webhook and /webhooks/site/webhook at 1 and at 20
    concurrent conversations (a mix of small talk, the tier table and a one-shot bill, which
    calls the action server and core);
and prints p50/p95 in ms, requests per second, start-up time and the RSS of the Rasa and
action processes (targets: Rasa ≤ 1.3 GB, actions ≤ 200 MB). Client and servers share the
machine's cores. The lead's bench adds the variant through the site's /api/chat.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BOT = REPO / "bot"
RASA = REPO / ".venv-bot" / "bin" / "rasa"
MESSAGES = [
    "你好",
    "阶梯水价是多少",
    "我用了250吨，3口人，水费多少",
    "水效标识是什么",
    "how much for 250 m3 and 3 people",
    "what can you do",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def post(url: str, body: dict) -> bytes:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as resp:
        return resp.read()


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, from /proc (MB)."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def wait(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=3) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} not up after {seconds} s")


def measure(label: str, call, total: int, concurrency: int) -> None:
    """Run `call(i)` `total` times over `concurrency` threads; print p50/p95 and throughput."""
    timings: list[float] = []
    lock = threading.Lock()
    counter = iter(range(total))

    def worker() -> None:
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            start = time.perf_counter()
            call(i)
            with lock:
                timings.append((time.perf_counter() - start) * 1000)

    start = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    print(
        f"  {label:34s} c={concurrency:<3d} n={total:<4d} p50 {statistics.median(timings):7.1f} ms"
        f"  p95 {p95:7.1f} ms  {total / wall:6.1f} req/s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--model", type=Path, default=BOT / "models" / "putuo.tar.gz")
    args = parser.parse_args()
    if not args.model.exists():
        raise SystemExit("no trained model: run `make model` first")
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "SITE_URL": f"http://127.0.0.1:{free_port()}"}
    actions_port, bot_port = free_port(), free_port()
    with tempfile.TemporaryDirectory(prefix="bot-latency-") as tmp:
        endpoints = Path(tmp) / "endpoints.yml"
        endpoints.write_text(
            f"action_endpoint:\n  url: http://127.0.0.1:{actions_port}/webhook\n"
            f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {Path(tmp) / 'tracker.db'}\n"
        )
        logs = open(Path(tmp) / "servers.log", "wb")  # noqa: SIM115 (closed below)
        started = time.monotonic()
        actions = subprocess.Popen(
            [str(RASA), "run", "actions", "--actions", "bot.actions", "-p", str(actions_port)],
            cwd=REPO,
            env=env,
            stdout=logs,
            stderr=subprocess.STDOUT,
        )
        rasa = subprocess.Popen(
            [
                str(RASA),
                "run",
                "--enable-api",
                "-i",
                "127.0.0.1",
                "-p",
                str(bot_port),
                "-m",
                str(args.model.resolve()),
                "--endpoints",
                str(endpoints),
                "--credentials",
                "credentials.yml",
            ],
            cwd=BOT,
            env=env,
            stdout=logs,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{bot_port}"
            wait(f"http://127.0.0.1:{actions_port}/health", 120)
            wait(f"{base}/status", 300)
            print(f"bot start-up (model load, both servers): {time.monotonic() - started:.1f} s")
            for text in MESSAGES * 3:  # warm-up: first calls trace TF functions
                post(f"{base}/webhooks/rest/webhook", {"sender": "warmup", "message": text})
            n = args.requests
            print("latency (client on the same machine):")
            measure("/model/parse", lambda i: post(f"{base}/model/parse", {"text": MESSAGES[i % len(MESSAGES)]}), n, 1)
            for channel in ("rest", "site"):
                for concurrency in (1, 20):
                    run_id = uuid.uuid4().hex[:6]

                    local = threading.local()

                    def call(i, channel=channel, run_id=run_id, local=local):
                        # Each client thread holds a conversation of len(MESSAGES) turns, then starts a
                        # new one, so trackers stay the length of a real chat.
                        turn = getattr(local, "turn", 0)
                        local.turn = turn + 1
                        sender = f"bench-{run_id}-{threading.get_ident()}-{turn // len(MESSAGES)}"
                        post(
                            f"{base}/webhooks/{channel}/webhook",
                            {"sender": sender, "message": MESSAGES[i % len(MESSAGES)], "metadata": {"lang": "zh"}},
                        )

                    measure(f"/webhooks/{channel}/webhook reply", call, n, concurrency)
            measure("/model/parse", lambda i: post(f"{base}/model/parse", {"text": MESSAGES[i % len(MESSAGES)]}), n, 20)
            print(f"RSS: rasa {rss_mb(rasa.pid):.0f} MB (target ≤ 1300), actions {rss_mb(actions.pid):.0f} MB (target ≤ 200)")
        finally:
            for process in (rasa, actions):
                process.terminate()
            for process in (rasa, actions):
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
            logs.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
