"""Periods: which period phrase is asked, which is the volume's and which the money's (rule 5)."""

from __future__ import annotations

import re
from functools import lru_cache

from core.content import LANGS
from core.i18n import tr_ctx
from core.reading.text import _clause_bounds, _sentence_bounds, _Span
from core.tariffs import PERIOD_TEXTS as BILL_PERIOD_TEXTS

# Periods shorter than any bill: read, then scaled to a year at once (a bill never sees them).
_SHORT_PERIODS = {"day": 365, "week": 52, "half_month": 24}

# How each period is said: the bill periods' (core.tariffs) and the short periods read here.
PERIOD_TEXTS = {**BILL_PERIOD_TEXTS, "day": tr_ctx("period", "a day"), "week": tr_ctx("period", "a week"),
                "half_month": tr_ctx("period", "every half month")}
PERIOD_NAMES = {lang: {code: names[lang] for code, names in PERIOD_TEXTS.items()} for lang in LANGS}

_D = r"(?<![\d.])"

_PERIOD_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (code, re.compile(pattern))
    for code, pattern in (
        ("year", rf"十二个月|{_D}12\s*个月|twelve\s+months|{_D}12\s*months"),
        ("half_year", rf"上半年|下半年|半年|六个月|{_D}6\s*个月|half\s*(?:a\s*)?-?\s*year(?:ly)?|six\s+months|{_D}6\s*months"
                      r"|semi-?annual(?:ly)?|bi-?annual(?:ly)?"),
        ("quarter", rf"每个?季度|季度|每季|一季|这季|上季|三个月|{_D}3\s*个月|quarter(?:ly)?|three\s+months|{_D}3\s*months"
                    r"|/\s*季"),
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
    r"|^\s*(?:water\s+)?(?:bill|cost|charge|payment|spend|fee|expense|total\s*\?)"
    r"(?!s?\s+(?:shows?|showed|says|said|is|was|were|came|comes?|reads?|states?|lists?|of|are|arrive\w*|usually|typically|average))",
)

# "三口之家 月均12立方 年水费", "算一下一年的水费": the water bill of a period, ending the clause, is asked
_ASK_AT_END = re.compile(r"^\s*(?:的)?\s*(?:水费|费用|水钱)\s*(?:呢|吗|啊)?\s*(?:[?,。!;]|$)")
_PAID_BEFORE = re.compile(r"(?:交了?|付了?|缴了?|花了?|paid)\s*$")
# "两个月抄一次表": the billing cycle, which a volume elsewhere in the message is read over.
_CYCLE_AFTER = re.compile(
    r"^\s*(?:左右|上下|大概|差不多|才|就)?\s*(?:一抄|抄一次|抄一回|来抄一次|抄表|一次抄表|出一次账|出账|收一次|交一次|一交|的?账单|readings?|billing|meter\s+reading|(?:water\s+)?bills?\s+(?:of|are|come|arrive))")
# "we're billed every other month", "we get a bill every two months": the billing cycle, not a question
_CYCLE_BEFORE = re.compile(
    r"(?:billed|invoiced|(?<!would\s)(?<!will\s)(?<!do\s)(?<!much\s)(?<!should\s)\b(?:we|i)\s+pay|(?:read|reads|check|checks)(?:\s+(?:the|our|my)\s+meters?)?|bills?\s+(?:comes?|arrives?|is\s+sent|are\s+sent)|(?:get|receive|pay|have)\s+(?:a|the|our|my)?\s*(?:water\s+)?bills?"
    r"|抄表|抄一次表|收一次水费|出账|账单)\s*(?:about|roughly|around|approximately)?\s*(?:once\s+)?(?:every|each|a|per|in)?\s*$"
)

_ASK_BEFORE_EN = re.compile(
    r"(?:how\s+much|what(?:'s|s|\s+is|\s+will|\s+would|\s+do)?|bill|cost|pay|charge|spend|owe|total)\b"
    r"(?!(?:\s+[^\s,.;:!?]+){0,7}?\s+(?:use|used|using|usage)\b)(?:\s+[^\s,.;:!?]+){0,7}\s*$")

_PAST_PERIOD = re.compile(r"去年|前年|上个?月|上季|上半年|(?:last|previous|past|than)\s+(?:\S*$|year|month|quarter)")

