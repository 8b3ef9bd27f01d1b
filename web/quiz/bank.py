"""Teachers' question banks: who may see and change which bank, one validation for the editor
and the import, and turning a teacher's question into a `core.quiz.Question` for an event.

A question travels in one plain shape (`clean` returns it, `as_plain` reads it back, the JSON
export is a list of it):

    {"kind": "single"|"multi"|"true_false"|"numeric", "topic": …, "grades": [...],
     "text": {"zh", "en"}, "explanation": {"zh", "en"},
     "choices": [{"zh", "en", "correct"}, …]           # single / multi
     "answer": true|false                              # true_false
     "numeric": {"value", "tolerance", "unit": {"zh", "en"}}   # numeric
     "source": {"title", "url"}, "seconds": 20 | None}

Refusals raise `BankError(field, code, **params)`; `message(code)` says it in the user's
language. Functions `flush()`; the request commits once.
"""

from __future__ import annotations

import json
import random
import re
from decimal import Decimal

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import or_, select

from core import quiz as core_quiz
from core import word_problems
from core.content import LANGS
from core.sources import Source
from web import clock
from web.extensions import db
from web.quiz.bank_models import BankQuestion, QuestionBank

MIN_CHOICES, MAX_CHOICES = 2, core_quiz.MAX_CHOICES
MAX_TEXT, MAX_EXPLANATION, MAX_CHOICE, MAX_UNIT = 500, 1000, 120, 16
MIN_SECONDS, MAX_SECONDS = 5, 300
MAX_QUESTIONS_PER_BANK = 500
CHOICE_IDS = "abcdef"
# A teacher's own source has not been checked by the project: it reads "not verified".
TEACHER_CONFIDENCE = "not_found"


class BankError(Exception):
    """A refusal: `field` names the form field (text_zh, choice_2, seconds…), `code` the reason."""

    def __init__(self, field: str, code: str, **params):
        self.field, self.code, self.params = field, code, params
        super().__init__(f"{field}: {code}")

    def text(self) -> str:
        return message(self.code, **self.params)


def message(code: str, **params) -> str:
    if code == "core":  # core's own zh/en message, already in the user's language
        return params["text"]
    texts = {
        "kind": _("Choose a question type."),
        "topic": _("Choose a topic."),
        "grades": _("Choose at least one grade band."),
        "required_zh": _("Write this in Chinese."),
        "required_en": _("Write this in English."),
        "too_long": _("At most %(count)s characters.", **params) if "count" in params else "",
        "explanation_pair": _("Write the explanation in both Chinese and English, or leave both empty."),
        "choices_count": _("Give from %(min)s to %(max)s choices.", min=MIN_CHOICES, max=MAX_CHOICES),
        "choice_pair": _("Choice %(number)s needs both its Chinese and its English text.", **params)
        if "number" in params else "",
        "choices_same": _("Two choices read the same."),
        "single_correct": _("Mark exactly one choice as correct."),
        "multi_correct": _("Mark at least one correct and at least one wrong choice."),
        "true_false": _("Say whether the statement is true or false."),
        "number": _("Enter a number, for example 12.5."),
        "tolerance": _("Enter a tolerance of 0 or more, for example 0.5."),
        "url": _("Give a web address starting with http:// or https://, or leave it empty."),
        "source_title": _("Name the source whose address you give."),
        "seconds": _("Choose from %(min)s to %(max)s seconds.", min=MIN_SECONDS, max=MAX_SECONDS),
        "bank_full": _("A bank holds at most %(count)s questions.", count=MAX_QUESTIONS_PER_BANK),
        "image_alt": _("Describe the picture in Chinese and English for students who cannot see it."),
    }
    return texts.get(code) or _("Please check this field.")


# ---- validation ---------------------------------------------------------------------------

def _text(raw: object) -> str:
    return raw.strip() if isinstance(raw, str) else ""


def _bilingual(raw: object, field: str, limit: int, required: bool) -> dict[str, str]:
    raw = raw if isinstance(raw, dict) else {}
    values = {lang: _text(raw.get(lang)).replace("\r\n", "\n") for lang in LANGS}
    for lang in LANGS:
        if required and not values[lang]:
            raise BankError(f"{field}_{lang}", f"required_{lang}")
        if len(values[lang]) > limit:
            raise BankError(f"{field}_{lang}", "too_long", count=limit)
    return values


def _decimal(raw: object) -> Decimal | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, Decimal)):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(str(raw))
    return core_quiz.parse_typed_number(raw)


