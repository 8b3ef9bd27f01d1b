"""Reply-language choice: CJK detection first, the site's metadata.lang breaks ties."""

import pytest

from bot.actions.lang import choose, clean_lang, detect


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("水价多少", "zh"),
        ("what is the water price", "en"),
        ("帮我 calculate 水费", "zh"),
        ("ok", None),
        ("250", None),
        ("😂😂", None),
        ("m3", None),
        ("", None),
        ("<script>alert(1)</script>", "en"),
    ],
)
def test_detect(text, expected):
    assert detect(text) == expected


def test_metadata_breaks_ties_and_previous_language_is_kept():
    assert choose("ok", "en") == "en"
    assert choose("250", "zh", "en") == "zh"
    assert choose("👍", None, "en") == "en"
    assert choose("水价", "en") == "zh"  # the message wins over the page language
    assert choose("hello", "zh") == "en"
    assert choose("/ask_tiers", "en") == "en"  # a button payload is not English text
    assert choose(None) == "zh"


@pytest.mark.parametrize(("value", "expected"), [("zh", "zh"), ("en-US", "en"), ("zh_CN", "zh"), ("fr", None), (3, None)])
def test_clean_lang(value, expected):
    assert clean_lang(value) == expected


def test_an_english_sentence_quoting_a_chinese_term_is_english():
    from bot.actions.lang import choose, detect

    assert detect("saw 水效 printed on the box of a tap, what's that mean") == "en"
    assert detect("what does 阶梯水价 mean for a family of three") == "en"
    assert choose("noticed 水效标识 on a toilet box, what is it?", "zh") == "en"  # on a Chinese page too
    assert detect("请问 World Water Day 是哪天") == "zh"  # a Chinese sentence with an English name
    assert detect("水费 how much") == "zh"
