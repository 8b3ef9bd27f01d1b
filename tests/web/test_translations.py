"""Every string the site or the assistant can show has a Chinese translation with the same placeholders.

The site's catalogs are web/**/translations/zh/LC_MESSAGES/messages.po; the assistant's is
bot/translations/zh/LC_MESSAGES/bot.po (bot/actions/i18n.py); core's (its errors, labels and
generated questions) core/translations/zh/LC_MESSAGES/core.po (core/i18n.py). One style:
English msgids, `%(name)s` placeholders, zh msgstr."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract, extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
BOT = ROOT / "bot"
BOT_CATALOG = BOT / "translations" / "zh" / "LC_MESSAGES" / "bot.po"
CORE = ROOT / "core"
CORE_CATALOG = CORE / "translations" / "zh" / "LC_MESSAGES" / "core.po"
# core: tr(text) and tr_ctx(context, text) (core/i18n.py)
CORE_KEYWORDS = {"tr": None, "tr_ctx": ((1, "c"), 2)}
METHODS = [("**.py", "python"), ("**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None,
            "pgettext": ((1, "c"), 2), "lazy_pgettext": ((1, "c"), 2)}
# the assistant: `_ = translator(lang)`, `_p = particular(lang)` with a context first (bot/actions/i18n.py)
BOT_KEYWORDS = {"_": None, "_p": ((1, "c"), 2)}
BOT_SOURCES = [BOT / "actions", BOT / "channels.py"]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def extracted() -> dict[tuple[str | None, str], str]:
    """(context, msgid) → where it was found, for every translatable string under web/."""
    found = {}
    for filename, lineno, message, _comments, context in extract_from_dir(str(WEB), METHODS, keywords=KEYWORDS):
        for msgid in message if isinstance(message, tuple) else (message,):
            if msgid:
                found.setdefault((context, msgid), f"{filename}:{lineno}")
    return found


def catalogs() -> list[Path]:
    """Every zh catalog: the site's, the assistant's and core's."""
    return sorted(WEB.glob("**/translations/zh/LC_MESSAGES/messages.po")) + [BOT_CATALOG, CORE_CATALOG]


def bot_extracted() -> dict[tuple[str | None, str], str]:
    """(context, msgid) → where it was found, for every translatable string of the assistant."""
    found = {}
    for source in BOT_SOURCES:
        if source.is_dir():
            items = [(f"{source.name}/{name}", line, message, context) for name, line, message, _c, context in
                     extract_from_dir(str(source), [("**.py", "python")], keywords=BOT_KEYWORDS)]
        else:
            with open(source, "rb") as handle:
                items = [(source.name, line, message, context) for line, message, _c, context in
                         extract("python", handle, keywords=BOT_KEYWORDS)]
        for where, line, message, context in items:
            found.setdefault((context, message), f"{where}:{line}")
    return found


def core_extracted() -> dict[tuple[str | None, str], str]:
    """(context, msgid) → where it was found, for every text core writes."""
    return {(context, message): f"core/{name}:{line}" for name, line, message, _c, context in
            extract_from_dir(str(CORE), [("**.py", "python")], keywords=CORE_KEYWORDS)}


def catalog_entries():
    for path in catalogs():
        with open(path, "rb") as handle:
            for message in read_po(handle):
                if message.id:
                    yield path, message


def test_extraction_finds_strings():
    assert len(extracted()) > 100


def test_every_string_has_a_chinese_translation():
    translated = {}
    for _path, message in catalog_entries():
        string = message.string[0] if isinstance(message.string, tuple) else message.string
        if string and "fuzzy" not in message.flags:
            for each in message.id if isinstance(message.id, tuple) else (message.id,):
                translated[(message.context, each)] = string
    missing = {key: where for key, where in extracted().items() if key not in translated}
    assert not missing, "untranslated (run `make translations-update FEATURE=…` and fill msgstr):\n" + "\n".join(
        f"{where}: {key!r}" for key, where in sorted(missing.items(), key=lambda kv: kv[1]))


def test_the_assistant_has_its_strings_in_the_catalog():
    assert len(bot_extracted()) > 100


def test_every_assistant_string_has_a_chinese_translation():
    """Every text the assistant's code asks for (with its context) is translated in bot.po;
    English needs no catalog: the msgid is the English text, as on the site."""
    with open(BOT_CATALOG, "rb") as handle:
        catalog = read_po(handle)
    translated = {(m.context, m.id) for m in catalog if m.id and m.string and not m.fuzzy}
    missing = {key: where for key, where in bot_extracted().items() if key not in translated}
    assert not missing, "untranslated (run `make translations-update FEATURE=bot` and fill msgstr):\n" + "\n".join(
        f"{where}: {key!r}" for key, where in sorted(missing.items(), key=lambda kv: kv[1]))


def test_one_translation_per_message_across_the_site_catalogs():
    """Flask-Babel merges the foundation's and every feature's catalog into one, so a (context, msgid)
    translated two ways shows one of them on every page: a running campaign once read 现场, the
    quiz's live mode. Write one msgstr, or give each meaning its own context (pgettext)."""
    found: dict[tuple[str | None, str], dict[str, list[str]]] = {}
    for path in sorted(WEB.glob("**/translations/zh/LC_MESSAGES/messages.po")):
        with open(path, "rb") as handle:
            for message in read_po(handle):
                if message.id and message.string:
                    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
                    string = message.string[0] if isinstance(message.string, tuple) else message.string
                    found.setdefault((message.context, msgid), {}).setdefault(string, []).append(
                        str(path.relative_to(ROOT)))
    twice = [f"{key!r}: " + "; ".join(f"{string!r} in {', '.join(where)}" for string, where in strings.items())
             for key, strings in found.items() if len(strings) > 1]
    assert not twice, "translated two ways in the site's catalogs:\n" + "\n".join(twice)