def clean(raw: dict) -> dict:
    """Check one question (from the editor or an import) and return it in the plain shape."""
    kind = raw.get("kind")
    if kind not in core_quiz.ANSWER_KINDS:
        raise BankError("kind", "kind")
    topic = raw.get("topic")
    if topic not in core_quiz.TOPICS:
        raise BankError("topic", "topic")
    grades = raw.get("grades")
    grades = [g for g in core_quiz.GRADE_BANDS if isinstance(grades, (list, tuple)) and g in grades]
    if not grades:
        raise BankError("grades", "grades")
    text = _bilingual(raw.get("text"), "text", MAX_TEXT, required=True)
    explanation = _bilingual(raw.get("explanation"), "explanation", MAX_EXPLANATION, required=False)
    if bool(explanation["zh"]) != bool(explanation["en"]):
        raise BankError("explanation_en" if explanation["zh"] else "explanation_zh", "explanation_pair")
    plain = {"kind": kind, "topic": topic, "grades": grades, "text": text, "explanation": explanation,
             "choices": [], "answer": None, "numeric": None}
    if kind in ("single", "multi"):
        plain["choices"] = _clean_choices(raw.get("choices"), kind)
    elif kind == "true_false":
        if not isinstance(raw.get("answer"), bool):
            raise BankError("answer", "true_false")
        plain["answer"] = raw["answer"]
    else:
        plain["numeric"] = _clean_numeric(raw.get("numeric"))
    source = raw.get("source") if isinstance(raw.get("source"), dict) else {}
    title, url = _text(source.get("title")), _text(source.get("url"))
    if len(title) > 200:
        raise BankError("source_title", "too_long", count=200)
    if url and (len(url) > 500 or not re.fullmatch(r"https?://[^\s<>\"']+\.[^\s<>\"']+", url)):
        raise BankError("source_url", "url")
    if url and not title:
        raise BankError("source_title", "source_title")
    plain["source"] = {"title": title, "url": url}
    seconds = raw.get("seconds")
    if seconds in (None, ""):
        plain["seconds"] = None
    else:
        number = _decimal(seconds) if not isinstance(seconds, int) or isinstance(seconds, bool) else Decimal(seconds)
        if number is None or number != number.to_integral_value() or not MIN_SECONDS <= number <= MAX_SECONDS:
            raise BankError("seconds", "seconds")
        plain["seconds"] = int(number)
    return plain


def _clean_choices(raw: object, kind: str) -> list[dict]:
    items = [c for c in raw if isinstance(c, dict)] if isinstance(raw, list) else []
    choices = []
    for number, item in enumerate(items, start=1):
        zh, en = _text(item.get("zh")), _text(item.get("en"))
        if not zh and not en:
            continue  # an empty row of the editor
        if not zh or not en:
            raise BankError(f"choice_{number}", "choice_pair", number=number)
        if len(zh) > MAX_CHOICE or len(en) > MAX_CHOICE:
            raise BankError(f"choice_{number}", "too_long", count=MAX_CHOICE)
        choices.append({"zh": zh, "en": en, "correct": item.get("correct") is True})
    if not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
        raise BankError("choices", "choices_count")
    for lang in LANGS:
        if len({c[lang].casefold() for c in choices}) != len(choices):
            raise BankError("choices", "choices_same")
    right = sum(c["correct"] for c in choices)
    if kind == "single" and right != 1:
        raise BankError("choices", "single_correct")
    if kind == "multi" and not 1 <= right < len(choices):
        raise BankError("choices", "multi_correct")
    return choices


def _clean_numeric(raw: object) -> dict:
    raw = raw if isinstance(raw, dict) else {}
    value = _decimal(raw.get("value"))
    if value is None:
        raise BankError("value", "number")
    tolerance_raw = raw.get("tolerance")
    tolerance = Decimal(0) if tolerance_raw in (None, "") else _decimal(tolerance_raw)
    if tolerance is None or tolerance < 0:
        raise BankError("tolerance", "tolerance")
    unit = raw.get("unit") if isinstance(raw.get("unit"), dict) else {}
    unit = {lang: _text(unit.get(lang)) for lang in LANGS}
    for lang in LANGS:
        if len(unit[lang]) > MAX_UNIT:
            raise BankError(f"unit_{lang}", "too_long", count=MAX_UNIT)
    return {"value": core_quiz.number_text(value), "tolerance": core_quiz.number_text(tolerance), "unit": unit}


# ---- rows <-> plain shape -----------------------------------------------------------------

