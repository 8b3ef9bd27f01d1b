"""Score the trained model on the held-out NLU sets, per language and per set.

    cd bot && ../.venv-bot/bin/python evaluate.py [--model models/putuo.tar.gz]
        [--data FILE ...] [--min-accuracy 0.9] [--min-f1 0.9] [--json out.json] [--quiet [--errors]]

Two sets, reported separately: `heldout` (tests/nlu_heldout.yml, looked at once while tuning,
so no longer fully blind) and `blind` (tests/nlu_heldout_2.yml, never used to choose a
change). Refuses to score (exit 2) when a held-out example also appears in bot/data/nlu.

Parses every example with the model (the final intent, after FallbackClassifier: what a
resident would get), prints per-intent precision/recall/F1 and, per language (zh = the
example contains CJK characters), accuracy and macro-F1, and the answer-path accuracy (a
confusion inside the `water` group of config.yml counts as right: one action reads the
question from the message itself). Exits 1 below the thresholds (on the strict figures).
`rasa test nlu --nlu tests/nlu_heldout.yml` gives Rasa's own report on the same file.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
CJK = re.compile(r"[\u3400-\u9fff]")
ENTITY = re.compile(r"\[([^\]]+)\]\([^)]+\)")


def load_examples(path: Path) -> list[tuple[str, str]]:
    """(text, intent) pairs from a Rasa NLU YAML file (entity markup removed)."""
    import yaml

    pairs = []
    for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
        if "intent" not in block:
            continue
        for line in block["examples"].splitlines():
            line = line.strip()
            if line.startswith("- "):
                pairs.append((ENTITY.sub(r"\1", line[2:].strip()), block["intent"]))
    return pairs


def scores(rows: list[tuple[str, str]]) -> dict:
    """Accuracy, macro-F1 (over the gold intents present) and per-intent P/R/F1."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for gold, pred in rows:
        if gold == pred:
            tp[gold] += 1
        else:
            fp[pred] += 1
            fn[gold] += 1
    per_intent = {}
    for intent in sorted({gold for gold, _ in rows}):
        p = tp[intent] / (tp[intent] + fp[intent]) if tp[intent] + fp[intent] else 0.0
        r = tp[intent] / (tp[intent] + fn[intent]) if tp[intent] + fn[intent] else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        per_intent[intent] = {"precision": p, "recall": r, "f1": f1, "support": tp[intent] + fn[intent]}
    accuracy = sum(tp.values()) / len(rows) if rows else 0.0
    macro = sum(v["f1"] for v in per_intent.values()) / len(per_intent) if per_intent else 0.0
    return {"n": len(rows), "accuracy": accuracy, "macro_f1": macro, "per_intent": per_intent}


