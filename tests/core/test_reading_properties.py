"""Property tests of the reader (hypothesis lives only in the site venv: skipped elsewhere,
as in test_tariffs_properties.py). Any volume, written any way, with any period phrase, is
read back exactly; chatter and price phrases never change it."""

from decimal import Decimal

import cn2an
import pytest

from core.reading import continue_reading, read_message, reading_note
from core.tariffs import PERIODS_PER_YEAR

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

ZH_UNITS = ["吨", "方", "立方", "立方米", "个立方", "噸", " 吨", "m3", "m³", "ｍ³", "t", "T", " m3"]
EN_UNITS = [" m3", " m³", "m3", " cubic meters", " cubic metres", " tons", " tonnes", "t", " t", " cbm"]
# (phrase, period) — Chinese periods come before the volume, English ones after it.
ZH_PERIODS = [("", None), ("每个月", "month"), ("每月用水", "month"), ("月均", "month"), ("上个月用了", "month"),
              ("一年", "year"), ("全年用了", "year"), ("去年用了", "year"), ("每年大概", "year"), ("两个月", "two_months"),
              ("双月", "two_months"), ("每季度", "quarter"), ("一个季度用了", "quarter"), ("三个月", "quarter"),
              ("半年", "half_year"), ("上半年用了", "half_year"), ("兩個月", "two_months")]
EN_PERIODS = [("", None), (" a month", "month"), (" per month", "month"), ("/month", "month"), (" monthly", "month"),
              (" a year", "year"), (" per year", "year"), (" last year", "year"), ("/yr", "year"),
              (" every two months", "two_months"), (" bimonthly", "two_months"), (" a quarter", "quarter"),
              (" per quarter", "quarter"), (" every 3 months", "quarter"), (" every six months", "half_year"),
              (" per half year", "half_year")]
CHATTER = [
    "你好。", "您好，我想咨询一下。", "麻烦问一下，", "我是普陀区的居民，住了好几年了。", "Hi there! ",
    "Hello, quick question. ", "Sorry to bother you. ", "我们小区最近在宣传节水，挺好的。", "谢谢你们的服务！", "请问，",
]
PRICE_TAILS = [
    "，第三档多少钱一吨", "，再多用一吨要多少钱", "，每吨多少钱？", "，一方水多少钱", "。Also what's the price per m3?",
    ". how much is tier 3 per m3", "，第二档单价是几块一吨", ". and what does one more m3 cost?",
]
PRICE_PHRASES = [
    "多少钱一吨", "一吨多少钱", "每吨多少钱", "一方水多少钱", "再多用一吨要多少钱", "多用1吨多少钱", "3.45元一吨",
    "一立方米水几块钱", "price per m3", "how much is 1 m3", "what does one more m3 cost", "per ton price",
    "水价是每方多少", "a cubic meter costs how much", "下一吨水多少钱", "第三档多少钱一吨", "第一档1吨多少钱",
]
volumes = st.integers(min_value=1, max_value=50_000)
fullwidth = str.maketrans("0123456789", "０１２３４５６７８９")


def written(n: int, style: str) -> str:
    if style == "chinese":
        return cn2an.an2cn(n)
    if style == "fullwidth":
        return str(n).translate(fullwidth)
    if style == "thousands" and n >= 1000:
        return f"{n:,}"
    return str(n)


def assert_reads_volume(message: str, n: int, code: str | None) -> None:
    reading = read_message(message)
    assert reading.usage_m3 == Decimal(n)
    assert reading.usage_period == code
    assert reading.annual_usage_m3 == Decimal(n) * PERIODS_PER_YEAR[code or "year"]


@settings(max_examples=400, deadline=None)
@given(volumes, st.sampled_from(ZH_UNITS), st.sampled_from(ZH_PERIODS), st.sampled_from(["arabic", "chinese", "fullwidth"]))
def test_chinese_volume_round_trips(n, unit, period, style):
    phrase, code = period
    assert_reads_volume(f"{phrase}{written(n, style)}{unit}", n, code)


@settings(max_examples=400, deadline=None)
@given(volumes, st.sampled_from(EN_UNITS), st.sampled_from(EN_PERIODS), st.sampled_from(["arabic", "thousands", "fullwidth"]))
def test_english_volume_round_trips(n, unit, period, style):
    phrase, code = period
    assert_reads_volume(f"we used {written(n, style)}{unit}{phrase}", n, code)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=9_999), st.sampled_from(["升", " L", "L", " litres", " liters", "公升"]))
def test_litres_become_cubic_metres(litres, unit):
    reading = read_message(f"用了{litres}{unit}")
    assert reading.usage_m3 == Decimal(litres) / 1000 and "litres_to_m3" in reading.notes


@settings(max_examples=300, deadline=None)
@given(volumes, st.sampled_from(ZH_UNITS), st.sampled_from(ZH_PERIODS), st.sampled_from(CHATTER),
       st.sampled_from(PRICE_TAILS), st.sampled_from(["", "三口人，", "我家4口人，"]))
def test_chatter_before_and_price_phrase_after_never_change_the_volume(n, unit, period, chatter, tail, people):
    phrase, code = period
    plain = read_message(f"{people}{phrase}{n}{unit}")
    noisy = read_message(f"{chatter}{people}{phrase}{n}{unit}{tail}")
    assert (noisy.usage_m3, noisy.usage_period, noisy.people) == (plain.usage_m3, plain.usage_period, plain.people)
    assert noisy.usage_m3 == Decimal(n)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(PRICE_PHRASES), st.sampled_from(["", "请问", "你好，", "Hi, "]), st.sampled_from(["", "？", "?", "啊"]))