def apply(row: BankQuestion, plain: dict) -> None:
    """Write a cleaned question onto its row."""
    row.kind, row.topic, row.grades = plain["kind"], plain["topic"], ",".join(plain["grades"])
    row.text_zh, row.text_en = plain["text"]["zh"], plain["text"]["en"]
    row.explanation_zh, row.explanation_en = plain["explanation"]["zh"], plain["explanation"]["en"]
    if plain["kind"] == "true_false":
        choices = [{**core_quiz.TRUE_FALSE_TEXTS["true"], "correct": plain["answer"]},
                   {**core_quiz.TRUE_FALSE_TEXTS["false"], "correct": not plain["answer"]}]
    else:
        choices = plain["choices"]
    row.choices_json = json.dumps(choices, ensure_ascii=False)
    numeric = plain["numeric"] or {}
    row.answer_value, row.answer_tolerance = numeric.get("value"), numeric.get("tolerance")
    unit = numeric.get("unit") or {}
    row.unit_zh, row.unit_en = unit.get("zh", ""), unit.get("en", "")
    row.source_title, row.source_url = plain["source"]["title"], plain["source"]["url"]
    row.seconds = plain["seconds"]
    row.updated_at = clock.now()


def as_plain(row: BankQuestion) -> dict:
    """A stored question in the plain shape (for the editor and the exports)."""
    plain = {"kind": row.kind, "topic": row.topic, "grades": [g for g in row.grades.split(",") if g],
             "text": {"zh": row.text_zh, "en": row.text_en},
             "explanation": {"zh": row.explanation_zh, "en": row.explanation_en},
             "choices": [], "answer": None, "numeric": None,
             "source": {"title": row.source_title, "url": row.source_url}, "seconds": row.seconds}
    if row.kind in ("single", "multi"):
        plain["choices"] = [{"zh": c["zh"], "en": c["en"], "correct": c["correct"]} for c in row.choices]
    elif row.kind == "true_false":
        plain["answer"] = bool(row.choices and row.choices[0]["correct"])
    else:
        plain["numeric"] = {"value": row.answer_value, "tolerance": row.answer_tolerance or "0",
                            "unit": {"zh": row.unit_zh, "en": row.unit_en}}
    return plain


def to_core(row: BankQuestion, source: Source | None = None) -> core_quiz.Question:
    """The question as `core.quiz` scores it and an event snapshots it."""
    if row.kind == "true_false":
        right = bool(row.choices and row.choices[0]["correct"])
        choices = tuple(core_quiz.Choice(key, core_quiz.TRUE_FALSE_TEXTS[key], (key == "true") == right)
                        for key in ("true", "false"))
    else:
        choices = tuple(core_quiz.Choice(CHOICE_IDS[i], {"zh": c["zh"], "en": c["en"]}, c["correct"])
                        for i, c in enumerate(row.choices))
    answer = None
    if row.kind == "numeric":
        unit = {"zh": row.unit_zh, "en": row.unit_en} if (row.unit_zh or row.unit_en) else None
        answer = core_quiz.NumericAnswer(Decimal(row.answer_value), Decimal(row.answer_tolerance or 0), unit)
    generated = row.generator
    if source is None and generated and generated.get("source"):
        s = generated["source"]
        source = Source(s["title"], s.get("url"), s["confidence"], s.get("as_of"))
    if source is None and row.source_title:
        source = Source(row.source_title, row.source_url or None, TEACHER_CONFIDENCE)
    return core_quiz.Question(
        id=row.key, bank=row.bank.key, topic=row.topic, grades=tuple(g for g in row.grades.split(",") if g),
        kind=row.kind, text={"zh": row.text_zh, "en": row.text_en}, choices=choices,
        explanation={"zh": row.explanation_zh, "en": row.explanation_en}, source=source,
        answer=answer, seconds=row.seconds,
        image={"name": row.image, "alt": {"zh": row.image_alt_zh, "en": row.image_alt_en}} if row.image else None)


def word_problem(usage_m3: str, people: int, ask: str, grades: list[str], tolerance: str,
                 seconds: int | None, lang: str) -> tuple[dict, dict]:
    """A generated tariff word problem in the plain shape, and what it was computed from.
    Every figure comes from `core.word_problems` (core.tariffs); the teacher types none."""
    try:
        problem = word_problems.tariff_word_problem(usage_m3, people, ask)
    except word_problems.WordProblemError as exc:
        raise BankError(exc.field, "core", text=exc.message[lang]) from None
    plain = clean({
        "kind": "numeric", "topic": "tariffs", "grades": grades, "text": problem.text,
        "explanation": problem.explanation, "seconds": seconds,
        "numeric": {"value": str(problem.answer), "tolerance": tolerance, "unit": problem.unit},
        "source": {"title": problem.source.title[:200], "url": problem.source.url or ""},
    })
    return plain, problem.spec


