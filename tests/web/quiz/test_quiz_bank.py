"""Teachers' question banks: the editor (write, edit, retire each type), its messages in the
user's language, who may see and change a bank, and the district banks read-only."""

from __future__ import annotations

import bank_fixtures

from web.quiz.bank_models import BankQuestion, QuestionBank

make_bank = bank_fixtures.make_bank  # the fixture, for this module


def question_form(**fields) -> dict:
    data = {"kind": "single", "topic": "home", "grades": ["junior"], "text_zh": "哪种做法更节水？",
            "text_en": "Which saves more water?", "choice_1_zh": "淋浴", "choice_1_en": "A shower",
            "choice_2_zh": "泡澡", "choice_2_en": "A bath", "correct": ["1"], "tolerance": "0",
            "explanation_zh": "淋浴用水更少。", "explanation_en": "A shower uses less water.",
            "source_title": "", "source_url": "", "seconds": ""}
    data.update(fields)
    return data


def test_teacher_creates_a_bank_writes_edits_and_retires_a_question(client, db, make_user, login):
    teacher = make_user("teacher")
    login(client, teacher)
    page = client.get("/staff/quiz/banks").get_data(as_text=True)
    assert "我的题库" in page and "区级题库" in page  # zh by default
    response = client.post("/staff/quiz/banks", data={"title": "三年级节水题"})
    bank = db.session.query(QuestionBank).one()
    assert response.status_code == 302 and bank.owner_id == teacher.id and not bank.shared
    assert "写一道题" in client.get(f"/staff/quiz/banks/{bank.id}").get_data(as_text=True)
    assert "新题目" in client.get(f"/staff/quiz/banks/{bank.id}/questions/new").get_data(as_text=True)

    response = client.post(f"/staff/quiz/banks/{bank.id}/questions/new", data=question_form(seconds="30"))
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    question = db.session.query(BankQuestion).one()
    assert question.kind == "single" and question.seconds == 30 and question.choices[0]["correct"]
    shown = client.get(f"/staff/quiz/banks/{bank.id}").get_data(as_text=True)
    assert "哪种做法更节水？" in shown and "淋浴" in shown

    edit_url = f"/staff/quiz/banks/{bank.id}/questions/{question.id}"
    form = client.get(edit_url).get_data(as_text=True)
    assert 'value="A shower"' in form and "哪种做法更节水？" in form
    client.post(edit_url, data=question_form(correct=["2"], text_en="Which one saves water?"))
    db.session.refresh(question)
    assert question.text_en == "Which one saves water?" and question.choices[1]["correct"]

    client.post(f"{edit_url}/retire")
    db.session.refresh(question)
    assert question.retired_at is not None
    assert "已停用的题目" in client.get(f"/staff/quiz/banks/{bank.id}").get_data(as_text=True)
    client.post(f"{edit_url}/retire", data={"restore": "1"})
    db.session.refresh(question)
    assert question.retired_at is None


def test_each_question_type_is_saved_from_the_editor(client, db, make_user, login, make_bank):
    teacher = make_user("teacher")
    login(client, teacher)
    bank = make_bank(teacher, kinds=())
    url = f"/staff/quiz/banks/{bank.id}/questions/new"
    assert client.post(url, data=question_form(
        kind="multi", choice_3_zh="修好漏水", choice_3_en="Fix leaks", correct=["1", "3"])).status_code == 302
    assert client.post(url, data=question_form(kind="true_false", answer="false")).status_code == 302
    assert client.post(url, data=question_form(kind="numeric", value="１２．５", tolerance="0.5", unit_zh="元",
                                               unit_en="yuan")).status_code == 302
    multi, true_false, numeric = db.session.query(BankQuestion).order_by(BankQuestion.id).all()
    assert [c["correct"] for c in multi.choices] == [True, False, True]
    assert true_false.choices == [{"zh": "对", "en": "True", "correct": False},
                                  {"zh": "错", "en": "False", "correct": True}]
    assert (numeric.answer_value, numeric.answer_tolerance, numeric.unit_zh) == ("12.5", "0.5", "元")
    page = client.get(f"/staff/quiz/banks/{bank.id}?lang=en").get_data(as_text=True)
    assert "The answer: 12.5 yuan (± 0.5)" in page and "Answer: False" in page


