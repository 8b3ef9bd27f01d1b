"""The blind conversation suite (tests/bot/heldout/) stays valid and stays held out.

A held-out turn that is a near-copy of a training example measures memory, not reading: this
test fails when any resident turn is within difflib ratio 0.85 or character-3-gram Jaccard 0.8
of an example the bot trains on (bot/data: NLU intent examples and story/rule user texts)
or answers from (the question wordings of content/faq), after folding case, width, punctuation, spaces and digit runs.
The failure names the held-out turn and the training file, never the training text, so the
suite's author can rewrite the turn from scratch without reading the training data.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from bench.heldout import EXPECT_KEYS, load_suite, validate

REPO = Path(__file__).resolve().parent.parent.parent
TRAINING_ROOTS = [REPO / "bot" / "data"]
RATIO_LIMIT = 0.85
JACCARD_LIMIT = 0.8
# Turns this short cannot be held out from anything ("hi", "你好"): they are allowed to match,
# but only a few of them, so the suite cannot hide behind greetings.
TRIVIAL_CHARS = 3
MAX_TRIVIAL_MATCHES = 6

_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


def normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).lower()
    folded = _ANNOTATION.sub(r"\1", folded)
    folded = re.sub(r"\d+(?:[.,]\d+)*", "0", folded)
    return re.sub(r"[\W_]+", "", folded)


def grams(text: str) -> frozenset[str]:
    if len(text) < 3:
        return frozenset({text})
    return frozenset(text[i:i + 3] for i in range(len(text) - 2))


def _examples_block(block: object) -> list[str]:
    if not isinstance(block, str):
        return []
    return [line.strip()[2:] for line in block.splitlines() if line.strip().startswith("- ")]


def _walk(node: object, out: list[str]) -> None:
    if isinstance(node, dict):
        if "intent" in node and "examples" in node:
            out += _examples_block(node["examples"])
        for key, value in node.items():
            if key == "user" and isinstance(value, str):
                out.append(value)
            else:
                _walk(value, out)
    elif isinstance(node, list):
        for item in node:
            _walk(item, out)


def training_texts() -> list[tuple[str, str]]:
    """(file, text) of every resident message the bot trains on."""
    texts = []
    for root in TRAINING_ROOTS:
        if not root.exists():
            continue
        for path in sorted(root.rglob("*")):
            if path.suffix not in (".yml", ".yaml") or not path.is_file():
                continue
            found: list[str] = []
            _walk(yaml.safe_load(path.read_text(encoding="utf-8")), found)
            texts += [(str(path.relative_to(REPO)), t) for t in found]
    from core import campaigns  # FAQ question wordings: what retrieval (or a retrained model) answers from

    if campaigns.faq_dir().exists():
        for entry in campaigns.faq_entries():
            texts += [(f"content/faq/{entry.slug}.yaml", q) for qs in entry.questions.values() for q in qs]
    return texts


def near_copy(held: str, trained: str, held_grams: frozenset[str], trained_grams: frozenset[str]) -> float | None:
    """The similarity if the pair is a near-copy, else None."""
    union = len(held_grams | trained_grams)
    jaccard = len(held_grams & trained_grams) / union if union else 1.0
    if jaccard >= JACCARD_LIMIT:
        return jaccard
    if 2 * min(len(held), len(trained)) / max(1, len(held) + len(trained)) < RATIO_LIMIT:
        return None  # the ratio cannot reach the limit with lengths this different
    matcher = difflib.SequenceMatcher(None, held, trained, autojunk=False)
    if matcher.real_quick_ratio() < RATIO_LIMIT or matcher.quick_ratio() < RATIO_LIMIT:
        return None
    ratio = matcher.ratio()
    return ratio if ratio >= RATIO_LIMIT else None


@pytest.fixture(scope="module")
def suite() -> list[dict]:
    return load_suite()


def test_the_suite_is_valid_and_big_enough(suite):
    assert validate(suite) == []
    by_lang = {lang: [c for c in suite if c["lang"] == lang] for lang in ("zh", "en")}
    assert len(suite) >= 160 and len(by_lang["zh"]) >= 95 and len(by_lang["en"]) >= 55
    assert sum(len(c["turns"]) > 1 for c in suite) >= 40
    assert any(len(t["user"]) >= 900 for c in suite for t in c["turns"]), "a long message with the question at the end"


def test_the_schema_check_catches_mistakes():
    bad = [{"id": "x", "lang": "fr", "page_lang": "zh", "topic": "bill", "debatable": False, "file": "t",
            "turns": [{"user": "hi", "expect": {"bill": {"usage_m3": -1, "period": "week"}, "nonsense": 1}}]}]
    errors = validate(bad)
    assert any("lang" in e for e in errors) and any("usage_m3" in e for e in errors)
    assert any("period" in e for e in errors) and any("nonsense" in e for e in errors)
    assert "nonsense" not in EXPECT_KEYS


def test_the_similarity_check_catches_near_copies():
    pairs = [("我家三口人一年用了250吨水费多少", "我家三口人，一年用了300吨，水费多少？"),
             ("How much is the bill for 250 m3 a year?", "how much is the bill for 300 m3 a year")]
    for held, trained in pairs:
        a, b = normalise(held), normalise(trained)
        assert near_copy(a, b, grams(a), grams(b)) is not None
    a, b = normalise("水效标识哪一年开始的"), normalise("第三档多少钱一吨")
    assert near_copy(a, b, grams(a), grams(b)) is None


def test_no_held_out_turn_is_a_near_copy_of_training_data(suite):
    trained = [(path, normalise(text)) for path, text in training_texts()]
    assert trained, "no training examples found under bot/data"
    trained_grams = [grams(text) for _, text in trained]
    copies, trivial = [], []
    for conversation in suite:
        for index, turn in enumerate(conversation["turns"], 1):
            held = normalise(turn["user"])
            held_grams = grams(held)
            for (path, text), text_grams in zip(trained, trained_grams, strict=True):
                score = near_copy(held, text, held_grams, text_grams)
                if score is not None:
                    where = f"{conversation['id']} turn {index} ~ {path} ({score:.2f})"  # no text: stays blind
                    (trivial if len(held) <= TRIVIAL_CHARS else copies).append(where)
                    break
    assert not copies, "held-out turns too close to training examples (rewrite them from scratch):\n" + "\n".join(copies)
    assert len(trivial) <= MAX_TRIVIAL_MATCHES, "too many trivial turns shared with training data:\n" + "\n".join(trivial)


def test_the_judge_tells_a_right_bill_from_a_misread_one():
    """The runner's checks on made-up replies: the right figure passes, a bill for a misread
    period or for "一吨" read as a volume is a wrong bill, a question for a missing value passes."""
    from bench.heldout import judge

    monthly = {"bill": {"usage_m3": 12, "period": "month", "people": 3, "answer": "year"}}
    right = judge(monthly, "按每月12立方米换算全年144立方米，全年水费约 496.80 元，每月约 41.40 元。", "x", False, "zh", set())
    assert right.passed and not right.wrong_bill
    misread = judge(monthly, "按全年用水12立方米、3口人计算，全年水费约 41.40 元。", "x", False, "zh", set())
    assert not misread.passed and misread.wrong_bill
    one_ton = judge({"marginal_price": {"usage_m3": 260, "period": "year", "people": 3}},
                    "再多用1立方米要 3.45 元。按全年用水1立方米计算，全年水费约 3.45 元。", "x", False, "zh", set())
    assert not one_ton.passed and one_ton.wrong_bill
    stale = judge({"bill": {"usage_m3": 280, "period": "year"}}, "请问家里有几口人？", "x", False, "zh", set())
    assert stale.passed and stale.asked
    english = judge({"tier_price": 3}, "第三档：5.83元/立方米", "x", False, "en", set())
    assert not english.passed  # the resident wrote English
    fallback = judge({"topic": "handoff"}, "Call 12345.", "x", True, "en", set())
    assert not fallback.passed
