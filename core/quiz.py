"""School quiz question banks (quizzes/*.yaml) and scoring.

A bank file holds questions in zh and en, each with a topic, grade bands, a kind (single
choice, true/false or multi-select), an explanation and a source. Prices and dates are never
typed into a question: texts use placeholders such as ``{tariff.tier1_price}`` or
``{days.world_water_day}`` that are filled at load time from `core.tariffs` and
`core.calendar`, and a word problem's answer is computed with `core.tariffs.bill`.
A broken bank raises `ContentError` naming the file and the field.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Iterable

from core import calendar, claims, money, price_dates, tariffs
from core.content import LANGS, ContentError, Fields, quizzes_dir, read_yaml, yaml_files
from core.i18n import date_texts, tr_ctx
from core.sources import Source, parse_source, parse_source_library

TOPICS = ("tariffs", "labels", "home", "water_days", "district_plan")
GRADE_BANDS = ("primary_lower", "primary_upper", "junior", "senior")
KINDS = ("single", "true_false", "multi")
# A teacher's own questions (web/quiz/bank.py) may also ask for a number, right within a tolerance.
ANSWER_KINDS = (*KINDS, "numeric")
# A word problem's choices name one of these computed values (yuan, from core.tariffs.bill).
BILL_VALUES = ("total_yuan", "all_at_tier1_yuan", "all_at_reached_price_yuan", "next_m3_price_yuan")
MAX_CHOICES = 6
POINTS_CORRECT = 100
POINTS_SPEED_MAX = 50
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*\.[a-z0-9_]+)\}")
# A question that shows a price must say which prices (core.check enforces it).
PRICE_PLACEHOLDER = re.compile(r"\{(?:tariff\.tier\d+_price|bill\.[a-z0-9_]+_yuan)\}")
AS_OF_PLACEHOLDER = "{tariff.as_of_note}"
TRUE_FALSE_TEXTS = {"true": tr_ctx("true/false answer", "True"), "false": tr_ctx("true/false answer", "False")}


@dataclass(frozen=True)
class Choice:
    id: str
    text: dict[str, str]
    correct: bool


@dataclass(frozen=True)
class NumericAnswer:
    """The number a numeric question expects: right when |typed − value| ≤ tolerance (same unit)."""

    value: Decimal
    tolerance: Decimal = Decimal(0)
    unit: dict[str, str] | None = None  # e.g. {"zh": "元", "en": "yuan"}, shown next to the box

    def as_dict(self) -> dict:
        return {"value": _number(self.value), "tolerance": _number(self.tolerance), "unit": self.unit}


@dataclass(frozen=True)
class Question:
    id: str
    bank: str
    topic: str
    grades: tuple[str, ...]
    kind: str
    text: dict[str, str]
    choices: tuple[Choice, ...]
    explanation: dict[str, str]
    source: Source | None  # None only for a teacher's question written without one
    facts: tuple[str, ...] = ()  # claim ids of content/facts/claims.yaml this question teaches
    quotes: tuple[str, ...] = ()  # text quoted word for word from a document in content/facts/
    answer: NumericAnswer | None = None  # numeric questions only (their choices are empty)
    seconds: int | None = None  # a live question's own time limit; None = the event's
    image: dict | None = None  # a teacher's picture: {"name": stored file name, "alt": {"zh", "en"}}

    @property
    def correct_ids(self) -> frozenset[str]:
        return frozenset(c.id for c in self.choices if c.correct)

    def as_dict(self) -> dict:
        """A plain snapshot (JSON-ready) that an event stores, so later content edits do not
        change a game in progress or its report."""
        return {
            "id": self.id, "bank": self.bank, "topic": self.topic, "grades": list(self.grades),
            "kind": self.kind, "text": self.text, "explanation": self.explanation,
            "choices": [{"id": c.id, "text": c.text, "correct": c.correct} for c in self.choices],
            "source": {"title": self.source.title, "url": self.source.url,
                       "confidence": self.source.confidence, "as_of": self.source.as_of} if self.source else None,
            **({"answer": self.answer.as_dict()} if self.answer is not None else {}),
            **({"seconds": self.seconds} if self.seconds else {}),
            **({"image": self.image} if self.image else {}),
        }


@dataclass(frozen=True)
class Bank:
    id: str
    title: dict[str, str]
    questions: tuple[Question, ...]
    path: str


# ---- placeholders -------------------------------------------------------------------------

def _number(value: Decimal) -> str:
    """3.45 → "3.45", 220 → "220" (no trailing zeros, no exponent)."""
    text = format(value.normalize(), "f")
    return text


def _yuan(value: Decimal) -> str:
    return money.yuan_text(value, symbol="", grouping=False)


def _month_day(month: int, day: int) -> dict[str, str]:
    """"8月1日" / "August 1" (a leap year, so 29 February is a day too)."""
    # Translators: a CLDR date pattern without the year (M month, MMMM its name, d day): "August 1"
    return date_texts(dt.date(2000, month, day), tr_ctx("date pattern (CLDR) without the year", "MMMM d"))


def _span(start: tuple[int, int], end: tuple[int, int]) -> dict[str, str]:
    if start == end:
        return _month_day(*start)
    if start[0] == end[0]:
        return tr_ctx("date range", "%(start)s–%(last_day)s", start=_month_day(*start), last_day=end[1])
    return tr_ctx("date range", "%(start)s – %(end)s", start=_month_day(*start), end=_month_day(*end))


def _same(text: str) -> dict[str, str]:
    return {lang: text for lang in LANGS}


@cache
def placeholder_values() -> dict[str, dict[str, str]]:
    """Every ``{group.name}`` a question may use, with its zh and en rendering.

    Tariff figures come from the tariff in force today; days from content/calendar.
    """
    values: dict[str, dict[str, str]] = {}
    tariff = tariffs.tariff_in_force()
    values["tariff.tiers"] = _same(str(len(tariff.tiers)))
    values["tariff.effective_year"] = _same(str(tariff.effective_from.year))
    # Translators: a CLDR date pattern (y year, M month, MMMM its name, d day): 2013-08-01 → "August 1, 2013"
    values["tariff.effective_from"] = date_texts(tariff.effective_from,
                                                 tr_ctx("date pattern (CLDR), month first", "MMMM d, y"))
    values["tariff.in_force_since"] = price_dates.in_force_since(tariff)
    values["tariff.as_of_note"] = price_dates.as_of_note(tariff)
    for tier in tariff.tiers:
        values[f"tariff.tier{tier.number}_price"] = _same(_number(tier.price_yuan_per_m3))
        values[f"tariff.tier{tier.number}_lower_m3"] = _same(_number(tier.lower_m3))
        if tier.upper_m3 is not None:
            values[f"tariff.tier{tier.number}_upper_m3"] = _same(_number(tier.upper_m3))
    if tariff.large_household is not None:
        values["tariff.large_household_min_people"] = _same(str(tariff.large_household.min_people))
        values["tariff.large_household_extra_m3"] = _same(_number(tariff.large_household.extra_m3))
    for day in calendar.water_days():
        if day.kind == "fixed":
            values[f"days.{day.key}"] = _span(day.month_day, day.end_month_day or day.month_day)
        else:
            values[f"days.{day.key}_anchor"] = _month_day(*day.month_day)
        values[f"days.{day.key}_name"] = dict(day.name)
    return values


def _word_problem_values(f: Fields) -> dict[str, dict[str, str]]:
    """The computed figures of a word problem (`bill: {usage_m3, people?}`), as placeholders."""
    spec = f.child("bill")
    usage = spec.decimal("usage_m3", minimum=Decimal(0))
    people = spec.integer("people", 1, minimum=1)
    try:
        result = tariffs.bill(usage, people, "year")
    except tariffs.InputError as exc:
        raise spec.error("usage_m3", str(exc)) from None
    reached_price = result.tariff.tiers[result.tier - 1].price_yuan_per_m3
    computed = {
        "total_yuan": result.total_yuan,
        "all_at_tier1_yuan": usage * result.tariff.tiers[0].price_yuan_per_m3,
        "all_at_reached_price_yuan": usage * reached_price,
        "next_m3_price_yuan": result.next_m3_price_yuan,
    }
    values = {f"bill.{key}": _same(_yuan(value)) for key, value in computed.items()}
    values["bill.usage_m3"] = _same(_number(usage))
    values["bill.people"] = _same(str(people))
    values["bill.tier"] = _same(str(result.tier))
    for charge in result.charges:
        values[f"bill.tier{charge.tier}_m3"] = _same(_number(charge.volume_m3))
    return values


def _fill(f: Fields, key: str, text: dict[str, str], values: dict[str, dict[str, str]]) -> dict[str, str]:
    filled = {}
    for lang in LANGS:
        def swap(match: re.Match, lang: str = lang) -> str:
            name = match.group(1)
            if name not in values:
                raise f.error(f"{key}.{lang}", f"unknown placeholder {{{name}}}")
            return values[name][lang]
        filled[lang] = PLACEHOLDER.sub(swap, text[lang])
    return filled


# ---- loading ------------------------------------------------------------------------------

def _choices(f: Fields, kind: str, values: dict[str, dict[str, str]]) -> tuple[Choice, ...]:
    if kind == "true_false":
        if f.has("choices"):
            raise f.error("choices", "a true/false question takes `answer: true|false`, not choices")
        answer = f.raw("answer")
        if not isinstance(answer, bool):
            raise f.error("answer", "must be true or false")
        return tuple(Choice(key, TRUE_FALSE_TEXTS[key], (key == "true") == answer) for key in ("true", "false"))
    if f.has("answer"):
        raise f.error("answer", "only true/false questions take `answer`; mark choices with correct: true")
    items = f.children("choices")
    if not 2 <= len(items) <= MAX_CHOICES:
        raise f.error("choices", f"needs 2 to {MAX_CHOICES} choices")
    computed_answer = f.child("bill").choice("answer", BILL_VALUES) if f.has("bill") else None
    choices, seen_ids, seen_texts = [], set(), set()
    for c in items:
        cid = c.text("id")
        if not re.fullmatch(r"[a-z0-9_]{1,16}", cid) or cid in seen_ids:
            raise c.error("id", "must be a short unique lowercase id (a-z, 0-9, _)")
        seen_ids.add(cid)
        if c.has("value"):  # a computed word-problem value; correctness computed too
            if computed_answer is None:
                raise c.error("value", "needs `bill:` on the question")
            value_key = c.choice("value", BILL_VALUES)
            if c.has("correct"):
                raise c.error("correct", "is computed for `value` choices; do not type it")
            template = c.bilingual("text", tr_ctx("an amount in yuan", "¥%(value)s", value="{value}"))
            number = values[f"bill.{value_key}"]
            text = {lang: template[lang].replace("{value}", number[lang]) for lang in LANGS}
            correct = value_key == computed_answer
        else:
            text = _fill(c, "text", c.bilingual("text"), values)
            correct = c.raw("correct", False)
            if not isinstance(correct, bool):
                raise c.error("correct", "must be true or false")
        if text["en"].casefold() in seen_texts:
            raise c.error("text", "two choices read the same (check computed values)")
        seen_texts.add(text["en"].casefold())
        choices.append(Choice(cid, text, correct))
    right = sum(c.correct for c in choices)
    if kind == "single" and right != 1:
        raise f.error("choices", f"a single-choice question needs exactly one correct choice (has {right})")
    if kind == "multi" and not 1 <= right < len(choices):
        raise f.error("choices", "a multi-select question needs at least one correct and one wrong choice")
    return tuple(choices)


def _typed_prices() -> list[re.Pattern]:
    """Every tier price of every tariff version, as a number typed into a text would read."""
    prices = {_number(t.price_yuan_per_m3) for tariff in tariffs.tariffs() for t in tariff.tiers}
    return [re.compile(rf"(?<![0-9.]){re.escape(p)}(?![0-9])") for p in sorted(prices) if "." in p]


def uses_price(f: Fields) -> bool:
    """Does this question show a price (a price placeholder, a computed bill, or a typed price)?"""
    if f.has("bill"):
        return True
    texts = [f.data.get("text"), f.data.get("explanation")]
    texts += [c.get("text") for c in f.data.get("choices") or () if isinstance(c, dict)]
    strings = [v for t in texts if isinstance(t, dict) for v in t.values() if isinstance(v, str)]
    if any(PRICE_PLACEHOLDER.search(text) for text in strings):
        return True
    return any(pattern.search(text) for text in strings for pattern in _typed_prices())


def _check_price_date(f: Fields) -> None:
    """A price taught without its date reads as today's price: require the as-of note."""
    if not uses_price(f):
        return
    explanation = f.bilingual("explanation")
    for lang in LANGS:
        if AS_OF_PLACEHOLDER not in explanation[lang]:
            raise f.error(f"explanation.{lang}",
                          f"shows a price but does not say which prices: add {AS_OF_PLACEHOLDER}")


