"""The blind held-out conversation suite, through the site's chat as a resident uses it.

Each conversation of tests/bot/heldout/*.yaml gets its own browser session (its own cookie,
so its own Rasa conversation): the runner fetches the CSRF token from /api/chat/token, as the
widget does, then POSTs every turn to /api/chat in order, with the page language. Each reply
is judged against expectations computed from core (bench/heldout.py). It prints pass rates
per language, topic and multi-turn, the number of WRONG BILLS (a bill or volume figure for a
misreading; worse than a fallback), the fallback rate on clear questions, and the failures.
It judges nothing itself: exit 0 unless the stack cannot start.

    .venv/bin/python bench/bot_conversations.py                 # start site + Rasa + actions here
    .venv/bin/python bench/bot_conversations.py --site URL [--database-url URL]
    .venv/bin/python bench/bot_conversations.py --json out.json --only zh-multi --show-text

Without --site it starts gunicorn, Rasa (bot/models/putuo.tar.gz of this repository) and the
action server on free loopback ports and stops them at the end. The site records whether
each turn was a fallback (chat_exchanges.fallback); the runner reads that from the site's
database (its own, or --database-url), else it falls back to the site's "not understood" text.
The failure list shows expectations and replies, not the residents' texts (--show-text adds
them): the bot's authors must not see the suite.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import requests
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import gunicorn, prepare_site, rasa_stack, site_env, table  # noqa: E402
from bench.heldout import Verdict, asks_for, judge, load_suite, tier_prices, validate  # noqa: E402
from tests.support import free_port  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
MODEL = REPO / "bot" / "models" / "putuo.tar.gz"
# What the site itself says when the bot is unavailable or did not understand (web/chat/services.py,
# bot/channels.py), used only when the site's database cannot be read.
FALLBACK_MARKERS = ("did not catch that", "没听清", "not available right now", "暂时无法查询", "can't look that up")


class Chat:
    """One resident's browser: a cookie jar, the CSRF token, the page language."""

    def __init__(self, site: str, page_lang: str, timeout: float):
        self.site, self.page_lang, self.timeout = site.rstrip("/"), page_lang, timeout
        self.session = requests.Session()
        self.token = None

    def send(self, message: str) -> tuple[int, dict, float]:
        if self.token is None:
            self.token = self.session.get(self.site + "/api/chat/token", timeout=self.timeout).json()["csrf_token"]
        started = time.perf_counter()
        response = self.session.post(self.site + "/api/chat", json={"message": message, "lang": self.page_lang},
                                     headers={"X-CSRFToken": self.token}, timeout=self.timeout)
        elapsed = (time.perf_counter() - started) * 1000
        try:
            body = response.json()
        except ValueError:
            body = {}
        return response.status_code, body, elapsed


class ExchangeLog:
    """The site's record of the latest exchange (fallback flag, intent), when its database is readable."""

    def __init__(self, database_url: str | None):
        self.engine = create_engine(database_url) if database_url else None

    def latest(self) -> dict | None:
        if self.engine is None:
            return None
        with contextlib.suppress(Exception), self.engine.connect() as conn:
            row = conn.execute(text("SELECT question, intent, confidence, fallback FROM chat_exchanges "
                                    "ORDER BY id DESC LIMIT 1")).mappings().first()
            return dict(row) if row else None
        return None


