"""core's texts come from its catalog (core/i18n.py): English is the msgid, Chinese is core.mo."""

from __future__ import annotations

import datetime as dt

import pytest
from babel.messages.extract import extract_from_dir

from core import i18n, tariffs
from core.i18n import date_texts, tr, tr_ctx

KEYWORDS = {"tr": None, "tr_ctx": ((1, "c"), 2)}


def test_every_text_core_writes_is_in_the_compiled_catalog():
    used = {(context, message) for _f, _l, message, _c, context in
            extract_from_dir(str(i18n.DIRECTORY.parent), [("**.py", "python")], keywords=KEYWORDS)}
    assert len(used) > 50
    compiled = i18n.catalog("zh")._catalog  # msgid, or "context\x04msgid"
    missing = [key for key in used if (f"{key[0]}\x04{key[1]}" if key[0] else key[1]) not in compiled]
    assert not missing, f"not in core.mo (fill core.po, then `make translations`): {sorted(missing, key=str)}"


def test_a_text_is_the_dict_callers_use():
    assert tr("Please enter the household size.") == {"zh": "请填写家庭人数。", "en": "Please enter the household size."}
    assert tr("Enter a number from %(low)s to %(high)s.", low=0, high=60) == {
        "zh": "请输入0到60之间的数字。", "en": "Enter a number from 0 to 60."}
    assert tr_ctx("confidence", "high") == {"zh": "高", "en": "high"}


def test_a_value_may_differ_per_language():
    day = date_texts(dt.date(2013, 8, 1), tr_ctx("date pattern (CLDR)", "d MMMM y"))
    assert day == {"zh": "2013年8月1日", "en": "1 August 2013"}
    assert tr("prices in force since %(day)s", day=day) == {
        "zh": "2013年8月1日起执行的价格", "en": "prices in force since 1 August 2013"}


def test_errors_carry_both_languages():
    with pytest.raises(tariffs.UsageError) as raised:
        tariffs.parse_usage_m3(-1)
    assert raised.value.messages == {"zh": "用水量不能为负数。", "en": "The water volume cannot be negative."}


def test_a_missing_compiled_catalog_is_an_error_not_english(tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "DIRECTORY", tmp_path)
    i18n.catalog.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="make translations"):
            tr("Choose yes or no.")
    finally:
        monkeypatch.undo()
        i18n.catalog.cache_clear()
    assert tr("Choose yes or no.")["zh"] == "请选择是或否。"


def test_an_unknown_language_is_refused():
    with pytest.raises(KeyError):
        i18n.catalog("fr")
