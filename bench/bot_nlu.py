"""Bot NLU benchmark: training time, then accuracy and macro-F1 on both held-out sets per language.

    .venv-bot/bin/python bench/bot_nlu.py            # train a fresh copy (no cache) + score
    .venv-bot/bin/python bench/bot_nlu.py --no-train # score bot/models/putuo.tar.gz

Training uses the Makefile's command (`rasa train --augmentation 0`) into a temporary
folder with an empty cache, so the figure is what a fresh clone (CI) pays. Targets:
training ≤ 120 s on 2 cores; held-out accuracy and macro-F1 ≥ 0.95 per language. Two sets are
reported separately (bot/evaluate.py): `heldout` (bot/tests/nlu_heldout.yml, looked at while
tuning) and `blind` (bot/tests/nlu_heldout_2.yml, never used to choose a change).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BOT = REPO / "bot"
RASA = REPO / ".venv-bot" / "bin" / "rasa"
PYTHON = REPO / ".venv-bot" / "bin" / "python"


def train(out: Path) -> tuple[float, Path]:
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "RASA_CACHE_DIRECTORY": str(out / "cache")}
    start = time.monotonic()
    subprocess.run(
        [str(RASA), "train", "--fixed-model-name", "putuo", "--out", str(out), "--augmentation", "0", "--quiet"],
        cwd=BOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.monotonic() - start, out / "putuo.tar.gz"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-train", action="store_true", help="score the existing bot/models/putuo.tar.gz")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bot-nlu-") as tmp:
        model = BOT / "models" / "putuo.tar.gz"
        if not args.no_train:
            seconds, model = train(Path(tmp))
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            size = model.stat().st_size / 1e6
            print(
                f"training (fresh cache, {os.cpu_count()} CPUs): {seconds:.1f} s, peak RSS {peak:.0f} MB, "
                f"model {size:.1f} MB  (target ≤ 120 s)"
            )
        result = subprocess.run(
            [
                str(PYTHON),
                "-W",
                "ignore",
                "evaluate.py",
                "--model",
                str(model),
                "--quiet",
                "--min-accuracy",
                "0.95",
                "--min-f1",
                "0.95",
            ],
            cwd=BOT,
            env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", "LOG_LEVEL": "ERROR"},
            capture_output=True,
            text=True,
        )
        if result.returncode not in (0, 1):
            print(result.stdout + result.stderr)
            return result.returncode
        print("held-out NLU, per set and language (target ≥ 0.95 each):")
        for line in result.stdout.splitlines():
            if line.startswith("== "):
                print("  " + line[3:])
            elif line.startswith(("heldout ", "blind ")):
                print("    " + line.replace("BELOW THRESHOLD", "below target"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
