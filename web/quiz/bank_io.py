"""Import and export a teacher's bank as CSV or JSON.

CSV: one question per line under a header of fixed column names (the same in both languages,
so a file travels between teachers); Excel's CSV (UTF-8 with BOM, or GB18030 as Chinese Excel
saves it) reads. Export goes through `web.csvexport` (BOM, formula cells neutralised with a
leading apostrophe, which the import takes off again). JSON: {"format", "version", "title",
"questions": [plain question, …]} in the plain shape of `web.quiz.bank`.

An import checks every question with `bank.clean` before it writes any: one error anywhere
and nothing is added; every error is reported with the line its question starts on.
"""

from __future__ import annotations

import csv
import io
import json

from flask_babel import gettext as _

from web.csvexport import FORMULA_STARTS
from web.quiz import bank
from web.quiz.bank_models import QuestionBank

FORMAT = "putuo-quiz-bank"
MAX_BYTES = 1_000_000
CHOICE_COLUMNS = [f"choice{n}_{lang}" for n in range(1, bank.MAX_CHOICES + 1) for lang in ("zh", "en")]
COLUMNS = ["kind", "topic", "grades", "text_zh", "text_en", *CHOICE_COLUMNS, "correct", "answer", "tolerance",
           "unit_zh", "unit_en", "explanation_zh", "explanation_en", "source_title", "source_url", "seconds"]
# How a field of `bank.clean` is named in a CSV file (for the error list).
FIELD_COLUMNS = {"choices": "correct", "value": "answer", **{f"choice_{n}": f"choice{n}_zh"
                                                             for n in range(1, bank.MAX_CHOICES + 1)}}
TRUE_WORDS = {"true", "yes", "对", "正确", "是", "t", "y", "1"}
FALSE_WORDS = {"false", "no", "错", "错误", "否", "f", "n", "0"}


