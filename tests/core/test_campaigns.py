"""core.campaigns: streets, pledge actions, seed campaigns and their dates, FAQ files."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from core import campaigns, savings
from core.content import ContentError

REPO_CONTENT = Path(__file__).resolve().parents[2] / "content"


@pytest.fixture
def content_copy(tmp_path, monkeypatch):
    """A private copy of content/ that a test may break."""
    target = tmp_path / "content"
    shutil.copytree(REPO_CONTENT, target)
    monkeypatch.setenv("PUTUO_CONTENT_DIR", str(target))
    campaigns.clear_caches()
    from core import calendar

    calendar.water_days.cache_clear()
    yield target
    campaigns.clear_caches()
    calendar.water_days.cache_clear()


def test_streets_are_putuos_ten_with_both_names_and_a_source():
    streets = campaigns.streets()
    assert len(streets) == 10
    assert {s.name["zh"] for s in streets} == {
        "长寿路街道", "曹杨新村街道", "甘泉路街道", "石泉路街道", "宜川路街道",
        "万里街道", "真如镇街道", "长风新村街道", "长征镇", "桃浦镇"}
    assert "曹家渡街道" not in {s.name["zh"] for s in streets}  # 静安区
    assert all(s.name["en"] and s.source.url and s.source.as_of for s in streets)
    assert campaigns.street_by_slug("caojiadu") is None
    assert {s.kind for s in streets if s.name["zh"].endswith("镇")} == {"town"}
    assert campaigns.street_by_slug("wanli").name["zh"] == "万里街道"
    assert campaigns.street_by_slug("nowhere") is None


def test_a_retired_street_slug_cannot_come_back(content_copy):
    path = content_copy / "streets.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["streets"].append({"slug": "caojiadu", "kind": "subdistrict", "name": {"zh": "曹家渡街道", "en": "Caojiadu"}})
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    campaigns.clear_caches()
    with pytest.raises(ContentError, match="retired"):
        campaigns.streets()


def test_pledge_actions_are_the_savings_models_keys():
    keys = campaigns.pledge_action_keys()
    assert set(keys) == {a.key for a in savings.actions()}
    assert {"shorter_shower", "fix_drip", "water_saving_toilet", "efficient_showerhead", "full_loads_laundry"} <= set(keys)
    assert all(a.label["zh"] and a.label["en"] and a.hint["zh"] and a.hint["en"] for a in campaigns.pledge_actions())


def test_seed_campaigns_load_and_reference_known_things():
    seeds = {s.slug: s for s in campaigns.seed_campaigns()}
    assert set(seeds) == {"world-water-day", "urban-water-saving-week"}
    for seed in seeds.values():
        assert seed.events and seed.sources and seed.pledge_actions
        assert all(seed.title[lang] and seed.body[lang] for lang in ("zh", "en"))


@pytest.mark.parametrize(("today", "first", "last"), [
    (dt.date(2026, 11, 28), dt.date(2027, 3, 22), dt.date(2027, 3, 28)),
    (dt.date(2027, 3, 1), dt.date(2027, 3, 22), dt.date(2027, 3, 28)),
    (dt.date(2027, 3, 28), dt.date(2027, 3, 22), dt.date(2027, 3, 28)),  # still running today
    (dt.date(2027, 3, 29), dt.date(2028, 3, 22), dt.date(2028, 3, 28)),
])
def test_world_water_day_dates_are_the_next_occurrence(today, first, last):
    seed = next(s for s in campaigns.seed_campaigns() if s.slug == "world-water-day")
    dates = campaigns.seed_dates(seed, today)
    assert (dates.first_day, dates.last_day, dates.exact) == (first, last, True)
    assert dates.starts_at == dt.datetime.combine(first - dt.timedelta(days=14), dt.time())
    assert dates.ends_at == dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
    start, end = campaigns.event_times(seed.events[0], dates)
    assert start == dt.datetime.combine(first, dt.time(14, 0)) and end > start


def test_urban_week_contains_may_15_and_uses_known_years():
    seed = next(s for s in campaigns.seed_campaigns() if s.slug == "urban-water-saving-week")
    known = campaigns.seed_dates(seed, dt.date(2025, 1, 1))
    assert (known.first_day, known.last_day, known.exact) == (dt.date(2025, 5, 11), dt.date(2025, 5, 17), True)
    estimate = campaigns.seed_dates(seed, dt.date(2027, 1, 1))
    assert estimate.exact is False and estimate.first_day <= dt.date(2027, 5, 15) <= estimate.last_day


def test_faq_round_trip():
    data = {"slug": "meter-check", "questions": {"zh": ["水表不准"], "en": ["Meter wrong"]},
            "answer": {"zh": "拨打962740", "en": "Call 962740"},
            "source": {"title": "Shanghai Daily", "confidence": "med", "kind": "news"}}
    entry = campaigns.parse_faq("faq/meter-check.yaml", data)
    assert campaigns.parse_faq("x.yaml", campaigns.faq_to_data(entry)).questions == entry.questions


@pytest.mark.parametrize(("mutate", "field"), [
    (lambda d: d.pop("slug"), "slug"),
    (lambda d: d.update(slug="Bad Slug"), "slug"),
    (lambda d: d["questions"].update(en=[]), "questions.en"),
    (lambda d: d["questions"].update(zh=["ok", ""]), "questions.zh[1]"),
    (lambda d: d["answer"].pop("en"), "answer.en"),
    (lambda d: d["source"].update(url="ftp://x"), "source.url"),
])
def test_faq_errors_name_file_and_field(mutate, field):
    data = {"slug": "ok", "questions": {"zh": ["问"], "en": ["Q"]}, "answer": {"zh": "答", "en": "A"},
            "source": {"title": "T", "confidence": "med", "kind": "secondary"}}
    mutate(data)
    with pytest.raises(ContentError) as info:
        campaigns.parse_faq("content/faq/ok.yaml", data)
    assert info.value.field == field and "ok.yaml" in str(info.value)


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize(("relative", "change", "field"), [
    ("streets.yaml", lambda d: d["streets"][1].update(slug=d["streets"][0]["slug"]), "streets[1].slug"),
    ("streets.yaml", lambda d: d["streets"][0]["name"].pop("en"), "streets[0].name.en"),
    ("streets.yaml", lambda d: d["source"].pop("title"), "source.title"),
    ("campaigns/pledge_actions.yaml", lambda d: d["actions"][0].update(key="fly_to_mars"), "actions[0].key"),
    ("campaigns/world-water-day.yaml", lambda d: d.update(anchor="christmas"), "anchor"),
    ("campaigns/world-water-day.yaml", lambda d: d.update(street="atlantis"), "street"),
    ("campaigns/world-water-day.yaml", lambda d: d["pledge_actions"].append("nap"), "pledge_actions[5]"),
    ("campaigns/world-water-day.yaml", lambda d: d["events"][0].update(start="25:99"), "events[0].start"),
    ("campaigns/world-water-day.yaml", lambda d: d["events"][0].update(capacity=0), "events[0].capacity"),
    ("campaigns/world-water-day.yaml", lambda d: d["body"].pop("zh"), "body.zh"),
])
def test_broken_content_names_file_and_field(content_copy, relative, change, field):
    _edit(content_copy / relative, change)
    with pytest.raises(ContentError) as info:
        campaigns.check()
    assert info.value.field == field
    assert Path(relative).name in str(info.value)


def test_faq_file_slug_must_match_its_name(content_copy):
    folder = content_copy / "faq"
    folder.mkdir(exist_ok=True)
    data = {"slug": "other", "questions": {"zh": ["问"], "en": ["Q"]}, "answer": {"zh": "答", "en": "A"},
            "source": {"title": "T", "confidence": "med", "kind": "secondary"}}
    (folder / "mine.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ContentError, match="mine.yaml: slug"):
        campaigns.check()