def run_conversation(site: str, conversation: dict, log: ExchangeLog, timeout: float) -> dict:
    chat = Chat(site, conversation["page_lang"], timeout)
    earlier: set[Decimal] = set()
    earlier_totals: set[Decimal] = set()
    turns = []
    for index, turn in enumerate(conversation["turns"], 1):
        status, body, elapsed = chat.send(turn["user"])
        replies = body.get("replies") or []
        reply = "\n".join(str(r.get("text", "")) for r in replies if isinstance(r, dict))
        buttons = [b.get("title", "") for r in replies if isinstance(r, dict) for b in r.get("buttons") or []]
        record = log.latest()
        if record is not None and record.get("question") == turn["user"].strip()[:1000]:
            fallback, intent = bool(record["fallback"]), record.get("intent")
        else:
            fallback, intent = any(m in reply for m in FALLBACK_MARKERS), None
        available = status == 200 and bool(body.get("bot_available", False))
        try:
            verdict = judge(turn["expect"], reply, turn["user"], fallback or not available, conversation["lang"], earlier,
                            earlier_totals)
        except Exception as exc:  # a bug in a check must not lose the whole run
            verdict = Verdict(False, [f"CHECK ERROR {type(exc).__name__}: {exc}"])
        if not available:
            verdict.passed = False
            verdict.reasons.insert(0, f"bot unavailable (HTTP {status})")
        clicked = None
        if turn.get("offer_ok") and not verdict.passed and buttons and available:
            # "Two questions: both answered, or the second explicitly offered": click the offer
            # (the first button, as a resident would) and judge both replies together.
            offer = next(b for r in replies if isinstance(r, dict) for b in r.get("buttons") or [])
            status2, body2, _ = chat.send(offer.get("payload") or offer.get("title", ""))
            second = "\n".join(str(r.get("text", "")) for r in body2.get("replies") or [] if isinstance(r, dict))
            record2 = log.latest()
            fallback2 = bool(record2["fallback"]) if record2 else any(m in second for m in FALLBACK_MARKERS)
            clicked = offer.get("title")
            reply = reply + "\n" + second
            verdict = judge(turn["expect"], reply, turn["user"], fallback or fallback2, conversation["lang"], earlier,
                            earlier_totals)
        earlier |= verdict.legit
        earlier_totals |= verdict.totals
        turns.append({"turn": index, "expect": turn["expect"], "reply": reply, "buttons": buttons,
                      "passed": verdict.passed, "reasons": verdict.reasons, "wrong_bill": verdict.wrong_bill,
                      "fallback": fallback, "intent": intent, "asked": verdict.asked, "ms": round(elapsed),
                      "clear": turn["expect"].get("clear", True), "user": turn["user"], "clicked_offer": clicked})
    return {"id": conversation["id"], "lang": conversation["lang"], "topic": conversation["topic"],
            "debatable": conversation["debatable"], "multi_turn": len(turns) > 1,
            "passed": all(t["passed"] for t in turns), "turns": turns}


def rate(results: list[dict]) -> str:
    if not results:
        return "-"
    passed = sum(r["passed"] for r in results)
    return f"{passed}/{len(results)} = {100 * passed / len(results):.0f}%"


def summary(results: list[dict]) -> dict:
    turns = [t for r in results for t in r["turns"]]
    clear = [t for t in turns if t["clear"]]
    firm = [r for r in results if not r["debatable"]]
    out = {
        "conversations": len(results), "turns": len(turns),
        "overall": rate(results), "overall_non_debatable": rate(firm), "debatable": rate([r for r in results if r["debatable"]]),
        "per_language": {lang: rate([r for r in results if r["lang"] == lang]) for lang in ("zh", "en")},
        "per_language_non_debatable": {lang: rate([r for r in firm if r["lang"] == lang]) for lang in ("zh", "en")},
        "multi_turn": rate([r for r in results if r["multi_turn"]]),
        "turn_level": rate(turns),
        "wrong_bills": sum(t["wrong_bill"] for t in turns),
        "bot_unavailable_turns": sum(any("bot unavailable" in r for r in t["reasons"]) for t in turns),
        "fallback_on_clear": f"{sum(t['fallback'] for t in clear)}/{len(clear)} = "
                             f"{100 * sum(t['fallback'] for t in clear) / max(1, len(clear)):.1f}%",
        "per_topic": {},
    }
    by_topic = defaultdict(list)
    for r in results:
        by_topic[r["topic"]].append(r)
    out["per_topic"] = {topic: rate(rs) for topic, rs in sorted(by_topic.items())}
    return out


READING_KEYS = ("bill", "marginal_price", "which_tier", "explain")


