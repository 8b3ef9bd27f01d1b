"""Reader benchmark: accuracy on the phrase table and parse time per message.

    PYTHONPATH=. .venv/bin/python bench/reader.py        # site venv (Python 3.11)
    PYTHONPATH=. .venv-bot/bin/python bench/reader.py    # bot venv (Python 3.10)

Accuracy: share of tests/core/reading_phrases.yaml entries read exactly as the table says
(the same check as tests/core/test_reading.py), per language. Time: `read_message` (and
`continue_reading` for follow-ups) per entry, repeated, as p50/p99 in microseconds; the
900+ character messages are reported apart because they dominate the tail.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "core"))

from test_reading import ENTRIES, mismatches, read_entry  # noqa: E402


def language(entry: dict) -> str:
    text = entry.get("text") or entry["turns"][0]
    return "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50, help="timed reads per entry (default 50)")
    args = parser.parse_args()

    right = {"zh": 0, "en": 0}
    total = {"zh": 0, "en": 0}
    wrong = []
    for entry in ENTRIES:
        lang = language(entry)
        total[lang] += 1
        problems = mismatches(entry, read_entry(entry))
        if problems:
            wrong.append((entry.get("text") or entry["turns"], problems))
        else:
            right[lang] += 1

    short, long = [], []
    for entry in ENTRIES:
        read_entry(entry)  # warm the regex caches
        for _ in range(args.repeat):
            start = time.perf_counter_ns()
            read_entry(entry)
            elapsed = (time.perf_counter_ns() - start) / 1000
            text = entry.get("text") or ""
            (long if len(text) >= 900 else short).append(elapsed)

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Python {platform.python_version()}, {len(ENTRIES)} entries, {args.repeat} timed reads each, "
          f"{os.cpu_count()} CPUs, load average {load}")
    for lang in ("zh", "en"):
        print(f"accuracy {lang}: {right[lang]}/{total[lang]} = {right[lang] / total[lang]:.1%}")
    print(f"accuracy all: {sum(right.values())}/{len(ENTRIES)} = {sum(right.values()) / len(ENTRIES):.1%}")
    print(f"parse time, messages < 900 chars ({len(short)} reads): p50 {percentile(short, 0.5):.0f} µs, "
          f"p99 {percentile(short, 0.99):.0f} µs, mean {statistics.fmean(short):.0f} µs, min {min(short):.0f} µs")
    if long:
        print(f"parse time, messages ≥ 900 chars ({len(long)} reads): p50 {percentile(long, 0.5):.0f} µs, "
              f"p99 {percentile(long, 0.99):.0f} µs, min {min(long):.0f} µs")
    for text, problems in wrong:
        print(f"WRONG {text!r}: {problems}")


if __name__ == "__main__":
    main()
