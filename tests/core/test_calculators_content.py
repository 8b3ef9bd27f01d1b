"""Content validation: a broken copy of content/ (via PUTUO_CONTENT_DIR) names file and field."""

import datetime as dt
import shutil
from pathlib import Path

import pytest

from core import calendar, check, labels, savings, sources, tariffs, tips
from core.content import REPO_ROOT, ContentError

LOADERS = (tariffs.tariffs, labels.scheme, tips.rooms, calendar.water_days, savings.model, sources.hotlines)


def _clear():
    for loader in LOADERS:
        loader.cache_clear()


@pytest.fixture
def content_copy(tmp_path, monkeypatch):
    target = tmp_path / "content"
    shutil.copytree(REPO_ROOT / "content", target)
    monkeypatch.setenv("PUTUO_CONTENT_DIR", str(target))
    _clear()
    yield target
    monkeypatch.delenv("PUTUO_CONTENT_DIR")
    _clear()


def _edit(path: Path, old: str, new: str):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_shipped_content_passes(capsys):
    assert check.main() == 0
    assert "tariffs" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("relative", "old", "new", "expected"),
    [
        ("tariffs/2013-08-01.yaml", 'price_yuan_per_m3: "4.83"', "price_yuan_per_m3: abc", "tiers[1].price_yuan_per_m3"),
        ("tariffs/2013-08-01.yaml", "lower_m3: 300", "lower_m3: 310", "tiers[2].lower_m3"),
        ("tariffs/2013-08-01.yaml", "effective_from: 2013-08-01", "effective_from: someday", "effective_from"),
        ("tariffs/2013-08-01.yaml", "    confidence: high\n    as_of: 2013-07-30", "    confidence: sure\n    as_of: 2013-07-30",
         "sources[0].confidence"),
        ("labels/products.yaml", "    name: {zh: 坐便器, en: Toilet}", "    name: {zh: 坐便器}", "products[0].name.en"),
        ("labels/products.yaml", '{op: "<=", value: "5.0", unit: L}', '{op: "<", value: "5.0", unit: L}',
         "products[0].editions[1].thresholds.2.op"),
        ("tips/tips.yaml", "        source: *ciwhr\n      - key: shorter_shower", "      - key: shorter_shower",
         "rooms[0].tips[0].source"),
        ("calendar/water_days.yaml", 'start: "03-22"', 'start: "03-32"', "days[0].start"),
        ("tips/savings.yaml", "    value: 43", "    value: -43", "parameters.shower_litres_per_person_per_day.value"),
        ("tips/hotlines.yaml", 'number: "12345"', 'number: "123-45"', "hotlines[0].number"),
        ("tariffs/2013-08-01.yaml", "tiers:\n", "tiers: [\n", "line"),
        # every source says what kind of page it is, from a closed list
        ("tariffs/2013-08-01.yaml", "    url: http://en.people.cn/90882/8346804.html\n    kind: news",
         "    url: http://en.people.cn/90882/8346804.html\n    kind: blog", "sources[0].kind"),
        ("tariffs/2013-08-01.yaml", "    url: http://en.people.cn/90882/8346804.html\n    kind: news\n",
         "    url: http://en.people.cn/90882/8346804.html\n", "sources[0].kind"),
        ("tips/hotlines.yaml", "      kind: news\n", "", "hotlines[0].source.kind"),
    ],
)
def test_broken_copy_names_file_and_field(content_copy, capsys, relative, old, new, expected):
    _edit(content_copy / relative, old, new)
    with pytest.raises(ContentError) as info:
        check.run()
    assert Path(relative).name in str(info.value)
    assert expected in str(info.value)
    assert check.main() == 1
    assert expected in capsys.readouterr().err


def test_checks_list_is_extensible():
    calls = []
    assert check.run([("mine", lambda: calls.append(1))]) == ["mine"] and calls == [1]
    assert {name for name, _ in check.CHECKS} >= {"tariffs", "labels", "tips", "hotlines", "calendar", "savings"}