def failure_class(conversation: dict, turn: dict) -> str:
    """A coarse class for a failed turn, so failures can be reported without the residents' texts."""
    reasons, reply, expect = " ".join(turn["reasons"]), turn["reply"], turn["expect"]
    spec = next((expect[k] for k in READING_KEYS if k in expect), None)
    for option in expect.get("any_of", []):
        spec = spec or next((option[k] for k in READING_KEYS if k in option), None)
    if "bot unavailable" in reasons or "CHECK ERROR" in reasons:
        return "bot unavailable / check error"
    if "WRONG BILL" in reasons:
        if "was asked" in reasons:
            return "WRONG BILL: period misread (per-period volume billed as a year)"
        if "presented as a total" in reasons and any(f"total {p:.2f}" in reasons for p in tier_prices().values()):
            return "WRONG BILL: price phrase read as a volume (bill for 1 m³)"
        if "usage_from_amount" in expect:
            return "WRONG BILL: money amount answered with a bill from stale or misread values"
        return "WRONG BILL: misread volume, period or household (or stale values)"
    if turn["fallback"] and turn["clear"]:
        return "fallback on a clear question"
    if "reply not in" in reasons and len(turn["reasons"]) == 1:
        return "reply in the wrong language"
    if conversation["topic"] == "two_questions":
        return "two questions in one message: one left unanswered"
    if conversation["topic"] == "long_message":
        return "long message: the question at the end not answered"
    if "explain" in expect:
        return "why-question not explained with the resident's numbers"
    if "usage_from_amount" in expect:
        return "money amount not worked back to m³ (nor declined)"
    if spec is not None:
        if spec.get("people") and asks_for(reply, "people"):
            return "asks the household size although the message gave it"
        if asks_for(reply, "usage_m3"):
            return "asks the volume although the message gave it (unit/numeral not read)"
        if not spec.get("people") and asks_for(reply, "people"):
            return "asks the household size where it cannot change the answer (tier 1) or instead of the common case"
        if all(f"{p:.2f}" in reply for p in tier_prices().values()):
            return "tier table or tariff text instead of the computed figure (follow-up not recomputed)"
        return "computed figure missing (other reading error)"
    for key in ("tier_price", "tier_start", "tier_end", "tier_table", "large_household"):
        if key in expect:
            return f"tariff question ({key}) not answered from the tier table"
    if "topic" in expect:
        return f"topic not recognised: {expect['topic']}"
    if "fact" in expect:
        return "fact question answered with another topic"
    return "other: " + (turn["reasons"][0][:60] if turn["reasons"] else "?")


def failure_classes(results: list[dict]) -> list[dict]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in results:
        for t in r["turns"]:
            if not t["passed"]:
                row = counts[failure_class(r, t)]
                row["turns"] += 1
                row[r["lang"]] += 1
                row["multi-turn" if r["multi_turn"] else "single"] += 1
    rows = [{"class": name, **{k: v.get(k, 0) for k in ("turns", "zh", "en", "single", "multi-turn")}}
            for name, v in counts.items()]
    return sorted(rows, key=lambda row: -row["turns"])


def clip(value: str, width: int) -> str:
    value = " ".join(str(value).split())
    return value if len(value) <= width else value[: width - 1] + "…"


