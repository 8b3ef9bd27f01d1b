"""Tariff, label, tip, water-day, campaign and hotline actions: every figure from core."""

import datetime as dt

import pytest

from bot.actions.formatting import yuan
from bot.actions.labels import ActionLabelInfo
from bot.actions.service import ActionHotline
from bot.actions.tariffs import ActionTariffInfo, asked_tier
from bot.actions.tips import ActionTips
from bot.actions.water_days import ActionWaterDays
from core import calendar, labels, sources, tariffs, tips
from tests.support import texts


def test_tier_table_comes_from_core(make_tracker, dispatcher, run):
    run(ActionTariffInfo(), dispatcher, make_tracker("水价", intent="ask_tiers"))
    answer = texts(dispatcher)
    for tier in tariffs.tariff_in_force().tiers:
        assert yuan(tier.price_yuan_per_m3) in answer
    assert "[查看计算过程](/bill)" in answer


def test_asked_tier_is_put_first(make_tracker, dispatcher, run):
    tracker = make_tracker("第二档?", intent="ask_tiers", entities=[{"entity": "tier", "value": "第二档"}])
    run(ActionTariffInfo(), dispatcher, tracker)
    second = tariffs.tariff_in_force().tiers[1]
    assert texts(dispatcher).startswith(f"第二档：{second.lower_m3}")
    assert asked_tier(["tier 3"]) == 3 and asked_tier(["second tier"]) == 2 and asked_tier([]) is None


def test_large_household_rule_carries_its_caveat(make_tracker, dispatcher, run):
    tracker = make_tracker(
        "we have 6 people",
        intent="ask_large_household",
        entities=[{"entity": "household", "value": "6 people"}],
        slots={"lang": "en"},
    )
    run(ActionTariffInfo(), dispatcher, tracker)
    rule = tariffs.tariff_in_force().large_household
    answer = texts(dispatcher)
    assert rule.note["en"] in answer
    assert "Tiers for a household of 6" in answer


def test_basis_lists_what_is_not_verified(make_tracker, dispatcher, run):
    run(ActionTariffInfo(), dispatcher, make_tracker("按年算吗", intent="ask_tariff_basis"))
    tariff = tariffs.tariff_in_force()
    answer = texts(dispatcher)
    assert tariff.basis["zh"] in answer
    assert all(u["label"]["zh"] in answer for u in tariff.unverified)


def test_standard_with_unverified_thresholds_says_so_and_links_the_standard(make_tracker, dispatcher, run):
    tracker = make_tracker("马桶一级水效多少升", intent="ask_label_standard", entities=[{"entity": "product", "value": "toilet"}])
    run(ActionLabelInfo(), dispatcher, tracker)
    answer = texts(dispatcher)
    toilet = labels.product("马桶")
    assert toilet.standard in answer
    assert "未核实" in answer
    assert labels.scheme().standard_search_url in answer


def test_known_threshold_is_shown(make_tracker, dispatcher, run):
    tracker = make_tracker(
        "water purifier grade 1",
        intent="ask_label_standard",
        entities=[{"entity": "product", "value": "净水器"}],
        slots={"lang": "en"},
    )
    run(ActionLabelInfo(), dispatcher, tracker)
    purifier = labels.product("净水器")
    known = [t.text for t in purifier.thresholds.values() if t is not None]
    assert known and all(value in texts(dispatcher) for value in known)


@pytest.mark.parametrize(
    "intent",
    ["ask_label_scheme", "ask_label_grades", "ask_label_water_saving", "ask_label_products", "ask_label_contents"],
)
def test_every_label_intent_answers_with_a_link(make_tracker, dispatcher, run, intent):
    run(ActionLabelInfo(), dispatcher, make_tracker("水效", intent=intent))
    assert "(/labels" in texts(dispatcher)


def test_tips_for_a_room(make_tracker, dispatcher, run):
    tracker = make_tracker("洗澡怎么省水", intent="ask_tips", entities=[{"entity": "room", "value": "洗澡"}])
    run(ActionTips(), dispatcher, tracker)
    answer = texts(dispatcher)
    assert all(tip.text["zh"] in answer for tip in tips.tips("shower"))
    assert "(/savings)" in answer


def test_leak_check_starts_with_the_meter(make_tracker, dispatcher, run):
    run(ActionTips(), dispatcher, make_tracker("how do I check for a leak", intent="ask_leak_check", slots={"lang": "en"}))
    meter = next(t for t in tips.tips("leaks") if t.key == "meter_check")
    assert texts(dispatcher).startswith("• " + meter.text["en"])


def test_water_days_come_from_core(make_tracker, dispatcher, run):
    tracker = make_tracker("世界水日", intent="ask_water_days", entities=[{"entity": "water_day", "value": "世界水日"}])
    run(ActionWaterDays(), dispatcher, tracker)
    day = next(o for o in calendar.next_water_days(dt.date.today()) if o.key == "world_water_day")
    assert f"{day.start.month}月{day.start.day}日" in texts(dispatcher)


def test_hotlines_come_from_core(make_tracker, dispatcher, run):
    run(ActionHotline(), dispatcher, make_tracker("停水了找谁", intent="ask_hotline"))
    answer = texts(dispatcher)
    assert all(h.number in answer for h in sources.hotlines())
    assert "12345" in answer


