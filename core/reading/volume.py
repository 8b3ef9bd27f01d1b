"""Volumes: a number next to a volume unit, classified as a usage, a price unit or a threshold (rules 1–4)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from decimal import Decimal

from core.numbers import NUMERAL as _NUM
from core.reading.text import _clause_bounds, _numeral, _overlaps, _Span

_UNIT = (
    r"(?P<unit>立方米|立方|方(?![面便法式案向针])|吨|顿(?![饭餐])|度(?![的]?[电气])|公升|升(?![级高值温])|m3|m\^3|cbm|cubic\s*met(?:er|re)s?|cubic\s*met[a-z]*|cubes?\b|cu\.?\s*m\b"
    r"|tonnes?\b|tons?\b|t(?![a-z])|litres?\b|liters?\b|ltrs?\b|l(?![a-z])|字(?![母体幕号典句数])|units?\b|kilolit(?:re|er)s?\b|kl\b)"
)

_UNITS_ABOUT_WATER = re.compile(
    r"\bwater\b|\bbills?\b|\bbilled\b|\bmeter\b|\busage\b|\bused?\b|\busing\b|\bconsum|\bstatement\b|\binvoice\b|\breading\b"
)
_NOT_WATER_DEGREES = re.compile(r"温|摄氏|热水器|°|℃|电|燃气|煤气|天然气|角度|度数")

_LITRE_UNITS = ("公升", "升", "litre", "litres", "liter", "liters", "ltr", "ltrs", "l")

_VOLUME = re.compile(
    rf"(?:between\s+(?P<b_lo>(?<![\d.])\d{{1,12}}(?:\.\d{{1,6}})?)\s+and\s+)?(?P<num>{_NUM})(?P<ji>几)?"
    rf"(?:\s*(?:-|~|–|—|到|至|to)\s*(?P<hi>{_NUM}))?\s*(?:多|余|来|左右)?\s*(?:个)?\s*{_UNIT}",
)

# A volume of 1 next to these is a price unit ("多少钱一吨", "再多用一吨", "3.45元一吨").
_PRICE_BEFORE = re.compile(
    r"(?:每|再|(?<!差不)(?<!不)(?<!没)多用|再用|再多|(?<!差不)(?<!不)(?<!没)多|再加|另加|(?<!差不)(?<!不)多加|加|额外|超出(?:来)?的?那?|超过的?那?|(?<!差不)(?<!不)多出(?:来)?的?那?|下|钱|元|块|价|per|each|every|next|extra|additional|another|/|how\s+much\s+(?:is|does|for)"
    r"|(?:cost|price)\s+(?:of|for))\s*(?:多用|用)?\s*$",
)

_PRICE_AFTER = re.compile(
    r"^\s*(?:水)?\s*(?:的)?\s*(?:要|需要|得|是|收)?\s*"
    r"(?:按?(?:多少钱|多少元|几块|几元|什么价|啥价)|价格|价钱|单价|怎么收费|收费|多少|(?<![\d.])\d{1,12}(?:\.\d{1,6})?\s*(?:元|块)|(?:of\s+water\s+)?(?:cost|costs|price|yuan|is\b))",
)

# "one more m3", "再加一吨", "1 more cubic meter": a marginal-price question; its 1 is never a usage.
_ONE_MORE = re.compile(
    r"(?:再|(?<!差不)(?<!不)多|加|另|额外)\s*(?:多|加)?\s*(?:用|来)?\s*(?:1|一)\s*(?:个)?\s*(?:吨|方|立方|m3)"
    r"|(?<![\d.])(?:1|one)\s+(?:more|extra|additional)\b(?!\s+(?:person|people|resident|occupant|member|kid|child|adult|baby))|\b(?:add|another|extra|additional)\s+(?:1|one)\b",
)

_PER_PERSON = re.compile(r"每人|每个人|人均|每口人|一个人平均|per\s+(?:person|head|capita)|each\s+(?:person|of\s+us)")

_PER_PERSON_AFTER = re.compile(
    r"^\s*(?:/\s*人|每人|一人|per\s+(?:person|head|capita)"
    r"|each(?!\s+(?:two|other|second|third|month|year|quarter|week|day|time|bill|period|cycle|reading|\d)))"
)

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

_ABOVE_BEFORE = re.compile(
    r"(?<!不)(?<!没)(?:超过了?|超出了?|超了|过了|高于|大于|(?<!差不)多于|(?<!no\s)(?<!not\s)(?:above|over|more\s+than|beyond|exceeding|past))\s*$"
)

_ABOVE_AFTER = re.compile(
    r"^\s*(?:水)?\s*(?:的部分)?\s*(?:以上|之上|及以上|往上|朝上|开外|\+|or\s+more|and\s+(?:above|up|upwards|over)|upwards|onwards)"
)

_BELOW_BEFORE = re.compile(
    r"(?:低于|少于|不超过|不超出|不多于|不高于|不大于|没超过|不到|below|under|up\s+to|within|less\s+than|(?:no|not)\s+(?:more\s+than|over|above|exceeding))\s*$"
)

_BELOW_AFTER = re.compile(r"^\s*(?:水)?\s*(?:以内|以下|之内|or\s+less|and\s+(?:below|under))")

_FILLER = re.compile(
    r"那么|那|要是|如果|假如|的话|呢|吗|啊|呀|吧|用到|用了|是|改成|换成|变成|还有|再|"
    r"\b(?:and|what|about|how|if|it'?s|its|was|is|for|make|it|say|then|ok|okay|sorry|i|mean|instead|actually)\b|[\s?!,。~:;]|(?<!\d)\.|\.(?!\d)",
)


# "那再多用20吨呢" (+20), "少用50吨呢" (−50): a change of the volume already given, never a usage by itself
_CHANGE_BEFORE = re.compile(
    r"(?:(?P<more>再多用|再多|(?<![不没最至很])(?:多用|多加|多了)|再用|再加|增加|加上|又用了?)|(?P<less>(?<![至最多少不很])(?:少用|少了)|减少|省了|省下|节约了?|节省了?))\s*了?\s*$"
)
_MORE_BETWEEN = re.compile(
    r"(?P<num>(?<![\d.])\d{1,9}(?:\.\d{1,3})?)\s+(?:(?P<more>more|extra|additional)|(?P<less>less|fewer))\s+"
    r"(?:m3|cubic\s*met\w*|tons?|tonnes?|units?)\b"
)
# "20 m3 more" is a change; "20 m3 more or less" a hedge
_CHANGE_AFTER = re.compile(r"^\s*(?:(?P<more>more|extra|additional)|(?P<less>less|fewer))\b(?!\s+or\s+(?:less|more|so))")


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
    change = _CHANGE_BEFORE.search(before) or _CHANGE_AFTER.search(after)
    sign = None if kind != "volume" or not change else (1 if change.group("more") else -1)
    return _Span(start, end, kind, value, extra={"range": rng, "litres": written if litres else None, "guess": guess,
                                                 "per_person": per_person, "not_ours": not_ours, "change": sign})


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
        if m.group("ji") and not m.group("hi") and 10 <= value < 100 and value % 10 == 0:  # 二十几 = 21 to 29
            rng = (value + 1, value + 9)
            value = (rng[0] + rng[1]) / 2
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
        if unit in ("unit", "units") and (not _UNITS_ABOUT_WATER.search(text) or _OTHER_UTILITY.search(text)):
            continue  # "52 units" is m³ on a water bill; electricity units are kWh
        if unit == "字":  # "水表每月走二十几个字": Shanghai speech for the meter's m³ digit, only about the meter
            c_start, c_end = _clause_bounds(text, m.start())
            if not re.search("水|表|走|用|跳", text[c_start:c_end]):
                continue
        end = m.end()
        half = unit in ("吨", "方", "立方", "顿") and text[end : end + 1] == "半"
        half = half and text[end + 1 : end + 2] not in ("年", "个", "月", "天", "小")
        if half and not rng and value == value.to_integral_value():
            value, end = value + Decimal("0.5"), end + 1  # "两吨半" = 2.5 (not "12吨半年")
        span = _volume_span(text, m.start(), end, value, rng, unit in _LITRE_UNITS)
        span.extra["zi"] = unit == "字"
        span.extra["units"] = unit in ("unit", "units")
        spans.append(span)
    for m in _EN_VOLUME.finditer(text):  # "twelve cubic meters", "two hundred tons"
        value = _english_number(m.group("words"))
        if value is not None and not _overlaps(m.span(), spans):
            spans.append(_volume_span(text, m.start(), m.end(), value, None, m.group("unit") in _LITRE_UNITS))
    for m in _MORE_BETWEEN.finditer(text):  # "what if we used 20 more m3", "30 fewer cubic metres"
        value, _ = _numeral(m.group("num"))
        if value is not None and value != 1 and not _overlaps(m.span(), spans):  # "1 more m3" is a marginal price
            span = _volume_span(text, m.start(), m.end(), value, None, False)
            span.extra["change"] = 1 if m.group("more") else -1
            spans.append(span)
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


_BARE_ABOVE = re.compile(
    rf"(?<!不)(?<!没)(?:超过了?|超出了?|超了|高于|(?<!no\s)(?<!not\s)(?:above|over|more\s+than|beyond|exceeding))\s*(?P<a>{_NUM})(?![\d.]|\s*(?:口|个|人|位|元|块|people|persons?|ppl|yuan|rmb|%))"
    rf"|(?P<b>{_NUM})\s*(?:以上|往上|朝上|开外|and\s+(?:above|up|upwards|over)|or\s+more|\+|upwards|onwards)"
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


# A unitless figure next to a period is a volume in a bill question ("280 a year", "一年250", "15 every
# other month") unless money is being talked about just before it ("水费一年300", "paid 260 a year").
_BARE_NUMERAL = re.compile(rf"(?P<num>{_NUM})(?P<about>\s*(?:多|余|来|左右|上下|出头|or\s+so|ish))?")
_BARE_LEAD_IN = re.compile(
    r"^\s*(?:(?:大概|大约|差不多|约|平均|用了?|用水|走了?|是|有|about|around|roughly|approx\w*|maybe|like)\s*)*$"
)
_NOT_A_VOLUME_AFTER = re.compile(
    r"^\s*(?:[\d.%号日点岁个口人元块年月天周次倍级期楼室栋户]|people|persons?|ppl|of\s+us|yuan|rmb|kuai|bucks|percent|th\b|st\b|nd\b|rd\b"
    r"|am\b|pm\b|times|years?\s+old)"
)
# What may follow a bare figure read as m³ when no period comes right after it ("一年250，三口人", "每月15左右吧"):
# never a noun ("一年四季", "每月5000工资", "每个月30平米").
_BARE_TAIL = re.compile(
    r"\s*(?:$|[,.!?;:、)\]~-]|吧|呢|啊|吗|嘛|了|的样子|样子|这样|水|的水|用水|and\b|with\b|for\b|of\s+(?:water|usage)|m3|or\s+so"
    r"|ish\b|[a-z]+ly\b|at\b|so\b|but\b|how\b|what\b|\d+\s*(?:people|persons|ppl)|[一二两三四五六七八九十\d]+\s*(?:口|个人|人))"
)
_MONEY_LEAD = re.compile(
    r"(?:水费|电费|费用|账单|钱|元|块|交|缴|付|花|¥|\$|paid|pay|spent|spend|fee|charged|bill\s+(?:is|was|of|came)|costs?\s+(?:is|was|me|us))"
    r"[^,。!?;]{0,10}$"
)


_BARE_EN_WORDS = re.compile(
    rf"(?<![a-z])(?P<num>(?:a\s+)?{_EN_WORD}(?:(?:\s+and\s+|[\s-]+){_EN_WORD})*)(?![a-z])(?P<about>\s*(?:or\s+so|ish))?"
)


_CALENDAR_MONTH = re.compile(
    r"january|february|march|april|june|july|august|september|october|november|december|\d{1,2}\s*月份?|[一二三四五六七八九十]{1,2}月份?"
)


def _bare_numerals(text: str):
    """Figures without a unit, in digits, Chinese numerals or English words ("two hundred and eighty")."""
    yield from _BARE_NUMERAL.finditer(text)
    if re.search(_EN_WORD, text):
        yield from _BARE_EN_WORDS.finditer(text)


def _bare_volumes(text: str, taken: list[_Span]) -> list[_Span]:
    """Rule 1b: a unitless number right before or after a period phrase ("280 a year", "一年250",
    "15 each two months", "每月15左右") read as m³ (note "bare_number_as_usage"); never a money figure."""
    from core.reading.period import _FIGURE_TO_PERIOD, find_periods

    found: list[_Span] = []
    periods = [p for p in find_periods(text) if not _CALENDAR_MONTH.fullmatch(text[p[0] : p[1]])]
    if not periods:
        return found
    starts, ends = [s for s, _, _ in periods], sorted(e for _, e, _ in periods)
    for m in _bare_numerals(text):
        start = m.start("num")
        i = bisect_left(starts, m.end())  # the first period starting at or after the figure
        after = i < len(starts) and starts[i] - m.end() <= 12 and _FIGURE_TO_PERIOD.fullmatch(text[m.end() : starts[i]])
        j = bisect_right(ends, start) - 1  # the last period ending at or before it
        before = j >= 0 and start - ends[j] <= 8 and _BARE_LEAD_IN.match(text[ends[j] : start])
        if not (after or before) or (i > 0 and periods[i - 1][1] > start):  # inside a period phrase ("12个月")
            continue
        if not after and not _BARE_TAIL.match(text[m.end() : m.end() + 12]):
            continue
        value, rng = _numeral(m.group("num")) if m.re is _BARE_NUMERAL else (_english_number(m.group("num")), None)
        if value is None or not 0 < value <= 100000 or _NOT_A_VOLUME_AFTER.match(text[m.end() : m.end() + 12]):
            continue
        if _overlaps((start, m.end()), taken):
            continue
        c_start, _ = _clause_bounds(text, start)
        if _MONEY_LEAD.search(text[max(c_start, start - 12) : start]):
            continue
        span = _volume_span(text, start, m.end(), value, rng, litres=False)
        if span.kind == "volume":
            span.extra["bare"] = True
            found.append(span)
    return found
