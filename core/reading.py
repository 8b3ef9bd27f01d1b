"""The one reader of a resident's message: volume, period, household, money and the question.

Residents write "每个月差不多十二吨，三口人，一年水费多少", "every two months about 40 m3, what's
that per year", "第三档多少钱一吨". A bill is only right if all of these are read together, so
the bot and the site's free-text fields both call `read_message` and never parse on their own.

Precedence rules (what wins when several values appear), in the order they are applied:

1. Volume: only a number next to a volume unit (吨/方/立方/立方米/个立方/m3/m³/t/tons/cubic
   metres/cubes/升/L, and 度 in a clause about water), a labelled one ("本期用水量23") or two meter
   readings ("读数从1234变成1260" → 26) is a volume; bare numbers never are (they go to
   `bare_number`, which a caller expecting a volume may use: `read_message(text, expecting="usage_m3")`).
   Litres ÷ 1000; a range (十二三吨, 12-13吨) is its midpoint; per person (每人每月4吨) × the
   household; per day/week/half month × 365/52/24 into a year at once (`written_m3`/`written_period`).
2. A price unit is never a usage: "多少钱一吨", "每吨", "一方水多少钱", "再多用一吨", "3.45元一吨",
   "per m3", "a cubic meter" — a volume of 1 next to money words, or after 每/再/多用/per/next.
3. A threshold ("三百吨以上", "over 300 m3", "220吨以内") is `above_m3`/`below_m3`, and a usage
   only when the question is not about prices or tier limits; a guess in a tier question
   ("第一档的上限是220吨吗", "从220吨开始吗") is not a usage either.
4. Of several volumes the last one stated wins (corrections: "200吨，不对，是250吨"), except that
   a volume said of someone else ("邻居家一年用300吨") or of a tier ("听说第一档到220吨") gives
   way to one of the household's own.
5. Period of the volume: a period followed by a money question ("一年水费多少", "what's that per
   year", "annual bill") is the ASKED period, never the volume's; otherwise the period written right
   after the volume ("12吨/月", "40 m3 every two months") beats one before it in the same clause
   ("每个月差不多十二吨"), which beats one elsewhere in the sentence, which beats a billing cycle
   named anywhere ("两个月抄一次表"). With none, the asked period is used, else a year is
   assumed (note "period_assumed_year"). A period right after money ("150元一个月", "上个月交了")
   is the money's (`amount_period`).
6. Household: a total ("一共五个人", "5 of us in total") beats every part; parts ("老两口",
   "两个大人一个小孩", "2 adults and 2 kids") joined by 加上/还有/plus, or side by side, are added;
   parts after a household statement ("四口人，我和我爱人，还有两个孩子") only enumerate it;
   otherwise the last mention wins (a correction: "4个人，不对，是5个人"). 独居/alone = 1, 老两口 = 2,
   一家三口 = 3; 三代同堂 without a number is unknown (note "people_generations_unknown").
   "5口人以上" names the large-household rule, not the household.
7. Question: found in the last sentence that asks something (a question at the end of a long
   message wins over chatter); inside it: usage_from_amount > why > tier_boundary >
   marginal_price > which_tier > large_household > tier_price > bill.
8. A message about gas or electricity and not about water ("天然气多少钱一方", "gas price per m3")
   reads as nothing but its household (note "other_utility"): no water bill for it.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, fields
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from core.numbers import NUMERAL as _NUM
from core.numbers import normalize as _fold
from core.numbers import to_decimal
from core.tariffs import PERIOD_NAMES as BILL_PERIOD_NAMES
from core.tariffs import PERIODS_PER_YEAR

__all__ = [
    "PERIOD_NAMES",
    "QUESTIONS",
    "Reading",
    "continue_reading",
    "find_periods",
    "read_message",
    "reading_note",
]

QUESTIONS = (
    "usage_from_amount", "why", "tier_boundary", "marginal_price", "which_tier", "large_household", "tier_price", "bill",
)  # fmt: skip  (precedence order)

# Periods shorter than any bill: read, then scaled to a year at once (a bill never sees them).
_SHORT_PERIODS = {"day": 365, "week": 52, "half_month": 24}
PERIOD_NAMES = {  # the bill periods' names (core.tariffs) and the short periods read here
    "zh": {**BILL_PERIOD_NAMES["zh"], "day": "每天", "week": "每周", "half_month": "每半个月"},
    "en": {**BILL_PERIOD_NAMES["en"], "day": "a day", "week": "a week", "half_month": "every half month"},
}

# --- normalising -------------------------------------------------------------------------

# Traditional characters residents type (Hong Kong/Taiwan input methods) that matter here.
_TRADITIONAL = str.maketrans("兩噸個幾費錢檔階塊萬億們貴說這麼為來點裡價計實單雙現樣還戶請問嗎夠漲會該給繳額樓兒總共隻",
                             "两吨个几费钱档阶块万亿们贵说这么为来点里价计实单双现样还户请问吗够涨会该给缴额楼儿总共只")


_CJK_LATIN = re.compile(r"(?<=[\u3400-\u9fff])(?=[A-Za-z])|(?<=[A-Za-z])(?=[\u3400-\u9fff])")


def normalize_text(text: str) -> str:
    """Traditional → simplified for the words we read, full width → half width (NFKC), no
    thousands separators; Chinese punctuation becomes ASCII (，→, ？→?), 。 stays."""
    text = (text or "").translate(_TRADITIONAL).replace("立方公尺", "立方米").replace("公吨", "吨")
    text = unicodedata.normalize("NFKC", text)
    # A space between Chinese and Latin letters, so English words have word boundaries ("请问how much").
    text = _CJK_LATIN.sub(" ", text)
    return _fold(text).lower()  # patterns are written in lower case: no IGNORECASE, which is slow on CJK text


# --- numerals ----------------------------------------------------------------------------

_CN_SIMPLE = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple": 2, "couple": 2,
}  # fmt: skip
_WORD_NUM = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"


def _numeral(raw: str) -> tuple[Decimal | None, tuple[Decimal, Decimal] | None]:
    """A numeral → (value, range). 十二三 / 三四百 / 一两百 are ranges (two neighbouring digits):
    drop one digit for the low end and the other for the high end; the value is the midpoint."""
    raw = raw.strip()
    if len(raw) > 24:  # no household or meter has such a number; cn2an would choke on it
        return None, None
    if raw.lower() in _WORDS:
        return Decimal(_WORDS[raw.lower()]), None
    for i in range(len(raw) - 1):
        a, b = _CN_SIMPLE.get(raw[i]), _CN_SIMPLE.get(raw[i + 1])
        if a is not None and b is not None and b == a + 1:
            low, high = to_decimal(raw[: i + 1] + raw[i + 2 :]), to_decimal(raw[:i] + raw[i + 1 :])
            if low is not None and high is not None and low < high:
                return (low + high) / 2, (low, high)
    return to_decimal(raw), None


# --- patterns (on normalised text) ---------------------------------------------------------

_UNIT = (
    r"(?P<unit>立方米|立方|方(?![面便法式案向针])|吨|顿(?![饭餐])|度(?![的]?[电气])|公升|升(?![级高值温])|m3|m\^3|cbm|cubic\s*met(?:er|re)s?|cubic\s*met[a-z]*|cubes?\b|cu\.?\s*m\b"
    r"|tonnes?\b|tons?\b|t(?![a-z])|litres?\b|liters?\b|ltrs?\b|l(?![a-z]))"
)
_NOT_WATER_DEGREES = re.compile(r"温|摄氏|热水器|°|℃|电|燃气|煤气|天然气|角度|度数")
_LITRE_UNITS = ("公升", "升", "litre", "litres", "liter", "liters", "ltr", "ltrs", "l")
_VOLUME = re.compile(
    rf"(?:between\s+(?P<b_lo>(?<![\d.])\d{{1,12}}(?:\.\d{{1,6}})?)\s+and\s+)?(?P<num>{_NUM})"
    rf"(?:\s*(?:-|~|–|—|到|至|to)\s*(?P<hi>{_NUM}))?\s*(?:多|余|来|左右)?\s*(?:个)?\s*{_UNIT}",
)
# A volume of 1 next to these is a price unit ("多少钱一吨", "再多用一吨", "3.45元一吨").
_PRICE_BEFORE = re.compile(
    r"(?:每|再|多用|再用|再多|(?<!差不)(?<!不)多|再加|另加|多加|加|额外|下|钱|元|块|价|per|each|every|next|extra|additional|another|/|how\s+much\s+(?:is|does|for)"
    r"|(?:cost|price)\s+(?:of|for))\s*(?:多用|用)?\s*$",
)
_PRICE_AFTER = re.compile(
    r"^\s*(?:水)?\s*(?:的)?\s*(?:要|需要|得|是|收)?\s*"
    r"(?:多少钱|多少元|几块|几元|什么价|价格|价钱|单价|怎么收费|收费|多少|(?<![\d.])\d{1,12}(?:\.\d{1,6})?\s*(?:元|块)|(?:of\s+water\s+)?(?:cost|costs|price|yuan|is\b))",
)
# "one more m3", "再加一吨", "1 more cubic meter": a marginal-price question; its 1 is never a usage.
_ONE_MORE = re.compile(
    r"(?:再|(?<!差不)(?<!不)多|加|另|额外)\s*(?:多|加)?\s*(?:用|来)?\s*(?:1|一)\s*(?:个)?\s*(?:吨|方|立方|m3)"
    r"|(?<![\d.])(?:1|one)\s+(?:more|extra|additional)\b|\b(?:add|another|extra|additional)\s+(?:1|one)\b",
)
_PER_PERSON = re.compile(r"每人|每个人|人均|每口人|一个人平均|per\s+(?:person|head|capita)|each\s+(?:person|of\s+us)")
_PER_PERSON_AFTER = re.compile(r"^\s*(?:/\s*人|每人|一人|per\s+(?:person|head|capita)|each)")
_METER_DIFFERENCE = re.compile(
    r"(?:读数|表|示数|底数|度数|meter(?:\s+reading)?)[^,。!?;]{0,8}?(?:从|from)\s*(?P<old>(?<![\d.])\d{1,9}(?:\.\d{1,3})?)\s*"
    r"(?:变成|变为|变到|到|走到|跳到|涨到|to)\s*(?P<new>(?<![\d.])\d{1,9}(?:\.\d{1,3})?)(?![\d.])",
)
_OTHER_UTILITY = re.compile(
    r"煤气|天然气|燃气|液化气|电费|电价|度电|用电|电表|阶梯电|一度电|\bkwh\b|electricity|\bgas\b|electric|power\s+bill|\bpetrol\b"
)
_WATER_WORD = re.compile(r"水|water")
_SOMEONE_ELSE = re.compile(
    r"邻居|别人|朋友|同事|亲戚|他们家|他家|她家|人家|隔壁|neighbou?rs?|friends?|someone|colleagues?|others"
)
_TIER_WORD = re.compile(r"档|阶梯|\btiers?\b|\bbands?\b")
_TIER_LIMIT_WORD = re.compile(r"到|至|以内|以下|为止|开始|起|上限|下限|界|limit|up\s+to|starts?|ends?|until|cap")
_BOUND_BEFORE = re.compile(r"(?:从|到|至|from|at|to)\s*$")
_BOUND_AFTER = re.compile(r"^\s*(?:开始|起|为止|结束|封顶|start|begin|end|kick)")
_GUESS_BEFORE = re.compile(r"(?:是|为|就是|到|is|be|at)\s*$")
_GUESS_AFTER = re.compile(r"^\s*(?:吗|吧|么|对吗|对吧|对不对|是吗|right|correct|\?)")
_USAGE_LABEL = re.compile(
    rf"(?:本期|上期|本月|全年|年度?)?用水量?\s*(?:是|为|:|=)?\s*(?P<num>{_NUM})(?![\d.]|\s*(?:元|块|%|个|口|人|年|月|天|次))"
    rf"|\busage\s*(?:is|of|was|:|=)?\s*(?P<num2>(?<![\d.])\d{{1,12}}(?:\.\d{{1,6}})?)(?![\d.]|\s*(?:yuan|rmb|%|people|ppl))",
)
_ABOVE_BEFORE = re.compile(r"(?:超过|超出|高于|大于|多于|above|over|more\s+than|beyond|exceeding|past)\s*$")
_ABOVE_AFTER = re.compile(r"^\s*(?:水)?\s*(?:的部分)?\s*(?:以上|之上|及以上|\+|or\s+more|and\s+(?:above|up|over))")
_BELOW_BEFORE = re.compile(r"(?:低于|少于|不超过|不到|below|under|up\s+to|within|less\s+than)\s*$")
_BELOW_AFTER = re.compile(r"^\s*(?:水)?\s*(?:以内|以下|之内|or\s+less|and\s+(?:below|under))")

_D = r"(?<![\d.])"
_PERIOD_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (code, re.compile(pattern))
    for code, pattern in (
        ("year", rf"十二个月|{_D}12\s*个月|twelve\s+months|{_D}12\s*months"),
        ("half_year", rf"上半年|下半年|半年|六个月|{_D}6\s*个月|half\s*(?:a\s*)?-?\s*year(?:ly)?|six\s+months|{_D}6\s*months"
                      r"|semi-?annual(?:ly)?|bi-?annual(?:ly)?"),
        ("quarter", rf"季度|每季|一季|这季|上季|三个月|{_D}3\s*个月|quarter(?:ly)?|three\s+months|{_D}3\s*months|/\s*季"),
        ("two_months", rf"两个月|二个月|{_D}2\s*个月|双月|隔月|每两月|两月一次|每隔一个月|two\s*months|{_D}2\s*months"
                       r"|bi-?monthly|every\s+other\s+month|two-month(?:ly)?"),
        ("year", r"(?<![0-9一二三四五六七八九十今去明前每全整半])年(?=的?水费|度?账单|费)"
                 r"|(?<![\d.])1\s*年(?![级前后多])|(?<![\d.])(?:19|20)\d\d\s*年(?![\d级])"
                 r"|全年|一整年|整年|一年(?!级)|每年|年度|年均|去年|今年|明年|前年|按年"
                 r"|年用水|年用量|/\s*年|/\s*yr\b|\byr\b|\byear\b"
                 r"|\byearly\b|\ban+ual+(?:l?y)?\b|per\s+annum"),
        ("half_month", r"半个月|每半月|half\s+a\s+month|every\s+two\s+weeks|fortnight(?:ly)?|bi-?weekly"),
        ("day", r"每天|一天|每日|日均|天天|/\s*天|/\s*日|per\s+day|a\s+day|daily|/\s*day|each\s+day|every\s+day"),
        ("week", r"每周|一周|每星期|每个星期|一个星期|/\s*周|per\s+week|a\s+week|weekly|/\s*wk\b|each\s+week|every\s+week"),
        ("month", r"(?<![\d.个])(?:1[0-2]|0?[1-9])\s*月份?(?![\d底初中])"
                  r"|(?<![一二三四五六七八九十个])(?:十[一二]?|[一二三四五六七八九])月份|一个月|每个?月"
                  r"|\b(?:january|february|march|april|june|july|august|september|october|november|december)\b|月均|月度|上个?月|这个?月|本月|下个?月|当月|单月|按月|月用水|月用量|/\s*月|/\s*mo\b|/\s*mth\b"
                  r"|\bmonth(?:ly)?\b"),
    )
)
# A period followed by a money question is the period ASKED about ("一年水费多少", "annual bill").
_ASK_AFTER = re.compile(
    r"^\s*(?:下来|算下来|的话|算)?\s*(?:的)?\s*(?:水费|费用|账单|水钱|花费|总共|一共|共)?\s*(?:大概|大约|估计)?\s*(?:要|需要|得|会|应该)?\s*"
    r"(?:交|付|缴|花|收)?\s*(?:大概|大约)?\s*(?:多少|几|怎么算|是多少)"
    r"|^\s*(?:的)?\s*(?:水费|费用|账单)\s*(?:呢|吗)?\s*\?"
    r"|^\s*(?:water\s+)?(?:bill|cost|charge|payment|spend|fee)(?!s?\s+(?:shows?|showed|says|said|is|was|were|came|reads?|states?|lists?))",
)
# "两个月抄一次表": the billing cycle, which a volume elsewhere in the message is read over.
_CYCLE_AFTER = re.compile(
    r"^\s*(?:一抄|抄一次|抄表|一次抄表|出一次账|出账|收一次|交一次|一交|readings?|billing|meter\s+reading)")
_ASK_BEFORE_EN = re.compile(
    r"(?:how\s+much|what(?:'s|s|\s+is|\s+will|\s+would|\s+do)?|bill|cost|pay|charge|spend|owe|total)\b"
    r"(?!(?:\s+[^\s,.;:!?]+){0,5}?\s+(?:use|used|using|usage)\b)(?:\s+[^\s,.;:!?]+){0,5}\s*$")
_CLAUSE_BREAK = re.compile(r"[,，、;。!?\n:]|(?<!\d)\.|\.(?!\d)|\s[-–—]\s")
_SENTENCE_BREAK = re.compile(r"(?<=[。!?;\n])|(?<=[^\d\s]\.)(?=\s)")

_PEOPLE_UNIT = (
    r"(?:口人|个人|口(?![气价井水饭吃])|人(?!民|均|口)|位(?!数|小数)|名(?:家庭)?成员|个?(?:租客|住户|成员))"
)
_PEOPLE_ZH = re.compile(rf"(?:一家|全家)?(?P<num>{_NUM})\s*{_PEOPLE_UNIT}")
_PEOPLE_LABEL = re.compile(
    r"(?:家庭人口|人口数?|人数|家庭成员|household(?:\s+size)?|family(?:\s+size)?|people|persons|occupants)\s*(?:是|为|有|:|=)?\s*(?P<num>(?<![\d.])\d{1,12}|[一二两三四五六七八九十]{1,4})",
)
_PEOPLE_EN = re.compile(
    rf"(?P<num>(?<![\d.])\d{{1,12}}|{_WORD_NUM})\s*(?:-\s*person\s+household|people|persons?|ppl|pax|residents?|members?|tenants?|occupants?"
    rf"|heads|of\s+us|person\s+household)\b"
    rf"|(?:family|household|home)\s+of\s+(?P<num2>(?<![\d.])\d{{1,12}}|{_WORD_NUM})\b"
    rf"|\b(?:we\s+are|we're|were|we\s+r|there\s+are|there're)\s+(?P<num3>(?<![\d.])\d{{1,12}}|{_WORD_NUM})\b(?!\s*(?:m3|tons?|cubic|years?|months?))",
)
# Parts of a household ("两个大人一个小孩", "2 adults and 2 kids") add up.
_PEOPLE_PART = re.compile(
    rf"(?P<num>{_NUM})\s*[个位名]?\s*(?:大人|小孩|孩子|老人|成人|儿童|学生|小朋友|娃|宝宝|老人家)"
    rf"|(?P<num2>(?<![\d.])\d{{1,12}}|{_WORD_NUM})\s*(?:adults?|kids?|children|child|seniors?)\b",
)
_SPOUSE_ZH = r"(?:老婆|老公|爱人|媳妇|妻子|丈夫|先生|太太|老伴)"
_SPOUSE_EN = r"(?:wife|husband|partner|spouse)"
_PEOPLE_PAIR = re.compile(
    rf"老两口|小两口|两口子|夫妻俩|我们夫妻|我们俩|咱俩|我俩|我和我?{_SPOUSE_ZH}|我跟我?{_SPOUSE_ZH}|我们?两个老人"
    rf"|\b(?:a\s+couple|(?:my|the)\s+{_SPOUSE_EN}\s+and\s+(?:i|me)|me,?\s+(?:and\s+)?my\s+{_SPOUSE_EN}|the\s+two\s+of\s+us)\b"
)
_PEOPLE_TRIO = re.compile(r"(?:我们|咱们|咱家|我家|家里|一家)仨")
_ALONE = re.compile(
    r"独居|一个人住|一人住|自己住|自己一个人|就我一个|就我自己|只有我自己|单身|我一个人|一人户|独自|"
    r"\b(?:live|living|lives)\s+(?:alone|by\s+myself|on\s+my\s+own)\b|\bjust\s+me\b|\bonly\s+me\b|\bsingle[-\s]person\b|\bby\s+myself\b"
    r"|\bon\s+my\s+own\b|\balone\b",
)
_GENERATIONS = re.compile(r"三代同堂|四代同堂|三代人|three\s+generations")
_TOTAL_BEFORE = re.compile(
    r"(?:一共|总共|共有|共|总计|合计|加起来|全家|全家共|in\s+total|altogether|total\s+of|all\s+together|total)\s*(?:是|有|就是|:)?\s*$",
)
_TOTAL_AFTER = re.compile(r"^\s*(?:in\s+total|altogether|all\s+together|in\s+all)")
_ADD_BETWEEN = re.compile(r"加上|再加|还有|另外|以及|和|跟|带|plus|along\s+with|\band\b|with|\+")
# "3口之家，2人是老人", "其中两个是孩子": a part of the household already counted
_SUBSET_BEFORE = re.compile(r"(?:其中|包括|including|of\s+which|of\s+whom)\s*$")
_SUBSET_AFTER = re.compile(r"^\s*(?:是|为|are|is)\s*(?:老人|小孩|孩子|大人|学生|租客|adults?|kids?|children|seniors?)")
_PEOPLE_THRESHOLD_BEFORE = re.compile(r"(?:超过|超出|多于|大于|不少于|至少|满|more\s+than|over|above|at\s+least)\s*$")
_PEOPLE_THRESHOLD_AFTER = re.compile(r"^\s*(?:及|或|和)?\s*(?:以上|或以上|or\s+more|\+|and\s+(?:above|more|up))")
_LARGE = re.compile(
    r"(?:5|五)\s*(?:口|个)?\s*人?\s*(?:及|或)?以上|(?:超过|超出|多于|大于|不少于|至少|满)\s*(?:4|四|5|五)\s*(?:口|个)?人"
    r"|(?:阶梯|基本水量)[^,。?!]{0,8}(?:增加|放宽|调整|提高|多一些|多一点|会多|多给)|\ballowance|(?:多给|增加|额外|放宽).{0,4}(?:基本)?水量|人口多|多人口|大家庭|人多的?家庭|家里人多|人数多|多人户|人口较多"
    r"|large\s+(?:famil(?:y|ies)|households?)|big\s+(?:famil(?:y|ies)|households?)|\b5\s*\+|(?:five|5)\s+or\s+more|more\s+than\s+(?:4|four)\s+(?:people|persons)"
    r"|over\s+(?:4|four)\s+(?:people|persons)|more\s+than\s+(?:4|four)\s+(?:people|persons|members|residents)|at\s+least\s+(?:5|five)\s+(?:people|persons)|extra\s+allowance",
)

# 块 is also a classifier ("一块新的水表", "一块儿住"): money only before these.
_MONEY_UNIT = (
    r"(?:元|块钱|块(?=钱|多|左右|上下|水费|的水费|了|呢|吗|吧|啊|一个月|每|一年|一季|[\s,.!?;。、/\d]|$)|圆|rmb|yuan|cny|kuai|bucks)"
)
_AMOUNT = re.compile(
    rf"(?:¥|rmb|cny)\s*(?P<pre>(?<![\d.])\d{{1,12}}(?:\.\d{{1,6}})?)|(?P<num>{_NUM})\s*(?:多)?\s*{_MONEY_UNIT}(?![a-z])"
    rf"|(?:交了|缴了|付了|花了|paid|bill\s+(?:was|is|came\s+to|of)|水费(?:是|为|:)?)\s*(?P<bare>(?<![\d.])\d{{1,12}}(?:\.\d{{1,6}})?)(?!\s*(?:[\d.个口人吨方月年天%元块]|yuan|rmb|kuai|bucks))",
)
_AMOUNT_IS_PRICE = re.compile(r"^\s*(?:/|每|一\s*(?:吨|方|立方)|1\s*(?:吨|方|立方|m3)"
    r"|per\b(?!\s+(?:year|month|quarter|annum|yr|mo|two\s+months|half))"
    r"|a\s+(?:ton|m3|cubic)|each\b(?!\s+(?:year|month|quarter)))")
_PRICE_LEAD = re.compile(
    r"(?:每吨|每方|每立方米?|一吨|一方|每吨水|每方水|per\s+(?:m3|ton|cubic\s*met\w*)|单价|价格)\s*(?:是|要|为|:)?\s*$")

_TIER = re.compile(
    rf"第\s*(?P<a>{_NUM})\s*(?:档|阶梯|级阶梯|阶)|(?<![哪几每这那同])(?P<b>[一二三123])\s*档|阶梯\s*(?P<c>[一二三123])"
    r"|\btier\s*(?P<d>\d|one|two|three|i{1,3})\b|\b(?P<e>first|second|third|1st|2nd|3rd|top|highest|lowest|bottom|base)\s+"
    r"(?:tier|band|block|step|bracket|level)|(?P<f>最高|最低)档",
)
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "one": 1, "two": 2, "three": 3,
             "i": 1, "ii": 2, "iii": 3, "lowest": 1, "bottom": 1, "base": 1, "最低": 1}  # fmt: skip

_CUES: dict[str, re.Pattern[str]] = {
    "usage_from_amount": re.compile(
        r"用了?多少(?:水|吨|方|立方)?|用水量?(?:是|有|大概|大约)?多少|多少(?:吨|方|立方)|几吨|(?:反推|倒推|推算|算出|算算).{0,6}(?:用水|用量|吨)|"
        r"(?:what'?s|what\s+is|work\s+out)\s+(?:my|our|the)\s+(?:usage|consumption|volume)|"
        r"how\s+much\s+water|how\s+many\s+(?:m3|tons?|cubic|litres?|liters?|units)|what\s+volume|how\s+much\s+(?:did|have)\s+(?:i|we)\s+use",
    ),
    "why": re.compile(
        r"为什么|为啥|为何|咋这么|怎么这么|怎么会这么|怎么突然|凭什么|怎么涨|咋涨|怎么(?:比|又|会)?.{0,8}(?:贵|高|多|涨)了"
        r"|怎么回事|咋回事|什么原因|啥原因|什么情况|^\s*(?:这么|那么|这也太|也太)(?:贵|高|多)|\bwhy\b|how\s+come|what\s+made|what\s+happened"
        r"|what\s+makes\s+it|so\s+(?:expensive|pricey|high|much)\s*\?|(?:that|this)(?:'s|\s+is)\s+(?:so\s+|very\s+|really\s+)?(?:expensive|pricey|steep)",
    ),
    "tier_boundary": re.compile(
        r"到多少(?:吨|方|立方米?)?(?:为止|封顶|结束)?|多少(?:吨|方|立方米?)(?:以内|以下|之内|为止|开始|起|算|进入|以上算|就)"
        r"|从多少|从几吨|从[^,。?!]{0,10}(?:开始|起算|算起)|到[^,。?!]{0,10}为止|上限|下限|分界|临界|门槛|起点|界限|区间|几吨(?:开始|为止|以内)|超过多少|多少.{0,4}(?:开始|进入)第"
        r"|(?:tier|band)s?\s+(?:bound\w*|limits?|thresholds?|ranges?|cut-?offs?|breakpoints?)|where\s+does\s+.{0,30}(?:tier|band)|when\s+does\s+.{0,30}(?:start|begin|kick)|(?:tier|band)\s*\w*\s+(?:start|end|begin|limit|cap|threshold"
        r"|boundary|range|cutoff|cut-off)|(?:limit|cap|threshold|boundary|cutoff|cut-off|upper\s+bound)\s+(?:of|for)"
        r"|how\s+many\s+(?:m3|tons?|cubic\s+met\w+)\s+(?:before|until|in|is|are|does|can)|up\s+to\s+how\s+many|at\s+what\s+(?:usage|volume|point)",
    ),
    "marginal_price": re.compile(
        r"再多?用\s*(?:一|1)?\s*(?:吨|方|立方)|多用\s*(?:一|1)?\s*(?:吨|方|立方)|下一(?:吨|方|立方)|每多用|边际|额外(?:一|1)?(?:吨|方)"
        r"|超出的?(?:一|1)\s*吨|next\s+(?:m3|ton|tonne|cubic|unit)|(?:one|1|an?)\s+more\s+(?:m3|ton|tonne|cubic|unit)|extra\s+cost|cost\s+of\s+(?:the\s+)?next|(?:extra|additional|another)\s+(?:1\s+)?(?:m3|ton|tonne|cubic|unit)"
        r"|marginal|each\s+extra|every\s+extra",
    ),
    "which_tier": re.compile(
        r"第几(?:档|阶梯|级)|(?:哪一|哪个|几)(?:阶梯|级阶梯)|档还是第?[一二三123]档|阶梯还是第?[一二三123]阶梯|\btier\s*\d\s+or\s+(?:tier\s*)?\d|第几档|哪一?档|哪个档|(?<!分)几档|(?:是不是|算不算|属不属于|是否).{0,12}第?[一二三123]档|(?:算|是|属于|在)第?[一二三123]档(?:吗|了吗|吧|么)"
        r"|\b(?:am\s+i|are\s+we|is\s+(?:it|that|this|\d[^?]{0,25}))\s+in\s+(?:the\s+)?[a-z0-9]*\s*(?:tier|band)|哪个阶梯|哪一级|什么档|哪档|which\s+(?:\w+\s+)?(?:tier|band|block|bracket)|what\s+(?:tier|band|bracket)|tier\s+am\s+i|am\s+i\s+in\s+tier",
    ),
    "tier_price": re.compile(
        r"档.{0,6}(?:多少钱|价格|单价|几块|几元|怎么收费|收费|价|钱|元|块)|多少钱一(?:吨|方|立方)|(?:一|1)\s*(?:吨|方|立方米?)水?(?:要|是)?(?:多少钱|几块|几元|什么价|多少)|每(?:吨|方|立方米?)水?(?:多少钱|几块|价格|单价|是多少|收费|多少)"
        r"|水价|单价|价格表|阶梯价|收费标准|怎么收费|如何收费|价格是多少|\d\s*(?:元|块)钱?\s*(?:一|每|/)\s*(?:吨|方|立方)|每(?:吨|方|立方米?)水?\s*\d"
        r"|price\s+(?:per|of|for)|per\s+(?:m3|ton|tonne|cubic)|how\s+much\s+(?:is|does|for)\s+(?:a|one|each|1)\s+(?:m3|ton|cubic)|cost\s+per|rate\s+per|water\s+(?:price|rate)"
        r"|\btariff|price\s+list|unit\s+price|\b(?:water\s+)?tiers\b|tiered\s+pric|\b(?:a|one|each)\s+(?:m3|tons?|tonnes?|cubic\s*met(?:er|re)s?)\b|\brates?\b|how\s+much\s+is\s+tier|tier\s*\w*\s+(?:price|cost|rate)|(?:charged|priced)",
    ),
    "large_household": _LARGE,
    "bill": re.compile(
        r"水费|多少钱|交多少|付多少|要交|要付|缴多少|花多少|费用|算一下|算算|帮我算|多钱|几块钱|账单|怎么算|大概多少|一共多少|要多少"
        r"|\bbills?\b|how\s+much|\bhw\s+much|how\s+mu?ch|\bcost|\bpay\b|\bcharge|\bowe\b|(?:the|my|our)\s+total|total\s*(?:cost|bill|amount|yearly|annual|monthly|per|for|\?)|what'?s\s+that|what\s+(?:would|will)\s+(?:that|it)\s+be|what\s+do\s+i\s+pay",
    ),
}
# With a threshold ("300吨以上", "above 300 m3") these ask for the rate, not for a bill.
_PER_UNIT_PRICE = re.compile(
    r"每(?:吨|方|立方)|(?:一|1)\s*(?:吨|方|立方)|单价|per\s+(?:m3|tons?|tonnes?|cubic|unit)|(?:a|one|each)\s+(?:m3|tons?|tonnes?|cubic)"
    r"|price\s+per|rate\s+per|cost\s+per"
)
_RATE_WORDS = re.compile(r"怎么收费|收费|价格|单价|价|几块|charged|price|cost|rate")
_PAST_PERIOD = re.compile(r"去年|前年|上个?月|上季|上半年|(?:last|previous|past|than)\s+(?:\S*$|year|month|quarter)")
# "sorry, I meant per month", "不对，是每个月的": the period of the volume already given is corrected
_CORRECTION = re.compile(
    r"\bmeant\b|\bi\s+mean\b|\bsorry\b|\bactually\b|\bcorrection\b|\bmy\s+bad\b|\boops\b|\btypo\b|\bmistake\b"
    r"|\b(?:that|it|this)(?:'s|\s+is|\s+was)\b|\bthat\s+(?:figure|number|amount)\s+(?:is|was)\b"
    r"|不对|说错|我是说|我说的是|我指的是|应该是|其实是|其实|更正|打错|搞错|弄错|写错|是每|是一个|那是|指的是",
)
_OWN_USE = re.compile(r"我家|我们|咱家|家里|用了|用水|\bmy\b|\bwe\b|\bour\b|\bi\s+(?:use|used|am|'m)\b")
_FOLLOW_UP_ASK = re.compile(r"呢|吗|\?|what\s+about|how\s+about|and\s+(?:per|a|for)")
_FILLER = re.compile(
    r"那么|那|要是|如果|假如|的话|呢|吗|啊|呀|吧|用到|用了|是|改成|换成|变成|还有|再|"
    r"\b(?:and|what|about|how|if|it'?s|its|was|is|for|make|it|say|then|ok|okay|sorry|i|mean|instead|actually)\b|[\s?!,。~:;]|(?<!\d)\.|\.(?!\d)",
)


# --- the reading ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """What one message (or a conversation so far) says; None = not said. See the contract."""

    usage_m3: Decimal | None = None
    usage_range_m3: tuple[Decimal, Decimal] | None = None
    usage_period: str | None = None
    asked_period: str | None = None
    people: int | None = None
    question: str | None = None
    tier: int | None = None
    amount_yuan: Decimal | None = None
    amount_period: str | None = None
    notes: tuple[str, ...] = ()
    # Additions to the contract:
    questions: tuple[str, ...] = ()  # every question type asked, in message order (one per clause: "水费多少，第几档")
    above_m3: Decimal | None = None  # a threshold volume: "三百吨以上" / "over 300 m3"
    below_m3: Decimal | None = None  # "220吨以内" / "up to 220 m3"
    bare_number: Decimal | None = None  # the last number with no unit ("and 221?"); never a usage by itself
    litres: Decimal | None = None  # the volume as written in litres, when it was (8000升 → 8 m³)
    written_m3: Decimal | None = None  # a daily or weekly volume as written ("每天0.5方"); usage_m3 is then the year's
    written_period: str | None = None  # "day" | "week" | "half_month" (tiers are annual: ×365/×52/×24, usage_period "year")
    per_person_m3: Decimal | None = None  # "每人每月4吨": the volume per person; usage_m3 = it × people (None until known)
    meter_readings: tuple[Decimal, Decimal] | None = None  # "读数从1234变成1260": usage_m3 = 26
    usage_ask_period: bool = field(default=False, compare=False, repr=False)  # internal: period taken from the question
    # internal: "sorry, I meant per month" with no volume: the period of the remembered volume
    corrected_period: str | None = field(default=None, compare=False, repr=False)

    @property
    def annual_usage_m3(self) -> Decimal | None:
        """The volume over a year: usage × readings per year of its period (a year if not said)."""
        if self.usage_m3 is None:
            return None
        return self.usage_m3 * PERIODS_PER_YEAR[self.usage_period or "year"]

    @property
    def periods_per_year(self) -> int:
        return PERIODS_PER_YEAR[self.usage_period or "year"]

    def to_dict(self) -> dict:
        """JSON-safe (Decimals as strings, tuples as lists), for a Rasa slot."""
        out: dict = {}
        for f in fields(self):
            if f.name in ("usage_ask_period", "corrected_period"):
                continue
            value = getattr(self, f.name)
            if isinstance(value, Decimal):
                value = str(value)
            elif f.name in ("usage_range_m3", "meter_readings") and value is not None:
                value = [str(value[0]), str(value[1])]
            elif isinstance(value, tuple):
                value = list(value)
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict | None) -> Reading | None:
        """The inverse of `to_dict`; None or garbage → None (a slot may be empty or stale)."""
        if not isinstance(data, dict):
            return None
        try:
            dec = {name: (None if data.get(name) in (None, "") else Decimal(str(data[name])))
                   for name in ("usage_m3", "amount_yuan", "above_m3", "below_m3", "bare_number", "litres",
                                "written_m3", "per_person_m3")}  # fmt: skip
            if any(not value.is_finite() for value in dec.values() if value is not None):
                return None
            rng = data.get("usage_range_m3")
            period_ok = {None, *PERIODS_PER_YEAR}
            reading = cls(
                **dec,
                usage_range_m3=_decimal_pair(rng),
                usage_period=data.get("usage_period") if data.get("usage_period") in period_ok else None,
                asked_period=data.get("asked_period") if data.get("asked_period") in period_ok else None,
                people=int(data["people"]) if data.get("people") is not None else None,
                question=data.get("question") if data.get("question") in QUESTIONS else None,
                tier=int(data["tier"]) if data.get("tier") is not None else None,
                amount_period=data.get("amount_period") if data.get("amount_period") in period_ok else None,
                notes=tuple(str(n) for n in data.get("notes") or ()),
                questions=tuple(q for q in data.get("questions") or () if q in QUESTIONS),
                written_period=data.get("written_period") if data.get("written_period") in _SHORT_PERIODS else None,
                meter_readings=_decimal_pair(data.get("meter_readings")),
            )
        except (InvalidOperation, TypeError, ValueError, IndexError, KeyError):
            return None
        return reading


def _tidy(value: Decimal) -> Decimal:
    """219.0 → 219, 0.450 → 0.45 (never 2.2E+2): products are shown to residents."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _decimal_pair(pair) -> tuple[Decimal, Decimal] | None:
    return (Decimal(str(pair[0])), Decimal(str(pair[1]))) if pair else None


