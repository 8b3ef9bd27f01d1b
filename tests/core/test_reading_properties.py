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


# --- the held-out classes (bot-failures-1/2): properties over many phrasings ----------------------------

BARE_ZH = [("一年", "year"), ("全年", "year"), ("每月", "month"), ("每个月", "month"), ("两个月", "two_months"),
           ("每季度", "quarter"), ("半年", "half_year"), ("每個月", "month"), ("兩個月", "two_months")]
BARE_EN = [(" a year", "year"), (" per year", "year"), (" yearly", "year"), (" a month", "month"),
           (" every other month", "two_months"), (" each two months", "two_months"), (" per quarter", "quarter"),
           ("/yr", "year"), (" every 2 months", "two_months")]
ABOUT_ZH = ["", "差不多", "大概", "大约"]
ABOUT_ZH_AFTER = ["", "左右", "多"]


@settings(max_examples=150, deadline=None)
@given(n=st.integers(min_value=2, max_value=999), period=st.sampled_from(BARE_ZH), people=st.integers(1, 8),
       about=st.sampled_from(ABOUT_ZH), after=st.sampled_from(ABOUT_ZH_AFTER),
       style=st.sampled_from(["arabic", "chinese", "fullwidth"]))
def test_a_bare_zh_figure_after_a_period_is_the_volume(n, period, people, about, after, style):
    phrase, code = period
    reading = read_message(f"{phrase}{about}{written(n, style)}{after}，{cn2an.an2cn(people)}口人，水费多少")
    assert (reading.usage_m3, reading.usage_period, reading.people) == (Decimal(n), code, people)
    assert "bare_number_as_usage" in reading.notes and reading.question == "bill"


@settings(max_examples=150, deadline=None)
@given(n=st.integers(min_value=2, max_value=999), period=st.sampled_from(BARE_EN), people=st.integers(1, 8),
       ask=st.sampled_from(["how much in total", "total?", "what's the bill", "how much do we pay"]))
def test_a_bare_en_figure_before_a_period_is_the_volume(n, period, people, ask):
    phrase, code = period
    reading = read_message(f"we use {n}{phrase}, {people} people, {ask}")
    assert (reading.usage_m3, reading.usage_period, reading.people) == (Decimal(n), code, people)


@settings(max_examples=100, deadline=None)
@given(n=st.integers(min_value=2, max_value=999), period=st.sampled_from(BARE_ZH + BARE_EN),
       lead=st.sampled_from(["水费", "交了", "paid ", "spent ", "水费是"]))
def test_a_bare_figure_after_money_words_is_never_a_volume(n, period, lead):
    phrase, _ = period
    text = f"{lead}{n}{phrase}" if phrase.startswith((" ", "/")) else f"{lead}{phrase}{n}"
    assert read_message(text).usage_m3 is None


ZH_CORRECTIONS = ["说错了，是{new}，不是{old}", "不好意思，是{new}的量，不是{old}", "打错了，应该是{new}",
                  "不对，{new}，不是{old}"]
EN_CORRECTIONS = ["oops I meant {new}, not {old}", "sorry, {new} not {old}", "my bad, it's {new}", "typo, {new}"]
ZH_NAMED = {"month": "每个月", "two_months": "两个月", "quarter": "一个季度", "half_year": "半年", "year": "一年"}
EN_NAMED = {"month": "every month", "two_months": "every two months", "quarter": "quarterly", "half_year": "every six months",
            "year": "per year"}


@settings(max_examples=150, deadline=None)
@given(n=st.integers(min_value=2, max_value=400), people=st.integers(1, 7), old=st.sampled_from(sorted(ZH_NAMED)),
       new=st.sampled_from(sorted(ZH_NAMED)), lang=st.sampled_from(["zh", "en"]), data=st.data())
