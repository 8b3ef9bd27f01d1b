"""Household size: totals, parts that add up, couples, living alone (rule 6)."""

from __future__ import annotations

import re
from decimal import Decimal

from core.numbers import NUMERAL as _NUM
from core.reading.text import _WORD_NUM, _numeral, _overlaps, _Span

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
    rf"|(?P<num4>(?<![\d.])\d{{1,2}}|{_WORD_NUM})\s+(?:in|living\s+in)\s+(?:the|our|my)\s+(?:family|household|home|house|flat)\b"
    rf"|(?:family|household|home)\s+of\s+(?P<num2>(?<![\d.])\d{{1,12}}|{_WORD_NUM})\b"
    rf"|\b(?:we\s+are|we're|(?<!it\s)(?<!if\s)(?<!they\s)(?<!you\s)(?<!that\s)(?<!there\s)(?<!which\s)(?<!who\s)(?<!what\s)were"
    rf"|we\s+r|there\s+are|there're)\s+(?P<num3>(?<![\d.])\d{{1,12}}|{_WORD_NUM})\b(?!\s*(?:m3|tons?|cubic|years?|months?))",
)

# Parts of a household ("两个大人一个小孩", "2 adults and 2 kids") add up.
_PEOPLE_PART = re.compile(
    rf"(?P<num>{_NUM}|俩|仨)\s*[个位名]?\s*(?:大人|小孩|孩子|老人|成人|儿童|学生|小朋友|娃|宝宝|老人家|儿子|女儿|闺女)"
    rf"|(?P<num2>(?<![\d.])\d{{1,12}}|{_WORD_NUM})\s*(?:adults?|kids?|children|child|seniors?)\b",
)

_SPOUSE_ZH = r"(?:老婆|老公|爱人|媳妇|妻子|丈夫|先生|太太|老伴)"

_SPOUSE_EN = r"(?:wife|husband|partner|spouse)"

_PEOPLE_PAIR = re.compile(
    rf"老两口|小两口|两口子|夫妻俩|我们夫妻|我们俩|咱俩|我俩|我和我?{_SPOUSE_ZH}|我跟我?{_SPOUSE_ZH}|我们?两个老人"
    rf"|\b(?:a\s+couple|(?:my|the)\s+{_SPOUSE_EN}\s+and\s+(?:i|me)|me,?\s+(?:and\s+)?my\s+{_SPOUSE_EN}|the\s+two\s+of\s+us)\b"
)

# One named member ("我爸", "my dad") counts only inside a list of the household ("我和老公 加上俩娃 还有我爸").
_MEMBER = re.compile(
    r"(?:我|俺|我们家|我家)?(?:爸爸|妈妈|爸|妈|父亲|母亲|公公|婆婆|岳父|岳母|丈母娘|老丈人|爷爷|奶奶|外公|外婆|姥姥|姥爷|大儿子|小儿子"
    rf"|大女儿|小女儿|儿子|女儿|闺女|儿媳妇?|女婿|孙子|孙女|外孙女?|哥哥|姐姐|弟弟|妹妹|保姆|{_SPOUSE_ZH})(?![们俩])"
    r"|\b(?:my|our|the)\s+(?:mother-in-law|father-in-law|son-in-law|daughter-in-law|dad|father|mum|mom|mother|son|daughter|kid|child|baby|grandma|grandmother|grandpa|grandfather"
    r"|granny|nan|mother-in-law|father-in-law|brother|sister|nanny|maid|wife|husband|partner|spouse|boyfriend|girlfriend"
    r"|flatmate|roommate|lodger|tenant|grandson|granddaughter)\b|\b(?:me|myself|i)\b(?=\s*(?:,|\+|and\b|plus\b))"
    r"|(?:(?<=and\s)|(?<=,\s)|(?<=&\s)|(?<=plus\s))(?:me|myself|i)\b|我(?=\s*[、,和跟与])"
)
_MEMBER_PAIR = re.compile(
    r"(?:我|俺)?(?:爸爸妈妈|公公婆婆|爷爷奶奶|外公外婆|姥姥姥爷|爸妈|父母|公婆|岳父母)|\b(?:my|our)\s+(?:parents|in-laws|grandparents)\b"
)
# What may join the parts of one household in a list.
_GLUE = re.compile(
    r"(?:\s|[,、;&+/]|和|跟|与|及|以及|加上|再加上?|还有|外加|另外|带着?|也|还|加|我们|咱们|咱|俺们|and|plus|with|also|our|my|the"
    r"|as\s+well\s+as)*"
)
# A change of household in a follow-up: "我爸要是搬走了呢" (−1), "if my mum moves in" (+1), "少一个人呢".
_MOVE_OUT = re.compile(
    r"^[^,。!?;]{0,6}?(?:搬走|搬出去?|走了|不住了|不在家住|住校|出国|离开|去世|过世|不在了|moves?\s+out|moved\s+out|moving\s+out"
    r"|leaves?\b|left\b|moves?\s+away|moved\s+away|passe[sd]\s+away|goes\s+(?:off\s+)?to\s+(?:college|university|uni))"
)
_MOVE_IN = re.compile(
    r"^[^,。!?;]{0,6}?(?:搬来|搬进来|搬过来|住进来|过来住|来住|搬回来|回来住|住过来|出生|moves?\s+in|moved\s+in|moving\s+in"
    r"|comes?\s+to\s+live|joins?\s+us|comes?\s+back|is\s+born)"
)
_CHANGE_BEFORE = re.compile(
    r"(?:(?P<more>(?<!老)(?<!最)多|加|添|增加|再多|多了|再加)|(?P<less>(?<!老)(?<!至)少|减|减少|少了))\s*$"
)
_CHANGE_EN = re.compile(
    rf"\b(?P<num>{_WORD_NUM}|\d{{1,2}})\s+(?:(?P<more>more|extra|additional)|(?P<less>less|fewer))\s+(?:person|people|persons|resident|occupant)s?\b"
    rf"|\b(?P<num2>{_WORD_NUM}|\d{{1,2}})\s+(?:person|people)\s+(?:(?P<more2>more)|(?P<less2>less|fewer))\b"
    r"|\b(?P<another>another|an\s+extra)\s+(?:person|resident|occupant)\b"
)