@dataclass
class _Span:
    start: int
    end: int
    kind: str
    value: Decimal | None = None
    code: str | None = None
    extra: dict = field(default_factory=dict)


def _overlaps(span: tuple[int, int], taken: list[_Span]) -> bool:
    return any(span[0] < t.end and t.start < span[1] for t in taken)


def find_periods(text: str) -> list[tuple[int, int, str]]:
    """Every period phrase in normalised text: (start, end, period code), in text order."""
    found: list[tuple[int, int, str]] = []
    for code, pattern in _PERIOD_PATTERNS:
        for m in pattern.finditer(text):
            if not any(m.start() < e and s < m.end() for s, e, _ in found):
                found.append((m.start(), m.end(), code))
    return sorted(found)


@lru_cache(maxsize=8)
def _clause_breaks(text: str) -> tuple[list[int], list[int]]:
    """Where clause breaks start and end, found once per message (long messages stay linear)."""
    found = list(_CLAUSE_BREAK.finditer(text))
    return [m.start() for m in found], [m.end() for m in found]


def _clause_bounds(text: str, pos: int) -> tuple[int, int]:
    """The clause (between , ; 。 ! ? and the like) that contains position `pos`."""
    starts, ends = _clause_breaks(text)
    before = bisect_right(ends, pos) - 1
    after = bisect_left(starts, pos)
    return (ends[before] if before >= 0 else 0), (starts[after] if after < len(starts) else len(text))