def test_a_period_correction_keeps_the_volume_and_household(n, people, old, new, lang, data):
    if old == new:
        return
    if lang == "zh":
        first = read_message(f"{ZH_NAMED[old]}{n}吨，{cn2an.an2cn(people)}口人，一年水费多少")
        text = data.draw(st.sampled_from(ZH_CORRECTIONS)).format(new=ZH_NAMED[new], old=ZH_NAMED[old])
    else:
        first = read_message(f"{n} m3 {EN_NAMED[old]}, {people} people, what's the yearly bill")
        text = data.draw(st.sampled_from(EN_CORRECTIONS)).format(new=EN_NAMED[new], old=EN_NAMED[old])
    fixed = continue_reading(first, read_message(text))
    assert (fixed.usage_m3, fixed.usage_period, fixed.people) == (Decimal(n), new, people), text


MEMBERS_ZH = [("我爸", 1), ("我妈", 1), ("婆婆", 1), ("公公", 1), ("我儿子", 1), ("女儿", 1), ("俩娃", 2), ("两个孩子", 2),
              ("爸妈", 2), ("保姆", 1), ("三个孩子", 3)]
MEMBERS_EN = [("my dad", 1), ("my mum", 1), ("my mother-in-law", 1), ("our two kids", 2), ("my parents", 2),
              ("our son", 1), ("3 kids", 3), ("the nanny", 1)]


@settings(max_examples=150, deadline=None)
@given(data=st.data(), lang=st.sampled_from(["zh", "en"]), n=st.integers(1, 3))
def test_a_household_listed_by_its_members_adds_up(data, lang, n):
    members = data.draw(st.lists(st.sampled_from(MEMBERS_ZH if lang == "zh" else MEMBERS_EN), min_size=n, max_size=n,
                                 unique_by=lambda m: m[0]))
    if lang == "zh":
        glue = data.draw(st.sampled_from(["，还有", " 加上", "和", "、", " 还有"]))
        text = "我和老公" + "".join(glue + m for m, _ in members) + "，一年300吨，多少钱"
    else:
        glue = data.draw(st.sampled_from([", ", " and ", " plus ", ", and "]))
        text = "me, my wife" + "".join(glue + m for m, _ in members) + ", 300 m3 a year, how much"
    assert read_message(text).people == 2 + sum(k for _, k in members), text


@settings(max_examples=100, deadline=None)
@given(amount=st.integers(min_value=20, max_value=990), people=st.integers(1, 6),
       lead=st.sampled_from(["上个月水费", "上个月交了", "这个月水费", "上季度交了"]),
       ask=st.sampled_from(["用了几吨", "用了多少水", "大概用了多少吨", "用了几方"]))
def test_money_in_chinese_numerals_is_worked_back(amount, people, lead, ask):
    reading = read_message(f"{cn2an.an2cn(people)}口人 {lead}{cn2an.an2cn(amount)} {ask}")
    assert (reading.amount_yuan, reading.people, reading.question) == (Decimal(amount), people, "usage_from_amount")
    assert reading.usage_m3 is None


@settings(max_examples=60, deadline=None)
@given(tier=st.sampled_from([2, 3]), style=st.sampled_from(["arabic", "chinese"]),
       template=st.sampled_from(["超过{b}吨的那部分怎么收费", "{b}吨往上的那部分怎么收费", "超过{b}的部分怎么算钱",
                                 "{b}吨以上按啥价", "what do you pay for the part above {b}", "above {b} m3 what's the rate"]))
def test_the_part_above_a_tier_bound_asks_that_tiers_price(tier, style, template):
    bound = 220 if tier == 2 else 300
    reading = read_message(template.format(b=written(bound, style) if "吨" in template or "的部分" in template else bound))
    assert (reading.question, reading.tier, reading.usage_m3) == ("tier_price", tier, None)


@settings(max_examples=120, deadline=None)
@given(n=st.integers(1, 10), style=st.sampled_from(["arabic", "chinese"]),
       template=st.sampled_from(["家里老少{n}口人", "一家{n}口", "{n}口之家", "家里{n}口人", "我们家{n}个人", "全家{n}口",
                                 "男女老少{n}口人", "家庭人口：{n}"]),
       usage=st.integers(50, 500))
def test_every_way_of_saying_the_household_size_is_read(n, style, template, usage):
    size = cn2an.an2cn(n) if style == "chinese" else str(n)
    reading = read_message(f"一年{usage}吨 {template.format(n=size)} 水费多少")
    assert (reading.people, reading.usage_m3) == (n, Decimal(usage)), template.format(n=size)


