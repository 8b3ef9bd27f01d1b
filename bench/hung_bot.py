"""Pages while the bot misbehaves: does chat ever take the page threads?

Serves the site with gunicorn gthread and few threads (1 worker x 4 by default), points it
at a fake bot on a loopback port (tests/fake_bot.py) that answers at once, hangs, trickles
one byte a second, or sends 60 MB, and runs 8 residents chatting non-stop beside 2 readers
fetching /, /healthz and /bill one after another. Prints page and chat latency per case.

Worst case by default: BOT_QUIET_SECONDS=0, so every chat really tries the bot (with the
default 15 s the site stops calling a bot that just timed out, which hides the problem).

    .venv/bin/python bench/hung_bot.py [--seconds 15] [--threads 4]

To compare with older code, copy this file and tests/fake_bot.py into that checkout and run
it there (measured so, 2026-11-29: page p99 6.1 s while the bot hung, 7.0 s while it
trickled, and 11 s p50 while it sent 60 MB, before the fix; 0.10–0.16 s after, as normal).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import gunicorn, prepare_site, site_env, table  # noqa: E402
from tests.fake_bot import FakeBot, pages_while_chatting  # noqa: E402

CASES = [("bot answers at once (normal)", "ok", {}), ("bot hangs", "hang", {}),
         ("bot trickles 1 byte/s", "trickle_body", {"trickle_interval": 1.0}),
         ("bot sends 60 MB", "huge", {})]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--chatters", type=int, default=8)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as workdir, FakeBot("ok") as bot:
        extra = {"BOT_URL": bot.url, "BOT_QUIET_SECONDS": "0", "BOT_TIMEOUT_SECONDS": "5", "BOT_MAX_CONCURRENT": "2"}
        env = site_env(Path(workdir), **extra)
        prepare_site(env)
        with gunicorn("web:create_app()", env, workers=1, threads=args.threads) as site:
            pages_while_chatting(site, chat_clients=2, seconds=2)  # warm up
            for label, mode, options in CASES:
                bot.mode = mode
                for name, value in options.items():
                    setattr(bot, name, value)
                result = pages_while_chatting(site, chat_clients=args.chatters, seconds=args.seconds)
                rows.append({
                    "case": label, "pages": len(result["pages"]), "page p50 ms": f"{result['page_p50_ms']:.0f}",
                    "page p99 ms": f"{result['page_p99_ms']:.0f}", "page max ms": f"{result['page_max_ms']:.0f}",
                    "chats": len(result["chats"]), "chat p50 ms": f"{result['chat_p50_ms']:.0f}",
                    "chat p99 ms": f"{result['chat_p99_ms']:.0f}",
                    "chat answers": " ".join(f"{k}={v}" for k, v in sorted(result["outcomes"].items())),
                })
    print(f"Pages while chatting against a misbehaving bot: gunicorn gthread 1x{args.threads}, "
          f"{args.chatters} residents chatting non-stop, 2 readers, {args.seconds:.0f} s per case, "
          "BOT_TIMEOUT_SECONDS=5, BOT_MAX_CONCURRENT=2, BOT_QUIET_SECONDS=0")
    print(table(rows, ["case", "pages", "page p50 ms", "page p99 ms", "page max ms", "chats", "chat p50 ms",
                       "chat p99 ms", "chat answers"]))


if __name__ == "__main__":
    main()