def test_a_price_phrase_is_never_a_usage(phrase, before, after):
    reading = read_message(f"{before}{phrase}{after}")
    assert reading.usage_m3 is None
    assert reading.question in ("tier_price", "marginal_price")


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=12),
       st.sampled_from(["{n}口人", "{cn}口人", "一家{cn}口", "{cn}口之家", "{n} people", "family of {n}", "{n} of us",
                        "家庭人口：{n}", "我家{cn}个人", "{n} ppl", "household of {n}", "{n}个人住"]))
def test_household_round_trips(n, template):
    text = template.format(n=n, cn=cn2an.an2cn(n).replace("二", "两") if n == 2 else cn2an.an2cn(n))
    assert read_message(text).people == n


SOUP = "0123456789一二两三十百千万点.,，。吨方升元块月年季度每个人口 m3tL?"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400) | st.text(alphabet=SOUP, max_size=60))
def test_never_raises_on_any_text(text):
    """Any text: no exception, a non-negative volume, a slot round trip, and a note in each language or none."""
    import json

    from core.reading import Reading

    reading = read_message(text)
    assert reading.usage_m3 is None or reading.usage_m3 >= 0
    assert Reading.from_dict(json.loads(json.dumps(reading.to_dict()))) == reading
    assert (reading_note(reading, "zh") is None) == (reading_note(reading, "en") is None)


@settings(max_examples=200, deadline=None)
@given(volumes, st.sampled_from(ZH_PERIODS[1:]), st.integers(min_value=1, max_value=9), volumes,
       st.sampled_from([("全年{v}吨呢", "year"), ("那每个月{v}吨呢", "month"), ("改成一个季度{v}方", "quarter"),
                        ("what about {v} m3 a year?", "year"), ("and {v} m3 every two months?", "two_months")]))
def test_a_new_volume_with_its_period_never_inherits_the_old_period(v1, period, people, v2, follow_up):
    phrase, _code = period
    template, new_period = follow_up
    first = read_message(f"{people}口人，{phrase}{v1}吨，水费多少")
    merged = continue_reading(first, read_message(template.format(v=v2)))
    assert (merged.usage_m3, merged.usage_period, merged.people, merged.question) == (Decimal(v2), new_period, people, "bill")


@settings(max_examples=200, deadline=None)
@given(volumes, st.sampled_from(ZH_PERIODS[1:]), st.integers(min_value=1, max_value=9),
       st.sampled_from(["那{n}口人呢", "and for {n} people?", "如果是{n}个人呢", "what if we are {n}"]))
def test_a_new_household_keeps_volume_and_period(v, period, people, follow_up):
    phrase, code = period
    first = read_message(f"{phrase}{v}吨，3口人，一年水费多少")
    merged = continue_reading(first, read_message(follow_up.format(n=people)))
    assert (merged.usage_m3, merged.usage_period, merged.people) == (Decimal(v), code, people)


@settings(max_examples=200, deadline=None)
@given(volumes, st.sampled_from(ZH_PERIODS + EN_PERIODS), st.sampled_from(["zh", "en"]))
def test_every_annualised_reading_says_so(n, period, lang):
    phrase, code = period
    reading = read_message(f"{phrase}{n}吨" if phrase and not phrase.startswith((" ", "/")) else f"{n} m3{phrase}")
    note = reading_note(reading, lang)
    if code not in (None, "year"):
        assert note is not None and f"{n} × {PERIODS_PER_YEAR[code]}".replace(" ", "" if lang == "zh" else " ") in note
    if code is None:
        assert note is not None  # the assumed year is said


ONES = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen")
TENS = "twenty thirty forty fifty sixty seventy eighty ninety"


def in_words(n: int, joiner: str) -> str:
    """An independent speller for the test: 245 → "two hundred and forty-five"."""
    ones, tens = ONES.split(), TENS.split()
    parts = []
    if n >= 100:
        parts.append(f"{ones[n // 100 - 1]} hundred")
        n %= 100
        if n:
            parts.append("and")
    if n >= 20:
        parts.append(tens[n // 10 - 2] + (f"{joiner}{ones[n % 10 - 1]}" if n % 10 else ""))
    elif n:
        parts.append(ones[n - 1])
    return " ".join(parts)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=2, max_value=999), st.sampled_from(["-", " "]), st.sampled_from(EN_UNITS[:7]),
       st.sampled_from(EN_PERIODS))
def test_english_number_words_round_trip(n, joiner, unit, period):
    phrase, code = period
    reading = read_message(f"we use {in_words(n, joiner)}{unit}{phrase}")
    assert (reading.usage_m3, reading.usage_period) == (Decimal(n), code)


OTHERS = ["，邻居家一年用了{v}吨", "，听说第一档到{v}吨", "。我朋友家每个月{v}方", ", my neighbour uses {v} m3 a year"]


@settings(max_examples=200, deadline=None)
@given(volumes, st.sampled_from(ZH_PERIODS[1:]), volumes, st.sampled_from(OTHERS))
def test_someone_elses_volume_never_replaces_ours(n, period, other, tail):
    phrase, code = period
    reading = read_message(f"我家{phrase}{n}吨{tail.format(v=other)}")
    assert (reading.usage_m3, reading.usage_period) == (Decimal(n), code)