# Issue 10 K1: "差不多" (about), "不多" (not much), "没多用" are hedges, never a "多用N" change; the volume stays.
HEDGES = ["差不多用", "差不多用了", "差不多要用", "用得不多，大概", "用水不多，也就", "没多用，大概", "差不多",
          "不多，差不多用", "大概差不多用", "至少用了", "最少用", "最多用", "多多少少用了", "至少要用", "很少用到"]
K1_PERIODS = [("一个月", "month"), ("每个月", "month"), ("一年", "year"), ("两个月", "two_months"),
              ("每季度", "quarter"), ("", None)]


@settings(max_examples=300, deadline=None)
@given(n=st.integers(min_value=2, max_value=999), hedge=st.sampled_from(HEDGES), period=st.sampled_from(K1_PERIODS),
       unit=st.sampled_from(["吨", "方", "立方", "吨水", "个立方"]), style=st.sampled_from(["arabic", "chinese", "fullwidth"]),
       people=st.integers(1, 6), ask=st.sampled_from([" 一年下来水费要多少", "，全年多少钱？", " 水费多少", "，算算一年的水费"]))
def test_a_hedge_never_starts_a_change(n, hedge, period, unit, style, people, ask):
    phrase, code = period
    message = f"我们家{phrase}{hedge}{written(n, style)}{unit} {cn2an.an2cn(people)}口人{ask}"
    reading = read_message(message)
    assert reading.usage_change is None, message
    assert reading.usage_m3 == Decimal(n), message
    assert reading.people == people and reading.question == "bill", message
    if code is not None:
        assert reading.usage_period == code, message


@settings(max_examples=150, deadline=None)
@given(n=st.integers(min_value=2, max_value=999), hedge=st.sampled_from(["more or less", "or so", "give or take", "at most"]),
       period=st.sampled_from([(" a month", "month"), (" a year", "year"), (" every two months", "two_months")]),
       people=st.integers(1, 6))
def test_an_english_hedge_never_starts_a_change(n, hedge, period, people):
    message = f"about {n} m3 {hedge}{period[0]}, {people} of us, what's the annual bill?"
    reading = read_message(message)
    assert reading.usage_change is None and reading.usage_m3 == Decimal(n), message
    assert reading.usage_period == period[1] and reading.people == people and reading.question == "bill", message


@settings(max_examples=150, deadline=None)
@given(n=st.integers(min_value=2, max_value=999),
       lead=st.sampled_from(["不超过", "不多于", "没超过", "no more than ", "not more than "]),
       style=st.sampled_from(["arabic", "chinese"]))
def test_a_ceiling_is_below_never_above(n, lead, style):
    number = written(n, style) if "no" not in lead else str(n)
    unit = " m3" if "no" in lead else "吨"
    reading = read_message(f"一年用水{lead}{number}{unit} 水费多少")
    assert reading.above_m3 is None and reading.below_m3 == Decimal(n)
    assert reading.usage_change is None


@settings(max_examples=150, deadline=None)
@given(n=st.integers(min_value=20, max_value=600),
       vague=st.sampled_from(["几十块钱", "十几块", "好几百块", "几百块钱", "几块钱", "一千几百块"]), people=st.integers(1, 6))
def test_a_vague_amount_is_never_money(n, vague, people):
    reading = read_message(f"以前也就{vague} 这期用水{n}方 我们{cn2an.an2cn(people)}个人 一年大概多少钱")
    assert reading.amount_yuan is None
    assert reading.usage_m3 == Decimal(n) and reading.people == people and reading.question == "bill"


