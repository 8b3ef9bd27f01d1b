"""Issue 10, classes B1 and B2 without the model: splitting a message into its questions
(bot/components/focus.question_clauses), one meta for several answers (bot/channels), and the
topic-word rules (bot/components/topic_rules.py, bot/components/keywords.py). The same classes
through the trained model: tests/bot/test_rest_e2e.py."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import re

import pytest

from bot.actions.water_days import keys_on_dates
from bot.components.focus import question_clauses
from bot.components.topic_rules import dates_in, topic_rule
from core import calendar
from core.reading import read_message

# --- B1: a message with two or three questions -------------------------------------------


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        ("第二档水价是多少钱 另外中国水周是哪几天", ["第二档水价是多少钱", "中国水周是哪几天"]),
        ("第一档到多少吨为止，还有洗碗机有没有水效标识", ["第一档到多少吨为止", "洗碗机有没有水效标识"]),
        ("人口多的家庭能多用多少水？顺便问一下怎么看家里有没有暗漏", ["人口多的家庭能多用多少水？", "怎么看家里有没有暗漏"]),
        ("what does tier 3 cost per m3, and which toilet grade counts as water-saving?",
         ["what does tier 3 cost per m3", "which toilet grade counts as water-saving?"]),
        ("how big is the first tier plus when is World Water Day", ["how big is the first tier", "when is World Water Day"]),
        ("What's the top label grade? Also, how much is tier 2?", ["What's the top label grade?", "how much is tier 2?"]),
        ("水效最高几级 第三档多少钱一吨", ["水效最高几级", "第三档多少钱一吨"]),
        ("第二档多少钱中国水周是什么时候", ["第二档多少钱", "中国水周是什么时候"]),  # no separator at all
        ("净水机要贴水效标识吗第一档到多少吨为止", ["净水机要贴水效标识吗", "第一档到多少吨为止"]),
    ],
)
def test_two_questions_are_split(text, clauses):
    assert question_clauses(text) == clauses


@pytest.mark.parametrize(
    "text",
    [
        "我家4口人，去年用了230吨，水费多少",  # context + one question stays one
        "我们一家五口。一年大概300方。要交多少？",
        "how much for 2 and 3 people",  # "and" inside one question
        "which taps and showers need a water label",
        "水效一级是不是最省水，和三级比差多少",  # a comparison goes on with the same question
        "我还有多少吨才到第二档",  # 还有 inside a question, not a connector
        "一年用多少吨水才算第三档",
        "第一档水价多少钱一吨",
        "世界水日和中国水周分别是什么时候",
    ],
)
def test_one_question_stays_whole(text):
    assert len(question_clauses(text)) == 1


def test_context_goes_with_the_question_after_it():
    assert question_clauses("我家3口人。一年250吨。水费多少？另外世界水日是哪天？") == [
        "我家3口人。一年250吨。水费多少？",
        "世界水日是哪天？",
    ]
    assert question_clauses("你好") == [] and question_clauses("谢谢！") == []


def test_three_questions():
    clauses = question_clauses("阶梯水价多少？另外，世界水日是哪天？还有，学校怎么参加节水竞答？")
    assert clauses == ["阶梯水价多少？", "世界水日是哪天？", "学校怎么参加节水竞答？"]


def test_one_meta_for_several_answers():
    pytest.importorskip("rasa")
    from bot.channels import combined_meta

    first = {"intent": "ask_tiers", "confidence": 0.98, "fallback": False, "lang": "zh"}
    second = {"intent": "ask_water_days", "confidence": 0.91, "fallback": False, "lang": "zh"}
    missed = {"intent": "nlu_fallback", "confidence": 0.3, "fallback": True, "lang": "zh"}
    meta = combined_meta([first, second])
    assert meta["intent"] == "ask_tiers" and meta["intents"] == ["ask_tiers", "ask_water_days"] and not meta["fallback"]
    meta = combined_meta([missed, second])
    assert meta["intent"] == "ask_water_days" and meta["intents"] == ["ask_water_days"] and not meta["fallback"]
    meta = combined_meta([missed])
    assert meta["fallback"] and meta["intents"] == ["nlu_fallback"]


# --- a long story that ends in a water question is one turn (the question at its end) ------

_DECOYS_ZH = [
    "我们家以前是五口人，公公婆婆跟我们一起住，听说五口人以上的家庭每年可以多用一百吨，还专门去居委会问过。",
    "去年卫生间的马桶一直漏水，水箱配件坏了，师傅教我们怎么检查暗漏，说一个月能浪费好几吨水。",
    "前阵子新闻里说要开水价听证会，要调整阶梯水价，楼里的邻居们都在议论。",
    "后来老人搬回老家住了，家里一下子冷清了不少，洗衣机也不像以前那样天天转了。",
    "厨房的水龙头也滴过一阵子水，换成节水龙头以后好多了。",
]
_DECOYS_EN = [
    "We used to be a big family of seven with my in-laws, and I heard households of five or more get an extra allowance.",
    "Last winter our toilet leaked for weeks until the plumber fixed it and showed us how to check for hidden leaks.",
    "Then there was the price hearing on the water tariff that everyone in the building was talking about.",
    "My in-laws moved out in spring and the washing machine runs far less often now.",
    "The kitchen tap dripped for a while too, before we put in a water-saving one.",
]


def _story(decoys, question, seed):
    rng = random.Random(seed)
    sentences = decoys * 2
    rng.shuffle(sentences)
    return (" " if question.isascii() else "").join(sentences) + (" " if question.isascii() else "") + question


class _TopicWordAgent:
    """A stand-in for the trained model's clause classification (as seen on the blind suite): leak words
    → ask_leak_check, label words → ask_label_scheme, water days → ask_water_days, else a bill."""

    def __init__(self):
        self.parsed = []

    async def parse_message(self, text):
        self.parsed.append(text)
        lowered = text.lower()
        intent = ("ask_leak_check" if re.search(r"漏|leak", lowered) else "ask_label_scheme" if re.search(r"水效|label", lowered)
                  else "ask_water_days" if re.search(r"水日|水周|water day", lowered) else "ask_bill")
        return {"intent": {"name": intent, "confidence": 0.95}}


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize(("decoys", "question", "usage", "people"), [
    (_DECOYS_ZH, "所以想问一下：我们两口人一年用了九十五吨 一年水费多少", 95, 2),
    (_DECOYS_EN, "Anyway, so we are 5 people and used 335 m3 last year, what's our bill?", 335, 5),
], ids=["zh", "en"])
def test_a_long_story_ending_in_a_water_question_is_one_turn(decoys, question, usage, people, seed):
    pytest.importorskip("rasa")
    from bot.channels import ends_in_a_water_question, question_turns

    story = _story(decoys, question, seed)
    assert len(story) > 300 and len(question_clauses(story)) >= 2  # the clauses the channel used to answer
    reading = read_message(story)
    assert (reading.question, reading.usage_m3, reading.people) == ("bill", usage, people)
    assert ends_in_a_water_question(story)
    agent = _TopicWordAgent()
    assert asyncio.run(question_turns(agent, story)) == [] and agent.parsed == []


@pytest.mark.parametrize("text", [
    "我家3口人。一年250吨。水费多少？另外世界水日是哪天？",  # short: questions on two paths
    _story(_DECOYS_ZH, "我们两口人一年用了九十五吨 一年水费多少？另外世界水日是哪天？", 4),  # the last question is not water
    "第一档到多少吨为止，还有洗碗机有没有水效标识",
], ids=["short", "story-ending-in-water-days", "tier-and-label"])
def test_questions_on_two_paths_are_still_split(text):
    pytest.importorskip("rasa")
    from bot.channels import ends_in_a_water_question, question_turns

    assert not ends_in_a_water_question(text)
    turns = asyncio.run(question_turns(_TopicWordAgent(), text))
    assert len(turns) >= 2 and not read_message(turns[-1]).question  # the last turn is the question on another path


# --- B2: topic words NLU must not miss ---------------------------------------------------

RANKING = [("ask_bill", 0.5), ("ask_label_contents", 0.2), ("ask_label_scheme", 0.1)]


def _dates():
    pytest.importorskip("rasa")
    from bot.components.keywords import water_day_dates

    return water_day_dates()


@pytest.mark.parametrize(
    ("text", "predicted", "intent"),
    [
        ("the packaging of my new shower head has a water rating sticker, what is that", "nlu_fallback",
         "ask_label_scheme"),
        ("spotted 水效 on the box of a tap, what's it mean?", "ask_label_standard", "ask_label_scheme"),
        ("how do I read the water label", "ask_label_products", "ask_label_contents"),
        ("which stocks should I buy", "ask_label_water_saving", "out_of_scope"),
        ("明天天气怎么样", "greet", "out_of_scope"),
        ("买净水器要不要认准水效标识", "ask_tips", "ask_label_products"),
        ("燃气热水器有水效标签吗", "nlu_fallback", "ask_label_products"),
        ("does a dishwasher need to carry the water label", "ask_bill", "ask_label_products"),
        ("which grade of tap counts as water-saving", "ask_tiers", "ask_label_water_saving"),
        ("3月25号是啥日子", "ask_bill", "ask_water_days"),
        ("anything happening on March 22nd?", "nlu_fallback", "ask_water_days"),
        ("the 22nd of March, why do people talk about it", "ask_bill", "ask_water_days"),
        ("卫生间水箱滴滴答答一直漏 要紧吗", "ask_tips", "ask_leak_check"),
        ("my bathroom tap is dripping, how much does that waste", "ask_tips", "ask_leak_check"),
        ("初二年级想办场节水知识竞答 你们网站可以用吗", "ask_campaigns", "ask_quiz"),
        ("can my class do the water quiz online", "ask_calculators", "ask_quiz"),
        ("this is pointless, connect me to customer service", "ask_capabilities", "ask_human"),
        ("找个人工客服跟我说", "ask_bill", "ask_human"),
        ("I'd like to speak with a real human", "nlu_fallback", "ask_human"),
    ],
)
def test_topic_words_pick_the_topic(text, predicted, intent):
    ranking = [(predicted, 0.3), *RANKING]
    result = topic_rule(text, predicted, ranking, _dates())
    assert result is not None and result.intent == intent


@pytest.mark.parametrize(
    ("text", "predicted"),
    [
        ("我家换了一级水效的马桶，一年用了200吨，水费多少", "ask_bill"),  # a bill question with a volume
        ("第二档多少钱一吨", "ask_tiers"),
        ("how much water does one person use per day", "ask_bill"),
        ("水管爆了漏水打什么电话", "ask_hotline"),  # reporting a burst pipe stays a hotline question
        ("水效等级有几级", "ask_label_grades"),  # already a label question: DIET chooses which one
        ("5月20日有什么活动", "ask_campaigns"),
        ("世界水日是哪天", "ask_water_days"),
        ("how does hot weather change how much water we use", "ask_tips"),  # off-topic words inside a water question
        ("我要转人工", "ask_human"),
    ],
)
def test_rules_leave_the_rest_alone(text, predicted):
    result = topic_rule(text, predicted, RANKING, _dates())
    assert result is None or result.intent == predicted  # at most NLU's own choice is made surer


def test_dates_are_read_in_both_languages():
    assert dates_in("3月22日是什么日子") == [(3, 22)]
    assert dates_in("三月二十二号") == [(3, 22)]
    assert dates_in("what's on 22 March or March 28th") == [(3, 22), (3, 28)]
    assert dates_in("用了322吨") == []


def test_a_date_names_its_water_days():
    days = list(calendar.water_days())
    assert keys_on_dates("3月22日是什么日子", days) == ["world_water_day", "china_water_week"]
    assert keys_on_dates("what about 26 March", days) == ["china_water_week"]
    anchor = next(d for d in days if d.key == "urban_water_saving_week").month_day
    assert keys_on_dates(f"{anchor[0]}月{anchor[1]}日", days) == ["urban_water_saving_week"]
    assert keys_on_dates("7月1日", days) == []
    assert dt.date(2026, 3, 22)  # (dates above come from content/calendar, not from this test)


def test_the_rule_in_the_pipeline_tops_the_ranking():
    pytest.importorskip("rasa")
    from bot.components.keywords import RULE_CONFIDENCE, apply_rule

    data = {"text": "noticed a water efficiency sticker on the tap box, what is it",
            "intent": {"name": "nlu_fallback", "confidence": 0.4},
            "intent_ranking": [{"name": "ask_bill", "confidence": 0.35}, {"name": "ask_label_scheme", "confidence": 0.3}]}
    changes = apply_rule(data)
    assert changes["intent"] == {"name": "ask_label_scheme", "confidence": RULE_CONFIDENCE}
    assert changes["intent_ranking"][0]["name"] == "ask_label_scheme"
    assert all(e["confidence"] <= 1 - RULE_CONFIDENCE for e in changes["intent_ranking"][1:])
    assert changes["keyword_rule"] == "label"
    assert apply_rule({"text": "你好", "intent": {"name": "greet", "confidence": 0.99}, "intent_ranking": []}) == {}


# --- K6/K7: follow-ups in topic, a fitting's saving, a tariff clause NLU is unsure of -------

@pytest.mark.parametrize(
    ("text", "predicted"),
    [
        ("how much less water would a low-flow kitchen tap use", "ask_next_price"),
        ("把家里的花洒换成节水的 一年大概能省多少", "ask_label_water_saving"),
        ("换个双档马桶能省几成水", "ask_bill"),
        ("would a water-saving shower head save me much, how much?", "nlu_fallback"),
    ],
)
def test_how_much_a_fitting_saves_is_the_tips(text, predicted):
    result = topic_rule(text, predicted, [(predicted, 0.6), *RANKING], _dates())
    assert result is not None and result.intent == "ask_tips" and result.rule == "fitting_saving"


@pytest.mark.parametrize(
    ("text", "predicted"),
    [
        ("我家一年用了260吨 换了节水龙头能省多少钱", "ask_bill"),  # a volume: the water answer reads it
        ("节水龙头的水效标识几级最省水", "ask_label_grades"),  # a label question
    ],
)
def test_the_fitting_rule_leaves_bills_and_labels_alone(text, predicted):
    result = topic_rule(text, predicted, [(predicted, 0.6), *RANKING], _dates())
    assert result is None or result.rule != "fitting_saving"


@pytest.mark.parametrize(
    ("text", "previous", "lang", "turn"),
    [
        ("and how far does the second go?", "ask_tiers", "en", "where does tier 2 end"),
        ("ok, the 1st one runs up to what exactly", "ask_tiers", "en", "where does tier 1 end"),
        ("那第二个档的上限呢", "ask_tiers", "zh", "第2档到多少吨为止"),
        ("the middle tier, where's its cap?", "ask_bill", "en", "where does tier 2 end"),
        ("and when does the third one kick in?", "ask_tiers", "en", "where does tier 3 end"),
        ("那第三个从哪起算", "ask_large_household", "zh", "第3档到多少吨为止"),
    ],
)
def test_a_tier_bound_follow_up_asks_that_tier_s_bound(text, previous, lang, turn):
    pytest.importorskip("rasa")
    from bot.channels import tier_bound_turn
    from core.reading import read_message

    assert tier_bound_turn(text, previous, lang) == turn
    reading = read_message(turn)
    assert reading.question == "tier_boundary" and str(reading.tier) in turn


@pytest.mark.parametrize(
    ("text", "previous"),
    [
        ("and how far does the second go?", "ask_quiz"),  # not after a tariff answer
        ("where does tier 2 end", "ask_tiers"),  # the reader already reads it: the message stays as it is
        ("does the second tier end at 300 m3?", "ask_tiers"),  # a volume: read whole
        ("第二档多少钱", "ask_tiers"),  # a price, not a bound
        ("一个月最多能用到多少吨", "ask_tiers"),  # "一个月" is not the first tier
    ],
)
def test_other_messages_are_not_tier_bound_follow_ups(text, previous):
    pytest.importorskip("rasa")
    from bot.channels import tier_bound_turn

    assert tier_bound_turn(text, previous, "en") is None


def test_follow_ups_carry_the_room_or_the_product():
    pytest.importorskip("rasa")
    import json

    from bot.actions.info_texts import room_key
    from bot.channels import FOLLOW_UPS, follow_up_entities

    room = json.loads(follow_up_entities("ask_tips", "那洗衣服方面呢"))["room"]
    assert room_key([room]) == "laundry"
    assert room_key([json.loads(follow_up_entities("ask_tips", "and for showering?"))["room"]]) == "shower"
    assert room_key([json.loads(follow_up_entities("ask_tips", "what about the bathroom?"))["room"]]) == "toilet"
    assert room_key([json.loads(follow_up_entities("ask_tips", "and when I wash clothes"))["room"]]) == "laundry"
    assert json.loads(follow_up_entities("ask_label_products", "那洗碗机呢")) == {"product": "洗碗机"}
    assert follow_up_entities("ask_tips", "ok thanks") == ""
    quiz = [pattern for pattern, intent in FOLLOW_UPS["ask_quiz"] if intent == "ask_quiz"]
    assert all(any(p.search(t) for p in quiz) for t in ("孩子参加要用真实姓名吗", "do the kids need an account?"))
    assert not any(p.search("how long does a quiz take") for p in quiz)


def test_fang_mian_is_not_a_volume_word():
    pytest.importorskip("rasa")
    from bot.channels import _WATER_WORDS

    assert not _WATER_WORDS.search("那洗衣服方面呢") and not _WATER_WORDS.search("有什么方法")
    assert _WATER_WORDS.search("那要是二十方呢") and _WATER_WORDS.search("300立方呢")


@pytest.mark.parametrize(
    ("clause", "tariff"),
    [
        ("what's the tier 1 limit", True),
        ("第一档封顶是多少", True),
        ("多少钱一吨", True),
        ("households of 6 get a bigger first tier?", True),
        ("250吨要交多少", True),
        ("how much water does it save?", False),  # "how much" alone is not a bill
        ("are dishwashers labelled", False),
    ],
)
def test_a_clause_the_reader_reads_as_a_tariff_question(clause, tariff):
    pytest.importorskip("rasa")
    from bot.channels import reads_as_tariff_question

    assert reads_as_tariff_question(clause) is tariff