def test_meter_reading_is_answered_honestly(make_tracker, dispatcher, run):
    run(ActionTariffInfo(), dispatcher, make_tracker("how often is the meter read", intent="ask_meter_reading",
                                                     slots={"lang": "en"}))
    answer = texts(dispatcher)
    assert "not verified" in answer and "962740" in answer
    assert "How much water" not in answer  # not the bill path


def test_two_water_days_in_one_question_are_both_answered(make_tracker, dispatcher, run):
    tracker = make_tracker("节水宣传周和世界水日各是什么时候", intent="ask_water_days",
                           entities=[{"entity": "water_day", "value": "节水宣传周"},
                                     {"entity": "water_day", "value": "世界水日"}])
    run(ActionWaterDays(), dispatcher, tracker)
    answer = texts(dispatcher)
    assert "世界水日" in answer and "城市节约用水宣传周" in answer and "中国水周" not in answer


def test_a_product_not_in_the_label_list_is_said_so(make_tracker, dispatcher, run):
    run(ActionLabelInfo(), dispatcher, make_tracker("电热水器有没有水效标识", intent="ask_label_products"))
    said = texts(dispatcher)
    assert "名单里没有电热水器" in said
    assert all(labels.product(key).name["zh"] in said for key in ("toilet", "dishwasher"))  # then the list


def test_two_products_in_one_label_question_are_both_answered(make_tracker, dispatcher, run):
    entities = [{"entity": "product", "value": "faucet"}, {"entity": "product", "value": "toilet"}]
    tracker = make_tracker("do new taps and toilets need the water label", intent="ask_label_products",
                           entities=entities, slots={"lang": "en"})
    run(ActionLabelInfo(), dispatcher, tracker)
    said = texts(dispatcher)
    assert labels.product("faucet").name["en"] in said and labels.product("toilet").name["en"] in said


def test_a_water_day_date_gets_its_days(make_tracker, dispatcher, run):
    run(ActionWaterDays(), dispatcher, make_tracker("what's special about the 22nd of March?", intent="ask_water_days",
                                                     slots={"lang": "en"}))
    said = texts(dispatcher)
    assert "World Water Day" in said and "China Water Week" in said
    assert "Urban Water-Saving" not in said  # only the days on that date


@pytest.mark.parametrize(
    ("text", "metadata", "lang"),
    [
        ("孩子们参加竞答得填真实姓名吗", {}, "zh"),
        ("/ask_quiz", {"follow_up_text": "要登记学号吗"}, "zh"),  # a follow-up the site channel sent as an intent
        ("/ask_quiz", {"follow_up_text": "will my son need an account for it?", "lang": "en"}, "en"),
    ],
)
def test_a_real_name_question_about_the_quiz_gets_the_nickname_answer(make_tracker, dispatcher, run, text, metadata,
                                                                      lang):
    from bot.actions.service import ActionSiteInfo
    from bot.actions.site_texts import QUIZ, QUIZ_NICKNAME

    run(ActionSiteInfo(), dispatcher, make_tracker(text, intent="ask_quiz", metadata=metadata, slots={"lang": lang}))
    answer = texts(dispatcher)
    assert answer.startswith(QUIZ_NICKNAME[lang]) and QUIZ[lang] not in answer and "(/join)" in answer


def test_the_quiz_question_without_a_name_gets_how_to_join(make_tracker, dispatcher, run):
    from bot.actions.service import ActionSiteInfo
    from bot.actions.site_texts import QUIZ

    run(ActionSiteInfo(), dispatcher, make_tracker("学校怎么组织学生参加竞答", intent="ask_quiz"))
    assert texts(dispatcher).startswith(QUIZ["zh"])


def test_a_laundry_follow_up_gets_the_laundry_tips(make_tracker, dispatcher, run):
    laundry = next(r for r in tips.rooms() if r.key == "laundry")
    tracker = make_tracker("/ask_tips", intent="ask_tips", entities=[{"entity": "room", "value": "洗衣服"}],
                           metadata={"follow_up_text": "那洗衣服方面呢"})
    run(ActionTips(), dispatcher, tracker)
    answer = texts(dispatcher)
    assert all(tip.text["zh"] in answer for tip in laundry.tips)


@pytest.fixture
def unreadable_content(tmp_path, monkeypatch):
    """An empty content folder (PUTUO_CONTENT_DIR), with core's cached content cleared around the test."""
    cached = (labels.scheme, tips.rooms, calendar.water_days, sources.hotlines)
    for loader in cached:
        loader.cache_clear()
    monkeypatch.setenv("PUTUO_CONTENT_DIR", str(tmp_path))
    yield
    monkeypatch.undo()
    for loader in cached:
        loader.cache_clear()


@pytest.mark.parametrize(
    ("action", "text", "intent"),
    [
        (ActionLabelInfo, "水效标识是什么", "ask_label_scheme"),
        (ActionTips, "有什么节水小窍门", "ask_tips"),
        (ActionWaterDays, "世界水日是哪天", "ask_water_days"),
        (ActionHotline, "供水热线是多少", "ask_hotline"),
    ],
)
def test_unreadable_content_gets_the_apology_and_no_events(unreadable_content, make_tracker, dispatcher, run, action, text,
                                                           intent):
    from bot.actions.common import SORRY

    assert run(action(), dispatcher, make_tracker(text, intent=intent)) == []
    assert texts(dispatcher) == SORRY["zh"]
