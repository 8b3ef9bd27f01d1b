"""Bot latency and memory: replies through Rasa's REST and site channels beside /model/parse.

    .venv-bot/bin/python bench/bot_latency.py [--requests 200] [--turns 12] [--think 2 4]
        [--model bot/models/putuo.tar.gz] [--tracker-store shipped|sqlite] [--train]

Starts the action server and `rasa run --enable-api` on free loopback ports with the shipped
bot/endpoints.yml (action URL replaced; `--tracker-store sqlite` forces the old SQLite
tracker for comparison), warms up, then measures in the same run:
  * POST /model/parse (NLU only), 1 and 20 in flight;
  * closed loop ("saturation"): a reply through /webhooks/rest/webhook and
    /webhooks/site/webhook with 1 and with 20 requests always in flight, no pause between a
    client's requests: the most one Rasa process can do;
  * 20 concurrent conversations with think time (THE TARGET: p95 < 300 ms): 20 simulated
    residents each send `--turns` messages with a random 2-4 s pause (uniform, seeded)
    between their messages, as people type in the chat widget;
the messages mix small talk, the tier table, a label question and a one-shot bill (which calls
the action server and core). Prints p50/p95 in ms, replies per second, start-up time and the
RSS of the Rasa and action processes (targets: Rasa ≤ 1.3 GB, actions ≤ 200 MB); `--train`
first trains a fresh model (empty cache) and prints the training time. Client and servers
share the machine's cores.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from bench.common import rasa_stack  # noqa: E402
from tests.support import free_port, post_json  # noqa: E402

BOT = REPO / "bot"
RASA = REPO / ".venv-bot" / "bin" / "rasa"
MESSAGES = [
    "你好",
    "阶梯水价是多少",
    "我用了250吨，3口人，水费多少",
    "水效标识是什么",
    "4口人，一年用了300方水，交多少",
    "how much for 250 m3 and 3 people",
    "what can you do",
]


def post(url: str, body: dict) -> object:
    return post_json(url, body, timeout=120)


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


def summary(label: str, timings: list[float], wall: float, concurrency: int) -> None:
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    print(
        f"  {label:44s} c={concurrency:<3d} n={len(timings):<4d} p50 {statistics.median(timings):7.1f} ms"
        f"  p95 {p95:7.1f} ms  {len(timings) / wall:6.1f} req/s"
    )


def conversations(label: str, send, users: int, turns: int, think: tuple[float, float]) -> None:
    """`users` threads, each a resident sending `turns` messages with a random pause between them."""
    timings: list[float] = []
    lock = threading.Lock()

    def resident(user: int) -> None:
        rng = random.Random(user)
        time.sleep(rng.uniform(0, think[1]))  # residents do not all start at the same instant
        for turn in range(turns):
            start = time.perf_counter()
            send(user, turn)
            with lock:
                timings.append((time.perf_counter() - start) * 1000)
            if turn < turns - 1:
                time.sleep(rng.uniform(*think))

    start = time.perf_counter()
    threads = [threading.Thread(target=resident, args=(u,)) for u in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    summary(label, timings, time.perf_counter() - start, users)


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
    summary(label, timings, time.perf_counter() - start, concurrency)


def endpoints_file(tmp: Path, actions_port: int, tracker_store: str) -> Path:
    """bot/endpoints.yml with the benchmark's action port (and a throw-away SQLite file)."""
    import yaml

    config = yaml.safe_load((BOT / "endpoints.yml").read_text(encoding="utf-8"))
    config["action_endpoint"] = {"url": f"http://127.0.0.1:{actions_port}/webhook"}
    if tracker_store == "sqlite":
        config["tracker_store"] = {"type": "SQL", "dialect": "sqlite", "db": "tracker.db"}
    store = config.get("tracker_store") or {}
    if store.get("dialect") == "sqlite":
        store["db"] = str(tmp / "tracker.db")
    path = tmp / "endpoints.yml"
    path.write_text(yaml.safe_dump(config))
    kind = store.get("type", "InMemoryTrackerStore (Rasa default)")
    print(f"tracker store: {kind}{' (' + store['dialect'] + ')' if store.get('dialect') else ''}")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per closed-loop measurement")
    parser.add_argument("--turns", type=int, default=12, help="messages per resident in the think-time run")
    parser.add_argument("--think", type=float, nargs=2, default=(2.0, 4.0), metavar=("MIN", "MAX"))
    parser.add_argument("--model", type=Path, default=BOT / "models" / "putuo.tar.gz")
    parser.add_argument("--tracker-store", choices=("shipped", "sqlite"), default="shipped")
    parser.add_argument("--train", action="store_true", help="train a fresh model first (empty cache)")
    args = parser.parse_args()
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "SITE_URL": f"http://127.0.0.1:{free_port()}"}
    actions_port = free_port()
    with tempfile.TemporaryDirectory(prefix="bot-latency-") as tmp:
        if args.train:
            sys.path.insert(0, str(REPO / "bench"))
            from bot_nlu import train

            seconds, args.model = train(Path(tmp))
            print(f"training (fresh cache, {os.cpu_count()} CPUs): {seconds:.1f} s (target ≤ 120 s)")
        if not args.model.exists():
            raise SystemExit("no trained model: run `make model` first")
        endpoints = endpoints_file(Path(tmp), actions_port, args.tracker_store)
        started = time.monotonic()
        with rasa_stack(Path(tmp), args.model, env, endpoints, actions_port) as (base, rasa, actions):
            print(f"bot start-up (model load, both servers): {time.monotonic() - started:.1f} s")
            for text in MESSAGES * 3:  # warm-up: first calls trace TF functions
                post(f"{base}/webhooks/rest/webhook", {"sender": "warmup", "message": text})
            n = args.requests

            def parse(i: int) -> None:
                post(f"{base}/model/parse", {"text": MESSAGES[i % len(MESSAGES)]})

            print("NLU only:")
            measure("/model/parse", parse, n, 1)
            measure("/model/parse", parse, n, 20)
            print("closed loop, no think time (saturation: requests always in flight):")
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
            low, high = args.think
            print(
                f"20 concurrent conversations, think time {low:g}-{high:g} s between a resident's messages "
                f"(uniform), {args.turns} messages each: THE TARGET, p95 < 300 ms"
            )
            for channel in ("rest", "site"):
                run_id = uuid.uuid4().hex[:6]

                def send(user: int, turn: int, channel=channel, run_id=run_id) -> None:
                    sender = f"resident-{run_id}-{user}-{turn // len(MESSAGES)}"
                    text = MESSAGES[(user + turn) % len(MESSAGES)]
                    post(f"{base}/webhooks/{channel}/webhook", {"sender": sender, "message": text, "metadata": {"lang": "zh"}})

                conversations(f"/webhooks/{channel}/webhook reply", send, 20, args.turns, (low, high))
            print(f"RSS: rasa {rss_mb(rasa.pid):.0f} MB (target ≤ 1300), actions {rss_mb(actions.pid):.0f} MB (target ≤ 200)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