# "sorry, I meant per month", "不对，是每个月的": the period of the volume already given is corrected
# Words that only a correction uses (a question can not be one): they beat a short follow-up's "?".
_SURE_CORRECTION = re.compile(
    r"\bmeant\b|\bi\s+mean\b|\bsorry\b|\bcorrection\b|\bmy\s+bad\b|\boops\b|\btypo\b|\bmistake\b|\bmis-?typed\b|\bwrong\b"
    r"|\bapolog\w*|\bpardon\b|\bscratch\s+that\b|\bincorrect\b|\bnot\s+right\b|\bcorrect(?:ing)?\s+(?:that|myself|it)\b"
    r"|不对|说错|我是说|我说的是|我指的是|应该是|更正|打错|搞错|弄错|写错|看错|不好意思|抱歉"
)
# "no, every two months", "噢 是两个月": a short message that only restates the period corrects it
_SHORT_CORRECTION = re.compile(
    r"^\s*(?:hmm+\s*,?\s*)?(?:no|nope|nah|wait|hang\s+on|hold\s+on|oh)\b|^\s*(?:噢|哦|喔|呃|啊|额|嗯|好吧)?\s*,?\s*(?:是|应该是|其实是|那是)"
)
# "I want the quarterly figure", "我想知道每个月的": the period asked for
_WANT_BEFORE = re.compile(
    r"(?:\bwant|\bneed|tell\s+me|give\s+me|show\s+me|想知道|想看|告诉我|给我算)\s*(?:the|a|an|it)?\s*(?:按)?\s*$"
)
# "如果是两个月的用量呢", "and if it's a two-month figure?": the period of the figure already given
_FIGURE_AFTER_PERIOD = re.compile(
    r"^\s*(?:的)?\s*(?:用量|量|用水量|读数|账单|数字|数)|^[\s-]*(?:figure|reading|number|amount|usage|total|bill)\b"
)
# A period said NOT to be the one: "not every month", "不是一个月", "instead of monthly"
_NEGATED_BEFORE = re.compile(
    r"(?:\bnot|n't|\bno\b|instead\s+of|rather\s+than|不是|而不是|并非|并不是|不按|不是按)\s*(?:for\s+|over\s+)?(?:a|per|every|each|the|按|每|一个?|整个|这个)?"
    r"\s*(?:whole|full|entire|complete|整)?\s*$"
)
_CORRECTION = re.compile(
    r"\bmeant\b|\bi\s+mean\b|\bsorry\b|\bactually\b|\bcorrection\b|\bmy\s+bad\b|\boops\b|\btypo\b|\bmistake\b"
    r"|\b(?:that|it|this)(?:'s|\s+is|\s+was)\b|\bthat\s+(?:figure|number|amount)\s+(?:is|was)\b"
    r"|不对|说错|我是说|我说的是|我指的是|应该是|其实是|其实|更正|打错|搞错|弄错|写错|是每|是一个|那是|指的是",
)

_FOLLOW_UP_ASK = re.compile(r"呢|吗|\?|what\s+about|how\s+about|and\s+(?:per|a|for)")


def find_periods(text: str) -> list[tuple[int, int, str]]:
    """Every period phrase in normalised text: (start, end, period code), in text order."""
    return list(_find_periods(text))


_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_CN_MONTH = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12}
_M = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
_EN_MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?"
    r"|dec(?:ember)?"
)
# "1-2月", "1月到3月", "一二月份", "1月1日至2月29日", "Jan and Feb", "January to March": the months a bill covers
_MONTH_RANGE = re.compile(
    rf"(?<![\d.])(?P<a>{_M})\s*(?:月份?\s*(?:\d{{1,2}}\s*[日号])?)?\s*(?:-|~|–|—|到|至|、|和)\s*(?:\d{{4}}\s*年\s*)?(?P<b>{_M})\s*月份?"
    rf"(?:\s*(?P<bday>\d{{1,2}})\s*[日号])?"
    rf"|(?P<c>[一二三四五六七八九])(?P<d>[二三四五六七八九十])月份?"
    rf"|\b(?P<e>{_EN_MONTH})\b\.?\s*(?:and|&|-|–|to|through|thru|till|until)\s*(?P<f>{_EN_MONTH})\b"
)
_MONTHS_TO_PERIOD = {1: "month", 2: "two_months", 3: "quarter", 6: "half_year", 12: "year"}


def _month_number(raw: str) -> int | None:
    raw = raw.lower()
    if raw[:3] in _MONTH_NAMES:
        return _MONTH_NAMES.index(raw[:3]) + 1
    if raw.isdigit():
        return int(raw)
    return _CN_MONTH.get(raw)


def _month_ranges(text: str) -> list[tuple[int, int, str]]:
    """Calendar months named as a range, read as the bill period they span ("1-2月" = two months)."""
    found = []
    for m in _MONTH_RANGE.finditer(text):
        a, b = (m.group("a"), m.group("b")) if m.group("a") else (m.group("c"), m.group("d")) if m.group("c") else (
            m.group("e"), m.group("f"))
        first, last = _month_number(a), _month_number(b)
        if not first or not last or not (1 <= first <= 12 and 1 <= last <= 12):
            continue
        if m.group("c") and last != first + 1:
            continue  # "一二月份" only for neighbouring months
        count = (last - first) % 12 + 1
        code = _MONTHS_TO_PERIOD.get(count)
        if code is not None:
            found.append((m.start(), m.end(), code))
    return found