async def predict(model: Path, texts: list[str]) -> list[tuple[str, float]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    results = []
    for text in texts:
        parsed = await agent.parse_message(text)
        results.append((parsed["intent"]["name"], float(parsed["intent"]["confidence"])))
    return results


SETS = {
    # name: (file, note printed with its figures)
    "heldout": (HERE / "tests" / "nlu_heldout.yml", "seen once while tuning: no longer fully blind"),
    "blind": (HERE / "tests" / "nlu_heldout_2.yml", "blind: never used to choose a change"),
}


def training_texts() -> set[str]:
    """Every training example (lower-cased, markup removed), to refuse held-out overlap."""
    texts = set()
    for path in sorted((HERE / "data" / "nlu").glob("*.yml")):
        texts |= {text.lower() for text, _ in load_examples(path)}
    return texts


# SamePathIntents groups whose action decides the answer from the message itself, not from
# the intent (bot/actions/water.py reads the question type with core.reading): a confusion
# inside such a group changes nothing for the resident. The other groups' actions answer by
# intent, so a confusion there still counts as wrong.
READING_GROUPS = {"water"}


def answer_paths() -> dict[str, str]:
    """intent → its answer path: the READING_GROUPS of config.yml's SamePathIntents (others: themselves)."""
    import yaml

    config = yaml.safe_load((HERE / "config.yml").read_text(encoding="utf-8"))
    paths: dict[str, str] = {}
    for component in config.get("pipeline") or []:
        if str(component.get("name", "")).endswith("SamePathIntents"):
            for group, members in (component.get("groups") or {}).items():
                if group in READING_GROUPS:
                    paths.update({intent: group for intent in members})
    return paths


def evaluate(examples: list[tuple[str, str]], predictions: list[tuple[str, float]]) -> tuple[dict, list]:
    by_lang: dict[str, list[tuple[str, str]]] = defaultdict(list)
    path_rows: dict[str, list[bool]] = defaultdict(list)
    paths = answer_paths()
    errors = []
    for (text, gold), (pred, confidence) in zip(examples, predictions, strict=True):
        lang = "zh" if CJK.search(text) else "en"
        by_lang[lang].append((gold, pred))
        path_rows[lang].append(paths.get(gold, gold) == paths.get(pred, pred))
        if gold != pred:
            errors.append((lang, text, gold, pred, confidence))
    report = {lang: scores(rows) for lang, rows in sorted(by_lang.items(), key=lambda kv: kv[0] != "zh")}
    for lang, rows in path_rows.items():
        report[lang]["path_accuracy"] = sum(rows) / len(rows) if rows else 0.0
    return report, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=HERE / "models" / "putuo.tar.gz")
    parser.add_argument(
        "--data", type=Path, action="append", help="score this file instead of both held-out sets (repeatable)"
    )
    parser.add_argument("--min-accuracy", type=float, default=0.90)
    parser.add_argument("--min-f1", type=float, default=0.90)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument("--quiet", action="store_true", help="only the per-language summary")
    parser.add_argument("--errors", action="store_true", help="with --quiet, still list the errors")
    args = parser.parse_args(argv)
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

    sets = {path.stem: (path, "") for path in args.data} if args.data else SETS
    loaded = {name: load_examples(path) for name, (path, _) in sets.items()}
    seen = training_texts()
    for name, examples in loaded.items():
        overlap = [text for text, _ in examples if text.lower() in seen]
        if overlap:
            print(f"{name}: {len(overlap)} held-out example(s) also in bot/data/nlu: {overlap}")
            return 2
    texts = [text for examples in loaded.values() for text, _ in examples]
    predictions = iter(asyncio.run(predict(args.model, texts)))

    failed = False
    output = {}
    for name, examples in loaded.items():
        report, errors = evaluate(examples, [next(predictions) for _ in examples])
        output[name] = {"file": str(sets[name][0]), "languages": report, "errors": errors}
        note = f" ({sets[name][1]})" if sets[name][1] else ""
        print(f"\n== {name}: {sets[name][0].name}{note}")
        for lang, result in report.items():
            if not args.quiet:
                print(f"[{lang}] per intent (precision / recall / F1 / support)")
                for intent, s in result["per_intent"].items():
                    print(f"  {intent:24s} {s['precision']:.2f} / {s['recall']:.2f} / {s['f1']:.2f} / {s['support']}")
            ok = result["accuracy"] >= args.min_accuracy and result["macro_f1"] >= args.min_f1
            failed |= not ok
            print(
                f"{name} {lang}: n={result['n']} accuracy={result['accuracy']:.3f} macro-F1={result['macro_f1']:.3f}"
                f" answer-path accuracy={result['path_accuracy']:.3f} {'ok' if ok else 'BELOW THRESHOLD'}"
            )
        if errors and (args.errors or not args.quiet):
            print("errors (lang, text, expected, predicted, confidence):")
            for lang, text, gold, pred, confidence in errors:
                print(f"  {lang} {text!r}: {gold} -> {pred} ({confidence:.2f})")
    if args.json:
        args.json.write_text(json.dumps(output, ensure_ascii=False, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