def _question(f: Fields, bank_id: str) -> Question:
    kind = f.choice("kind", KINDS)
    grades = f.items("grades")
    if not grades or any(g not in GRADE_BANDS for g in grades):
        raise f.error("grades", f"must list grade bands from {', '.join(GRADE_BANDS)}")
    values = dict(placeholder_values())
    if f.has("bill"):
        if kind != "single":
            raise f.error("bill", "word problems are single-choice")
        values.update(_word_problem_values(f))
    qid = f.text("id")
    if not re.fullmatch(r"[a-z0-9_-]{2,48}", qid):
        raise f.error("id", "must be 2-48 characters a-z, 0-9, - or _")
    _check_price_date(f)
    text = _fill(f, "text", f.bilingual("text"), values)
    choices = _choices(f, kind, values)
    explanation = _fill(f, "explanation", f.bilingual("explanation"), values)
    shown = [*text.values(), *explanation.values(), *(t for c in choices for t in c.text.values())]
    return Question(
        id=qid, bank=bank_id, topic=f.choice("topic", TOPICS), grades=tuple(dict.fromkeys(grades)),
        kind=kind, text=text, choices=choices, explanation=explanation,
        source=parse_source(f.child("source")), facts=claims.check_references(f, shown),
        quotes=claims.check_quotes(f),
    )