def _volume_span(text: str, start: int, end: int, value: Decimal, rng, litres: bool) -> _Span:
    """One volume with what surrounds it: a price unit, a threshold, a guess, per person, litres."""
    before, after = text[max(0, start - 14) : start], text[end : end + 14]
    kind = "volume"
    if value == 1 and not rng and (_PRICE_BEFORE.search(before) or _PRICE_AFTER.search(after)):
        kind = "price_unit"
    elif _ABOVE_BEFORE.search(before) or _ABOVE_AFTER.search(after):
        kind = "above"
    elif _BELOW_BEFORE.search(before) or _BELOW_AFTER.search(after):
        kind = "below"
    written = value
    if litres:
        value, rng = value / 1000, (rng[0] / 1000, rng[1] / 1000) if rng else None
    guess = bool(_GUESS_BEFORE.search(before) and _GUESS_AFTER.search(after)) or bool(
        _BOUND_BEFORE.search(before) and _BOUND_AFTER.search(after))
    clause_start, clause_end = _clause_bounds(text, start)
    clause = text[clause_start:clause_end]
    per_person = bool(_PER_PERSON.search(text[clause_start:start]) or _PER_PERSON_AFTER.search(after))
    # "邻居家一年用300吨", "听说第一档到220吨": a volume, but not this household's
    lead = text[max(clause_start, start - 16) : start]
    not_ours = bool(_SOMEONE_ELSE.search(lead) or (_TIER_WORD.search(clause) and _TIER_LIMIT_WORD.search(clause)))
    return _Span(start, end, kind, value, extra={"range": rng, "litres": written if litres else None,
                                                 "guess": guess, "per_person": per_person, "not_ours": not_ours})


