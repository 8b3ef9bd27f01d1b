"""The question asked (rule 7) and the tier a message names."""

from __future__ import annotations

import re
from decimal import Decimal

from core.numbers import NUMERAL as _NUM
from core.reading.household import _LARGE
from core.reading.text import _clause_bounds, _clause_breaks, _numeral, _sentences

QUESTIONS = (
    "usage_from_amount", "why", "tier_boundary", "marginal_price", "which_tier", "large_household", "tier_price", "bill",
)  # fmt: skip  (precedence order)

_TIER = re.compile(
    rf"第\s*(?P<a>{_NUM})\s*(?:档|阶梯|级阶梯|阶)|(?<![哪几每这那同])(?P<b>[一二三123])\s*档|阶梯\s*(?P<c>[一二三123])"
    r"|\btier\s*(?P<d>\d|one|two|three|i{1,3})\b|\b(?P<e>first|second|third|1st|2nd|3rd|top|highest|lowest|bottom|base)\s+"
    r"(?:tier|band|block|step|bracket|level)|(?P<f>最高|最低)档"
    # "where does the 2nd one stop" (after the tier table)
    r"|\b(?P<g>first|second|third|1st|2nd|3rd|last|top)\s+one\b(?=[^?.!]{0,20}\b(?:stop|end|start|begin|finish|cost|price|limit))",
)
# "and the other two?", "另外两档呢": the tiers not named before (the whole table, never the remembered one)
_OTHER_TIERS = re.compile(
    r"\bthe\s+other\s+(?:two|ones|tiers|bands)|\bthe\s+others\b|\bother\s+(?:tiers|bands)|\bremaining\s+(?:tiers|ones)"
    r"|(?:其他|另外|剩下的?|其余)(?:两|几)?(?:个)?(?:档|阶梯)"
)

_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "one": 1, "two": 2, "three": 3,
             "i": 1, "ii": 2, "iii": 3, "lowest": 1, "bottom": 1, "base": 1, "最低": 1}  # fmt: skip

