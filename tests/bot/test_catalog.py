"""The assistant's sentences come from the compiled catalog (bot/actions/i18n.py): every text the
code asks for is in the zh catalog the action server loads, English is the msgid itself, and a
missing catalog is an error rather than English answers to Chinese questions.

(tests/web/test_translations.py checks the .po itself: translated, placeholders, `%`.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract, extract_from_dir

from bot.actions import i18n
from bot.actions.common import SORRY
from bot.actions.site_texts import topic_buttons
from bot.actions.tariff_texts import PERIOD_WORDS

BOT = Path(i18n.__file__).resolve().parents[1]
KEYWORDS = {"_": None, "_p": ((1, "c"), 2)}


def used_by_the_code() -> set[tuple[str | None, str]]:
    found = {(context, message) for _f, _l, message, _c, context in
             extract_from_dir(str(BOT / "actions"), [("**.py", "python")], keywords=KEYWORDS)}
    with open(BOT / "channels.py", "rb") as handle:
        found |= {(context, message) for _l, message, _c, context in extract("python", handle, keywords=KEYWORDS)}
    return found


def test_every_text_the_code_uses_is_in_the_compiled_zh_catalog():
    used = used_by_the_code()
    assert len(used) > 100
    compiled = i18n.catalog("zh")._catalog  # what gettext reads from bot.mo: msgid or "context\x04msgid"
    missing = [key for key in used if (f"{key[0]}\x04{key[1]}" if key[0] else key[1]) not in compiled]
    assert not missing, f"not in bot.mo (fill bot.po, then `make translations`): {sorted(missing, key=str)}"


def test_english_is_the_msgid_and_chinese_comes_from_the_catalog():
    for context, msgid in used_by_the_code():
        if context is None:
            assert i18n.translator("en")(msgid) == msgid
        else:
            assert i18n.particular("en")(context, msgid) == msgid
    assert SORRY["zh"].startswith("抱歉") and SORRY["en"].startswith("Sorry")
    assert PERIOD_WORDS["zh"]["month"] == "每月" and PERIOD_WORDS["en"]["month"] == "a month"
    assert topic_buttons("zh")[0] == {"title": "算水费", "payload": "/ask_bill"}
    assert i18n.translator("zh")("Tiers for a household of %(people)s:", people=5) == "5口人家庭的档位："


def test_an_unknown_language_is_refused():
    with pytest.raises(KeyError):
        SORRY["fr"]
    assert sorted(SORRY) == ["en", "zh"]


def test_a_missing_compiled_catalog_is_an_error_not_english(tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "DIRECTORY", tmp_path)
    i18n.catalog.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="make translations"):
            i18n.translator("zh")
    finally:
        monkeypatch.undo()
        i18n.catalog.cache_clear()
    assert SORRY["zh"].startswith("抱歉")


# Chinese may stand in the bot's code only in what reads residents' messages (aliases, numerals, a
# question pattern: any `re.compile(...)` argument, or these names); every sentence the assistant
# says is a catalog entry.
READS_MESSAGES = {"ROOM_ALIASES", "DAY_ALIASES", "_TIER_WORDS", "_QUESTION", "_STRONG_ZH", "_ZH_NUMBER", "_ZH_DIGITS"}


def _is_pattern(node) -> bool:
    """`re.compile(…)`: its strings read messages."""
    func = getattr(node, "func", None)
    return getattr(func, "attr", None) == "compile" and getattr(getattr(func, "value", None), "id", None) == "re"


def test_no_reply_is_written_in_chinese_in_the_code():
    import ast
    import re

    cjk = re.compile(r"[\u4e00-\u9fff]")
    found = []
    for path in sorted([*BOT.glob("actions/*.py"), *BOT.glob("components/*.py"), BOT / "channels.py"]):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = set()
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                skip.add(id(body[0].value))  # a docstring
            if isinstance(node, ast.Assign) and {getattr(t, "id", None) for t in node.targets} & READS_MESSAGES:
                skip |= {id(inner) for inner in ast.walk(node.value)}
            if _is_pattern(node):
                skip |= {id(inner) for inner in ast.walk(node)}
        found += [f"{path.relative_to(BOT)}:{node.lineno}: {node.value[:30]!r}" for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str) and cjk.search(node.value)
                  and id(node) not in skip]
    assert not found, "a reply in the code (write it as _(\"English\") with its zh in bot.po):\n" + "\n".join(found)


def test_core_texts_come_from_cores_catalog_in_the_bots_environment_too():
    """core/i18n.py runs here on Python 3.10 (the bot's constraints pin the same Babel)."""
    from core import tariffs
    from core.i18n import tr

    assert tr("Choose yes or no.") == {"zh": "请选择是或否。", "en": "Choose yes or no."}
    assert tariffs.PERIOD_NAMES["zh"]["month"] == "每月" and tariffs.PERIOD_NAMES["en"]["month"] == "a month"