_EN_SMALL = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_EN_WORD = rf"(?:{'|'.join(sorted([*_EN_SMALL, *_EN_TENS], key=len, reverse=True))}|hundred|thousand)"
_EN_VOLUME = re.compile(
    rf"(?<![a-z])(?P<words>(?:a\s+)?{_EN_WORD}(?:(?:\s+and\s+|[\s-]+){_EN_WORD})*)\s*"
    r"(?P<unit>cubic\s*met[a-z]*|m3|tonnes?\b|tons?\b|cubes?\b|litres?\b|liters?\b)"
)


def _english_number(words: str) -> Decimal | None:
    """"two hundred and twenty" → 220, "a hundred" → 100, "twelve" → 12 (residents' English)."""
    total = current = 0
    for word in re.split(r"[\s-]+", words.strip()):
        if word in ("a", "and", ""):
            current = 1 if word == "a" else current
        elif word in _EN_SMALL:
            current += _EN_SMALL[word]
        elif word in _EN_TENS:
            current += _EN_TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "thousand":
            total, current = total + max(current, 1) * 1000, 0
    value = total + current
    return Decimal(value) if value > 0 else None


def _volumes(text: str) -> list[_Span]:
    """Every number next to a volume unit, classified: volume, price unit, threshold (rules 1–3)."""
    spans = []
    for m in _VOLUME.finditer(text):
        value, rng = _numeral(m.group("num"))
        if value is None:
            continue
        if m.group("hi") or m.group("b_lo"):
            lo = Decimal(m.group("b_lo")) if m.group("b_lo") else value
            hi = _numeral(m.group("hi"))[0] if m.group("hi") else value
            if hi is None:
                continue
            if m.group("b_lo"):
                lo, hi = lo, value
            if lo > hi:
                lo, hi = hi, lo
            rng = (lo, hi) if lo != hi else None
            value = (lo + hi) / 2
        unit = m.group("unit").lower()
        if unit in ("度", "顿"):  # "用了20度水" (colloquial), "12顿" (typo of 吨): only in a clause about water
            c_start, c_end = _clause_bounds(text, m.start())
            clause = text[c_start:c_end]
            if not re.search("水|用" if unit == "顿" else "水", clause) or _NOT_WATER_DEGREES.search(clause):
                continue
        spans.append(_volume_span(text, m.start(), m.end(), value, rng, unit in _LITRE_UNITS))
    for m in _EN_VOLUME.finditer(text):  # "twelve cubic meters", "two hundred tons"
        value = _english_number(m.group("words"))
        if value is not None and not _overlaps(m.span(), spans):
            spans.append(_volume_span(text, m.start(), m.end(), value, None, m.group("unit") in _LITRE_UNITS))
    for m in _METER_DIFFERENCE.finditer(text):  # "水表读数从1234变成1260": 26 m³ used
        old, new = Decimal(m.group("old")), Decimal(m.group("new"))
        if new > old and not _overlaps(m.span(), spans):
            spans.append(_Span(m.start(), m.end(), "volume", new - old,
                               extra={"range": None, "litres": None, "guess": False, "meter": (old, new)}))
    for m in _USAGE_LABEL.finditer(text):  # "本期用水量23", "usage: 240": a bill's volume is in m³
        value, rng = _numeral(m.group("num") or m.group("num2"))
        if value is not None and not _overlaps(m.span(), spans):
            spans.append(_Span(m.start(), m.end(), "volume", value, extra={"range": rng, "litres": None, "guess": False}))
    return sorted(spans, key=lambda span: span.start)


