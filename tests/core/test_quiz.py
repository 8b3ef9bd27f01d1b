"""Quiz banks: validation errors name file and field, placeholders come from content, word
problems are computed with core.tariffs.bill, and scoring (incl. multi-select)."""

from __future__ import annotations

import textwrap
from decimal import Decimal

import pytest

from core import quiz, tariffs
from core.content import ContentError

SOURCE = "source: {title: Test, url: 'https://example.org', confidence: high, as_of: '2024', kind: official}"


def write_bank(tmp_path, questions: str, bank_id: str = "test") -> str:
    path = tmp_path / f"{bank_id}.yaml"
    path.write_text(f"id: {bank_id}\ntitle: {{zh: 测试, en: Test}}\nquestions:\n" + textwrap.indent(
        textwrap.dedent(questions), "  "), encoding="utf-8")
    return path


def single(extra: str = "", text_en: str = "Q?", choices: str | None = None) -> str:
    choices = choices or """
      - {id: a, text: {zh: 甲, en: A}, correct: true}
      - {id: b, text: {zh: 乙, en: B}}"""
    return f"""
- id: q1
  topic: tariffs
  grades: [junior]
  kind: single
  text: {{zh: 题, en: "{text_en}"}}
  choices:{choices}
  explanation: {{zh: 解释, en: Because}}
  {SOURCE}
{extra}"""


def test_every_bank_loads_with_enough_questions_in_both_languages():
    quiz.check()
    questions = quiz.all_questions()
    assert len(questions) >= 80
    assert {q.topic for q in questions.values()} == set(quiz.TOPICS)
    assert {g for q in questions.values() for g in q.grades} == set(quiz.GRADE_BANDS)
    assert {q.kind for q in questions.values()} == set(quiz.KINDS)
    for q in questions.values():
        assert q.text["zh"] and q.text["en"] and q.explanation["zh"] and q.explanation["en"]
        assert "{" not in q.text["en"] + q.explanation["en"] + "".join(c.text["en"] for c in q.choices)
        assert q.source.title


def test_placeholders_are_filled_from_the_tariff_and_calendar():
    tariff = tariffs.tariff_in_force()
    question = quiz.all_questions()["tariff-tier1-price"]
    right = next(c for c in question.choices if c.correct)
    assert right.text["en"] == f"¥{tariff.tiers[0].price_yuan_per_m3.normalize()}"
    assert quiz.all_questions()["days-world-water-day"].choices[0].text == {
        "zh": "每年3月22日", "en": "March 22 every year"}


def test_word_problem_answer_is_the_computed_bill():
    question = quiz.all_questions()["tariff-bill-300"]
    right = next(c for c in question.choices if c.correct)
    assert right.text["en"] == f"¥{tariffs.bill(Decimal(300)).total_yuan}"
    wrong = [c.text["en"] for c in question.choices if not c.correct]
    assert len(set(wrong)) == 2 and right.text["en"] not in wrong


def test_word_problem_whose_distractors_coincide_is_refused(tmp_path, monkeypatch):
    # 100 m³ is all tier 1: "all at tier 1" equals the real bill, so the choices would read the same.
    bank = write_bank(tmp_path, """
    - id: wp
      topic: tariffs
      grades: [junior]
      kind: single
      bill: {usage_m3: 100, answer: total_yuan}
      text: {zh: "{bill.usage_m3}立方米？", en: "{bill.usage_m3} m3?"}
      choices:
        - {id: a, value: total_yuan}
        - {id: b, value: all_at_tier1_yuan}
      explanation: {zh: "解释{tariff.as_of_note}", en: "Because {tariff.as_of_note}"}
      source: {title: T, url: "https://example.org", confidence: high, kind: official}
    """)
    with pytest.raises(ContentError, match=r"questions\[0\]\.choices\[1\]\.text: two choices read the same"):
        quiz.load_bank(bank)


@pytest.mark.parametrize("questions, message", [
    (single(text_en="{tariff.no_such}"), r"test\.yaml: questions\[0\]\.text\.en: unknown placeholder"),
    (single().replace("kind: single", "kind: essay"), r"questions\[0\]\.kind: must be one of"),
    (single().replace("grades: [junior]", "grades: [college]"), r"questions\[0\]\.grades"),
    (single().replace("en: Because", "en: ''"), r"questions\[0\]\.explanation\.en: is required"),
    (single().replace(SOURCE, ""), r"questions\[0\]\.source: is required"),
    (single(choices="""
      - {id: a, text: {zh: 甲, en: A}, correct: true}
      - {id: b, text: {zh: 乙, en: B}, correct: true}"""), r"exactly one correct choice \(has 2\)"),
    (single(choices="""
      - {id: a, text: {zh: 甲, en: A}, correct: true}"""), r"choices: needs 2 to 6 choices"),
    (single(choices="""
      - {id: a, text: {zh: 甲, en: A}, correct: true}
      - {id: b, text: {zh: 乙}}"""), r"choices\[1\]\.text\.en: is required"),
])
def test_broken_banks_name_the_file_and_field(tmp_path, questions, message):
    with pytest.raises(ContentError, match=message):
        quiz.load_bank(write_bank(tmp_path, questions))


