"""Keyword and entity rules for topics whose words are unmistakable (pure Python, no Rasa).

DIET reads a bag of n-grams; a clear question worded unlike the training examples can land
on the wrong topic or below the fallback threshold ("noticed a water efficiency sticker on a
tap's box" → fallback, "3月22日是什么日子" → the bill, "厕所水箱一直漏" → kitchen tips,
"我们学校想办个节水知识竞赛" → campaigns, "put me through to a human agent" → the capability
list). A rule fires only on words that name the topic itself; it then picks the topic's
intent (the best-ranked member of the topic's family, or the one its words point to), and
only when NLU chose something outside that family. A message with a water volume or a money
amount that NLU took for a water question is left alone (the water action reads it whole).
`bot/components/keywords.py` applies these rules in the pipeline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

WATER_GROUP = frozenset({"ask_bill", "ask_which_tier", "ask_next_price", "inform", "ask_tiers", "ask_large_household"})
LABEL_FAMILY = (
    "ask_label_scheme",
    "ask_label_grades",
    "ask_label_water_saving",
    "ask_label_products",
    "ask_label_standard",
    "ask_label_contents",
)

_VOLUME_OR_MONEY = re.compile(
    r"[0-9０-９零〇一二两三四五六七八九十百千万几]+(?:\.\d+)?\s*(?:个)?(?:吨|方|立方|m3|m³|cubic|cbm|tons?|tonnes?|元|块|yuan|rmb|cny)"
    r"|(?:¥|￥)\s*\d",
    re.IGNORECASE,
)

LABEL = re.compile(
    r"水效(?:标识|标签|标志|贴纸|贴标|等级|级别|一级|二级|三级|[1-5１-５]级)?|节水标识|节水标志|"
    r"water[- ]?(?:efficiency|saving|use)?[- ]?(?:label|sticker|rating|grade|mark|tag)s?|"
    r"efficiency (?:label|sticker|rating|grade|mark|tag)s?|\blabels?\b|\bstickers?\b",
    re.IGNORECASE,
)
PRODUCT = re.compile(
    r"坐便器|座便器|马桶|蹲便器|蹲坑|小便器|淋浴器|淋浴|花洒|喷头|水嘴|水龙头|龙头|洗碗机|净水器|净水机|洗衣机|(?:电|燃气|太阳能)?热水器|"
    r"toilets?|urinals?|showers?(?:heads?)?|shower heads?|faucets?|taps?|dish ?washers?|purifiers?|washing machines?|"
    r"washers?|water heaters?|boilers?",
    re.IGNORECASE,
)
PRODUCT_HAS = re.compile(
    r"有没有|有吗|有没|有[^，,。？?]{0,8}吗|有无|是否有|要不要|需不需要|需要|必须|贴|带|强制|哪些|什么产品|哪类|哪几|"
    r"\b(?:have|has|need|needs|carry|carries|come with|which products|what products|which appliances|must|required)\b",
    re.IGNORECASE,
)
GRADE_SAVING = re.compile(
    r"算.{0,3}(?:节水|省水)|才算|算是|节水型|节水产品|节水器具|water[- ]saving (?:product|appliance|fixture|model)|"
    r"counts? as|considered|qualif|efficient enough|\bgrade \d\b.{0,12}water[- ]saving",
    re.IGNORECASE,
)
MEANING = re.compile(
    r"意思|含义|代表|看懂|怎么看|是什么|是啥|干嘛|\bmean(?:s|ing)?\b|stand for|how (?:do|to) (?:i )?read|"
    r"what(?: is|'s|s) (?:it|that|this)\b|what does (?:it|that|this|the label|the sticker) (?:tell|say|mean|show)",
    re.IGNORECASE,
)
GRADE_WORD = re.compile(r"几级|等级|级别|[一二三四五1-5１-５]级|\bgrades?\b|\bgrade [1-5]\b", re.IGNORECASE)
GRADE = re.compile(r"几级|几个等级|等级|级别|[一二三四五1-5]级|最高|最好|最省|grades?|levels?|best|highest|top", re.IGNORECASE)

LEAK = re.compile(
    r"漏水|漏了|在漏|一直漏|老是漏|总是漏|漏个不停|有点漏|滴水|滴答|一直滴|渗水|长流水|一直流水|流个不停|暗漏|查漏|"
    r"水箱.{0,4}(?:漏|流|响)|(?:龙头|马桶|水管|管子|水箱).{0,4}漏|"
    r"\bleak(?:s|ing|y|ed)?\b|\bdrip(?:s|ping|py)?\b|keeps? running|won'?t stop running|running toilet|constantly running",
    re.IGNORECASE,
)
QUIZ = re.compile(
    r"竞赛|竞答|知识赛|知识问答|答题|抢答|\bquiz(?:zes)?\b|\btrivia\b|"
    r"老师给的.{0,6}(?:码|代码|号)|(?:输入|填|输).{0,4}(?:代码|数字码|6位|六位)|"
    r"\bcode\b.{0,40}\bteacher\b|\bteacher\b.{0,40}\bcode\b|\b(?:join|game|class|6-digit|six-digit) code\b",
    re.IGNORECASE,
)
# who to phone about a supply problem (a broken meter, no water, a burst pipe)
HOTLINE = re.compile(
    r"打什么电话|打哪个电话|哪个电话|电话是多少|什么电话|找谁|报修|"
    r"\bwho (?:should|do|can|shall) (?:i|we) (?:call|phone|ring|contact|report)|\bwhat number\b|\bwhich number\b|"
    r"\bphone number\b|\bwho to (?:call|phone|ring|contact)\b|\breport (?:a|the|it)\b",
    re.IGNORECASE,
)
WATER_DAY_NAME = re.compile(
    r"世界水日|中国水周|水周|节水宣传周|节约用水宣传周|节水周|宣传周|world water day|china water week|water week|"
    r"water[- ]saving week|publicity week",
    re.IGNORECASE,
)
PLEDGE = re.compile(r"承诺|\bpledg(?:e|es|ed|ing)\b", re.IGNORECASE)
BILLING_CYCLE = re.compile(
    r"(?:账单|抄表|缴费|交费|交水费|收费).{0,8}(?:每月|每个月|两个月|双月|多久|几个月|一季|周期)|"
    r"(?:每月|每个月|两个月|多久|几个月).{0,8}(?:一张|账单|抄表|抄一次|交一次|收一次)|"
    r"\bhow often\b.{0,30}\b(?:bill|billed|read|charged|pay)|\b(?:billed|bills?) (?:monthly|every (?:month|two months))|"
    r"\bmeter (?:is )?read\b",
    re.IGNORECASE,
)
# clearly not about water (answered with the polite out-of-scope reply, not "I didn't understand")
OFF_TOPIC = re.compile(
    r"\b(?:stocks?|shares|invest(?:ing|ment|ments)?|crypto|bitcoin|weather|forecast|football|soccer|movies?|films?|"
    r"restaurants?|taxi|flights?|train tickets?|lottery|recipe|horoscope)\b|股票|基金|理财|炒股|天气|气温|电影|饭店|餐厅|"
    r"外卖|机票|火车票|打车|彩票|菜谱|星座",
    re.IGNORECASE,
)
OFF_TOPIC_MAX_CONFIDENCE = 0.6  # only when NLU is unsure: "how does the weather affect water use" stays water
BUYING = re.compile(r"要注意|注意什么|注意哪些|怎么选|如何选|选购|挑选|选哪|买哪|what to look for|how (?:do i|to) choose|"
                    r"\bbuying\b|before (?:i )?buy", re.IGNORECASE)
HUMAN = re.compile(
    r"转人工|人工客服|人工服务|找人工|要人工|接人工|人工|真人|客服|接线员|值班人员|"
    r"\bhuman(?:s| being)?\b|real person|live (?:agent|person|chat)|\bagents?\b|customer (?:service|support|care)|"
    r"\boperator\b|representative|someone (?:real|from)|put me through|transfer me|connect me|"
    r"留(?:个|一个|下)?(?:问题|言)|给工作人员|留给工作人员|leave (?:a |my )?(?:question|message)|\bthe staff\b|"
    r"(?:talk|speak|chat) (?:to|with) (?:a |an |some )?(?:real |actual |live )?(?:person|people|human|someone|somebody|staff)",
    re.IGNORECASE,
)
HUMAN_FAMILY = ("ask_human", "ask_hotline")
_LABEL_STRONG = re.compile(r"水效|water[- ]efficiency", re.IGNORECASE)
_WATERISH = re.compile(r"水|\bwater\b|\bm3\b|立方|吨|\btier\b|\blabel\b", re.IGNORECASE)

# zh "3月22日/号", en "22 March", "March 22(nd)", "22/3" is ambiguous and left out
_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}
_MONTH_ABBR = {name[:3]: number for name, number in _MONTHS.items()}
_EN_MONTH = (r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?"
             r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_ZH_NUMBER = r"([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})"
_ZH_DATE = re.compile(rf"{_ZH_NUMBER}\s*月\s*{_ZH_NUMBER}\s*(?:日|号)")
_EN_DATE = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+{_EN_MONTH}\b|\b{_EN_MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b",
    re.IGNORECASE,
)
_ZH_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_TEN = next(digit for digit, value in _ZH_DIGITS.items() if value == 10)


def _zh_number(text: str) -> Optional[int]:
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if text.isdigit():
        return int(text)
    if text == _TEN:
        return 10
    if _TEN in text:
        tens, _, ones = text.partition(_TEN)
        return (_ZH_DIGITS.get(tens, 1) if tens else 1) * 10 + (_ZH_DIGITS.get(ones, 0) if ones else 0)
    return _ZH_DIGITS.get(text)


def dates_in(text: str) -> list[tuple[int, int]]:
    """(month, day) of every calendar date written in `text` ("3月22日", "22 March", "March 22nd")."""
    found = []
    for match in _ZH_DATE.finditer(text):
        month, day = _zh_number(match.group(1)), _zh_number(match.group(2))
        if month and day:
            found.append((month, day))
    for match in _EN_DATE.finditer(text):
        if match.group(1):
            day, month_name = int(match.group(1)), match.group(2)
        else:
            month_name, day = match.group(3), int(match.group(4))
        month = _MONTH_ABBR.get(month_name.lower()[:3])
        if month:
            found.append((month, day))
    return [(m, d) for m, d in found if 1 <= m <= 12 and 1 <= d <= 31]


@dataclass(frozen=True)
class RuleResult:
    intent: str
    rule: str


def has_volume_or_money(text: str) -> bool:
    return bool(_VOLUME_OR_MONEY.search(text))


def _best(ranking: Sequence[tuple[str, float]], family: Iterable[str], default: str) -> str:
    members = set(family)
    return next((name for name, _ in ranking if name in members), default)


CONTENTS = re.compile(
    r"标了|标着|写了|印了|上面有什么|上面都有|哪些信息|什么信息|怎么读|看懂|看不懂|上的数字|上面的数字|数字代表|"
    r"how (?:do|to|can|should) (?:i |you |we )?(?:read|understand)|"
    r"what(?:'s| is) (?:on|printed on|shown on)|what information|what does .{0,40}(?:show|say)\b",
    re.IGNORECASE,
)
LIMIT = re.compile(r"多少升|几升|多少L|用水量|限值|升水|\blit(?:re|er)s?\b|\blimits?\b|\bthresholds?\b|how much water",
                   re.IGNORECASE)
BATCH = re.compile(r"第.批|哪一批|哪批|批次|\bbatch(?:es)?\b", re.IGNORECASE)
SCHEME_MEANING = re.compile(
    r"什么意思|啥意思|是啥|干嘛的|有什么用|\bmean(?:s|ing)?\b|stand for|what(?: is|'s|s) (?:it|that|this)\b|"
    r"what does (?:it|that|this|the label|the sticker) (?:tell|say|mean|show)",
    re.IGNORECASE,
)
STANDARD = re.compile(r"标准|国标|\bGB\s?\d|\bstandards?\b", re.IGNORECASE)


def label_cue(text: str) -> Optional[str]:
    """The label question the words themselves ask, if they do: products ("洗碗机有没有水效标识"),
    the water-saving grade, grades, what is printed on it, the standard."""
    if PRODUCT.search(text) and PRODUCT_HAS.search(text) and not GRADE.search(text) and not MEANING.search(text):
        return "ask_label_products"
    if GRADE.search(text) and GRADE_SAVING.search(text):
        return "ask_label_water_saving"
    if PRODUCT.search(text) and GRADE_WORD.search(text) and LIMIT.search(text):
        return "ask_label_standard"  # "马桶一级水效是多少升": the standard's limit for that grade
    if GRADE_WORD.search(text):
        return "ask_label_grades"
    if CONTENTS.search(text):
        return "ask_label_contents"
    if BATCH.search(text):
        return "ask_label_products"  # "第一批贴水效标识的是什么"
    if SCHEME_MEANING.search(text):
        return "ask_label_scheme"  # "spotted 水效 on a box, what does that mean?"
    if STANDARD.search(text) and (PRODUCT.search(text) or LABEL.search(text)):
        return "ask_label_standard"
    return None


def label_intent(text: str, ranking: Sequence[tuple[str, float]]) -> str:
    """Which label question: the one the words ask, else the family's best-ranked intent."""
    return label_cue(text) or _best(ranking, LABEL_FAMILY, "ask_label_scheme")


