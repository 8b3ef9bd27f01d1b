"""Bill API under load: req/s and p99 at 32 connections, beside a bare Flask JSON endpoint
(bench/bare_app.py) served with the same gunicorn settings in the same run.

Targets: at least 40 % of the bare endpoint's throughput, p99 under 50 ms.

    .venv/bin/python bench/bill_api.py [--seconds 8] [--connections 32]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import gunicorn, prepare_site, site_env, table, wrk  # noqa: E402

BILL = "/api/v1/bill?usage_m3=250&people=3"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        env = site_env(Path(workdir))
        prepare_site(env)
        with gunicorn("web:create_app()", env) as site, gunicorn("bench.bare_app:app", env) as bare:
            assert requests.get(site + BILL, timeout=5).json()["total_yuan"]  # the real answer, not an error page
            wrk(site + BILL, args.connections, 1)  # warm both before measuring
            wrk(bare + "/json", args.connections, 1)
            floor = wrk(bare + "/json", args.connections, args.seconds)
            api = wrk(site + BILL, args.connections, args.seconds)
    rows = [
        {"endpoint": "bare Flask GET /json", "req/s": f"{floor['rps']:.0f}", "p50 ms": f"{floor['p50_ms']:.1f}",
         "p99 ms": f"{floor['p99_ms']:.1f}", "% of bare": "100", "non-2xx": floor["non_2xx"]},
        {"endpoint": f"bill API GET {BILL}", "req/s": f"{api['rps']:.0f}", "p50 ms": f"{api['p50_ms']:.1f}",
         "p99 ms": f"{api['p99_ms']:.1f}", "% of bare": f"{100 * api['rps'] / floor['rps']:.0f}", "non-2xx": api["non_2xx"]},
    ]
    print(f"{args.connections} connections, {args.seconds} s each; gunicorn gthread 2 workers x 8 threads; "
          "wrk shares the 2 cores")
    print(table(rows, ["endpoint", "req/s", "p50 ms", "p99 ms", "% of bare", "non-2xx"]))


if __name__ == "__main__":
    main()