# ---- who sees what ------------------------------------------------------------------------

def can_edit(user, bank: QuestionBank) -> bool:
    return user.role == "admin" or bank.owner_id == user.id


def can_see(user, bank: QuestionBank) -> bool:
    return can_edit(user, bank) or bank.shared


def visible_banks(user) -> list[QuestionBank]:
    """The user's own banks first, then banks other teachers shared (admins see every bank)."""
    query = select(QuestionBank).order_by(QuestionBank.title, QuestionBank.id)
    if user.role != "admin":
        query = query.where(or_(QuestionBank.owner_id == user.id, QuestionBank.shared.is_(True)))
    banks = list(db.session.scalars(query))
    return sorted(banks, key=lambda b: b.owner_id != user.id)


def bank_for(user, bank_id: int, *, edit: bool = False) -> QuestionBank:
    """The bank if the user may see it (404 otherwise: another teacher's unshared bank does not
    exist for them); with edit=True, 403 for a bank that is only shared with them."""
    bank = db.session.get(QuestionBank, bank_id)
    if bank is None or not can_see(user, bank):
        abort(404)
    if edit and not can_edit(user, bank):
        abort(403)
    return bank


def question_for(bank: QuestionBank, question_id: int) -> BankQuestion:
    question = db.session.get(BankQuestion, question_id)
    if question is None or question.bank_id != bank.id:
        abort(404)
    return question


def create_bank(user, title: str, shared: bool = False) -> QuestionBank:
    bank = QuestionBank(owner_id=user.id, title=title.strip()[:120], shared=shared,
                        created_at=clock.now(), updated_at=clock.now())
    db.session.add(bank)
    db.session.flush()
    return bank


def active_questions(bank: QuestionBank) -> list[BankQuestion]:
    return [q for q in bank.questions if q.retired_at is None]


def add_question(bank: QuestionBank, plain: dict, generator: dict | None = None) -> BankQuestion:
    if len(bank.questions) >= MAX_QUESTIONS_PER_BANK:
        raise BankError("text_zh", "bank_full")
    row = BankQuestion(bank=bank, created_at=clock.now())
    apply(row, plain)
    if generator is not None:
        row.generator_json = json.dumps(generator, ensure_ascii=False)
    bank.updated_at = clock.now()
    db.session.add(row)
    db.session.flush()
    return row


def set_image(row: BankQuestion, name: str | None, alt: dict[str, str]) -> None:
    """Attach a stored picture (a file name from `web.campaigns.images.store`) with its
    description in both languages, or remove it (name None). Describing it is required."""
    alt = {lang: _text(alt.get(lang))[:200] for lang in LANGS}
    if name and not all(alt.values()):
        raise BankError("image_alt_zh" if not alt["zh"] else "image_alt_en", "image_alt")
    row.image = name
    row.image_alt_zh, row.image_alt_en = (alt["zh"], alt["en"]) if name else ("", "")


def retire(question: BankQuestion, retired: bool = True) -> None:
    question.retired_at = clock.now() if retired else None
    db.session.flush()


# ---- questions for an event ---------------------------------------------------------------

def event_choices(user) -> tuple[list[tuple[str, str]], dict[str, core_quiz.Question], list[tuple[str, list]]]:
    """What the new-event form offers from teachers' banks the user may use: (bank key, title)
    pairs, every active question by its key, and the questions grouped per bank for picking."""
    banks, questions, groups = [], {}, []
    for bank in visible_banks(user):
        active = [to_core(q) for q in active_questions(bank)]
        if not active:
            continue
        banks.append((bank.key, bank.title))
        questions.update({q.id: q for q in active})
        groups.append((bank.title, active))
    return banks, questions, groups


def select_questions(user, bank_key: str, count: int, *, topics=(), grade: str | None = None,
                     rng: random.Random | None = None) -> list[core_quiz.Question] | None:
    """A random set from one of the user's visible banks (`own-<id>`); None when `bank_key`
    is not a teacher's bank (then the district banks are used)."""
    match = re.fullmatch(r"own-(\d{1,9})", bank_key or "")
    if not match:
        return None
    bank = db.session.get(QuestionBank, int(match.group(1)))
    if bank is None or not can_see(user, bank):
        return []
    topics = set(topics)
    pool = [to_core(q) for q in active_questions(bank)
            if (not topics or q.topic in topics) and (not grade or grade in q.grades.split(","))]
    return (rng or random.Random()).sample(pool, min(count, len(pool)))
