"""What one phone's join costs the site process: CPU per join page (GET /join?code=…), join form
(POST /join), and play page (GET /play/<code>) of a live event in its lobby, through the real app
(Flask test client: routing, CSRF, rate limit, logging, the views, the database), no network.

    .venv/bin/python bench/quiz_join_cost.py              # SQLite file
    .venv/bin/python bench/quiz_join_cost.py --profile    # + where the CPU goes
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/quiz_join_cost.py

A few phones warm the process first (templates compiled, catalogs loaded). The figure to compare
is CPU ms per phone: on a shared machine the wall time is mostly other people's load.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import in_process_site  # noqa: E402

WARM = 10
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phones", type=int, default=300)
    parser.add_argument("--lang", default="zh")
    parser.add_argument("--profile", action="store_true", help="print the top functions by CPU time")
    args = parser.parse_args()
    with in_process_site("putuo_joincost") as (app, code, _event_id):
        measure(app, code, args)
    return 0


def measure(app, code: str, args) -> None:
    cpu = {"join_page": 0.0, "join_post": 0.0, "play_page": 0.0}
    def phone(index: int, timed: bool) -> None:
        client = app.test_client()
        client.set_cookie("lang", args.lang)
        steps = []
        started = time.process_time()
        page = client.get(f"/join?code={code}&lang={args.lang}")
        assert page.status_code == 200, page.status_code
        steps.append(("join_page", time.process_time()))
        token = CSRF.search(page.get_data(as_text=True)).group(1)
        reply = client.post(f"/join?code={code}", data={"csrf_token": token, "nickname": f"Phone {index}x",
                                                         "class_label": ""})
        assert reply.status_code == 302, (reply.status_code, reply.get_data(as_text=True)[:500])
        steps.append(("join_post", time.process_time()))
        play = client.get(f"/play/{code}")
        assert play.status_code == 200, play.status_code
        steps.append(("play_page", time.process_time()))
        if timed:
            for kind, at in steps:
                cpu[kind] += at - started
                started = at

    for index in range(WARM):
        phone(-1 - index, False)
    profile = cProfile.Profile(time.process_time) if args.profile else None
    if profile:
        profile.enable()
    for index in range(args.phones):
        phone(index, True)
    if profile:
        profile.disable()
    n = args.phones
    per = {kind: 1000 * seconds / n for kind, seconds in cpu.items()}
    print(f"{app.bench_label}, "
          f"lang {args.lang}, {n} phones: CPU ms per phone: " + ", ".join(f"{k} {v:.2f}" for k, v in per.items())
          + f"; together {sum(per.values()):.2f}{' (profiled)' if profile else ''}")
    if profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    sys.exit(main())