_PEOPLE_TRIO = re.compile(r"(?:我们|咱们|咱家|我家|家里|一家)仨")

_ALONE = re.compile(
    r"独居|一个人住|一人住|自己住|自己一个人|就我一个|就我自己|只有我自己|单身|我一个人|一人户|独自|"
    r"\b(?:live|living|lives)\s+(?:alone|by\s+myself|on\s+my\s+own)\b|\bjust\s+me\b|\bonly\s+me\b|\bsingle[-\s]person\b|\bby\s+myself\b"
    r"|\bon\s+my\s+own\b|\balone\b|\bsingle\s+(?:occupant|resident|tenant|household)\b|\bone[-\s]person\s+(?:household|home|flat)\b"
    r"|\bsolo\b",
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

_PEOPLE_THRESHOLD_AFTER = re.compile(
    r"^\s*(?:及|或|和)?\s*(?:以上|或以上|or\s+more|\+(?!\s*[\d一二两三四五六七八九a-z])|and\s+(?:above|more|up))"
)

_LARGE = re.compile(
    r"(?:5|五)\s*(?:口|个)?\s*人?\s*(?:及|或)?以上|(?:超过|超出|多于|大于|不少于|至少|满)\s*(?:4|四|5|五)\s*(?:口|个)?人"
    r"|(?:阶梯|基本水量)[^,。?!]{0,8}(?:增加|放宽|调整|提高|多一些|多一点|会多|多给)|\ballowance|(?:多给|增加|额外|放宽).{0,4}(?:基本)?水量|人口多|多人口|大家庭|人多的?家庭|家里人多|人数多|多人户|人口较多"
    r"|large\s+(?:famil(?:y|ies)|households?)|big\s+(?:famil(?:y|ies)|households?)|\b5\s*\+|(?:five|5)\s+or\s+more|more\s+than\s+(?:4|four)\s+(?:people|persons)"
    # "how many extra cubic metres does a big family get", "五口人能多用多少吨": the extra allowance
    r"|(?:family|household|home)\s+of\s+(?:5|6|7|8|9|five|six|seven|eight|nine)\b[^?.!]{0,30}\b(?:get|allowance|extra|more|additional)\b"
    r"|(?:how\s+many|how\s+much)\s+(?:more|extra|additional)\s+(?:m3|cubic\s+met\w+|tons?|water)\b[^?.!]{0,30}"
    r"(?:famil|household|people|persons)"
    r"|(?:5|五|6|六|7|七|8|八)\s*(?:口|个)?人[^,。?!]{0,8}(?:多给|多用|增加|额外|放宽|多出|多)[^,。?!]{0,4}(?:多少|几)"
    r"|基本水量[^,。?!]{0,4}(?:多|增加)[^,。?!]{0,2}(?:多少|几)"
    # "五口人的家庭也一样吗", "is it the same for 6 people": asks whether the large-household rule changes it
    r"|(?:5|五|6|六|7|七|8|八)\s*(?:(?:口|个)?人(?:的|之)?(?:家庭?|户|家)?|口之家|口(?:的)?(?:家庭?|户))[^,。?!]{0,6}(?:也一样|一样吗|一样不|也是这样|也这样|有区别|不一样|区别|有变化|不同|照样|也适用|适用吗)"
    r"|(?:five|5|six|6|seven|7)\s*(?:people|persons|of\s+us|-person|person)[^?.!]{0,25}(?:the\s+same|different|also\b|too\b|as\s+well|apply)"
    r"|same\s+for\s+(?:(?:a\s+)?(?:family|household|home)\s+of\s+)?(?:five|5|six|6|seven|7)\b"
    r"|over\s+(?:4|four)\s+(?:people|persons)|more\s+than\s+(?:4|four)\s+(?:people|persons|members|residents)|at\s+least\s+(?:5|five)\s+(?:people|persons)|extra\s+allowance",
)


def _people_mentions(text: str, taken: list[_Span]) -> list[_Span]:
    found: list[_Span] = []

    def add(m: re.Match, value: int | None, kind: str = "people") -> None:  # first pattern to claim a span wins
        if value is None or not 0 < value <= 200 or _overlaps(m.span(), taken + found):
            return
        after = text[m.end() : m.end() + 10]
        if _PEOPLE_THRESHOLD_AFTER.search(after) or _PEOPLE_THRESHOLD_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
            found.append(_Span(m.start(), m.end(), "people_threshold", Decimal(value)))
            return
        change = _CHANGE_BEFORE.search(text[max(0, m.start() - 4) : m.start()])
        if change and kind == "people":  # "多一口人呢", "少一个人": a change of the household, not its size
            found.append(_Span(m.start(), m.end(), "change", Decimal(value if change.group("more") else -value)))
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
        add(m, whole(m.group("num") or m.group("num2") or m.group("num3") or m.group("num4")))
    for m in _ALONE.finditer(text):
        add(m, 1)
    for m in _PEOPLE_PART.finditer(text):
        raw = m.group("num") or m.group("num2")
        add(m, {"俩": 2, "仨": 3}.get(raw) or whole(raw), kind="part")
    for m in _CHANGE_EN.finditer(text):  # "one more person", "2 fewer people", "another person"
        if not _overlaps(m.span(), taken + found):
            count = 1 if m.group("another") else whole(m.group("num") or m.group("num2"))
            if count:
                more = m.group("more") or m.group("more2") or m.group("another")
                found.append(_Span(m.start(), m.end(), "change", Decimal(count if more else -count)))
    for m in _MEMBER_PAIR.finditer(text):
        add(m, 2, kind="member")
    pairs = [m.start() for m in _PEOPLE_PAIR.finditer(text)]
    for m in _MEMBER.finditer(text):
        if re.search(rf"{_SPOUSE_ZH}|\b{_SPOUSE_EN}\b", m.group()) and any(p < m.start() for p in pairs):
            continue  # "家里就我们老两口，我老伴说…": the spouse is one of the couple already counted
        if not re.match(r"\s*(?:一家|全家|家里|那边|两口子|夫妻)", text[m.end() : m.end() + 4]):  # "儿子一家三口" counts once
            add(m, 1, kind="member")
    found.sort(key=lambda s: s.start)
    return [
        _Span(span.start, span.end, "part", span.value) if span.kind == "member" else span
        for i, span in enumerate(found)
        if span.kind != "member" or _glued(text, found, i)
    ]


def _glued(text: str, spans: list[_Span], i: int) -> bool:
    """A named member is counted only next to another part of the household, joined by 和/加上/and/","."""
    counted = ("part", "member")
    neighbours = [j for j in (i - 1, i + 1) if 0 <= j < len(spans) and spans[j].kind in counted]
    for j in neighbours:
        a, b = (spans[j], spans[i]) if j < i else (spans[i], spans[j])
        if _GLUE.fullmatch(text[a.end : b.start]):
            return True
    return False


def _people_change(text: str, mentions: list[_Span]) -> int | None:
    """A follow-up that changes the household: "我爸要是搬走了呢" (−1), "if my mum moves in" (+1),
    "多一口人呢" (+1), "two fewer people" (−2). None when nothing changes."""
    change = sum(int(s.value) for s in mentions if s.kind == "change")
    for m in _MEMBER.finditer(text):
        after = text[m.end() : m.end() + 24]
        if _MOVE_OUT.search(after):
            change -= 1
        elif _MOVE_IN.search(after):
            change += 1
    for m in _MEMBER_PAIR.finditer(text):
        after = text[m.end() : m.end() + 24]
        change += -2 if _MOVE_OUT.search(after) else 2 if _MOVE_IN.search(after) else 0
    return change or None


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
        parts_side_by_side = previous is not None and previous.kind == span.kind == "part" and (
            len(between.strip(" ,、")) <= 1 or bool(_GLUE.fullmatch(between)))
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