_CUES: dict[str, re.Pattern[str]] = {
    "usage_from_amount": re.compile(
        r"用了?多少(?:水|吨|方|立方)?|用水量?(?:是|有|大概|大约)?多少|多少(?:吨|方|立方)|几(?:吨|方|立方|个字)|用了几|(?:反推|倒推|推算|算出|算算).{0,6}(?:用水|用量|吨)|"
        r"(?:what'?s|what\s+is|work\s+out)\s+(?:my|our|the)\s+(?:usage|consumption|volume)|"
        r"how\s+much\s+water|how\s+many\s+(?:m3|tons?|cubic|litres?|liters?|units)|what\s+volume|how\s+much\s+(?:did|have)\s+(?:i|we)\s+use",
    ),
    "why": re.compile(
        r"为什么|为啥|为何|咋这么|怎么这么|怎么会这么|怎么突然|凭什么|怎么涨|咋涨|怎么(?:比|又|会)?.{0,8}(?:贵|高|多|涨)了"
        r"|怎么回事|咋回事|什么原因|啥原因|什么情况|^\s*(?:这么|那么|这也太|也太)(?:贵|高|多)|\bwhy\b|how\s+come|what\s+made|what\s+happened"
        r"|what\s+makes\s+it|so\s+(?:expensive|pricey|high|much)\s*\?|(?:that|this)(?:'s|\s+is)\s+(?:so\s+|very\s+|really\s+)?(?:expensive|pricey|steep)"
        r"|(?:比|跟)(?:刚才|之前|上次|原来|前面|刚刚|上一个)[^,。?!]{0,10}(?:多|贵|高|涨)|差(?:了)?(?:这么|那么)多|多出来?(?:这么|那么)多"
        r"|一下子?(?:多|贵|高|涨)|(?:咋|怎么)[^,。?!]{0,4}(?:贵|高|涨)了?(?:这么|那么|好)多|(?:jump|jumped|went\s+up|gone\s+up|shot\s+up|rose|increased)\b[^?.!]{0,20}(?:so\s+much|that\s+much|a\s+lot)",
    ),
    "tier_boundary": re.compile(
        r"到多少(?:吨|方|立方米?)?(?:为止|封顶|结束)?|(?:封顶|截止|到头|最高到|最多到)(?:是|到|在)?(?:多少|几)|多少(?:吨|方)?(?:封顶|到头)|多少(?:吨|方|立方米?)(?:以内|以下|之内|为止|开始|起|算|进入|以上算|就)"
        r"|从多少|从几吨|从[^,。?!]{0,10}(?:开始|起算|算起)|到[^,。?!]{0,10}为止|上限|下限|分界|临界|门槛|起点|界限|区间|几吨(?:开始|为止|以内)|超过多少|多少.{0,4}(?:开始|进入)第"
        r"|(?:where|when)\s+does\s+(?:the\s+)?\w+\s+one\s+(?:stop|end|start|begin|finish)|到哪(?:儿|里)?(?:为止|结束|截止|呢|\?|$)"
        r"|(?:tier|band)s?\s+(?:bound\w*|limits?|thresholds?|ranges?|cut-?offs?|breakpoints?)|where\s+does\s+.{0,30}(?:tier|band)|when\s+does\s+.{0,30}(?:start|begin|kick)|(?:tier|band)\s*\w*\s+(?:start|end|begin|limit|cap|threshold"
        r"|boundary|range|cutoff|cut-off)|(?:limit|cap|threshold|boundary|cutoff|cut-off|upper\s+bound)\s+(?:of|for)"
        r"|how\s+many\s+(?:m3|tons?|cubic\s+met\w+)\s+(?:before|until|in|is|are|does|can)|up\s+to\s+how\s+many|at\s+what\s+(?:usage|volume|point)",
    ),
    "marginal_price": re.compile(
        r"再多?用\s*(?:一|1)?\s*(?:吨|方|立方)|(?<!差不)(?<!不)(?<!没)多用\s*(?:一|1)?\s*(?:吨|方|立方)|下一(?:吨|方|立方)|每多用|边际|额外(?:一|1)?(?:吨|方)"
        r"|(?:超出|多出)(?:来)?的?那?(?:一|1)\s*(?:吨|方)|每多(?:一|1)?(?:吨|方)|next\s+(?:m3|ton|tonne|cubic|unit)|(?:one|1|an?)\s+more\s+(?:m3|ton|tonne|cubic|unit)|extra\s+cost|cost\s+of\s+(?:the\s+)?next|(?:extra|additional|another)\s+(?:1\s+)?(?:m3|ton|tonne|cubic|unit)"
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
        r"|\bbills?\b|how\s+much|\bhw\s+much|how\s+mu?ch|\bcost|\bpay\b|\bcharge|\bowe\b|(?:the|my|our)\s+total|total\s*(?:cost|bill|amount|yearly|annual|monthly|per|for|\?)|what'?s\s+that|what\s+(?:would|will)\s+(?:that|it)\s+be|(?:would|will|does)\s+(?:that|it|this)\s+come\s+to|what\s+do\s+i\s+pay",
    ),
}

# With a threshold ("300吨以上", "above 300 m3") these ask for the rate, not for a bill.
_PER_UNIT_PRICE = re.compile(
    r"每(?:吨|方|立方)|(?:一|1)\s*(?:吨|方|立方)|单价|per\s+(?:m3|tons?|tonnes?|cubic|unit)|(?:a|one|each)\s+(?:m3|tons?|tonnes?|cubic)"
    r"|price\s+per|rate\s+per|cost\s+per"
)