@pytest.mark.parametrize("text_en", [
    "What is ¥{tariff.tier1_price}?",  # a price placeholder
    "Is 3.45 yuan cheap?",  # a price typed in by hand
])
def test_a_price_without_its_date_is_refused(tmp_path, text_en):
    with pytest.raises(ContentError, match=r"questions\[0\]\.explanation\.zh: shows a price but does not say which"):
        quiz.load_bank(write_bank(tmp_path, single(text_en=text_en)))
    dated = single(text_en=text_en).replace(
        "explanation: {zh: 解释, en: Because}",
        'explanation: {zh: "解释{tariff.as_of_note}", en: "Because {tariff.as_of_note}"}')
    assert quiz.load_bank(write_bank(tmp_path, dated)).questions[0].explanation["zh"].endswith("最新公告为准。）")
    assert not quiz.uses_price(quiz.Fields(tmp_path, {"text": {"en": "3.450 km, 13.45 m"}}))


def test_every_price_in_the_banks_carries_its_date_and_caveat():
    tariff = tariffs.tariff_in_force()
    priced = [q for q in quiz.all_questions().values()
              if any(str(t.price_yuan_per_m3) in q.explanation["en"] + q.text["en"] + "".join(c.text["en"] for c in q.choices)
                     for t in tariff.tiers) or q.id.startswith("tariff-bill-")]
    assert len(priced) >= 18
    for q in priced:
        assert "2013年8月1日起执行的价格" in q.explanation["zh"] and "可能已调整" in q.explanation["zh"], q.id
        assert "prices in force since 1 August 2013" in q.explanation["en"], q.id
        assert "may have changed since" in q.explanation["en"], q.id


def test_the_snapshot_an_event_stores_carries_the_source_for_the_reveal():
    snapshot = quiz.all_questions()["tariff-bill-300"].as_dict()
    assert snapshot["source"]["url"].startswith("http") and snapshot["source"]["as_of"] == "2013-07-30"
    assert snapshot["source"]["title"]


def test_duplicate_question_ids_across_banks_are_refused(tmp_path, monkeypatch):
    write_bank(tmp_path, single(), "one")
    write_bank(tmp_path, single(), "two")
    monkeypatch.setenv("PUTUO_QUIZZES_DIR", str(tmp_path))
    quiz.banks.cache_clear()
    try:
        with pytest.raises(ContentError, match=r"two\.yaml: questions\[0\]\.id: 'q1' also used"):
            quiz.banks()
    finally:
        monkeypatch.delenv("PUTUO_QUIZZES_DIR")
        quiz.banks.cache_clear()


def test_true_false_choices_are_generated():
    question = quiz.all_questions()["tariff-incremental"]
    assert [c.id for c in question.choices] == ["true", "false"]
    assert question.correct_ids == {"false"}


def test_scoring_single_true_false_and_multi_select():
    single_q = quiz.all_questions()["tariff-highest"]
    assert quiz.is_correct(single_q, ["c"]) and not quiz.is_correct(single_q, ["a"])
    multi = quiz.all_questions()["label-contents"]  # a, b, c correct; d, e wrong
    assert quiz.is_correct(multi, ["c", "a", "b"])
    assert not quiz.is_correct(multi, ["a", "b"])  # missing one: all-or-nothing
    assert not quiz.is_correct(multi, ["a", "b", "c", "d"])  # one too many
    snapshot = multi.as_dict()
    assert quiz.is_correct(snapshot, ["a", "b", "c"])  # stored snapshots score the same way


@pytest.mark.parametrize("choices, code", [([], "none"), (["z"], "unknown_choice"), (["a", "b"], "too_many")])
def test_bad_choice_ids_are_refused(choices, code):
    with pytest.raises(quiz.AnswerError) as caught:
        quiz.check_choices(quiz.all_questions()["tariff-highest"], choices)
    assert caught.value.code == code


def test_points_with_and_without_speed_bonus():
    assert quiz.points(False) == 0
    assert quiz.points(True) == 100
    assert quiz.points(True, speed_bonus=True, elapsed_seconds=0, limit_seconds=20) == 150
    assert quiz.points(True, speed_bonus=True, elapsed_seconds=10, limit_seconds=20) == 125
    assert quiz.points(True, speed_bonus=True, elapsed_seconds=30, limit_seconds=20) == 100


def test_select_questions_filters_by_topic_and_grade():
    import random

    picked = quiz.select_questions(5, topics=["labels"], grade="senior", rng=random.Random(1))
    assert len(picked) == 5
    assert all(q.topic == "labels" and "senior" in q.grades for q in picked)
    assert len(quiz.select_questions(500, bank_id="water_days")) == len(quiz.bank("water_days").questions)
