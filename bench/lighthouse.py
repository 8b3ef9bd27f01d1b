"""Lighthouse scores of four public pages, on a phone and a desktop, in both languages' default.

Home, a bill result, a campaign page and the quiz join page, served by gunicorn from a fresh
database, audited by Lighthouse in Debian's chromium (headless). It prints each category's
score, the page's total transfer weight and the layout shift, and judges nothing.

Lighthouse is a Node program and not part of `make setup` (it downloads from the npm registry):

    npm install --prefix /work/tools/lh lighthouse@12
    LIGHTHOUSE=/work/tools/lh/node_modules/.bin/lighthouse .venv/bin/python bench/lighthouse.py
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import gunicorn, prepare_site, site_env, table  # noqa: E402
from bench.pages import first_campaign_path  # noqa: E402

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROMIUM = "/usr/bin/chromium"


def lighthouse_path() -> str:
    path = os.environ.get("LIGHTHOUSE") or shutil.which("lighthouse")
    if not path:
        raise SystemExit("Lighthouse is missing: see this file's docstring (LIGHTHOUSE=/path/to/lighthouse)")
    return path


def audit(lighthouse: str, url: str, form_factor: str) -> dict:
    """One Lighthouse run; scores 0–100, total weight in KB and cumulative layout shift."""
    with tempfile.TemporaryDirectory() as out:
        report = Path(out) / "report.json"
        args = [lighthouse, url, "--quiet", "--output=json", f"--output-path={report}",
                "--chrome-flags=--headless=new --no-sandbox",
                "--only-categories=" + ",".join(CATEGORIES)]
        if form_factor == "desktop":
            args.append("--preset=desktop")
        subprocess.run(args, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM},
                       capture_output=True, timeout=240)
        data = json.loads(report.read_text())
    audits = data["audits"]
    return {
        **{name: round(100 * (data["categories"][name]["score"] or 0)) for name in CATEGORIES},
        "weight_kb": round(audits["total-byte-weight"]["numericValue"] / 1024, 1),
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    lighthouse = lighthouse_path()

    rows, figures = [], {}
    with tempfile.TemporaryDirectory() as workdir:
        env = site_env(Path(workdir))
        prepare_site(env)
        with gunicorn("web:create_app()", env) as site:
            pages = {"home": "/", "bill result": "/bill?usage_m3=250&people=3", "quiz join": "/join"}
            campaign = first_campaign_path(site)
            if campaign:
                pages["campaign"] = campaign
            for name, path in pages.items():
                for form_factor in ("mobile", "desktop"):
                    result = audit(lighthouse, site + path, form_factor)
                    figures[f"{name} {form_factor}"] = result
                    rows.append({"page": name, "device": form_factor, **result})
    print(table(rows, ["page", "device", *CATEGORIES, "weight_kb", "cls"]))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