def _amounts(text: str, taken: list[_Span]) -> list[_Span]:
    spans = []
    for m in _AMOUNT.finditer(text):
        if _overlaps(m.span(), taken):
            continue
        raw = m.group("pre") or m.group("num") or m.group("bare")
        value, _rng = _numeral(raw)
        if value is None:
            continue
        if _AMOUNT_IS_PRICE.search(text[m.end() : m.end() + 10]) or _PRICE_LEAD.search(text[max(0, m.start() - 10) : m.start()]):
            spans.append(_Span(m.start(), m.end(), "price", value))
            continue
        spans.append(_Span(m.start(), m.end(), "amount", value))
    return spans


def _people_mentions(text: str, taken: list[_Span]) -> list[_Span]:
    found: list[_Span] = []

    def add(m: re.Match, value: int | None, kind: str = "people") -> None:  # first pattern to claim a span wins
        if value is None or not 0 < value <= 200 or _overlaps(m.span(), taken + found):
            return
        after = text[m.end() : m.end() + 10]
        if _PEOPLE_THRESHOLD_AFTER.search(after) or _PEOPLE_THRESHOLD_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
            found.append(_Span(m.start(), m.end(), "people_threshold", Decimal(value)))
            return
        total = bool(_TOTAL_BEFORE.search(text[max(0, m.start() - 8) : m.start()]) or _TOTAL_AFTER.search(after))
        if _SUBSET_BEFORE.search(text[max(0, m.start() - 10) : m.start()]) or _SUBSET_AFTER.search(after):
            kind = "part"
        found.append(_Span(m.start(), m.end(), kind, Decimal(value), code="total" if total else None))

    def whole(raw: str | None) -> int | None:
        if raw is None:
            return None
        value, rng = _numeral(raw)
        if value is None or rng or value != value.to_integral_value():
            return None
        return int(value)

    for m in _PEOPLE_LABEL.finditer(text):
        add(m, whole(m.group("num")))
    for m in _PEOPLE_PAIR.finditer(text):
        add(m, 2, kind="part")
    for m in _PEOPLE_TRIO.finditer(text):
        add(m, 3)
    for m in _PEOPLE_ZH.finditer(text):
        add(m, whole(m.group("num")))
    for m in _PEOPLE_EN.finditer(text):
        add(m, whole(m.group("num") or m.group("num2") or m.group("num3")))
    for m in _ALONE.finditer(text):
        add(m, 1)
    for m in _PEOPLE_PART.finditer(text):
        add(m, whole(m.group("num") or m.group("num2")), kind="part")
    return sorted(found, key=lambda s: s.start)