class ImportError_(Exception):  # noqa: N801 (not the builtin)
    """The file cannot be imported; `problems` lists (where, message) in the user's language."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__(f"{len(problems)} problems")


# ---- export -------------------------------------------------------------------------------

def csv_rows(item: QuestionBank) -> list[list]:
    rows = []
    for question in bank.active_questions(item):
        plain = bank.as_plain(question)
        row = {"kind": plain["kind"], "topic": plain["topic"], "grades": ";".join(plain["grades"]),
               "text_zh": plain["text"]["zh"], "text_en": plain["text"]["en"],
               "explanation_zh": plain["explanation"]["zh"], "explanation_en": plain["explanation"]["en"],
               "source_title": plain["source"]["title"], "source_url": plain["source"]["url"],
               "seconds": plain["seconds"] or ""}
        for number, choice in enumerate(plain["choices"], start=1):
            row[f"choice{number}_zh"], row[f"choice{number}_en"] = choice["zh"], choice["en"]
        if plain["kind"] in ("single", "multi"):
            row["correct"] = ";".join(str(n) for n, c in enumerate(plain["choices"], start=1) if c["correct"])
        elif plain["kind"] == "true_false":
            row["correct"] = "true" if plain["answer"] else "false"
        else:
            numeric = plain["numeric"]
            row.update(answer=numeric["value"], tolerance=numeric["tolerance"], unit_zh=numeric["unit"]["zh"],
                       unit_en=numeric["unit"]["en"])
        rows.append([row.get(column, "") for column in COLUMNS])
    return rows


def json_text(item: QuestionBank) -> str:
    questions = []
    for question in bank.active_questions(item):
        plain = bank.as_plain(question)
        for key in ("choices", "answer", "numeric"):
            if plain[key] in (None, []):
                del plain[key]
        questions.append(plain)
    document = {"format": FORMAT, "version": 1, "title": item.title, "questions": questions}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# ---- import -------------------------------------------------------------------------------

def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ImportError_([("", _("The file is larger than 1 MB."))])
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportError_([("", _("The file is not text in UTF-8 or GB18030 (save it as CSV UTF-8)."))])


def _unneutralise(cell: str | None) -> str:
    """Take off the apostrophe our export puts before = + - @ (and before a tab or CR)."""
    cell = (cell or "").strip("\ufeff")
    return cell[1:] if cell[:1] == "'" and cell[1:2] in FORMULA_STARTS else cell


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.replace("；", ";").replace(",", ";").replace("，", ";").split(";")
            if part.strip()]


def _raw_from_row(row: dict[str, str]) -> dict:
    kind = row.get("kind", "").strip().lower()
    correct = row.get("correct", "").strip()
    raw = {
        "kind": kind, "topic": row.get("topic", "").strip(), "grades": _split(row.get("grades", "")),
        "text": {"zh": row.get("text_zh"), "en": row.get("text_en")},
        "explanation": {"zh": row.get("explanation_zh"), "en": row.get("explanation_en")},
        "source": {"title": row.get("source_title"), "url": row.get("source_url")},
        "seconds": row.get("seconds", "").strip() or None,
    }
    if kind == "true_false":
        word = correct.casefold()
        raw["answer"] = True if word in TRUE_WORDS else False if word in FALSE_WORDS else None
    elif kind == "numeric":
        raw["numeric"] = {"value": row.get("answer", "").strip(), "tolerance": row.get("tolerance", "").strip(),
                          "unit": {"zh": row.get("unit_zh"), "en": row.get("unit_en")}}
    else:
        marked = set(_split(correct))
        raw["choices"] = [{"zh": row.get(f"choice{n}_zh"), "en": row.get(f"choice{n}_en"), "correct": str(n) in marked}
                          for n in range(1, bank.MAX_CHOICES + 1)]
    return raw


def _csv_items(text: str) -> list[tuple[str, dict, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip().lstrip("\ufeff") for name in reader.fieldnames or []]
    missing = [c for c in ("kind", "topic", "grades", "text_zh", "text_en") if c not in header]
    if missing:
        raise ImportError_([(_("Line %(line)s", line=1), _(
            "The first line must be the header row; missing columns: %(columns)s.", columns=", ".join(missing)))])
    reader.fieldnames = header
    items = []
    for row in reader:
        values = {key: _unneutralise(value) for key, value in row.items() if isinstance(key, str)}
        if not any(v.strip() for v in values.values()):
            continue  # a blank line
        items.append((_("Line %(line)s", line=reader.line_num), _raw_from_row(values), FIELD_COLUMNS))
    return items


_DECODER = json.JSONDecoder()


def _skip(text: str, index: int, expected: str = "") -> int:
    while index < len(text) and text[index] in " \t\r\n":
        index += 1
    if expected and text[index:index + 1] == expected:
        index += 1
        while index < len(text) and text[index] in " \t\r\n":
            index += 1
    return index


def _question_lines(text: str) -> list[int]:
    """The line each question of a (valid) JSON document starts on: the top-level list, or the
    list under "questions", walked one value at a time with the standard decoder."""
    index = _skip(text, 0)
    if text[index:index + 1] == "{":
        index = _skip(text, index + 1)
        while text[index:index + 1] not in ("}", ""):
            key, index = _DECODER.raw_decode(text, index)
            index = _skip(text, index, ":")
            if key == "questions":
                break
            _value, index = _DECODER.raw_decode(text, index)
            index = _skip(text, index, ",")
        else:
            return []
    if text[index:index + 1] != "[":
        return []
    lines, index = [], _skip(text, index + 1)
    while text[index:index + 1] not in ("]", ""):
        lines.append(text.count("\n", 0, index) + 1)
        _value, index = _DECODER.raw_decode(text, index)
        index = _skip(text, index, ",")
    return lines


def _json_items(text: str) -> list[tuple[str, dict, dict[str, str]]]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportError_([(_("Line %(line)s", line=exc.lineno), _("This is not valid JSON."))]) from None
    questions = document.get("questions") if isinstance(document, dict) else document
    if not isinstance(questions, list):
        raise ImportError_([("", _("The JSON file needs a list of questions under \"questions\"."))])
    lines = _question_lines(text)
    items = []
    for number, raw in enumerate(questions, start=1):
        where = (_("Line %(line)s", line=lines[number - 1]) if len(lines) == len(questions)
                 else _("Question %(number)s", number=number))
        items.append((where, raw if isinstance(raw, dict) else {}, {}))
    return items


def read(filename: str, data: bytes) -> list[dict]:
    """Every question of the file, cleaned; raises ImportError_ with all problems found."""
    text = _decode(data)
    is_json = filename.lower().endswith(".json") or text.lstrip()[:1] in ("{", "[")
    items = _json_items(text) if is_json else _csv_items(text)
    if not items:
        raise ImportError_([("", _("The file has no questions."))])
    cleaned, problems = [], []
    for where, raw, columns in items:
        try:
            cleaned.append(bank.clean(raw))
        except bank.BankError as exc:
            field = columns.get(exc.field, exc.field) if columns else exc.field
            problems.append((_("%(where)s, %(field)s", where=where, field=field), exc.text()))
    if problems:
        raise ImportError_(problems)
    return cleaned


def import_into(item: QuestionBank, filename: str, data: bytes) -> int:
    """Add every question of the file to the bank, or none (the caller commits or rolls back)."""
    cleaned = read(filename, data)
    room = bank.MAX_QUESTIONS_PER_BANK - len(item.questions)
    if len(cleaned) > room:
        raise ImportError_([("", bank.message("bank_full"))])
    for plain in cleaned:
        bank.add_question(item, plain)
    return len(cleaned)
