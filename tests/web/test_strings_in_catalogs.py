"""Every sentence a resident, teacher or organiser reads is in a catalog a translator can open.

The site's texts are in web/**/translations, the assistant's (its actions and its domain's
responses) in bot/translations, core's (errors, labels, generated questions) in
core/translations. This fails when a sentence is typed outside them again: a {"zh": …, "en": …}
literal with words in it anywhere in core/, bot/ or web/, or a domain response with a
language condition or a text that bot.po does not translate.

Content (content/*.yaml, quizzes/) is data, bilingual side by side, and is not scanned here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml
from babel.messages.pofile import read_po

from bot.domain_texts import domain_texts

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("core", "bot", "web")
LETTERS = re.compile(r"[A-Za-z\u3400-\u9fff]")
# (path, line) of a {"zh", "en"} literal that truly cannot come from a catalog, each with why.
ALLOWED: dict[tuple[str, int], str] = {}


def _has_words(node: ast.AST) -> bool:
    """A literal with letters or Chinese in it (a call such as `_("…")` or `tr("…")` is a catalog lookup)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(LETTERS.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_has_words(part) for part in node.values)
    if isinstance(node, ast.Dict):
        return any(_has_words(value) for value in node.values)
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return any(_has_words(item) for item in node.elts)
    if isinstance(node, ast.BinOp):
        return _has_words(node.left) or _has_words(node.right)
    if isinstance(node, ast.IfExp):
        return _has_words(node.body) or _has_words(node.orelse)
    return False


def bilingual_literals(source: str) -> list[int]:
    """Lines of `{"zh": "…", "en": "…"}` and `dict(zh="…", en="…")` with words in them."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict) and node.keys and all(isinstance(k, ast.Constant) for k in node.keys):
            keys, values = {k.value for k in node.keys}, node.values
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "dict":
            keys, values = {k.arg for k in node.keywords}, [k.value for k in node.keywords]
        else:
            continue
        if keys == {"zh", "en"} and any(_has_words(value) for value in values):
            found.append(node.lineno)
    return found


def test_the_scan_finds_a_typed_sentence():
    assert bilingual_literals('ERROR = {"zh": "请填写用水量。", "en": "Please enter the water volume."}') == [1]
    assert bilingual_literals('x = {"zh": f"{n}口人", "en": f"{n} people"}') == [1]
    assert bilingual_literals('NAMES = {"zh": {"year": "全年"}, "en": {"year": "a year"}}') == [1]
    assert bilingual_literals('x = dict(zh="对", en="True")') == [1]
    assert bilingual_literals('x = {"zh": _("Chinese"), "en": tr("English")["en"]}') == []
    assert bilingual_literals('x = {"zh": row["text_zh"], "en": row["text_en"]}') == []


def test_no_bilingual_sentence_is_typed_in_the_code():
    found = []
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            where = str(path.relative_to(ROOT))
            found += [f"{where}:{line}" for line in bilingual_literals(path.read_text(encoding="utf-8"))
                      if (where, line) not in ALLOWED]
    assert not found, (
        "a sentence typed in the code: write the English as a msgid — tr(\"…\") in core (core/i18n.py), "
        "_(\"…\") on the site and in the assistant — and its Chinese in the catalog:\n" + "\n".join(found))


# Modules whose Chinese reads what people type (patterns, aliases, numerals, stop words) or is a
# list of names rather than sentences; every other Chinese string in core/ and web/ is a catalog's.
READERS = {
    "core/numbers.py": "Chinese numerals, read",
    "core/reading/household.py": "household phrases, read", "core/reading/money.py": "money phrases, read",
    "core/reading/period.py": "period phrases, read", "core/reading/question.py": "question cues, read",
    "core/reading/read.py": "question cues, read", "core/reading/tail.py": "sentence tails, read",
    "core/reading/text.py": "traditional/simplified characters and units, read",
    "core/reading/volume.py": "volume phrases, read",
    "web/faq/search.py": "stop words and synonyms of the FAQ search, read",
    "web/quiz/bank_io.py": "the words a CSV's `correct` column may hold, read",
    "web/quiz/names.py": "the words generated nicknames are made of: names, shown as they are",
    "web/openapi/__init__.py": "the API's title, the site's name",
}
CATALOG_CALLS = {"_", "_l", "gettext", "lazy_gettext", "ngettext", "pgettext", "lazy_pgettext", "tr", "tr_ctx"}
CHINESE = re.compile(r"[\u3400-\u9fff]")


def chinese_outside_catalogs(source: str) -> list[int]:
    """Lines of Chinese strings that are not a docstring, a regular expression or a catalog call's msgid."""
    tree = ast.parse(source)
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            skip.add(id(body[0].value))  # a docstring
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in CATALOG_CALLS or (name == "compile" and getattr(node.func, "value", None) is not None
                                         and getattr(node.func.value, "id", None) == "re"):
                skip |= {id(inner) for inner in ast.walk(node)}
    return sorted({node.lineno for node in ast.walk(tree) if isinstance(node, ast.Constant)
                   and isinstance(node.value, str) and CHINESE.search(node.value) and id(node) not in skip})


def test_the_chinese_scan_finds_a_typed_reply():
    assert chinese_outside_catalogs('def f(zh):\n    return "不客气" if zh else "You are welcome"') == [2]
    assert chinese_outside_catalogs('"""文档"""\nP = re.compile("吨|方")\nx = _("Water used (m³, 1 吨 = 1 m³)")') == []


def test_no_chinese_is_typed_in_core_or_the_site_outside_what_reads_messages():
    """The assistant's code has the same check (tests/bot/test_catalog.py)."""
    found = []
    for folder in ("core", "web"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            where = str(path.relative_to(ROOT))
            if where not in READERS:
                found += [f"{where}:{line}" for line in chinese_outside_catalogs(path.read_text(encoding="utf-8"))]
    assert not found, "Chinese typed in the code: write the English msgid, the Chinese in the catalog:\n" + "\n".join(found)


def _translated(path: Path) -> dict[tuple[str | None, str], str]:
    with open(path, "rb") as handle:
        return {(m.context, m.id): m.string for m in read_po(handle) if m.id and m.string and not m.fuzzy}


def test_domain_responses_are_english_msgids_without_a_language_condition():
    """bot/components/nlg.py translates every response; a zh variation would be a text outside bot.po."""
    conditioned = []
    for path in sorted((ROOT / "bot" / "domain").glob("*.yml")):
        responses = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}
        for name, variations in responses.items():
            if len(variations) != 1 or any("condition" in variation for variation in variations):
                conditioned.append(f"{path.name}: {name}")
    assert not conditioned, "one English variation per response (the catalog has the Chinese): " + ", ".join(conditioned)


def test_every_domain_text_and_button_title_is_translated_in_bot_po():
    texts = domain_texts()
    assert len(texts) >= 10
    translated = _translated(ROOT / "bot" / "translations" / "zh" / "LC_MESSAGES" / "bot.po")
    missing = [f"{where}: {text!r}" for text, where in texts.items() if (None, text) not in translated]
    assert not missing, "not in bot.po (`make translations-update FEATURE=bot`, then fill msgstr):\n" + "\n".join(missing)
    chinese = re.compile(r"[\u3400-\u9fff]")
    typed_in_chinese = [f"{where}: {text!r}" for text, where in texts.items() if chinese.search(text)]
    assert not typed_in_chinese, "a domain text in Chinese (the msgid is English): " + ", ".join(typed_in_chinese)
