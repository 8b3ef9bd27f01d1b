"""FAQ retrieval: precision and false answers of the site's FAQ search at its threshold.

    PYTHONPATH=. .venv/bin/python bench/faq_retrieval.py [--threshold 0.55] [--show-misses]

The index is built from the seed entries of content/faq (questions and their staff-written
variants), exactly as web/faq/search.py builds it from the database. The questions asked are
bench/faq_paraphrases.yaml: paraphrases of the seeded questions (each must find its entry)
and unrelated or near-miss questions (each must find nothing). That file is never used to
build the index.

Figures, at the threshold:
  precision          correct answers / all answers given (target ≥ 95%)
  false-answer rate  wrong answers (wrong entry, or any answer to an unrelated question) / all questions
  answered           paraphrases answered with their entry / paraphrases (the rest fall back)
The threshold is the lowest one whose precision reaches 95% on the whole set; a two-fold
check (choose on one half, measure on the other) shows how much that choice flatters it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from core import campaigns as content  # noqa: E402
from web.faq import search  # noqa: E402

TARGET = 0.95


def indexes() -> dict[str, search.Index]:
    entries = content.faq_entries()
    ids = {entry.slug: number for number, entry in enumerate(entries, start=1)}
    built = {lang: search.Index.build([(ids[e.slug], q) for e in entries for q in e.questions[lang]])
             for lang in ("zh", "en")}
    return built, {number: slug for slug, number in ids.items()}


def bigrams(text: str) -> set[str]:
    letters = "".join(ch for ch in text.casefold() if ch.isalnum())
    return {letters[i:i + 2] for i in range(len(letters) - 1)} or {letters}


def near_copies(questions, threshold: float = 0.8) -> list[tuple[str, str]]:
    """Held-out questions that are (almost) one of the entries' own wordings: they would
    measure memory, not paraphrase. Character-bigram Jaccard similarity ≥ `threshold`."""
    wordings = [q for entry in content.faq_entries() for lang in ("zh", "en") for q in entry.questions[lang]]
    found = []
    for item in questions:
        mine = bigrams(item["q"])
        for wording in wordings:
            theirs = bigrams(wording)
            if len(mine & theirs) / len(mine | theirs) >= threshold:
                found.append((item["q"], wording))
                break
    return found


def language(text: str) -> str:
    return "en" if text.isascii() else "zh"


def scored(questions, built, slugs):
    """[(expected slug or None, found slug or None, score)]."""
    rows = []
    for item in questions:
        found = search.search(built, item["q"], language(item["q"]))
        rows.append((item["expect"], slugs.get(found.entry_id) if found else None, found.score if found else 0.0))
    return rows


def figures(rows, threshold: float) -> dict:
    answers = [(expect, found) for expect, found, score in rows if found is not None and score >= threshold]
    correct = sum(1 for expect, found in answers if expect == found)
    wrong = len(answers) - correct
    paraphrases = sum(1 for expect, _found, _score in rows if expect is not None)
    return {"precision": correct / len(answers) if answers else 1.0, "false_rate": wrong / len(rows),
            "answered": correct / paraphrases if paraphrases else 0.0, "answers": len(answers),
            "correct": correct, "wrong": wrong}


def choose(rows) -> float:
    """The lowest threshold (in steps of 0.01) whose precision reaches the target."""
    for step in range(0, 101):
        threshold = step / 100
        if figures(rows, threshold)["precision"] >= TARGET:
            return threshold
    return 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=search.DEFAULT_THRESHOLD)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    data = yaml.safe_load((REPO / "bench" / "faq_paraphrases.yaml").read_text(encoding="utf-8"))
    questions = data["paraphrases"] + data["unrelated"]
    copies = near_copies(questions)
    print(f"near-copies of an entry's wordings among the held-out questions: {len(copies)}")
    for question, wording in copies:
        print(f"  {question!r} ~ {wording!r}")
    built, slugs = indexes()
    rows = scored(questions, built, slugs)
    print(f"FAQ retrieval: {len(slugs)} entries; {len(data['paraphrases'])} paraphrases, "
          f"{len(data['unrelated'])} unrelated/near-miss questions (held out)")
    print(f"{'threshold':>9} {'precision':>9} {'false-answer':>12} {'answered':>8}")
    for threshold in sorted({0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, args.threshold}):
        f = figures(rows, threshold)
        mark = "  <- site default" if threshold == search.DEFAULT_THRESHOLD else ""
        print(f"{threshold:>9.2f} {f['precision']:>9.1%} {f['false_rate']:>12.1%} {f['answered']:>8.1%}{mark}")
    f = figures(rows, args.threshold)
    print(f"\nAt {args.threshold:.2f}: precision {f['precision']:.1%} ({f['correct']} of {f['answers']} answers correct), "
          f"false-answer rate {f['false_rate']:.1%} ({f['wrong']} of {len(rows)} questions), "
          f"paraphrases answered {f['answered']:.1%} (the rest fall back)")
    print(f"lowest threshold reaching {TARGET:.0%} precision on the whole set: {choose(rows):.2f}")
    halves = rows[0::2], rows[1::2]
    for name, (tune, test) in (("A→B", halves), ("B→A", halves[::-1])):
        chosen = choose(tune)
        g = figures(test, chosen)
        print(f"two-fold {name}: threshold {chosen:.2f} chosen on one half; on the other: precision "
              f"{g['precision']:.1%}, false-answer rate {g['false_rate']:.1%}, answered {g['answered']:.1%}")
    if args.show_misses:
        for (expect, found, score), item in zip(rows, questions, strict=True):
            ok = (found == expect and score >= args.threshold) or (expect is None and (found is None or score < args.threshold))
            if not ok:
                print(f"  {'MISS' if expect else 'FALSE'} {score:.2f} {item['q']!r}: expected {expect}, best {found}")


if __name__ == "__main__":
    main()