def report(results: list[dict], show_text: bool, width: int) -> None:
    s = summary(results)
    print(f"Held-out conversations: {s['conversations']} ({s['turns']} turns)")
    print(table([
        {"measure": "overall (conversations)", "value": s["overall"]},
        {"measure": "overall, non-debatable", "value": s["overall_non_debatable"]},
        {"measure": "debatable only", "value": s["debatable"]},
        {"measure": "zh", "value": s["per_language"]["zh"]},
        {"measure": "en", "value": s["per_language"]["en"]},
        {"measure": "zh, non-debatable", "value": s["per_language_non_debatable"]["zh"]},
        {"measure": "en, non-debatable", "value": s["per_language_non_debatable"]["en"]},
        {"measure": "multi-turn conversations", "value": s["multi_turn"]},
        {"measure": "turns", "value": s["turn_level"]},
        {"measure": "WRONG BILLS (turns)", "value": s["wrong_bills"]},
        {"measure": "fallback on clear questions (turns)", "value": s["fallback_on_clear"]},
        {"measure": "bot unavailable (turns; should be 0)", "value": s["bot_unavailable_turns"]},
    ], ["measure", "value"]))
    print()
    print(table([{"topic": k, "passed": v} for k, v in s["per_topic"].items()], ["topic", "passed"]))
    classes = failure_classes(results)
    if classes:
        print("\nFailure classes (turns):")
        print(table(classes, ["class", "turns", "zh", "en", "single", "multi-turn"]))
    failures = [(r, t) for r in results for t in r["turns"] if not t["passed"]]
    if failures:
        print(f"\nFailures ({len(failures)} turns):")
    for r, t in failures:
        flag = " WRONG-BILL" if t["wrong_bill"] else ""
        print(f"- {r['id']} turn {t['turn']}{' (debatable)' if r['debatable'] else ''}{flag}: "
              f"{clip('; '.join(t['reasons']), width)}")
        if show_text:
            print(f"    asked:    {clip(t['user'], width)}")
        print(f"    expected: {clip(json.dumps(t['expect'], ensure_ascii=False), width)}")
        print(f"    got:      {clip(t['reply'] or '(no reply)', width)}"
              + (f"  [intent {t['intent']}{', fallback' if t['fallback'] else ''}]" if t["intent"] else ""))


def run_all(site: str, conversations: list[dict], database_url: str | None, timeout: float) -> list[dict]:
    log = ExchangeLog(database_url)
    results = []
    for conversation in conversations:
        results.append(run_conversation(site, conversation, log, timeout))
        mark = "." if results[-1]["passed"] else ("W" if any(t["wrong_bill"] for t in results[-1]["turns"]) else "F")
        print(mark, end="", flush=True)
    print()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", help="base URL of a running site (default: start the whole stack here)")
    parser.add_argument("--database-url", help="the running site's database, to read the fallback flag")
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--json", type=Path, help="save every turn and the summary here")
    parser.add_argument("--only", help="run only conversations whose id starts with one of these (comma-separated)")
    parser.add_argument("--show-text", action="store_true", help="print the residents' texts in the failures")
    parser.add_argument("--width", type=int, default=220)
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()

    conversations = load_suite()
    errors = validate(conversations)
    if errors:
        raise SystemExit("the suite is invalid:\n" + "\n".join(errors))
    if args.only:
        conversations = [c for c in conversations if c["id"].startswith(tuple(args.only.split(",")))]

    started = time.monotonic()
    if args.site:
        results = run_all(args.site, conversations, args.database_url, args.timeout)
    else:
        if not args.model.exists():
            raise SystemExit(f"no trained model at {args.model}: run scripts/train-bot first")
        with tempfile.TemporaryDirectory() as workdir:
            work = Path(workdir)
            actions_port, site_port = free_port(), free_port()
            endpoints = work / "endpoints.yml"
            endpoints.write_text(f"action_endpoint:\n  url: http://127.0.0.1:{actions_port}/webhook\n")
            bot_env = {**site_env(work), "RASA_TELEMETRY_ENABLED": "false", "SITE_URL": f"http://127.0.0.1:{site_port}"}
            try:
                stack = rasa_stack(work, args.model, bot_env, endpoints, actions_port)
                bot_url, _rasa, _actions = stack.__enter__()
            except RuntimeError as exc:
                raise SystemExit(f"the bot could not start: {exc}") from None
            try:
                env = site_env(work, BOT_URL=bot_url, BOT_TIMEOUT_SECONDS="30")
                prepare_site(env)
                with gunicorn("web:create_app()", env, workers=1, threads=4, port=site_port) as site:
                    results = run_all(site, conversations, env["DATABASE_URL"], args.timeout)
            finally:
                stack.__exit__(None, None, None)
    print(f"({time.monotonic() - started:.0f} s)\n")
    report(results, args.show_text, args.width)
    if args.json:
        args.json.write_text(json.dumps({"summary": summary(results), "failure_classes": failure_classes(results),
                                         "conversations": results}, ensure_ascii=False,
                                        indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