def _household(text: str, mentions: list[_Span], notes: list[str]) -> int | None:
    """Rule 6: a stated total beats parts; parts joined by 加上/plus add up; else the last wins."""
    counted = [s for s in mentions if s.kind in ("people", "part")]
    if not counted:
        if _GENERATIONS.search(text):
            notes.append("people_generations_unknown")
        return None
    totals = [s for s in counted if s.code == "total"]
    if totals:
        if len(counted) > len(totals):
            notes.append("people_total_over_parts")
        return int(totals[-1].value)
    running, parts, previous = 0, 0, None
    for span in counted:
        between = text[previous.end : span.start] if previous else ""
        parts_side_by_side = previous is not None and previous.kind == span.kind == "part" and len(between.strip(" ,、")) <= 1
        if previous is not None and previous.kind == "people" and span.kind == "part":
            continue  # "家里四口人，我和我爱人，还有两个孩子": the parts enumerate the household already stated
        if previous is not None and (parts_side_by_side or (_ADD_BETWEEN.search(between) and len(between) <= 24)):
            running += int(span.value)
            parts += 1
        else:
            running, parts = int(span.value), 1
        previous = span
    if parts > 1:
        notes.append("people_sum_of_parts")
    return running if running <= 200 else None  # "3 people and 3 people and …" is not a household


def _tier_named(text: str) -> int | None:
    """The tier the message names; None when it offers a choice ("第一档还是第二档", "tier 1 or 2")."""
    named = [t for t in (_one_tier(m) for m in _TIER.finditer(text)) if t is not None]
    if len(set(named)) > 1 and re.search(r"还是|或者|\bor\b", text):
        return None
    return named[-1] if named else None


def _one_tier(m: re.Match) -> int | None:
    raw = next(g for g in m.groups() if g is not None).lower()
    if raw in _ORDINALS:
        return _ORDINALS[raw]
    if raw in ("top", "highest", "最高"):
        return _tier_count()
    value, _ = _numeral(raw)
    return int(value) if value is not None and value == value.to_integral_value() and 0 < value < 10 else None


def _tier_count() -> int | None:
    try:
        from core.tariffs import tariff_in_force

        return len(tariff_in_force().tiers)
    except Exception:  # noqa: BLE001 - content missing: the tier stays unknown
        return None


def _tier_of(volume_m3: Decimal, people: int | None, above: bool) -> int | None:
    """The tier a volume just above (or just below) a threshold falls in, under today's tariff."""
    try:
        from core.tariffs import tariff_in_force

        bounds = tariff_in_force().tier_bounds(people or 1)
    except Exception:  # noqa: BLE001 - content missing: the tier stays unknown
        return None
    for number, (lower, upper) in enumerate(bounds, start=1):
        if above and lower <= volume_m3 and (upper is None or volume_m3 < upper):
            return number
        if not above and lower < volume_m3 and (upper is None or volume_m3 <= upper):
            return number
    return None