_RATE_WORDS = re.compile(
    r"怎么收费|收费|价格|单价|价|几块|部分|算钱|charged|price|cost|rate|\b(?:you|one|they|people|households?)\s+pay\b|\bportion\b|\bpart\s+(?:above|over|beyond|past)|anything\s+(?:above|over|past)"
    r"|(?:以后|之后|往上)的?(?:水费|水价|部分|价格|怎么)|how\s+much\s+is\s+(?:the\s+)?water\s+(?:over|above|beyond|past)"
)
_WATER_PRICE_WORD = re.compile(r"水|water|bill|pric|tariff|charg|tier|档|阶梯")
# "水费到底怎么算的", "how is the water bill calculated": with no volume, a request for the tier table
_HOW_CALCULATED = re.compile(
    r"怎么算的?|怎样算|如何算|怎么收的?|如何收的?|怎么收钱|怎么计算|怎样计算|如何计算|计算方法|计算方式|计费方式|计费方法|怎么计费|如何计费|收费方式|计价方式|算法|公式|规则"
    r"|how\s+(?:is|are|do\s+you|does\s+it|do\s+they)\b[^?.!]{0,30}\b(?:calculated|computed|worked\s+out|charged|billed|determined|priced)"
    r"|how\s+does\s+(?:the\s+)?(?:water\s+)?(?:bill\w*|pric\w+|tariff|charg\w+)\s+work|how\s+do\s+(?:the\s+)?(?:water\s+)?(?:tiers|prices|charges|bills)\s+work"
    r"|how\s+(?:does|do)\s+[^?.!]{0,20}\b(?:calculate|compute|charge|bill|price)\b"
    r"|how\s+(?:to|do\s+i|can\s+i)\s+(?:calculate|compute|work\s+out)\b|\bformula\b"
)

# Rule 7b: a volume, a household and a bill word with no question cue ("calculate water fee 240 m3 per annum
# household of four", "一年二百三十方 四口人 水钱"): a bill to compute — unless it asks the basis, a leak or saving.
_BILL_WORDS = re.compile(
    r"水费|水钱|水费用|费用|(?<!浪)费(?:多少|几何)?|计算|算(?:下|一下|算|个)|\b(?:fees?|charges?|costs?|expenses?|bills?|billing)\b"
    r"|\b(?:calculate|compute|work\s+out|estimate|figure\s+out)\b"
)
_NOT_A_BILL = re.compile(
    r"按年|按月|按季|按户|按人|还是|累计|清零|什么时候|何时|多久|执行|实施|生效|漏|检查|查一?下|省|节约|节水|正常|对不对|对吗|准吗"
    r"|\b(?:when|since|basis|reset|leak\w*|drip\w*|check|save|saving|reduce|normal|right|correct)\b|\bor\b"
)

_OWN_USE = re.compile(r"我家|我们|咱家|家里|用了|用水|\bmy\b|\bwe\b|\bour\b|\bi\s+(?:use|used|am|'m)\b")


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
    if raw in ("top", "highest", "最高", "last"):
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


def _question_in(part: str, has_amount: bool) -> str | None:
    return next((q for q in QUESTIONS if _CUES[q].search(part) and (q != "usage_from_amount" or has_amount)), None)


# A why-question about the household size: answered with the large-household rule
_WHY_PEOPLE = re.compile(
    r"more\s+people|fewer\s+people|bigger\s+(?:family|household)|larger\s+(?:family|household)|people\s+(?:make|change|matter)"
    r"|人多|人少|人口多|人数多|人越多|多几个人|几口人|口人|个人|人数|家庭人口|\b(?:5|five|6|six|7|seven)\s+(?:people|of\s+us|persons)"
)
_ZH_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


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
            # a space between Chinese words often stands for a comma: "第一档封顶多少吨 五口人的家庭也一样吗"
            for part in _ZH_SPACE.split(text[c_start : _clause_bounds(text, c_start)[1]]):
                c_kind = _question_in(part, has_amount)
                if c_kind is not None and c_kind not in found:
                    found.append(c_kind)
        if decided not in found:
            found.append(decided)
    return decided, found
