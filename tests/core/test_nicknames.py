"""Nicknames a school can trust (issue 14 item 7): the tricks pupils use to get a rude word or
a leader's name onto the projector are undone before matching, and ordinary names still pass."""

from __future__ import annotations

import pytest

from core import nicknames
from core.content import ContentError

REFUSED = [
    # (nickname, reason, the trick)
    ("Fück", "rude", "diacritics"),
    ("FUCK", "rude", "case"),
    ("ｆｕｃｋ", "rude", "full-width letters"),
    ("f u c k", "rude", "spaces"),
    ("f.u.c.k", "rude", "punctuation"),
    ("f_u-c*k", "rude", "symbols"),
    ("f\u200bu\u200cck", "rude", "zero-width characters"),
    ("fuuuuck", "rude", "repeated letters"),
    ("fu\u0441k", "rude", "a Cyrillic letter that looks Latin"),
    ("sh1t", "rude", "leetspeak 1→i"),
    ("5h!t", "rude", "leetspeak 5→s, !→i"),
    ("b1tch", "rude", "leetspeak"),
    ("$h1t", "rude", "leetspeak $→s"),
    ("p0rn", "rude", "leetspeak 0→o"),
    ("STUP1D", "rude", "leetspeak in capitals"),
    ("Happy Fuck", "rude", "inside a friendly name"),
    ("傻逼", "rude", "Chinese"),
    ("傻 逼", "rude", "Chinese with a space"),
    ("傻★逼", "rude", "Chinese with a symbol"),
    ("傻B", "rude", "mixed script"),
    ("sb", "rude", "an abbreviation, alone"),
    ("习近平", "figure", "a national leader"),
    ("習近平", "figure", "traditional characters"),
    ("习 近 平", "figure", "Chinese with spaces"),
    ("习.近.平", "figure", "Chinese with dots"),
    ("习\u3000近\u3000平", "figure", "Chinese with ideographic spaces"),
    ("习大大", "figure", "a nickname of a leader"),
    ("小习近平", "figure", "inside other characters"),
    ("Xi Jinping", "figure", "pinyin"),
    ("xijinping", "figure", "pinyin without spaces"),
    ("Jinping Xi", "figure", "western name order"),
    ("Xí Jìnpíng", "figure", "pinyin with tone marks"),
    ("xi2 jin4 ping2", "figure", "pinyin with tone numbers"),
    ("X1 J1nP1ng", "figure", "leetspeak pinyin"),
    ("毛主席", "figure", "a title that names one person"),
    ("李强", "figure", "the premier"),
    ("Trump", "figure", "a short surname alone"),
    ("TRUMP2024", "figure", "a surname with digits"),
    ("Donald Trump", "figure", "a full name"),
    ("d0nald trump fan", "figure", "a full name inside other words"),
    ("特 朗 普", "figure", "a world leader in Chinese"),
    ("Putin", "figure", "a world leader"),
    ("普京大帝", "figure", "inside other characters"),
    ("Hitler", "figure", "a historical figure"),
    ("H1tl3r", "figure", "leetspeak"),
]

PASSED = [
    # common Chinese pupils' nicknames and given names
    "小明", "子涵", "浩然", "欣怡", "梓萱", "一诺", "宇轩", "诗涵", "小红", "快乐的小水滴", "闪亮的小海豚7",
    "小习", "平平", "大强", "近水楼台",
    # English names and words that contain a refused word (the "Scunthorpe problem")
    "Scunthorpe", "Sussex Fan", "Essex Girl", "Dickens", "Emily Dickinson", "Penistone", "Peacock",
    "Cockatoo", "Shiitake", "Trumpet", "Computing", "Rasputin", "Obamacare Nurse", "Nazia", "Hancock",
    "Happy Otter", "Busy Raindrop 42", "Class 3(2)", "Anna", "Mike", "Lixin", "Xixi", "Ping Pong",
]


@pytest.mark.parametrize(("nickname", "reason", "trick"), REFUSED, ids=[row[2] + ":" + row[0] for row in REFUSED])
def test_tricks_do_not_get_a_refused_name_through(nickname, reason, trick):
    assert nicknames.refused(nickname) == reason, trick


@pytest.mark.parametrize("nickname", PASSED)
def test_ordinary_names_pass(nickname):
    assert nicknames.refused(nickname) is None


def test_skeletons_undo_each_trick():
    assert "fuck" in nicknames.skeletons("Ｆ-ü-c-K")
    assert {"iame", "lame", "ame"} == nicknames.skeletons("1ame")  # 1 read as i, as l, and dropped
    assert nicknames.skeletons("习\u200b近 平") == {"习近平"}


def test_the_list_is_content_and_a_broken_file_names_the_field(tmp_path, monkeypatch):
    (tmp_path / "nicknames").mkdir()
    (tmp_path / "nicknames" / "blocked.yaml").write_text(
        "rude: {anywhere: [fuck], alone: []}\nallowed: [fuck]\npublic_figures: {}\n", encoding="utf-8")
    monkeypatch.setenv("PUTUO_CONTENT_DIR", str(tmp_path))
    nicknames.blocklist.cache_clear()
    try:
        with pytest.raises(ContentError, match="both refused and allowed"):
            nicknames.blocklist()
        (tmp_path / "nicknames" / "blocked.yaml").write_text(
            "rude: {anywhere: ['  '], alone: []}\nallowed: []\npublic_figures: {}\n", encoding="utf-8")
        nicknames.blocklist.cache_clear()
        with pytest.raises(ContentError, match=r"rude.anywhere\[0\]"):
            nicknames.blocklist()
    finally:
        nicknames.blocklist.cache_clear()


def test_every_listed_figure_is_refused_in_each_spelling():
    import yaml

    data = yaml.safe_load(nicknames.blocklist_path().read_text(encoding="utf-8"))
    people = [person for group in data["public_figures"].values() for person in group]
    assert len(people) >= 20
    for person in people:
        for name in person["zh"] + person["latin"]:
            assert nicknames.refused(name) == "figure", name