def load_bank(path) -> Bank:
    f = Fields(path, read_yaml(path))
    parse_source_library(f)
    bank_id = f.text("id")
    questions = tuple(_question(q, bank_id) for q in f.children("questions"))
    if not questions:
        raise f.error("questions", "needs at least one question")
    return Bank(id=bank_id, title=f.bilingual("title"), questions=questions, path=str(path))


@cache
def banks() -> tuple[Bank, ...]:
    """Every bank in quizzes/, with question ids unique across all of them."""
    loaded = [load_bank(path) for path in yaml_files(quizzes_dir())]
    if not loaded:
        raise ContentError(quizzes_dir(), "", "no question banks")
    bank_ids: dict[str, str] = {}
    question_ids: dict[str, str] = {}
    for bank in loaded:
        if bank.id in bank_ids:
            raise ContentError(bank.path, "id", f"bank id {bank.id!r} also used in {bank_ids[bank.id]}")
        bank_ids[bank.id] = bank.path
        for index, question in enumerate(bank.questions):
            if question.id in question_ids:
                raise ContentError(bank.path, f"questions[{index}].id",
                                   f"{question.id!r} also used in {question_ids[question.id]}")
            question_ids[question.id] = bank.path
    return tuple(loaded)


def bank(bank_id: str) -> Bank | None:
    return next((b for b in banks() if b.id == bank_id), None)


