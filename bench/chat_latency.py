"""Reply latency through the site's /api/chat (browser → Flask → Rasa → actions → core).

Starts the action server, Rasa (the trained model, embedded endpoints) and the site under
gunicorn on loopback ports, then measures:
- 1 conversation, and 20 concurrent conversations with think time (each resident waits
  2–4 s between messages, as people do, and leaves after 8): p50/p95 reply time — the target
  (p95 < 300 ms at 20) refers to this;
- 20 conversations with no think time (20 requests always in flight): the saturation point;
- Rasa's own /model/parse in the same run, for comparison.

    .venv/bin/python bench/chat_latency.py [--seconds 30]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import gunicorn, prepare_site, rasa_stack, site_env, table  # noqa: E402
from tests.support import free_port  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
MODEL = REPO / "bot" / "models" / "putuo.tar.gz"
QUESTIONS = [
    ("你好", "zh"), ("阶梯水价是多少？", "zh"), ("我家3口人一年用了250吨水，要交多少钱？", "zh"),
    ("水效标识几级最省水？", "zh"), ("洗澡怎么省水", "zh"), ("世界水日是哪天", "zh"),
    ("What are the water prices in Shanghai?", "en"), ("How do I check my meter for a leak?", "en"),
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


TURNS_PER_CONVERSATION = 8  # then the resident leaves and a new one arrives (a new session)


def conversation(site: str, stop_at: float, think: tuple[float, float] | None, out: list[float], errors: list[str]):
    turns = 0
    while time.monotonic() < stop_at:
        if turns % TURNS_PER_CONVERSATION == 0:
            session = requests.Session()
            token = session.get(site + "/api/chat/token", timeout=10).json()["csrf_token"]
        turns += 1
        message, lang = random.choice(QUESTIONS)
        started = time.perf_counter()
        response = session.post(site + "/api/chat", json={"message": message, "lang": lang},
                                headers={"X-CSRFToken": token}, timeout=30)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200 or not response.json().get("bot_available"):
            errors.append(f"{response.status_code}")
        else:
            out.append(elapsed)
        if think:
            time.sleep(random.uniform(*think))


def run(site: str, conversations: int, seconds: float, think: tuple[float, float] | None) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    stop_at = time.monotonic() + seconds
    threads = [threading.Thread(target=conversation, args=(site, stop_at, think, latencies, errors))
               for _ in range(conversations)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.monotonic() - started
    return {"replies": len(latencies), "errors": len(errors), "per s": f"{len(latencies) / duration:.1f}",
            "p50 ms": f"{statistics.median(latencies):.0f}" if latencies else "-",
            "p95 ms": f"{percentile(latencies, 0.95):.0f}" if latencies else "-"}


def parse_latency(bot: str, count: int = 100) -> dict:
    times = []
    for index in range(count):
        message = QUESTIONS[index % len(QUESTIONS)][0]
        started = time.perf_counter()
        requests.post(bot + "/model/parse", json={"text": message}, timeout=10).raise_for_status()
        times.append((time.perf_counter() - started) * 1000)
    return {"replies": count, "errors": 0, "per s": "-", "p50 ms": f"{statistics.median(times):.1f}",
            "p95 ms": f"{percentile(times, 0.95):.1f}"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    if not MODEL.exists():
        raise SystemExit("no trained model: run `make model` first")
    with tempfile.TemporaryDirectory() as workdir:
        work = Path(workdir)
        actions_port = free_port()
        endpoints = work / "endpoints.yml"
        endpoints.write_text(f"action_endpoint:\n  url: http://127.0.0.1:{actions_port}/webhook\n"
                             "nlg:\n  type: bot.components.nlg.LanguageAwareNLG\n")
        bot_env = {**site_env(work), "RASA_TELEMETRY_ENABLED": "false"}
        with rasa_stack(work, MODEL, bot_env, endpoints, actions_port) as (bot_url, _rasa, _actions):
            env = site_env(work, BOT_URL=bot_url)
            prepare_site(env)
            with gunicorn("web:create_app()", env) as site:
                run(site, 2, 3, None)  # warm up Rasa's first-call tracing and the site
                rows = [
                    {"mode": "Rasa /model/parse, 1 client", **parse_latency(bot_url)},
                    {"mode": "/api/chat, 1 conversation", **run(site, 1, args.seconds / 2, None)},
                    {"mode": "/api/chat, 20 conversations, 2-4 s think time (target)",
                     **run(site, 20, args.seconds, (2.0, 4.0))},
                    {"mode": "/api/chat, 20 in flight, no think time (saturation)", **run(site, 20, args.seconds / 2, None)},
                ]
    print("Chat reply latency through the site (gunicorn 2x8) -> Rasa (1 process) -> actions, one 2-core machine")
    print(table(rows, ["mode", "replies", "errors", "per s", "p50 ms", "p95 ms"]))


if __name__ == "__main__":
    main()
