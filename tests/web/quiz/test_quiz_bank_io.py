"""Import and export a teacher's bank: CSV (BOM, formulas neutralised, Excel's GB18030) and
JSON round trips, every problem listed by line in the user's language with nothing imported,
and only the owner may import."""

from __future__ import annotations

import csv
import io
import json

import bank_fixtures
from bank_fixtures import plain

from web.quiz import bank as banks
from web.quiz.bank_io import COLUMNS
from web.quiz.bank_models import BankQuestion

make_bank = bank_fixtures.make_bank  # the fixture, for this module


def upload(client, bank_id, name, content: bytes, lang="en"):
    return client.post(f"/staff/quiz/banks/{bank_id}/import?lang={lang}",
                       data={"file": (io.BytesIO(content), name)}, content_type="multipart/form-data")


def csv_bytes(rows: list[dict], encoding="utf-8-sig") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode(encoding)


GOOD = {"kind": "single", "topic": "home", "grades": "junior;senior", "text_zh": "哪个更节水？",
        "text_en": "Which saves more?", "choice1_zh": "淋浴", "choice1_en": "Shower", "choice2_zh": "泡澡",
        "choice2_en": "Bath", "correct": "1"}


def test_csv_export_has_a_bom_neutralised_formulas_and_reimports_to_the_same_questions(
        client, db, make_user, login, make_bank):
    teacher = make_user("teacher")
    login(client, teacher)
    source = make_bank(teacher)
    banks.add_question(source, banks.clean(plain("numeric", text={"zh": "=1+1等于几？", "en": "=1+1 is?"},
                                                 numeric={"value": "-3", "tolerance": "0", "unit": {}})))
    db.session.commit()
    response = client.get(f"/staff/quiz/banks/{source.id}/export.csv")
    body = response.get_data()
    assert response.status_code == 200 and body.startswith("\ufeff".encode()) and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == 5 and rows[-1]["text_zh"] == "'=1+1等于几？" and rows[-1]["answer"] == "'-3"
    assert rows[0]["correct"] == "1" and rows[1]["correct"] == "1;2" and rows[2]["correct"] == "true"

    target = make_bank(teacher, title="copy", kinds=())
    response = upload(client, target.id, "bank.csv", body)
    assert response.status_code == 303, response.get_data(as_text=True)[-3000:]
    copied = [banks.as_plain(q) for q in target.questions]
    assert copied == [banks.as_plain(q) for q in source.questions]  # the apostrophes came off again


def test_json_export_reimports_to_the_same_questions(client, db, make_user, login, make_bank):
    teacher = make_user("teacher")
    login(client, teacher)
    source = make_bank(teacher)
    response = client.get(f"/staff/quiz/banks/{source.id}/export.json")
    document = json.loads(response.get_data(as_text=True))
    assert document["format"] == "putuo-quiz-bank" and len(document["questions"]) == 4
    target = make_bank(teacher, title="copy", kinds=())
    assert upload(client, target.id, "bank.json", response.get_data()).status_code == 303
    assert [banks.as_plain(q) for q in target.questions] == [banks.as_plain(q) for q in source.questions]


def test_every_problem_is_listed_by_line_and_nothing_is_imported(client, db, make_user, login, make_bank):
    teacher = make_user("teacher")
    login(client, teacher)
    target = make_bank(teacher, kinds=("single",))
    content = csv_bytes([GOOD, {**GOOD, "text_en": ""}, GOOD, {**GOOD, "kind": "numeric", "answer": "abc"},
                         {**GOOD, "correct": "1;2"}])
    response = upload(client, target.id, "bank.csv", content)
    text = response.get_data(as_text=True)
    assert response.status_code == 400 and "Nothing was imported" in text
    assert "Line 3, text_en" in text and "Write this in English." in text
    assert "Line 5, answer" in text and "Enter a number, for example 12.5." in text
    assert "Line 6, correct" in text and "Mark exactly one choice as correct." in text
    assert "Line 2," not in text and "Line 4," not in text
    chinese = upload(client, target.id, "bank.csv", content, lang="zh").get_data(as_text=True)
    assert "第3行，text_en" in chinese and "请用英文填写。" in chinese and "没有导入任何题目" in chinese
    assert db.session.query(BankQuestion).count() == 1  # only the fixture's question

    bad_json = json.dumps({"title": "x", "questions": [plain("single"), plain("single", grades=[])]},
                          ensure_ascii=False, indent=2).encode()
    starts = [n for n, line in enumerate(bad_json.decode().splitlines(), start=1) if line == "    {"]
    text = upload(client, target.id, "bank.json", bad_json).get_data(as_text=True)
    assert f"Line {starts[1]}, grades" in text and "Choose at least one grade band." in text
    one_line = json.dumps([plain("single", grades=[])]).encode()
    assert "Line 1, grades" in upload(client, target.id, "bank.json", one_line).get_data(as_text=True)
    assert db.session.query(BankQuestion).count() == 1


def test_files_that_are_not_a_bank_are_refused_clearly(client, db, make_user, login, make_bank):
    teacher = make_user("teacher")
    login(client, teacher)
    target = make_bank(teacher, kinds=())
    cases = [(b"name,age\nx,1\n", "missing columns: kind, topic, grades, text_zh, text_en"),
             (b'{"questions": [', "This is not valid JSON."), (b"\xff\xfe\x00\x00\xff" * 10, "not text in UTF-8"),
             (csv_bytes([]), "The file has no questions."), (b"x" * 1_000_001, "larger than 1 MB")]
    for content, message in cases:
        response = upload(client, target.id, "bank.csv", content)
        assert response.status_code == 400 and message in response.get_data(as_text=True), message
    empty = client.post(f"/staff/quiz/banks/{target.id}/import?lang=en", data={}, content_type="multipart/form-data")
    assert empty.status_code == 400 and "Choose a CSV or JSON file." in empty.get_data(as_text=True)
    assert db.session.query(BankQuestion).count() == 0


def test_a_gb18030_csv_from_chinese_excel_imports(client, db, make_user, login, make_bank):
    teacher = make_user("teacher")
    login(client, teacher)
    target = make_bank(teacher, kinds=())
    row = {**GOOD, "kind": "true_false", "correct": "对", "choice1_zh": "", "choice1_en": "", "choice2_zh": "",
           "choice2_en": ""}
    response = upload(client, target.id, "题库.csv", csv_bytes([GOOD, row], encoding="gb18030"), lang="zh")
    assert response.status_code == 303
    assert [q.text_zh for q in target.questions] == ["哪个更节水？", "哪个更节水？"]
    assert target.questions[1].kind == "true_false" and target.questions[1].choices[0]["correct"] is True


def test_only_the_owner_imports_and_unshared_banks_do_not_export(client, db, make_user, login, make_bank):
    owner, other = make_user("teacher"), make_user("teacher")
    private, shared = make_bank(owner), make_bank(owner, title="shared", shared=True)
    login(client, other)
    for item in (private, shared):
        assert upload(client, item.id, "bank.csv", csv_bytes([GOOD])).status_code == (404 if item is private else 403)
        assert client.get(f"/staff/quiz/banks/{item.id}/import").status_code == (404 if item is private else 403)
    assert client.get(f"/staff/quiz/banks/{private.id}/export.csv").status_code == 404
    assert client.get(f"/staff/quiz/banks/{private.id}/export.json").status_code == 404
    assert client.get(f"/staff/quiz/banks/{shared.id}/export.csv").status_code == 200
    assert db.session.query(BankQuestion).count() == 8