def topic_rule(
    text: str, predicted: Optional[str], ranking: Sequence[tuple[str, float]], water_day_dates: Iterable[tuple[int, int]]
) -> Optional[RuleResult]:
    """The intent an unmistakable topic word calls for; else None.

    When NLU already chose an intent of that topic, the result is that intent (the caller
    only lifts its confidence); otherwise the topic's intent. `ranking`: (intent, confidence)
    best first; `water_day_dates`: (month, day) of every water day (core.calendar), so
    "3月22日是什么日子" is recognised as World Water Day.
    """
    if predicted in WATER_GROUP and has_volume_or_money(text):
        return None  # a bill question that also mentions something else: the water action reads it

    def topic(intent: str, family: Iterable[str], rule: str) -> RuleResult:
        return RuleResult(predicted if predicted in set(family) else intent, rule)

    if HUMAN.search(text):
        return topic("ask_human", HUMAN_FAMILY, "human")
    if HOTLINE.search(text) and (predicted not in WATER_GROUP or not has_volume_or_money(text)):
        return topic("ask_hotline", HUMAN_FAMILY, "hotline")
    if QUIZ.search(text):
        return topic("ask_quiz", ("ask_quiz",), "quiz")
    if LEAK.search(text):
        return topic("ask_leak_check", ("ask_leak_check", "ask_hotline"), "leak")
    if LABEL.search(text):
        if predicted in WATER_GROUP and not (PRODUCT.search(text) or _LABEL_STRONG.search(text)):
            return None  # "label" alone next to a tariff question is too weak
        cue = label_cue(text)  # the words say which label question: that one, even over DIET's choice
        return RuleResult(cue, "label") if cue else topic(label_intent(text, ranking), LABEL_FAMILY, "label")
    if PRODUCT.search(text) and (GRADE_WORD.search(text) or GRADE_SAVING.search(text) and GRADE.search(text)
                                 or STANDARD.search(text)):
        # "which toilet grade is water-saving", "智能马桶执行什么标准"
        return RuleResult(label_intent(text, ranking), "label_product")
    if GRADE_WORD.search(text) and GRADE_SAVING.search(text):
        return RuleResult(label_intent(text, ranking), "label_grade")
    if PRODUCT.search(text) and BUYING.search(text) and predicted not in ("ask_tips", "ask_leak_check"):
        return topic("ask_label_water_saving", LABEL_FAMILY, "label_buying")  # "装净水器要注意什么"
    if WATER_DAY_NAME.search(text):
        return topic("ask_water_days", ("ask_water_days", "ask_campaigns"), "water_day_name")
    if PLEDGE.search(text):
        return topic("ask_pledge", ("ask_pledge", "ask_campaigns"), "pledge")
    if BILLING_CYCLE.search(text) and not has_volume_or_money(text):
        return topic("ask_meter_reading", ("ask_meter_reading",), "billing_cycle")
    top = ranking[0][1] if ranking else 0.0
    if OFF_TOPIC.search(text) and not _WATERISH.search(text) and top < OFF_TOPIC_MAX_CONFIDENCE:
        return topic("out_of_scope", ("out_of_scope",), "off_topic")
    wanted = set(water_day_dates)
    if any(date in wanted for date in dates_in(text)):
        return topic("ask_water_days", ("ask_water_days", "ask_campaigns"), "water_day_date")
    return None