def test_editor_errors_are_on_the_field_in_the_users_language(client, db, make_user, login, make_bank):
    teacher = make_user("teacher")
    login(client, teacher)
    bank = make_bank(teacher, kinds=())
    url = f"/staff/quiz/banks/{bank.id}/questions/new"
    cases = [
        (question_form(text_en=""), "Write this in English.", "请用英文填写。"),
        (question_form(correct=["1", "2"]), "Mark exactly one choice as correct.", "请只标出一个正确选项。"),
        (question_form(choice_2_en=""), "Choice 2 needs both its Chinese and its English text.", "选项2需要同时填写中文和英文。"),
        (question_form(kind="numeric", value="十二"), "Enter a number, for example 12.5.", "请输入一个数，例如12.5。"),
        (question_form(kind="numeric", value="3", tolerance="-1"), "Enter a tolerance of 0 or more",
         "请输入0或更大的误差范围"),
        (question_form(kind="true_false"), "Say whether the statement is true or false.", "请选择这句话是对还是错。"),
        (question_form(grades=[]), "Choose at least one grade band.", "请至少选择一个年级段。"),
        (question_form(seconds="2"), "Choose from 5 to 300 seconds.", "请选择5至300秒。"),
        (question_form(source_url="javascript:alert(1)"), "starting with http:// or https://", "http://或https://开头"),
    ]
    for data, english, chinese in cases:
        response = client.post(url + "?lang=en", data=data)
        assert response.status_code == 400 and english in response.get_data(as_text=True), english
        response = client.post(url + "?lang=zh", data=data)
        assert response.status_code == 400 and chinese in response.get_data(as_text=True), chinese
    assert db.session.query(BankQuestion).count() == 0


def test_another_teachers_unshared_bank_does_not_exist_for_you(client, db, make_user, login, make_bank):
    owner, other = make_user("teacher"), make_user("teacher")
    bank = make_bank(owner, title="Owner's bank")
    question = bank.questions[0]
    login(client, other)
    base = f"/staff/quiz/banks/{bank.id}"
    for path in ("", "/questions/new", f"/questions/{question.id}"):
        assert client.get(base + path).status_code == 404, path
    for path in ("/settings", "/questions/new", f"/questions/{question.id}", f"/questions/{question.id}/retire"):
        assert client.post(base + path, data=question_form(title="mine now", shared="y")).status_code == 404, path
    assert "Owner&#39;s bank" not in client.get("/staff/quiz/banks").get_data(as_text=True)
    db.session.refresh(bank)
    db.session.refresh(question)
    assert bank.title == "Owner's bank" and not bank.shared and question.retired_at is None
    assert question.text_en == "Which saves more water?"


def test_a_shared_bank_is_read_only_for_other_teachers(client, db, make_user, login, make_bank):
    owner, other = make_user("teacher"), make_user("teacher")
    bank = make_bank(owner, title="Shared bank", shared=True)
    question = bank.questions[0]
    login(client, other)
    base = f"/staff/quiz/banks/{bank.id}"
    page = client.get(base + "?lang=en").get_data(as_text=True)
    assert "Which saves more water?" in page and "not change them" in page and "/retire" not in page
    assert "Shared bank" in client.get("/staff/quiz/banks").get_data(as_text=True)
    assert client.get(base + "/questions/new").status_code == 403
    assert client.post(base + f"/questions/{question.id}/retire").status_code == 403
    assert client.post(base + "/settings", data={"title": "taken"}).status_code == 403
    db.session.refresh(question)
    assert question.retired_at is None


def test_admin_sees_every_bank_and_editors_and_visitors_none(client, db, make_user, login, make_bank):
    bank = make_bank(make_user("teacher"))
    assert client.get("/staff/quiz/banks").status_code == 302  # to sign-in
    login(client, make_user("editor"))
    assert client.get("/staff/quiz/banks").status_code == 403
    admin = client.application.test_client()
    login(admin, make_user("admin"))
    assert admin.get(f"/staff/quiz/banks/{bank.id}/questions/new").status_code == 200


def test_district_banks_are_read_only(client, make_user, login):
    login(client, make_user("teacher"))
    page = client.get("/staff/quiz/banks?lang=en").get_data(as_text=True)
    assert "/staff/quiz/district/" in page
    district = client.get("/staff/quiz/district/tariffs?lang=en")
    text = district.get_data(as_text=True)
    assert district.status_code == 200 and "cannot be changed here" in text and "/retire" not in text
    assert client.get("/staff/quiz/district/nope").status_code == 404