# Issue 10 K2–K4: a long story (decoy figures, money, "再多用一吨", tips) then the question. The question's
# clause decides the question, the volume, the money and the tier; the story fills only the household
# and the period (a billing cycle) when the question lacks them.
STORY = [
    "我们家住在普陀区长寿路附近的老小区，楼里住了二十多年了", "以前反正就是几十块钱一个月", "上次修水管花了三百块",
    "再多用一吨都心疼", "平时一块钱都舍不得多花", "邻居家一年用三百吨，比我们多多了", "听说第三档很贵", "三百吨以上的价格很高",
    "洗菜的水拿来浇花，洗衣机攒够一桶再洗", "刷牙的时候记得关水龙头", "马桶水箱放了一个装满水的瓶子", "孩子每天洗澡洗很久",
    "洗衣机天天转", "居委会发了节水小贴士", "水表换过一次，师傅说新表更准", "去年冬天水管冻裂过一回，修了两天",
    "物业说节水龙头能省百分之三十的水", "小区里在搞节水宣传周", "我老伴说水费又涨了", "我也不知道是不是漏水",
    "Last winter a pipe burst and the plumber charged 300 yuan", "my neighbour uses 300 m3 a year", "every extra m3 hurts",
    "we already switched to a low-flow shower head", "I read the tips about the washing machine",
]
STORY_HOUSEHOLD = [("我们家一共三口人", 3), ("家里就我们老两口", 2), ("我们家五口人", 5), ("", None)]
STORY_CYCLE = [("我们这边两个月抄一次表", "two_months"), ("我们是一个季度抄一次表", "quarter"), ("", None)]
# (final question, usage, its own period, people, question, amount)
FINALS = [
    ("最近这期账单写着用水八十方 我们四个人 一年下来大概多少钱", 80, None, 4, "bill"),
    ("我的问题是：我们俩一年大概用水八十五吨 按阶梯水价算 一年水费多少", 85, "year", 2, "bill"),
    ("现在家里五口人 去年全年用水三百四十吨 按现在的阶梯水价 一年水费应该多少", 340, "year", 5, "bill"),
    ("所以想请教一下：我们家现在三口人，每个月大概十四吨，一年下来水费大概要交多少？", 14, "month", 3, "bill"),
    ("这期用水四十二方 帮我算算水费", 42, None, None, "bill"),
    ("想问一下 一年用水二百五十吨 四口人 在第几档", 250, "year", 4, "which_tier"),
    ("我们家一年两百三十吨 四个人 再多用一吨多少钱", 230, "year", 4, "marginal_price"),
    ("So my question: 4 of us, 260 m3 a year, what's the annual bill?", 260, "year", 4, "bill"),
    ("anyway, we used 38 m3 this bill, how much is that?", 38, None, None, "bill"),
    ("想问一下：上个月交了150元 我们三个人 大概用了多少吨水", None, None, 3, "usage_from_amount"),
    ("So my question: we paid 150 yuan last month, 2 of us, how much water did we use?", None, None, 2, "usage_from_amount"),
]
SEPARATORS = ["。", "，", " ", "\n", "…… ", "! ", ". "]


@settings(max_examples=120, deadline=None)
@given(data=st.data(), final=st.sampled_from(FINALS), household=st.sampled_from(STORY_HOUSEHOLD),
       cycle=st.sampled_from(STORY_CYCLE), sep=st.sampled_from(SEPARATORS), size=st.integers(100, 3000))
def test_a_long_story_is_read_by_its_final_question(data, final, household, cycle, sep, size):
    text, usage, period, people, question = final
    parts = [household[0], cycle[0]]
    while sum(len(p) + 1 for p in parts) < size:
        parts.append(data.draw(st.sampled_from(STORY)))
    story = "，".join(p for p in data.draw(st.permutations(parts)) if p)
    if people is None and household[1] is None:
        story = story.replace("五口人", "").replace("三口人", "")
    message = story + sep + text
    alone, reading = read_message(text), read_message(message)
    assert reading.usage_m3 == (None if usage is None else Decimal(usage)), message[-160:]
    assert reading.question == question == alone.question, message[-160:]
    assert reading.amount_yuan == alone.amount_yuan and reading.amount_period == alone.amount_period, message[-160:]
    assert reading.usage_change is None, message[-160:]
    assert reading.tier == alone.tier and reading.asked_period == alone.asked_period, message[-160:]
    assert reading.people == (people if people is not None else household[1]), message[-160:]
    if usage is not None:
        assert reading.usage_period == (period or cycle[1] or alone.usage_period), message[-160:]