@lru_cache(maxsize=8)
def _find_periods(text: str) -> tuple[tuple[int, int, str], ...]:
    found: list[tuple[int, int, str]] = []
    taken = bytearray(len(text))  # the first pattern to claim a position keeps it (linear in the text)
    if re.search(r"月|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", text):
        for start, end, code in _month_ranges(text):
            found.append((start, end, code))
            taken[start:end] = b"\x01" * (end - start)
    for code, pattern in _PERIOD_PATTERNS:
        for m in pattern.finditer(text):
            if not any(taken[m.start() : m.end()]):
                found.append((m.start(), m.end(), code))
                taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return tuple(sorted(found))


# What may stand between a figure and its period: "12吨/月", "40 m3 every two months", "¥1200 for the year".
_FIGURE_TO_PERIOD = re.compile(
    r"[\s/]*(?:(?:was|is|were|are)\s+(?:(?:for|over|per|in)\s+)?|(?:a|per|each|every|in|for|的|每)?)(?:\s+(?:the|a|this|that|one))?\s*[\s/]*"
)


def _classify_periods(text: str, volumes: list[_Span], amounts: list[_Span]) -> list[_Span]:
    """Each period phrase: asked, the volume's, the money's, or loose (rule 5)."""
    spans = []
    for start, end, code in find_periods(text):
        c_start, c_end = _clause_bounds(text, start)
        in_clause = lambda spans_, s=c_start, e=c_end: [v for v in spans_ if s <= v.start < e]  # noqa: E731
        right_after = any(0 <= start - v.end <= 12 and _FIGURE_TO_PERIOD.fullmatch(text[v.end : start]) for v in volumes)
        asked = bool(_ASK_AFTER.search(text[end : end + 16]) or _WANT_BEFORE.search(text[max(c_start, start - 16) : start])
                     or (_ASK_AT_END.search(text[end : end + 8]) and not _PAID_BEFORE.search(text[max(0, start - 4) : start])))
        after_amount = any(0 <= start - a.end <= 12 and _FIGURE_TO_PERIOD.fullmatch(text[a.end : start]) for a in amounts)
        past = re.search(r"(?:last|previous|past|than)\s+$", text[max(0, start - 10) : start])
        cycle = bool(_CYCLE_AFTER.search(text[end : end + 16]) or _CYCLE_BEFORE.search(text[max(c_start, start - 40) : start]))
        if (not asked and not right_after and not cycle and not past and re.match(r"\s*\?", text[end : end + 3])
                and not in_clause(volumes) and not _SURE_CORRECTION.search(text)):
            asked = True  # ", annual?", "，一年？": a period alone before the question mark is asked
        if not asked and not right_after and not past and not cycle and re.search(r"[a-z]", text[start:end]):
            asked = bool(_ASK_BEFORE_EN.search(text[c_start:start])) and not in_clause(volumes) and not after_amount
        if _NEGATED_BEFORE.search(text[max(c_start, start - 14) : start]):
            kind = "negated"
        elif asked:
            kind = "asked_period"
        elif right_after:
            kind = "usage_period"
        elif after_amount or (in_clause(amounts) and not in_clause(volumes)):
            kind = "amount_period"
        elif in_clause(volumes):
            kind = "usage_period"
        else:
            kind = "loose_period"
        of_figure = bool(_FIGURE_AFTER_PERIOD.search(text[end : end + 12]))
        spans.append(_Span(start, end, kind, code=code, extra={"clause": (c_start, c_end), "right_after": right_after,
                                                               "cycle": cycle, "of_figure": of_figure}))
    return spans


def _usage_period_of(text: str, volume: _Span, periods: list[_Span], floor: int = 0) -> str | None:
    """Rule 5: right after the volume > before it in its clause > elsewhere in its sentence
    (before, else after) > a billing cycle named anywhere; asked periods never count. `floor`: where
    the final question of a long message starts; the story before it gives only a billing cycle."""
    clause = _clause_bounds(text, volume.start)
    same = [p for p in periods if p.kind == "usage_period" and p.extra["clause"] == clause and p.start >= floor]
    after = [p for p in same if p.extra["right_after"]]
    before = [p for p in same if p.end <= volume.start]
    pick = after[0] if after else (before[-1] if before else (same[0] if same else None))
    if pick is None:
        s_start, s_end = _sentence_bounds(text, volume.start)
        loose = [p for p in periods if p.kind == "loose_period" and max(s_start, floor) <= p.start < s_end
                 and (p.code not in _SHORT_PERIODS or abs(p.start - volume.start) <= 30)]  # not "洗衣机天天转 … 账单80方"
        before_loose = [p for p in loose if p.start < volume.start]
        pick = before_loose[-1] if before_loose else (loose[0] if loose else None)
    if pick is None:  # "我们是两个月抄一次表": the volume of one bill is over the billing cycle
        cycles = [p for p in periods if p.kind in ("loose_period", "usage_period") and p.extra["cycle"]]
        pick = cycles[-1] if cycles else None
        if pick is not None:
            volume.extra["period_from_cycle"] = True
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