def test_new_tariff_file_takes_over_on_its_date(content_copy):
    source = (content_copy / "tariffs" / "2013-08-01.yaml").read_text(encoding="utf-8")
    newer = source.replace("effective_from: 2013-08-01", "effective_from: 2030-01-01").replace(
        "id: shanghai-residential-2013", "id: test-2030").replace('"3.45"', '"4.00"')
    (content_copy / "tariffs" / "2030-01-01.yaml").write_text(newer, encoding="utf-8")
    assert tariffs.tariff_in_force(dt.date(2029, 12, 31)).id == "shanghai-residential-2013"
    assert tariffs.tariff_in_force(dt.date(2030, 1, 1)).id == "test-2030"
    assert tariffs.bill(100, on=dt.date(2030, 6, 1)).total_yuan == 400


def test_tips_rooms_and_sources():
    assert {r.key for r in tips.rooms()} == set(tips.ROOMS)
    assert any("meter" in t.text["en"].lower() for t in tips.tips("leaks"))
    for tip in tips.tips():
        if any(ch.isdigit() for ch in tip.text["en"]):
            assert tip.source is not None
    with pytest.raises(ValueError):
        tips.tips("garage")


def test_hotlines():
    numbers = {h.number: h for h in sources.hotlines()}
    assert set(numbers) == {"12345", "962740"}
    assert numbers["12345"].confidence == "high" and numbers["962740"].confidence == "med"
    assert numbers["962740"].note["en"]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2025, 1, 10), [("world_water_day", "2025-03-22"), ("china_water_week", "2025-03-22"),
                                ("urban_water_saving_week", "2025-05-11")]),
        (dt.date(2025, 3, 25), [("china_water_week", "2025-03-22"), ("urban_water_saving_week", "2025-05-11"),
                                ("world_water_day", "2026-03-22")]),
    ],
)
def test_next_water_days(today, expected):
    upcoming = calendar.next_water_days(today)
    assert [(o.key, o.start.isoformat()) for o in upcoming] == sorted(expected, key=lambda e: (e[1], e[0]))


def test_urban_week_known_and_estimated_years():
    week = next(d for d in calendar.water_days() if d.key == "urban_water_saving_week")
    known = calendar.occurrence(week, 2019)
    assert known.exact and (known.start, known.end) == (dt.date(2019, 5, 11), dt.date(2019, 5, 17))
    guess = calendar.occurrence(week, 2026)
    assert not guess.exact and guess.start <= dt.date(2026, 5, 15) <= guess.end
    assert guess.start.weekday() == 6  # Sunday


def test_source_kinds_have_labels_and_sort_official_first():
    from core import sources

    assert set(sources.KIND_LABELS) == set(sources.KINDS)
    assert sources.KIND_LABELS["official"]["zh"] == "官方" and sources.KIND_LABELS["secondary"]["zh"] == "二手资料"
    items = [sources.Source("v", None, "low", kind="vendor"), sources.Source("o", None, "high", kind="official"),
             sources.Source("n", None, "med", kind="news")]
    assert [s.kind for s in sources.official_first(items)] == ["official", "news", "vendor"]
    assert sources.kind_from_url("https://www.mwr.gov.cn/x") == "official"
    assert sources.kind_from_url("https://example.com/gov.cn") == "secondary" and sources.kind_from_url(None) == "secondary"


def test_no_spam_mirror_is_cited():
    """Document mirrors and SEO pages dropped from the content (the facts register keeps them)."""
    from core.content import content_dir

    dropped = ("lr5.cn", "24hours.tech", "m.aigou888.cn", "198559.com", "www-p68.cc", "654c51.com", "p4009.com")
    for path in [*content_dir().rglob("*.yaml"), *(content_dir().parent / "quizzes").glob("*.yaml")]:
        if path.name == "facts.yaml":
            continue
        text = path.read_text(encoding="utf-8")
        assert not [host for host in dropped if host in text], path
