"""The savings model: defaults carry sources, actions have stable keys, yuan via the tariff."""

from decimal import ROUND_HALF_UP, Decimal

import pytest

from core.savings import ACTIONS, END_USES, SavingsInputs, actions, estimate, model, running_toilet_range
from core.tariffs import InputError, bill

D = Decimal


def test_stable_action_keys():
    keys = [a.key for a in actions()]
    for key in ("shorter_shower", "fix_drip", "water_saving_toilet", "efficient_showerhead", "full_loads_laundry"):
        assert key in keys
    assert len(set(keys)) == len(keys) and actions() is ACTIONS
    assert all(a.name["zh"] and a.name["en"] for a in ACTIONS)


def test_defaults_only_from_people():
    result = estimate({"people": 3})
    uses = {u.key: u for u in result.end_uses}
    assert list(uses) == list(END_USES)
    assert uses["shower"].litres_per_day == D("129.0")  # 3 x 43 L (CIWHR)
    assert uses["toilet"].litres_per_day == D("90.0")  # 3 x 30 L
    assert uses["taps"].litres_per_day == D("75.0")  # 3 x 25 L
    assert uses["laundry"].litres_per_day is None and uses["laundry"].basis == "missing"
    assert result.litres_per_day == D("294.0")
    assert result.m3_per_year == D("107.31")  # 294 x 365 / 1000
    assert result.bill.total_yuan == bill(D("107.31"), 3).total_yuan
    for use in result.end_uses:
        if use.basis == "default":
            assert use.parameters and all(p.source.url for p in use.parameters)


def test_savings_are_valued_on_the_households_tiers():
    result = estimate({"people": 3})
    by_key = {s.action.key: s for s in result.savings}
    shower = by_key["efficient_showerhead"]  # 9 -> 7.2 L/min = 20 % of 129 L
    assert shower.litres_per_day == D("25.8")
    assert shower.yuan_per_year == (shower.m3_per_year * D("3.45")).quantize(D("0.01"), ROUND_HALF_UP)
    toilet = by_key["water_saving_toilet"]  # 6 L (new toilets since 2004) -> 5 L/flush of 90 L, not 9 -> 5
    assert toilet.litres_per_day == D("15.0")
    assert {p.key for p in toilet.parameters} == {"efficient_toilet_litres_per_flush", "assumed_toilet_litres_per_flush"}
    assert model().parameters["assumed_toilet_litres_per_flush"].source.url.startswith("http://www.chinadaily.com.cn/")
    assert by_key["shorter_shower"].reason == "needs_showers_per_day"
    assert by_key["fix_drip"].reason == "not_applicable"
    assert by_key["full_loads_laundry"].reason == "needs_laundry_loads"


def test_resident_inputs():
    result = estimate(SavingsInputs.from_mapping({
        "people": "2", "showers_per_day": "2", "shower_minutes": "10", "shower_flow_l_per_min": "12",
        "litres_per_flush": "6", "flushes_per_person_per_day": "5", "laundry_loads_per_week": "7",
        "litres_per_load": "50", "dripping_taps": "1", "running_toilet": "on",
    }))
    uses = {u.key: u.litres_per_day for u in result.end_uses}
    assert uses["shower"] == D("240.0") and uses["toilet"] == D("60.0") and uses["laundry"] == D("50.0")
    # 3000 gal/yr / 365 x 3.785 only: an unmeasured running toilet is not added (EPA's 200 gal/day
    # is what a constantly running cistern *could* waste, not a typical leak)
    assert uses["leaks"] == D("31.1")
    leaks = next(u for u in result.end_uses if u.key == "leaks")
    assert leaks.excluded == ("running_toilet",)
    saved = {s.action.key: s for s in result.savings}
    assert saved["shorter_shower"].litres_per_day == D("24.0")
    assert saved["fix_drip"].m3_per_year == D("11.36")
    assert saved["fix_running_toilet"].litres_per_day is None
    assert saved["fix_running_toilet"].reason == "running_toilet_unmeasured"
    assert {p.key for p in saved["fix_running_toilet"].parameters} == {"running_toilet_us_gal_per_day", "litres_per_us_gallon"}


def test_a_measured_running_toilet_is_counted_and_valued_tier_by_tier():
    result = estimate({"people": 2, "running_toilet": True, "running_toilet_litres_per_day": "757"})
    leaks = next(u for u in result.end_uses if u.key == "leaks")
    assert leaks.litres_per_day == D("757.0") and leaks.excluded == ()
    saved = {s.action.key: s for s in result.savings}
    assert saved["fix_running_toilet"].m3_per_year == D("276.31")
    # a large saving that crosses tier boundaries is valued tier by tier, not at one price
    total = result.m3_per_year
    exact = bill(total, 2).total_yuan - bill(total - saved["fix_running_toilet"].m3_per_year, 2).total_yuan
    assert abs(saved["fix_running_toilet"].yuan_per_year - exact) <= D("0.01")


def test_running_toilet_range_is_unknown_low_and_epa_high():
    assert running_toilet_range() == (None, D("757"))


def test_laundry_needs_the_residents_litres_per_load_and_dishwasher_defaults_to_a_chinese_machine():
    result = estimate({"people": 2, "laundry_loads_per_week": "3", "dishwasher_loads_per_week": "7"})
    uses = {u.key: u for u in result.end_uses}
    assert uses["laundry"].litres_per_day is None and uses["laundry"].basis == "missing_litres"
    assert uses["dishwasher"].litres_per_day == D("10.1")  # 7 loads x 10.1 L / 7, GB 38383-2025 grade 1
    assert [p.key for p in uses["dishwasher"].parameters] == ["dishwasher_litres_per_load"]
    assert uses["dishwasher"].parameters[0].origin == "china"
    saved = {s.action.key: s for s in result.savings}
    assert saved["full_loads_laundry"].reason == "needs_litres_per_load"
    own = {u.key: u for u in estimate({"people": 2, "dishwasher_loads_per_week": "7",
                                       "dishwasher_litres_per_load": "14"}).end_uses}
    assert own["dishwasher"].litres_per_day == D("14.0") and own["dishwasher"].parameters == ()
    assert "washer_litres_per_load" not in model().parameters  # the US top-loader is gone


def test_water_saving_toilet_not_applicable_for_grade_2():
    saved = {s.action.key: s for s in estimate({"people": 1, "toilet_grade": 2}).savings}
    assert saved["water_saving_toilet"].reason == "not_applicable"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "people"), ({"people": 0}, "people"), ({"people": 2.5}, "people"),
        ({"people": 2, "shower_minutes": "-1"}, "shower_minutes"),
        ({"people": 2, "shower_flow_l_per_min": "nan"}, "shower_flow_l_per_min"),
        ({"people": 2, "litres_per_flush": "inf"}, "litres_per_flush"),
        ({"people": 2, "toilet_grade": 4}, "toilet_grade"),
        ({"people": 2, "dripping_taps": 1.5}, "dripping_taps"),
        ({"people": 2, "laundry_loads_per_week": "lots"}, "laundry_loads_per_week"),
        ({"people": 2, "running_toilet": [1]}, "running_toilet"),
    ],
)
def test_bad_inputs_name_their_field(data, field):
    with pytest.raises(InputError) as info:
        estimate(data)
    assert info.value.field == field and info.value.message("zh")


def test_model_parameters_have_sources():
    m = model()
    assert all(p.source.confidence for p in m.parameters.values())
    assert {p.origin for p in m.parameters.values()} == {"china", "us"}
    assert {c.key for c in m.comparisons} == {"china_residents_lpcd", "shanghai_residential_lpcd"}
