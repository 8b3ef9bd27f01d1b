"""Numeric answers with a tolerance (teachers' questions): examples and properties of the
scoring in core/quiz.py (hypothesis lives only in the site venv: skipped elsewhere)."""

from decimal import Decimal

import pytest

from core import quiz
from core.sources import Source

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def numeric(value: str, tolerance: str = "0") -> quiz.Question:
    return quiz.Question(
        id="own-1", bank="own-1", topic="tariffs", grades=("junior",), kind="numeric",
        text={"zh": "多少元？", "en": "How many yuan?"}, choices=(),
        explanation={"zh": "因为。", "en": "Because."}, source=Source("Teacher", None, "unsourced"),
        answer=quiz.NumericAnswer(Decimal(value), Decimal(tolerance), {"zh": "元", "en": "yuan"}))


@pytest.mark.parametrize("typed, value", [
    ("12.5", "12.5"), (" 12.50 ", "12.5"), ("１２．５", "12.5"), ("1,234.5", "1234.5"), ("-3", "-3"),
    ("\u22123", "-3"), (".5", "0.5"), ("+7", "7"), ("0.0", "0"), ("-0", "0")])
def test_typed_numbers_are_read(typed, value):
    assert quiz.number_text(quiz.parse_typed_number(typed)) == value


@pytest.mark.parametrize("typed", ["", "abc", "1.2.3", "12,5", "1e5", "nan", "Infinity", "十二", "1" * 40, "--1",
                                   ".", "1,23"])
def test_not_numbers_are_refused(typed):
    assert quiz.parse_typed_number(typed) is None
    with pytest.raises(quiz.AnswerError) as caught:
        quiz.check_choices(numeric("12"), [typed])
    assert caught.value.code in ("not_a_number", "none")


def test_tolerance_bounds_are_included_and_snapshots_score_the_same():
    question = numeric("120.5", "0.5")
    for typed, right in (("120", True), ("121", True), ("120.49", True), ("119.99", False), ("121.01", False)):
        assert quiz.is_correct(question, [typed]) is right
        assert quiz.is_correct(question.as_dict(), [typed]) is right
    assert question.as_dict()["answer"] == {"value": "120.5", "tolerance": "0.5", "unit": {"zh": "元", "en": "yuan"}}
    assert question.as_dict()["choices"] == []
    with pytest.raises(quiz.AnswerError) as caught:
        quiz.check_choices(question, ["1", "2"])
    assert caught.value.code == "too_many"
    assert quiz.check_choices(question, ["120.50"]) == {"120.5"}  # what an answer stores


def test_district_snapshots_are_unchanged():
    snapshot = quiz.all_questions()["tariff-highest"].as_dict()
    assert not {"answer", "seconds", "image"} & set(snapshot)


values = st.decimals(min_value=-10**6, max_value=10**6, places=3, allow_nan=False, allow_infinity=False)
tolerances = st.decimals(min_value=0, max_value=1000, places=3, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(values, tolerances, st.decimals(min_value=-1, max_value=1, places=3))
def test_within_tolerance_is_right_and_beyond_is_wrong(value, tolerance, fraction):
    question = numeric(str(value), str(tolerance))
    typed = value + tolerance * fraction  # anywhere in [value − tolerance, value + tolerance]
    assert quiz.is_correct(question, [str(typed)])
    beyond = value + tolerance + Decimal("0.001")
    assert not quiz.is_correct(question, [str(beyond)])
    assert not quiz.is_correct(question, [str(value - tolerance - Decimal("0.001"))])


@settings(max_examples=300, deadline=None)
@given(values)
def test_canonical_text_reads_back_to_the_same_number(value):
    text = quiz.number_text(value)
    assert quiz.parse_typed_number(text) == value and len(text) <= quiz.MAX_NUMBER_CHARS


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40))
def test_any_typed_text_is_a_number_or_a_clear_refusal(text):
    try:
        stored = quiz.check_choices(numeric("1", "0.5"), [text])
    except quiz.AnswerError as exc:
        assert exc.code in ("not_a_number", "none")
    else:
        (only,) = stored
        assert len(only) <= 64 and quiz.parse_typed_number(only) is not None
