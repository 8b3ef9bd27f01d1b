"""Public pages under load and their weight.

- home, a campaign page and a bill result at 64 connections (wrk), beside a bare Flask
  template page (bench/bare_app.py) served with the same gunicorn settings in the same run;
  targets: ≥ 35 % of the bare page's req/s, p99 < 100 ms;
- the weight of each public page with its same-origin assets (targets: home ≤ 150 KB, the
  student quiz page ≤ 50 KB).

    .venv/bin/python bench/pages.py [--seconds 8] [--connections 64]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import gunicorn, prepare_site, site_env, table, wrk  # noqa: E402

ASSET = re.compile(r'<(?:link[^>]+href|script[^>]+src|img[^>]+src)="([^"]+)"')


def page_weight(url: str) -> tuple[int, int]:
    """Bytes of the HTML and of its same-origin CSS, JS and images (each fetched once)."""
    html = requests.get(url, timeout=10)
    total, assets = len(html.content), 0
    seen = set()
    for ref in ASSET.findall(html.text):
        absolute = urljoin(url, ref)
        if urlsplit(absolute).netloc != urlsplit(url).netloc or absolute in seen:
            continue
        seen.add(absolute)
        assets += len(requests.get(absolute, timeout=10).content)
    return total, assets


def first_campaign_path(base: str) -> str | None:
    campaigns = requests.get(base + "/api/v1/campaigns", timeout=10)
    if campaigns.ok and campaigns.json().get("campaigns"):
        return urlsplit(campaigns.json()["campaigns"][0]["url"]).path
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as workdir:
        env = site_env(Path(workdir))
        prepare_site(env)
        with gunicorn("web:create_app()", env) as site, gunicorn("bench.bare_app:app", env) as bare:
            pages = {"home": "/", "bill result": "/bill?usage_m3=250&people=3"}
            campaign = first_campaign_path(site)
            if campaign:
                pages["campaign"] = campaign
            floor = wrk(bare + "/page", args.connections, args.seconds)
            rows = [{"page": "bare Flask template", "req/s": f"{floor['rps']:.0f}", "p50 ms": f"{floor['p50_ms']:.1f}",
                     "p99 ms": f"{floor['p99_ms']:.1f}", "% of bare": "100", "non-2xx": floor["non_2xx"]}]
            for name, path in pages.items():
                result = wrk(site + path, args.connections, args.seconds)
                rows.append({"page": f"{name} ({path})", "req/s": f"{result['rps']:.0f}",
                             "p50 ms": f"{result['p50_ms']:.1f}", "p99 ms": f"{result['p99_ms']:.1f}",
                             "% of bare": f"{100 * result['rps'] / floor['rps']:.0f}", "non-2xx": result["non_2xx"]})
            print(f"Public pages at {args.connections} connections, {args.seconds} s each "
                  "(gunicorn gthread 2 workers x 8 threads; wrk on the same 2 cores)")
            print(table(rows, ["page", "req/s", "p50 ms", "p99 ms", "% of bare", "non-2xx"]))

            weights = []
            for name, path in {**pages, "savings": "/savings", "labels": "/labels", "campaigns": "/campaigns/",
                               "faq": "/faq", "student join (quiz)": "/join"}.items():
                html, assets = page_weight(site + path)
                weights.append({"page": f"{name} ({path})", "HTML KB": f"{html / 1024:.1f}",
                                "assets KB": f"{assets / 1024:.1f}", "total KB": f"{(html + assets) / 1024:.1f}"})
            print("\nPage weight (uncompressed, with same-origin CSS/JS/images)")
            print(table(weights, ["page", "HTML KB", "assets KB", "total KB"]))


if __name__ == "__main__":
    main()
