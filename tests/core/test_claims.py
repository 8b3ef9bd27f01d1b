"""`python -m core.check` keeps what the site teaches true: it fails on a reference to an
unverified claim, a historical claim without its edition or year, a known wrong wording (in
content, quizzes, bot texts, templates or catalogues), a price without its date, a misquoted
district plan, and a content key no loader reads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core import calendar, campaigns, check, claims, labels, quiz, savings, sources, tariffs, tips
from core.content import REPO_ROOT, ContentError

CACHES = (tariffs.tariffs, labels.scheme, tips.rooms, calendar.water_days, savings.model, sources.hotlines,
          quiz.banks, quiz.placeholder_values, claims.register)


def _clear():
    for loader in CACHES:
        loader.cache_clear()
    campaigns.clear_caches()


@pytest.fixture
def copies(tmp_path, monkeypatch):
    """Private copies of content/ and quizzes/ that a test may break."""
    content, banks = tmp_path / "content", tmp_path / "quizzes"
    shutil.copytree(REPO_ROOT / "content", content)
    shutil.copytree(REPO_ROOT / "quizzes", banks)
    monkeypatch.setenv("PUTUO_CONTENT_DIR", str(content))
    monkeypatch.setenv("PUTUO_QUIZZES_DIR", str(banks))
    _clear()
    yield content, banks
    monkeypatch.delenv("PUTUO_CONTENT_DIR")
    monkeypatch.delenv("PUTUO_QUIZZES_DIR")
    _clear()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _fails(capsys, *expected: str) -> str:
    with pytest.raises(ContentError) as info:
        check.run()
    for part in expected:
        assert part in str(info.value), str(info.value)
    assert check.main() == 1
    capsys.readouterr()
    return str(info.value)


def test_shipped_content_passes_every_check():
    _clear()
    assert check.run()[-1] == "claims"


TOILET_Q = "    facts: [toilet-3-grades-gb25502-2017]\n    source: *grades"


def test_a_quiz_may_not_teach_an_unverified_claim(copies, capsys):
    _, banks = copies
    _edit(banks / "labels.yaml", TOILET_Q, "    facts: [toilet-grades-gb25502-2024]\n    source: *grades")
    _fails(capsys, "labels.yaml", "facts[0]", "'toilet-grades-gb25502-2024' is unverified")


def test_a_historical_claim_needs_its_edition_named(copies, capsys):
    content, banks = copies
    _edit(banks / "labels.yaml",
          "2017年版坐便器水效标准GB 25502-2017（2017年9月1日起实施，2025年5月1日被取代）把坐便器水效分为几个等级？",
          "坐便器（马桶）的水效标识分为几个等级？")
    _edit(banks / "labels.yaml", "Into how many water-efficiency grades did the 2017 toilet standard GB 25502-2017 "
          "(in force from 1 September 2017, replaced on 1 May 2025) divide toilets?", "How many grades do toilets have?")
    _edit(banks / "labels.yaml", "GB 25502-2017把坐便器水效从5级改为3级", "坐便器水效分3级")
    _edit(banks / "labels.yaml", "GB 25502-2017 moved toilets from 5 grades to 3", "Toilets have 3 grades")
    _fails(capsys, "labels.yaml", "'toilet-3-grades-gb25502-2017' is historical: name GB 25502-2017 or 2017")


def test_an_unknown_claim_id_is_refused(copies, capsys):
    _, banks = copies
    _edit(banks / "labels.yaml", TOILET_Q, "    facts: [toilets-are-blue]\n    source: *grades")
    _fails(capsys, "unknown claim 'toilets-are-blue'")


@pytest.mark.parametrize(("relative", "old", "new", "said"), [
    ("content/tips/tips.yaml", "悄无声息的小漏水要少得多", "每天至少浪费200加仑", "每天至少浪费"),
    ("quizzes/home.yaml", "修好漏水大约能让水费减少10%", "修好漏水能让水费减少10%以上", "10%以上"),
    ("quizzes/home.yaml", "约1900升（超过500加仑）", "超过1900升（500加仑）", "超过1900升"),
    ("quizzes/district_plan.yaml", "开展区域节水型小区建设", "开展区域节水型社区建设", "节水型社区"),
    ("content/campaigns/urban-water-saving-week.yaml", "上海市水务局2021年的说明（当时坐便器依据GB 25502-2017）：坐便器2级",
     "上海市水务局的说明：坐便器2级", "坐便器2级及以上"),
    ("content/faq/water-saving-toilet.yaml",
     "上海市水务局2021年说明（当时依据GB 25502-2017）：只有1级或2级的坐便器才算节水型产品；"
     "2025年5月1日起的新标准GB 25502-2024修改了等级表，现行要求本站尚未核实。",
     "上海市水务局说明，只有1级或2级的坐便器才算节水型产品。",
     "1级或2级的坐便器"),
])
def test_known_wrong_wordings_fail_in_content_and_quizzes(copies, capsys, relative, old, new, said):
    content, banks = copies
    root = {"content": content, "quizzes": banks}[relative.split("/")[0]]
    _edit(root / relative.split("/", 1)[1], old, new)
    _fails(capsys, Path(relative).name, said)


def test_known_wrong_wordings_fail_in_bot_texts_and_catalogues(tmp_path):
    _clear()
    bot_text = tmp_path / "label_texts.py"
    bot_text.write_text('GRACE = "此前生产或进口的可销售至{date}"\n', encoding="utf-8")
    catalogue = tmp_path / "messages.po"
    catalogue.write_text('msgid "Older stock allowed until"\nmsgstr "此前生产或进口的产品可销售至"\n', encoding="utf-8")
    for path in (bot_text, catalogue):
        with pytest.raises(ContentError, match="可销售至.*not a sales deadline"):
            claims.scan([path])
    # the msgid (English source) of a catalogue is not what residents read; only msgstr is searched
    catalogue.write_text('msgid "Older stock may be sold until"\nmsgstr "可延迟至此日期前加施水效标识"\n', encoding="utf-8")
    claims.scan([catalogue])


def test_the_scan_covers_the_bot_templates_and_catalogues():
    files = {path.relative_to(REPO_ROOT).as_posix() for path in claims._text_files()}
    assert "bot/actions/label_texts.py" in files and "web/templates/calculators/labels.html" in files
    assert "web/calculators/translations/zh/LC_MESSAGES/messages.po" in files
    assert "bot/translations/zh/LC_MESSAGES/bot.po" in files  # the assistant's sentences
    assert not any(f.startswith("content/facts/") for f in files)  # the register is evidence, not taught text


def test_a_price_without_its_date_fails_the_check(copies, capsys):
    _, banks = copies
    _edit(banks / "tariffs.yaml", "¥{tariff.tier3_price}. {tariff.as_of_note}", "¥{tariff.tier3_price}.")
    _fails(capsys, "tariffs.yaml", "explanation.en: shows a price but does not say which prices")


def test_a_misquoted_plan_target_fails(copies, capsys):
    _, banks = copies
    _edit(banks / "district_plan.yaml", 'text: "到2022年，全区继续创建18家以上节水型小区。"',
          'text: "到2022年，全区继续创建20家以上节水型小区。"')
    _fails(capsys, "district_plan.yaml", "quotes[0].text: not found word for word in putuo-water-saving-plan-2020.txt")


@pytest.mark.parametrize(("relative", "old", "new", "field"), [
    ("content/tariffs/2013-08-01.yaml", 'price_yuan_per_m3: "4.83"', 'price_yuan_per_m3: "4.83", pirce: "5"',
     "tiers[1].pirce"),
    ("content/tips/tips.yaml", "      - key: small_flush", "      - key: small_flush\n        hint: x", "tips[2].hint"),
    ("content/campaigns/urban-water-saving-week.yaml", "goal_pledges: 1000", "goal_pledges: 1000\ngoal_pledge: 5",
     "goal_pledge"),
    ("quizzes/labels.yaml", TOILET_Q, TOILET_Q + "\n    fact: [dishwasher-5-grades]", "questions[2].fact"),
    ("content/streets.yaml", "    replaced_by: caoyangxincun", "    replaced_by: caoyangxincun\n    note: x", "retired[0].note"),
])
def test_an_unknown_key_in_a_content_file_fails(copies, capsys, relative, old, new, field):
    content, banks = copies
    root = {"content": content, "quizzes": banks}[relative.split("/")[0]]
    _edit(root / relative.split("/", 1)[1], old, new)
    _fails(capsys, Path(relative).name, field, "unknown key")


def test_claims_register_is_well_formed():
    _clear()
    found = claims.claims()
    assert {c.status for c in found.values()} == set(claims.STATUSES)
    assert all(c.mention for c in found.values() if c.status == "historical")
    taught = {fact for q in quiz.all_questions().values() for fact in q.facts}
    assert taught and all(found[fact].status != "unverified" for fact in taught)


def test_a_new_tariff_file_changes_the_price_date_everywhere_it_is_generated(copies):
    """The as-of wording is generated from the tariff data: a new notice is one new file."""
    content, _ = copies
    older = (content / "tariffs" / "2013-08-01.yaml").read_text(encoding="utf-8")
    newer = older.replace("effective_from: 2013-08-01", "effective_from: 2026-01-01").replace(
        "  - key: later_price_change\n", "  - key: later_price_change_placeholder\n")
    (content / "tariffs" / "2026-01-01.yaml").write_text(newer, encoding="utf-8")
    _clear()
    explanation = quiz.all_questions()["tariff-bill-250"].explanation
    assert "2026年1月1日起执行的价格" in explanation["zh"] and "可能已调整" not in explanation["zh"]
    assert "prices in force since 1 January 2026" in explanation["en"]
    assert "2013" not in explanation["en"]
