"""Tariff word problems from the staff UI: previewed, saved with core's figures (never typed),
not editable by hand, played as numeric questions; only the bank's owner may make one."""

from __future__ import annotations

from decimal import Decimal

import bank_fixtures

from core import tariffs
from web.quiz import bank as banks
from web.quiz.bank_models import BankQuestion

make_bank = bank_fixtures.make_bank  # the fixture, for this module

FORM = {"usage_m3": "250", "people": "3", "ask": "total_yuan", "grades": ["junior"], "tolerance": "0", "seconds": ""}


def test_teacher_previews_and_saves_a_word_problem_computed_by_core(client, db, make_user, login, make_bank):
    teacher = make_user("teacher")
    login(client, teacher)
    bank = make_bank(teacher, kinds=())
    url = f"/staff/quiz/banks/{bank.id}/word-problem"
    assert "水价应用题" in client.get(url).get_data(as_text=True)
    total = tariffs.bill(250, 3).total_yuan
    preview = client.post(url, data={**FORM, "action": "preview"}).get_data(as_text=True)
    assert "一户3口人的家庭一年用水250立方米" in preview and f"答案：{total.normalize()}" in preview
    assert db.session.query(BankQuestion).count() == 0  # a preview stores nothing
    response = client.post(url, data={**FORM, "action": "save", "tolerance": "0.5"})
    assert response.status_code == 303
    question = db.session.query(BankQuestion).one()
    assert question.kind == "numeric" and question.topic == "tariffs"
    assert Decimal(question.answer_value) == total and question.answer_tolerance == "0.5"
    assert question.generator["usage_m3"] == "250" and question.generator["people"] == 3
    assert question.source_title == tariffs.tariff_in_force().primary_source.title
    snapshot = banks.to_core(question).as_dict()
    assert snapshot["source"]["confidence"] == tariffs.tariff_in_force().primary_source.confidence
    assert "2013年8月1日起执行的价格" in snapshot["explanation"]["zh"]  # the as-of note, from core
    # Its figures are core's: the hand editor is not offered.
    page = client.get(f"/staff/quiz/banks/{bank.id}").get_data(as_text=True)
    assert "按现行水价计算生成" in page
    refused = client.get(f"/staff/quiz/banks/{bank.id}/questions/{question.id}")
    assert refused.status_code == 303 and refused.headers["Location"].endswith("/word-problem")
    assert client.post(f"/staff/quiz/banks/{bank.id}/questions/{question.id}",
                       data={"kind": "numeric", "value": "1"}).status_code == 303
    db.session.refresh(question)
    assert Decimal(question.answer_value) == total


def test_word_problem_inputs_are_checked_in_the_users_language(client, db, make_user, login, make_bank):
    teacher = make_user("teacher")
    login(client, teacher)
    bank = make_bank(teacher, kinds=())
    url = f"/staff/quiz/banks/{bank.id}/word-problem"
    for data, english, chinese in [
        ({"usage_m3": "abc"}, "The water volume must be a number.", "用水量必须是数字。"),
        ({"usage_m3": "9000"}, "at most 5000 m³", "不超过5000立方米"),
        ({"people": "40"}, "Household size must be from 1 to 30.", "家庭人数必须在1到30之间。"),
        ({"grades": []}, "Choose at least one grade band.", "请至少选择一个年级段。"),
    ]:
        for lang, expected in (("en", english), ("zh", chinese)):
            response = client.post(f"{url}?lang={lang}", data={**FORM, **data, "action": "save"})
            assert response.status_code == 400 and expected in response.get_data(as_text=True), expected
    assert db.session.query(BankQuestion).count() == 0


def test_only_the_owner_makes_word_problems(client, db, make_user, login, make_bank):
    owner, other = make_user("teacher"), make_user("teacher")
    private, shared = make_bank(owner, kinds=()), make_bank(owner, shared=True, kinds=())
    login(client, other)
    assert client.post(f"/staff/quiz/banks/{private.id}/word-problem", data={**FORM, "action": "save"}).status_code == 404
    assert client.post(f"/staff/quiz/banks/{shared.id}/word-problem", data={**FORM, "action": "save"}).status_code == 403
    assert db.session.query(BankQuestion).count() == 0