def test_every_core_text_has_a_chinese_translation():
    """core's errors, labels and generated texts: each tr/tr_ctx msgid is translated in core.po."""
    found = core_extracted()
    assert len(found) > 50
    with open(CORE_CATALOG, "rb") as handle:
        translated = {(m.context, m.id) for m in read_po(handle) if m.id and m.string and not m.fuzzy}
    missing = {key: where for key, where in found.items() if key not in translated}
    assert not missing, "untranslated (run `make translations-update FEATURE=core` and fill msgstr):\n" + "\n".join(
        f"{where}: {key!r}" for key, where in sorted(missing.items(), key=lambda kv: kv[1]))


def test_every_catalog_is_checked():
    """The placeholder and `%` checks below read the site's, the assistant's and core's catalogs."""
    names = {path.relative_to(ROOT).parts[0] for path in catalogs()}
    assert names == {"web", "bot", "core"} and all(path.exists() for path in catalogs())


def test_placeholders_match():
    wrong = []
    for path, message in catalog_entries():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(PLACEHOLDER.findall(" ".join(ids)))
        for string in strings:
            if string and set(PLACEHOLDER.findall(string)) != expected:
                wrong.append(f"{path.relative_to(ROOT)}: {message.id!r} → {string!r}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_no_fstrings_inside_gettext():
    offenders = []
    for path in [*WEB.glob("**/*.py"), *BOT.glob("**/*.py"), *CORE.glob("**/*.py")]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\b(_|_l|_p|gettext|lazy_gettext|pgettext|lazy_pgettext|tr|tr_ctx)\(\s*f[\"']", line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert not offenders, "an f-string can never match a catalog entry: " + ", ".join(offenders)


# One `%`-conversion: `%(name)s`, `%s`, `%d`, `%.1f`, or the escaped `%%`.
PERCENT_TOKEN = re.compile(r"%(?:\(\w+\))?[#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")


def percent_tokens(text: str) -> tuple[list[str], str]:
    """The conversions in `text`, and what is left once they are removed (a `%` left over is bare)."""
    return sorted(PERCENT_TOKEN.findall(text)), PERCENT_TOKEN.sub("", text)


def test_percent_signs_agree_between_msgid_and_msgstr():
    """Templates format every translation (`rv % variables`, even with none), so a bare `%`
    in a msgstr is a 500 in Chinese only, and a `%%` whose msgid has none shows as `%%` in
    Python. Every msgstr must have exactly its msgid's conversions, `%%` included."""
    wrong = []
    for path, message in catalog_entries():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        allowed = set().union(*(percent_tokens(msgid)[0] for msgid in ids))
        for string in strings:
            if not string:
                continue
            tokens, rest = percent_tokens(string)
            singular_tokens = percent_tokens(ids[0])[0]
            if "%" in rest or not set(tokens) <= allowed or (len(ids) == 1 and tokens != singular_tokens):
                wrong.append(f"{path.relative_to(ROOT)}: {ids[0]!r} → {string!r}")
    assert not wrong, "`%` differs between msgid and msgstr (write `%%` only where the msgid has it):\n" + \
        "\n".join(wrong)


def test_babel_format_checks_pass():
    """Babel's own checks (what `pybabel compile` reports): python-format placeholders agree."""
    errors = []
    for path in catalogs():
        with open(path, "rb") as handle:
            catalog = read_po(handle)
        for message, problems in catalog.check():
            errors += [f"{path.relative_to(ROOT)}: {message.id!r}: {problem}" for problem in problems]
    assert not errors, "\n".join(errors)


def test_a_bare_percent_is_caught():
    """The check itself: the entry that made the teacher's report a 500 in Chinese."""
    assert "%" in percent_tokens("正确率（%）")[1]
    assert percent_tokens("%(rate)s%% 正确") == (["%%", "%(rate)s"], " 正确")


def test_every_msgstr_has_its_own_msgid():
    """A merge of two branches that both appended entries once dropped a `msgid ""` line:
    Babel then reads the next entry's text into the previous msgstr, silently (a button read
    "重新启用Sorry, the assistant is busy…"). Check the file's structure directly."""
    broken = []
    for path in sorted([*WEB.glob("**/translations/*/LC_MESSAGES/messages.po"), *BOT.glob("translations/*/LC_MESSAGES/*.po"),
                        *CORE.glob("translations/*/LC_MESSAGES/*.po")]):
        msgstrs_since_msgid = 0
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith("msgid "):
                msgstrs_since_msgid = 0
            elif line.startswith("msgstr "):  # plural forms are msgstr[n]
                msgstrs_since_msgid += 1
                if msgstrs_since_msgid > 1:
                    broken.append(f"{path.relative_to(ROOT)}:{number}")
    assert not broken, "msgstr without its own msgid (a lost `msgid` line?): " + ", ".join(broken)