def all_questions() -> dict[str, Question]:
    return {q.id: q for b in banks() for q in b.questions}


def select_questions(count: int, *, bank_id: str | None = None, topics: Iterable[str] = (),
                     grade: str | None = None, rng: random.Random | None = None) -> list[Question]:
    """A random set of up to `count` questions from one bank (or all), filtered by topic and grade band."""
    topics = set(topics)
    pool = [
        q for b in banks() if bank_id in (None, "", b.id) for q in b.questions
        if (not topics or q.topic in topics) and (not grade or grade in q.grades)
    ]
    rng = rng or random.Random()
    return rng.sample(pool, min(count, len(pool)))


# ---- scoring (works on Question objects and on stored snapshots alike) --------------------

class AnswerError(ValueError):
    """Choice ids that do not fit the question: `code` is unknown_choice, none, too_many or
    not_a_number (a numeric question's answer)."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


MAX_NUMBER_CHARS = 32
_TYPED_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d{1,15}|)(?:\.\d{1,6})?")


def parse_typed_number(text: object) -> Decimal | None:
    """A number a student typed (full-width digits, 1,234.5, −3, .5) → Decimal; None if it is not one."""
    if not isinstance(text, str) or len(text) > MAX_NUMBER_CHARS:
        return None
    folded = unicodedata.normalize("NFKC", text).strip().replace("\u2212", "-").replace("，", ",").replace("。", ".")
    if not re.search(r"\d", folded) or not _TYPED_NUMBER.fullmatch(folded):
        return None
    return Decimal(folded.replace(",", ""))


def number_text(value: Decimal) -> str:
    """The canonical text of a number as answers store it: 3.50 → "3.5", -0 → "0"."""
    return _number(value + 0) if value != 0 else "0"


def _numeric(question: Question | dict) -> tuple[Decimal, Decimal] | None:
    if isinstance(question, Question):
        return (question.answer.value, question.answer.tolerance) if question.answer else None
    answer = question.get("answer")
    return (Decimal(answer["value"]), Decimal(answer["tolerance"])) if answer else None


def _choice_ids_and_correct(question: Question | dict) -> tuple[list[str], set[str], str]:
    if isinstance(question, Question):
        return [c.id for c in question.choices], set(question.correct_ids), question.kind
    return ([c["id"] for c in question["choices"]],
            {c["id"] for c in question["choices"] if c["correct"]}, question["kind"])


def check_choices(question: Question | dict, choice_ids: Iterable[str]) -> frozenset[str]:
    """The chosen ids as a set, after checking they belong to the question and fit its kind.

    A numeric question takes one typed number instead of ids; it comes back as its canonical
    text (`number_text`), which is what an answer stores."""
    ids, _, kind = _choice_ids_and_correct(question)
    chosen = frozenset(choice_ids)
    if not chosen:
        raise AnswerError("none")
    if kind == "numeric":
        if len(chosen) != 1:
            raise AnswerError("too_many")
        value = parse_typed_number(next(iter(chosen)))
        if value is None:
            raise AnswerError("not_a_number")
        return frozenset({number_text(value)})
    if not chosen <= set(ids):
        raise AnswerError("unknown_choice")
    if kind != "multi" and len(chosen) != 1:
        raise AnswerError("too_many")
    return chosen


def is_correct(question: Question | dict, choice_ids: Iterable[str]) -> bool:
    """All-or-nothing: a multi-select answer is right only with every correct choice and no other;
    a numeric answer is right within the question's tolerance (bounds included)."""
    _, correct, kind = _choice_ids_and_correct(question)
    chosen = check_choices(question, choice_ids)
    if kind == "numeric":
        value, tolerance = _numeric(question)
        return abs(Decimal(next(iter(chosen))) - value) <= tolerance
    return chosen == correct


def points(correct: bool, *, speed_bonus: bool = False, elapsed_seconds: float = 0.0,
           limit_seconds: float | None = None) -> int:
    """Points for one answer: 100 if correct; with the speed bonus up to 50 more, falling
    linearly to 0 at the time limit. Wrong answers score 0 (never negative)."""
    if not correct:
        return 0
    if not speed_bonus or not limit_seconds:
        return POINTS_CORRECT
    left = max(0.0, min(1.0, 1 - elapsed_seconds / limit_seconds))
    return POINTS_CORRECT + round(POINTS_SPEED_MAX * left)


def check() -> None:
    """Load and validate every bank (for `python -m core.check`)."""
    placeholder_values.cache_clear()
    banks.cache_clear()
    banks()
