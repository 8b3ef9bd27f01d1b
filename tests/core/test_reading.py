"""The reader against its phrase table (tests/core/reading_phrases.yaml) and its invariants.

The table is data: each entry is a message (or a short conversation) as residents write it,
with the reading it must give. Property tests (hypothesis, present only in the site venv, so
skipped visibly in the bot venv as in test_tariffs_properties.py) live in
test_reading_properties.py.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from core.reading import Reading, continue_reading, read_message, reading_note
from core.tariffs import PERIODS_PER_YEAR, bill

TABLE = Path(__file__).with_name("reading_phrases.yaml")
ALWAYS_CHECKED = ("usage_m3", "usage_period", "asked_period", "people", "question", "tier", "amount_yuan")


def load_table() -> list[dict]:
    return yaml.safe_load(TABLE.read_text(encoding="utf-8"))["phrases"]


def read_entry(entry: dict) -> Reading:
    """One table entry read the way the bot reads it: each turn, then continue_reading."""
    if "turns" in entry:
        reading = None
        for turn in entry["turns"]:
            reading = continue_reading(reading, read_message(turn))
        return reading
    return read_message(entry["text"], expecting=entry.get("expecting"))


def _as_decimal(value):
    return None if value is None else Decimal(str(value))


def mismatches(entry: dict, reading: Reading) -> list[str]:
    """Every field where the reading differs from the table (empty list = correct)."""
    expect = dict(entry["expect"])
    wrong = []
    for name in ALWAYS_CHECKED:
        want = expect.pop(name, None)
        got = getattr(reading, name)
        if name in ("usage_m3", "amount_yuan"):
            want = _as_decimal(want)
        if got != want:
            wrong.append(f"{name}: got {got!r}, want {want!r}")
    notes = expect.pop("notes_include", [])
    missing = [n for n in notes if n not in reading.notes]
    if missing:
        wrong.append(f"notes: {reading.notes!r} lacks {missing!r}")
    for name, want in expect.items():
        got = getattr(reading, name)
        if name == "questions":
            want = tuple(want)
        if name in ("usage_range_m3", "meter_readings"):
            want = tuple(_as_decimal(v) for v in want) if want is not None else None
        elif isinstance(got, Decimal) or name.endswith("_m3") or name in ("bare_number", "litres"):
            want = _as_decimal(want)
        if got != want:
            wrong.append(f"{name}: got {got!r}, want {want!r}")
    return wrong


ENTRIES = load_table()


def _id(entry: dict) -> str:
    text = entry.get("text") or " → ".join(entry["turns"])
    return text[:40]


@pytest.mark.parametrize("entry", ENTRIES, ids=[_id(e) for e in ENTRIES])
def test_phrase_table(entry):
    reading = read_entry(entry)
    assert not mismatches(entry, reading), mismatches(entry, reading)


def test_table_size_and_mix():
    """At least 180 phrasings, about 60% Chinese (the issue asks for 150+)."""
    texts = [e.get("text") or e["turns"][0] for e in ENTRIES]
    chinese = sum(1 for t in texts if any("\u4e00" <= ch <= "\u9fff" for ch in t))
    assert len(ENTRIES) >= 180
    assert 0.5 <= chinese / len(ENTRIES) <= 0.7


def test_no_duplicate_phrasings():
    texts = [(e.get("text"), e.get("expecting"), tuple(e.get("turns", ()))) for e in ENTRIES]
    assert len(texts) == len(set(texts))


def test_reading_note_examples_of_the_contract():
    reading = read_message("每个月差不多十二吨，三口人，一年水费多少")
    assert reading_note(reading, "zh") == "我的理解是：每月12立方米，全年按12×12=144立方米计算，3口人。"
    english = read_message("12 m3 a month, 3 of us, yearly bill?")
    assert reading_note(english, "en") == "I read this as 12 m³ a month, so 12 × 12 = 144 m³ a year, for 3 people."


def test_reading_note_only_when_something_was_converted():
    assert reading_note(read_message("一年用了200吨，3口人，水费多少"), "zh") is None
    assert reading_note(read_message("第三档多少钱一吨"), "en") is None
    assert reading_note(read_message("用了200吨"), "zh") == "我的理解是：200立方米，没有说明周期，按全年用水量计算。"


@pytest.mark.parametrize("entry", ENTRIES, ids=[_id(e) for e in ENTRIES])
def test_reading_note_punctuation(entry):
    """Chinese notes use Chinese punctuation only; English notes no Chinese characters."""
    reading = read_entry(entry)
    zh, en = reading_note(reading, "zh"), reading_note(reading, "en")
    assert (zh is None) == (en is None)
    if zh is not None:
        assert zh.startswith("我的理解是：") and zh.endswith("。")
        assert not any(mark in zh for mark in (":", ",", ";", "(", ")")), zh
        assert en.startswith("I read this as ") and en.endswith(".")
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in en), en


def test_annual_usage_and_bill_accept_every_period():
    for period, per_year in PERIODS_PER_YEAR.items():
        reading = Reading(usage_m3=Decimal(30), usage_period=period)
        assert reading.annual_usage_m3 == Decimal(30) * per_year
        assert bill(reading.usage_m3, 3, period).annual_usage_m3 == reading.annual_usage_m3
    assert Reading(usage_m3=Decimal(30)).annual_usage_m3 == Decimal(30)


def test_dict_round_trip_is_json_safe():
    import json

    for entry in ENTRIES:
        reading = read_entry(entry)
        data = json.loads(json.dumps(reading.to_dict()))
        assert Reading.from_dict(data) == reading
    assert Reading.from_dict(None) is None
    assert Reading.from_dict({"usage_m3": "not a number"}) is None
    assert Reading.from_dict({"usage_m3": "NaN"}) is None and Reading.from_dict({"amount_yuan": "Infinity"}) is None
    assert Reading.from_dict({"question": "hack", "usage_period": "week"}) == Reading()


def test_long_message_is_read_whole():
    """A question at the end of a 10,000-character message is found; nothing is cut."""
    chatter = "我们小区最近在搞节水宣传，邻居们都很积极，大家互相提醒关好水龙头。" * 300
    text = chatter + "我家每个月十五吨，四口人，一年水费多少？"
    assert len(text) > 9000
    reading = read_message(text)
    assert (reading.usage_m3, reading.usage_period, reading.people, reading.question) == (Decimal(15), "month", 4, "bill")


def test_table_has_long_messages_in_both_languages():
    """The issue's long-message failure: at least one 900+ character message per language."""
    long_texts = [e["text"] for e in ENTRIES if len(e.get("text") or "") >= 900]
    assert any("\u4e00" <= ch <= "\u9fff" for t in long_texts for ch in t[:50])
    assert any(t.isascii() for t in long_texts)


@pytest.mark.parametrize("text", ["1" * 10_000, "一" * 9_999 + "吨", "一二" * 4_999 + "吨", "每个月，" * 2_500,
                                  "12吨，" * 3_333, "3 people and " * 769, "1." * 5_000, "交了150元，" * 1_666])
def test_pathological_long_input_is_read_in_linear_time(text):
    """10,000 characters of digits or repeated phrases: no regex backtracking blow-up (was 60 s)."""
    import time

    start = time.perf_counter()
    reading = read_message(text[:10_000])
    assert time.perf_counter() - start < 2.0
    assert reading.people is None or reading.people <= 200