@lru_cache(maxsize=8)
def _sentences(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for part in _SENTENCE_BREAK.split(text):
        if part.strip():
            out.append((pos, part))
        pos += len(part)
    return out


def _question_in(part: str, has_amount: bool) -> str | None:
    return next((q for q in QUESTIONS if _CUES[q].search(part) and (q != "usage_from_amount" or has_amount)), None)


def _questions(text: str, has_amount: bool) -> tuple[str | None, list[str]]:
    """Rule 7: the last sentence that asks something decides, by precedence inside it. Every
    question asked (one per clause: "全年水费多少钱，第几阶梯？" asks two) is listed too."""
    found: list[str] = []
    decided = None
    for start, sentence in _sentences(text):
        kind = _question_in(sentence, has_amount)
        if kind is None:
            continue
        decided = kind
        clause_starts = [start, *(end for end in _clause_breaks(text)[1] if start < end < start + len(sentence))]
        for c_start in clause_starts:
            c_kind = _question_in(text[c_start : _clause_bounds(text, c_start)[1]], has_amount)
            if c_kind is not None and c_kind not in found:
                found.append(c_kind)
        if decided not in found:
            found.append(decided)
    return decided, found


# What may stand between a figure and its period: "12吨/月", "40 m3 every two months", "¥1200 for the year".
_FIGURE_TO_PERIOD = re.compile(r"[\s/]*(?:a|per|each|every|in|for|的|每)?(?:\s+(?:the|a|this|that|one))?\s*[\s/]*")


def _classify_periods(text: str, volumes: list[_Span], amounts: list[_Span]) -> list[_Span]:
    """Each period phrase: asked, the volume's, the money's, or loose (rule 5)."""
    spans = []
    for start, end, code in find_periods(text):
        c_start, c_end = _clause_bounds(text, start)
        in_clause = lambda spans_, s=c_start, e=c_end: [v for v in spans_ if s <= v.start < e]  # noqa: E731
        right_after = any(0 <= start - v.end <= 12 and _FIGURE_TO_PERIOD.fullmatch(text[v.end : start]) for v in volumes)
        asked = bool(_ASK_AFTER.search(text[end : end + 16]))
        after_amount = any(0 <= start - a.end <= 12 and _FIGURE_TO_PERIOD.fullmatch(text[a.end : start]) for a in amounts)
        past = re.search(r"(?:last|previous|past|than)\s+$", text[max(0, start - 10) : start])
        if not asked and not right_after and not past and re.search(r"[a-z]", text[start:end]):
            asked = bool(_ASK_BEFORE_EN.search(text[c_start:start])) and not in_clause(volumes) and not after_amount
        cycle = bool(_CYCLE_AFTER.search(text[end : end + 8]))
        if asked:
            kind = "asked_period"
        elif right_after:
            kind = "usage_period"
        elif after_amount or (in_clause(amounts) and not in_clause(volumes)):
            kind = "amount_period"
        elif in_clause(volumes):
            kind = "usage_period"
        else:
            kind = "loose_period"
        spans.append(_Span(start, end, kind, code=code, extra={"clause": (c_start, c_end), "right_after": right_after,
                                                               "cycle": cycle}))
    return spans


_BARE_ABOVE = re.compile(
    rf"(?:超过|超出|高于|above|over|more\s+than|beyond|exceeding)\s*(?P<a>{_NUM})(?![\d.]|\s*(?:口|个|人|位|元|块|people|persons?|ppl|yuan|rmb|%))"
    rf"|(?P<b>{_NUM})\s*(?:以上|and\s+above|or\s+more|\+)"
)


def _bare_thresholds(text: str, taken: list[_Span]) -> list[_Span]:
    """"and above 300?", "三百以上呢": a threshold without a unit is a volume threshold (m³)."""
    found = []
    for m in _BARE_ABOVE.finditer(text):
        value = _numeral(m.group("a") or m.group("b"))[0]
        tail = text[m.end() : m.end() + 3]
        if value is not None and value >= 10 and not _overlaps(m.span(), taken) and not re.match(r"\s*(?:口|个|人|元|块)", tail):
            found.append(_Span(m.start(), m.end(), "above", value,
                               extra={"range": None, "litres": None, "guess": False, "bare": True}))
    return found


def _bare_number(text: str, taken: list[_Span]) -> Decimal | None:
    """The number a short follow-up gives without a unit: "and 221?", "那二百二十一呢". Only one:
    with two unitless numbers ("12-13", "from 200 to 600") nobody can say which is meant."""
    rest = _FILLER.sub("", text)
    if rest and re.fullmatch(_NUM, rest):
        return _numeral(rest)[0]
    loose = [m.group() for m in re.finditer(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])", text) if not _overlaps(m.span(), taken)]
    return Decimal(loose[0]) if len(loose) == 1 else None


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    starts = [start for start, _ in _sentences(text)]
    return max((s for s in starts if s <= pos), default=0), min((s for s in starts if s > pos), default=len(text))


def _usage_period_of(text: str, volume: _Span, periods: list[_Span]) -> str | None:
    """Rule 5: right after the volume > before it in its clause > elsewhere in its sentence
    (before, else after) > a billing cycle named anywhere; asked periods never count."""
    clause = _clause_bounds(text, volume.start)
    same = [p for p in periods if p.kind == "usage_period" and p.extra["clause"] == clause]
    after = [p for p in same if p.extra["right_after"]]
    before = [p for p in same if p.end <= volume.start]
    pick = after[0] if after else (before[-1] if before else (same[0] if same else None))
    if pick is None:
        s_start, s_end = _sentence_bounds(text, volume.start)
        loose = [p for p in periods if p.kind == "loose_period" and s_start <= p.start < s_end]
        before_loose = [p for p in loose if p.start < volume.start]
        pick = before_loose[-1] if before_loose else (loose[0] if loose else None)
    if pick is None:  # "我们是两个月抄一次表"
        cycles = [p for p in periods if p.kind == "loose_period" and p.extra["cycle"]]
        pick = cycles[-1] if cycles else None
    return pick.code if pick else None


def _amount_period_of(text: str, amount: _Span, periods: list[_Span]) -> str | None:
    """The period money covers: in its clause ("上个月交了150元"), else one said of money, else
    one elsewhere in its sentence ("交了300多块，这两个月")."""
    clause = _clause_bounds(text, amount.start)
    own = [p for p in periods if p.kind in ("amount_period", "loose_period") and p.extra["clause"] == clause]
    if not own:
        own = [p for p in periods if p.kind == "amount_period"]
    if not own:
        s_start, s_end = _sentence_bounds(text, amount.start)
        own = [p for p in periods if p.kind == "loose_period" and s_start <= p.start < s_end]
    return own[-1].code if own else None


def read_message(text: str, expecting: str | None = None) -> Reading:
    """Read the WHOLE message (any length; never truncates). `expecting` ("usage_m3", "people" or
    "amount_yuan") is what the caller just asked for: a bare number then answers it."""
    norm = normalize_text(text)
    notes: list[str] = []
    volumes_all = _volumes(norm)
    amounts_all = _amounts(norm, volumes_all)
    amounts = [a for a in amounts_all if a.kind == "amount"]
    taken = volumes_all + amounts_all
    tier_spans = [_Span(m.start(), m.end(), "tier") for m in _TIER.finditer(norm)]
    mentions = _people_mentions(norm, taken + tier_spans)
    people = _household(norm, mentions, notes)
    question, questions = _questions(norm, bool(amounts))

    usage_spans = [v for v in volumes_all if v.kind == "volume"]
    if question in ("tier_boundary", "tier_price"):  # "第一档的上限是220吨吗": a guess at the answer, not a usage
        usage_spans = [v for v in usage_spans if not v.extra.get("guess")]
    above = [v for v in volumes_all if v.kind == "above"] or _bare_thresholds(norm, taken)
    below = [v for v in volumes_all if v.kind == "below"]
    price_question = question in ("tier_price", "tier_boundary", "which_tier") or (
        question in (None, "bill") and (above or below) and _RATE_WORDS.search(norm)
    )
    if (above or below) and price_question and not usage_spans:
        question = question if question in ("tier_price", "tier_boundary", "which_tier") else "tier_price"
    elif not usage_spans:
        usage_spans = [v for v in above + below if not v.extra.get("bare")]  # "我家用水超过300吨了，要交多少钱"
    ours = [v for v in usage_spans if not v.extra.get("not_ours")]
    chosen = (ours or usage_spans)[-1] if usage_spans else None  # rule 4: the last stated (of this household)

    periods = _classify_periods(norm, [chosen] if chosen else [], amounts)
    usage_period = _usage_period_of(norm, chosen, periods) if chosen is not None else None
    asked = [p for p in periods if p.kind == "asked_period"]
    if not asked and chosen is None and not amounts and len(norm) <= 40 and _FOLLOW_UP_ASK.search(norm):
        # a short follow-up about another period: "那一个月呢", "what about per month?" (not "than last year")
        asked = [p for p in periods if p.kind == "loose_period" and not _PAST_PERIOD.search(norm[max(0, p.start - 9) : p.end])]
    asked_period = asked[-1].code if asked else None
    amount_period = _amount_period_of(norm, amounts[-1], periods) if amounts else None

    usage = usage_range = litres = None
    usage_from_question = False
    if chosen is not None:
        usage, usage_range, litres = chosen.value, chosen.extra["range"], chosen.extra["litres"]
    one_more = list(_ONE_MORE.finditer(norm))
    bare = _bare_number(norm, taken + mentions + tier_spans + periods + [_Span(m.start(), m.end(), "one_more") for m in one_more])
    if one_more and chosen is None and question in (None, "bill", "tier_price") and not above and not below:
        question = "marginal_price"  # "那再多1吨呢", "add 1 more m3?": the price of one more m³
        questions = [*(q for q in questions if q not in ("bill", "tier_price")), "marginal_price"]
    if usage is None and expecting == "usage_m3" and bare is not None:
        usage = bare
    if people is None and expecting == "people" and bare is not None and bare == bare.to_integral_value() and 0 < bare <= 200:
        people = int(bare)
    amount_yuan = amounts[-1].value if amounts else None
    if amount_yuan is None and expecting == "amount_yuan" and bare is not None:
        amount_yuan = bare

    above_m3 = above[-1].value if above else None
    below_m3 = below[-1].value if below else None
    tier = _tier_named(norm)
    if tier is None and question in ("tier_price", "tier_boundary", "which_tier"):
        if above and usage is None:
            tier = _tier_of(above[-1].value, people, above=True)
        elif below and usage is None:
            tier = _tier_of(below[-1].value, people, above=False)
    if (tier is not None and question in (None, "bill") and usage is None and not amounts and people is None
            and above_m3 is None and below_m3 is None and not _OWN_USE.search(norm)):
        question = "tier_price"  # "what does tier 2 cost", "第二档收多少": the tier's price, not a bill to compute
        questions = [*(q for q in questions if q != "bill"), "tier_price"]
    if question == "which_tier" and usage is None and above_m3 is None and below_m3 is None and tier is not None:
        question = "tier_price"  # "每吨水3.45元是第一档吧": about a tier's price, not where a usage falls
        questions = [q if q != "which_tier" else "tier_price" for q in questions]
    if question == "bill" and amount_yuan is not None and usage is None:
        question = None  # "这个月水费88块，正常吗": the bill is known; nothing to compute
        questions = [q for q in questions if q != "bill"]
    if question == "tier_price" and usage is not None and tier is None:
        # "用了250吨，每吨多少钱": the price of the next m³ at that usage; "阶梯水价怎么算？去年用了280方": the bill
        question = "marginal_price" if _PER_UNIT_PRICE.search(norm) else "bill"
        questions = [q if q != "tier_price" else question for q in questions]

    corrected_period = None
    if chosen is None and not amounts and not asked and _CORRECTION.search(norm):
        loose = [p for p in periods if p.kind == "loose_period"]
        corrected_period = loose[-1].code if len({p.code for p in loose}) == 1 else None
    asked_period = None if asked_period in _SHORT_PERIODS else asked_period
    amount_period = None if amount_period in _SHORT_PERIODS else amount_period
    per_person_m3 = meter = None
    if chosen is not None and chosen.extra.get("per_person") and usage is not None:
        per_person_m3 = usage  # "每人每月4吨", "3 m3 per person a month": the household uses it × people
        if people is not None:
            usage_range = (usage_range[0] * people, usage_range[1] * people) if usage_range else None
            usage = _tidy(usage * people)
            notes.append("per_person_times_people")
        else:
            usage = usage_range = None
            notes.append("per_person_needs_household")
    if chosen is not None and chosen.extra.get("meter"):
        meter = chosen.extra["meter"]
        notes.append("meter_difference")
    written_m3 = written_period = None
    if usage is not None and usage_period in _SHORT_PERIODS:  # "每天0.5方": the tiers are annual, so a year at once
        written_m3, written_period, factor = usage, usage_period, _SHORT_PERIODS[usage_period]
        usage, usage_period = _tidy(usage * factor), "year"
        usage_range = (usage_range[0] * factor, usage_range[1] * factor) if usage_range else None
        notes.append(f"annualised_{written_period}")
    if usage is not None:
        if usage_period is None and asked_period is not None:
            usage_period, usage_from_question = asked_period, True
        if litres is not None:
            notes.append("litres_to_m3")
        if usage_range is not None:
            notes.append("range_midpoint")
        if usage_period is None:
            notes.append("period_assumed_year")
        elif usage_period != "year":
            notes.append(f"annualised_{usage_period}")
        if usage_from_question and usage_period != "year":
            notes.append("usage_period_from_question")
    if _OTHER_UTILITY.search(norm) and not _WATER_WORD.search(norm):
        # "天然气多少钱一方", "what's the gas price per m3": not a water question; keep only the household
        return Reading(people=people, notes=("other_utility",))
    return Reading(
        usage_m3=usage,
        usage_range_m3=usage_range,
        usage_period=usage_period,
        asked_period=asked_period,
        people=people,
        question=question,
        tier=tier,
        amount_yuan=amount_yuan,
        amount_period=amount_period,
        notes=tuple(dict.fromkeys(notes)),
        questions=tuple(questions),
        above_m3=above_m3,
        below_m3=below_m3,
        bare_number=bare,
        litres=litres,
        written_m3=written_m3,
        written_period=written_period,
        per_person_m3=per_person_m3,
        meter_readings=meter,
        usage_ask_period=usage_from_question,
        corrected_period=corrected_period,
    )


def continue_reading(remembered: Reading | None, current: Reading) -> Reading:
    """A follow-up turn: what the current message states wins, the rest comes from `remembered`.

    A new volume with its own period replaces the old period ("全年20吨"); a new volume without
    one keeps the old period only if it is of the same size (within ×4: "每月12吨" → "那15吨呢");
    "那要是用到300吨呢" after "每月12吨" is a year, with the assumption noted. A bare number
    ("and 221?") is a volume when the conversation was about volumes.
    """
    if remembered is None:
        return current
    notes = [n for n in current.notes if n != "period_assumed_year"]
    usage, usage_range, usage_period, litres = current.usage_m3, current.usage_range_m3, current.usage_period, current.litres
    written_m3, written_period = current.written_m3, current.written_period
    stated = (current.usage_m3, current.people, current.amount_yuan, current.tier, current.above_m3, current.below_m3)
    nothing_new = all(v is None for v in stated)
    if usage is None and nothing_new and current.bare_number is not None and (
        remembered.usage_m3 is not None or remembered.question in ("bill", "marginal_price", "which_tier", "why")
    ):
        usage, usage_range, usage_period, litres = current.bare_number, None, None, None
        notes.append("bare_number_as_usage")
    if usage is None and current.corrected_period is not None and remembered.usage_m3 is not None:
        # "sorry, I meant that's per month": the same figure as written, over the corrected period
        usage = remembered.written_m3 if remembered.written_m3 is not None else remembered.usage_m3
        usage_range = None if remembered.written_m3 is not None else remembered.usage_range_m3
        litres, usage_period, written_m3, written_period = remembered.litres, current.corrected_period, None, None
        if usage_period in _SHORT_PERIODS:
            written_m3, written_period = usage, usage_period
            usage, usage_period = _tidy(usage * _SHORT_PERIODS[written_period]), "year"
            usage_range = None
        notes.extend(n for n in remembered.notes if n in ("litres_to_m3", "range_midpoint") and n not in notes)
        notes.append("period_corrected")
    if usage is None:
        usage, usage_range, litres = remembered.usage_m3, remembered.usage_range_m3, remembered.litres
        usage_period, written_m3, written_period = remembered.usage_period, remembered.written_m3, remembered.written_period
        notes.extend(n for n in remembered.notes if n in _CONVERSION_NOTES and n not in notes)
    elif (usage_period is None or current.usage_ask_period) and remembered.usage_period == "year":
        usage_period = "year"
    elif (usage_period is None or current.usage_ask_period) and remembered.usage_period is not None:
        old = remembered.usage_m3
        if old and old > 0 and Decimal("0.25") <= usage / old <= 4 and current.asked_period is None:
            usage_period = remembered.usage_period
            notes.append("period_from_earlier_turn")
        elif usage_period is None:
            notes.append("period_not_inherited")
    people = current.people
    if people is None:
        people = remembered.people
        if people is not None:
            notes.append("people_from_earlier_turn")
    changed_volume = current.usage_m3 is not None or "bare_number_as_usage" in notes or "period_corrected" in notes
    per_person = current.per_person_m3
    if per_person is None and not changed_volume:
        per_person = remembered.per_person_m3
    if per_person is not None and people is not None:  # "每人每月4吨" then "我们5个人": recount for the household
        factor = _SHORT_PERIODS[written_period] if written_period else 1
        usage, usage_range = _tidy(per_person * people * factor), None
        written_m3 = _tidy(per_person * people) if written_period else written_m3
        notes = [n for n in notes if n != "per_person_needs_household"] + ["per_person_times_people"]
    question = current.question or remembered.question
    if question == "usage_from_amount" and changed_volume and current.question is None:
        question = "bill"
    amount_yuan, amount_period = current.amount_yuan, current.amount_period
    if amount_yuan is None and not changed_volume:
        amount_yuan, amount_period = remembered.amount_yuan, remembered.amount_period
    tier = current.tier
    if tier is None and current.above_m3 is not None and question in ("tier_price", "tier_boundary", "which_tier"):
        tier = _tier_of(current.above_m3, people, above=True)  # "and above 300?" after a tier-price question
    elif tier is None and not changed_volume and current.question in (None, remembered.question):
        tier = remembered.tier
    if usage is not None:
        notes = [n for n in notes if n not in _PERIOD_NOTES]
        if written_period is not None:
            notes.append(f"annualised_{written_period}")
        if usage_period is None:
            notes.append("period_assumed_year")
        elif usage_period != "year":
            notes.append(f"annualised_{usage_period}")
    return Reading(
        usage_m3=usage,
        usage_range_m3=usage_range,
        usage_period=usage_period,
        asked_period=current.asked_period or remembered.asked_period,
        people=people,
        question=question,
        tier=tier,
        amount_yuan=amount_yuan,
        amount_period=amount_period,
        notes=tuple(dict.fromkeys(notes)),
        questions=current.questions or remembered.questions,
        above_m3=current.above_m3 if current.above_m3 is not None or changed_volume else remembered.above_m3,
        below_m3=current.below_m3 if current.below_m3 is not None or changed_volume else remembered.below_m3,
        bare_number=current.bare_number,
        litres=litres,
        written_m3=written_m3,
        written_period=written_period,
        per_person_m3=per_person,
        meter_readings=current.meter_readings if current.usage_m3 is not None else remembered.meter_readings,
    )


# Notes that make `reading_note` speak: the reading converted or assumed something.
_CONVERSION_NOTES = frozenset({
    "litres_to_m3", "range_midpoint", "annualised_month", "annualised_two_months", "annualised_quarter",
    "annualised_half_year", "period_assumed_year", "people_total_over_parts", "people_sum_of_parts",
    "period_from_earlier_turn", "period_not_inherited", "bare_number_as_usage", "usage_period_from_question",
    "annualised_day", "annualised_week", "annualised_half_month", "per_person_times_people", "meter_difference",
    "per_person_needs_household",
})  # fmt: skip
_PERIOD_NOTES = frozenset({"period_assumed_year", *(f"annualised_{p}" for p in (*PERIODS_PER_YEAR, *_SHORT_PERIODS))})


def _num(value: Decimal) -> str:
    """12.500 → "12.5", 144.0 → "144"; never scientific notation."""
    text = f"{value.normalize():f}" if value == value else str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def reading_note(reading: Reading, lang: str) -> str | None:
    """The "我的理解是……" / "I read this as …" sentence when the reading converted or assumed
    something (period annualised, litres, range, total over parts, assumed period); else None."""
    if not (set(reading.notes) & _CONVERSION_NOTES):
        return None
    zh = lang != "en"
    parts: list[str] = []
    usage, period = reading.usage_m3, reading.usage_period
    if usage is not None:
        if reading.usage_range_m3 is not None:
            lo, hi = reading.usage_range_m3
            parts.append(f"用水{_num(lo)}至{_num(hi)}立方米，按中间值{_num(usage)}立方米计算" if zh
                         else f"{_num(lo)} to {_num(hi)} m³, taken as the midpoint {_num(usage)} m³")
        base = reading.written_m3 if reading.written_m3 is not None else usage
        if reading.meter_readings is not None:
            old, new = (_num(v) for v in reading.meter_readings)
            parts.append(f"水表读数{new}−{old}={_num(usage)}立方米" if zh else f"meter reading {new} − {old} = {_num(usage)} m³")
        if reading.litres is not None:
            in_m3 = _num(reading.per_person_m3 if reading.per_person_m3 is not None else base)
            parts.append(f"{_num(reading.litres)}升即{in_m3}立方米" if zh else f"{_num(reading.litres)} litres = {in_m3} m³")
        if reading.per_person_m3 is not None and reading.people is not None:
            p, n, h = _num(reading.per_person_m3), reading.people, _num(base)
            parts.append(f"每人{p}立方米×{n}人={h}立方米" if zh else f"{p} m³ per person × {n} people = {h} m³")
        if reading.written_period is not None:
            factor, w, u = _SHORT_PERIODS[reading.written_period], _num(base), _num(usage)
            parts.append(f"{PERIOD_NAMES['zh'][reading.written_period]}{w}立方米，全年按{w}×{factor}={u}立方米计算" if zh
                         else f"{w} m³ {PERIOD_NAMES['en'][reading.written_period]}, so {w} × {factor} = {u} m³ a year")
        elif period is None:
            said = not all(v is None for v in (reading.usage_range_m3, reading.litres, reading.meter_readings,
                                               reading.per_person_m3))
            if "period_not_inherited" in reading.notes:
                parts.append(f"{_num(usage)}立方米按全年用水量计算，因为与上一条的用量差得太多，不像是同一周期" if zh
                             else f"{_num(usage)} m³ taken as a year's use, as it is too far from your earlier figure "
                                  "to be for the same period")
            elif zh:
                parts.append(("" if said else f"{_num(usage)}立方米，") + "没有说明周期，按全年用水量计算")
            else:
                parts.append(("" if said else f"{_num(usage)} m³, ") + "no period given, so taken as a year's use")
        elif period == "year":
            if all(v is None for v in (reading.usage_range_m3, reading.litres, reading.meter_readings, reading.per_person_m3)):
                parts.append(f"全年{_num(usage)}立方米" if zh else f"{_num(usage)} m³ a year")
        else:
            per, annual = PERIODS_PER_YEAR[period], reading.annual_usage_m3
            approx = "约" if reading.usage_range_m3 is not None else ""
            u, a = _num(usage), _num(annual)
            parts.append(f"{PERIOD_NAMES['zh'][period]}{approx}{u}立方米，全年按{u}×{per}={a}立方米计算"
                         if zh else f"{u} m³ {PERIOD_NAMES['en'][period]}, so {u} × {per} = {a} m³ a year")
        if "period_from_earlier_turn" in reading.notes:
            parts.append("周期沿用上一条消息" if zh else "the period from your earlier message")
        if "bare_number_as_usage" in reading.notes:
            parts.append(f"{_num(usage)}是用水量" if zh else f"{_num(usage)} as the volume")
    elif reading.per_person_m3 is not None:
        p = _num(reading.per_person_m3)
        parts.append(f"每人{p}立方米，还需要知道家里有几口人" if zh else f"{p} m³ per person; the household size is still needed")
    if reading.people is not None:
        if "people_total_over_parts" in reading.notes:
            parts.append(f"按您说的总数{reading.people}口人计算" if zh else f"{reading.people} people, the total you gave")
        elif "people_sum_of_parts" in reading.notes:
            parts.append(f"各部分相加共{reading.people}口人" if zh else f"{reading.people} people, adding up the parts")
        else:
            noun = "person" if reading.people == 1 else "people"
            parts.append(f"{reading.people}口人" if zh else f"for {reading.people} {noun}")
    if not parts:
        return None
    if zh:
        return "我的理解是：" + "，".join(parts) + "。"
    return "I read this as " + ", ".join(parts) + "."
