"""A teacher's own questions in a real browser, in Chinese: write a numeric question in the
editor (the type switch shows only its answer fields), get an error in Chinese and fix it,
import a CSV (a bad file lists its lines and imports nothing; the fixed one imports), make a
self-paced quiz from the bank, and a student answers the numeric question on a phone."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.browser import signed_in_teacher

HEADER = ("kind,topic,grades,text_zh,text_en,choice1_zh,choice1_en,choice2_zh,choice2_en,correct,answer,tolerance,"
          "unit_zh,unit_en")
GOOD = "true_false,home,junior,刷牙时关水龙头能节水。,Turning the tap off while brushing saves water.,,,,,对,,,,"
BAD = "single,home,junior,哪个更节水？,,淋浴,Shower,泡澡,Bath,1,,,,"
FIXED = "single,home,junior,哪个更节水？,Which saves more?,淋浴,Shower,泡澡,Bath,1,,,,"


def pick_a_nickname(page) -> None:
    """The first made-up nickname the join page offers (a list, or one typed into the box)."""
    offered = page.locator("[data-testid=generated-names] input[type=radio]")
    if offered.count():
        offered.first.check()
    else:
        page.fill("#nickname", "快乐水獭")


def test_teacher_writes_imports_and_a_student_answers_a_number(live_site, new_context, axe_check, tmp_path):
    _username, teacher = signed_in_teacher(live_site, new_context, locale="zh-CN", viewport={"width": 1280, "height": 900})
    teacher.goto(live_site.url + "/staff/quiz/banks")
    expect(teacher.locator("h1")).to_have_text("题库")
    teacher.fill("#title", "三年级节水题")
    teacher.click("text=创建题库")
    expect(teacher.locator("h1")).to_have_text("新题目")
    axe_check(teacher)

    # Numeric: only its answer section shows once the type is picked.
    teacher.check("input[name=kind][value=numeric]")
    expect(teacher.locator("[data-kinds='single multi']")).to_be_hidden()
    expect(teacher.locator("[data-kinds=numeric]")).to_be_visible()
    teacher.fill("#text_zh", "水龙头每分钟流出6升水，5分钟流出多少升？")
    teacher.fill("#value", "30")
    teacher.fill("#tolerance", "0.5")
    teacher.fill("#unit_zh", "升")
    teacher.fill("#unit_en", "litres")
    teacher.check("input[name=grades][value=primary_upper]")
    teacher.click("button:has-text('保存题目')")
    expect(teacher.locator("#text_en-error")).to_have_text("请用英文填写。")  # and nothing saved
    teacher.fill("#text_en", "A tap runs 6 litres a minute. How many litres in 5 minutes?")
    teacher.click("button:has-text('保存题目')")
    expect(teacher.locator(".bank-q")).to_contain_text("答案：30升（±0.5）")
    bank_url = teacher.url.split("#")[0]

    # Import: a bad file lists its line and imports nothing; the fixed file imports both.
    teacher.click("text=从文件导入")
    bad = tmp_path / "题库.csv"
    bad.write_text("\n".join([HEADER, GOOD, BAD]) + "\n", encoding="utf-8-sig")
    teacher.set_input_files("#file", str(bad))
    teacher.click("text=检查并导入")
    expect(teacher.locator(".bank-problems")).to_contain_text("第3行，text_en")
    expect(teacher.locator(".notice--error")).to_contain_text("没有导入任何题目")
    axe_check(teacher)
    good = tmp_path / "good.csv"
    good.write_text("\n".join([HEADER, GOOD, FIXED]) + "\n", encoding="utf-8-sig")
    teacher.set_input_files("#file", str(good))
    teacher.click("text=检查并导入")
    expect(teacher.locator("body")).to_contain_text("已导入2道题")
    expect(teacher.locator(".bank-questions > .bank-q")).to_have_count(3)
    assert teacher.url.startswith(bank_url)
    axe_check(teacher)
    teacher.click("text=水价应用题")
    teacher.fill("#usage_m3", "250")
    teacher.click("text=生成题目")
    expect(teacher.locator(".bank-q")).to_contain_text("一户3口人的家庭一年用水250立方米")
    axe_check(teacher)
    teacher.click("text=保存到题库")
    expect(teacher.locator(".bank-questions > .bank-q")).to_have_count(4)

    # A self-paced quiz of the bank's questions; a student answers the number on a phone.
    teacher.goto(live_site.url + "/staff/quiz/new")
    teacher.fill("#title", "我的题目")
    teacher.check("input[name=mode][value=self_paced]")
    teacher.select_option("#bank", label="三年级节水题")
    teacher.click("text=创建竞赛")
    code = teacher.locator("[data-testid=join-code]").inner_text().strip()
    assert re.fullmatch(r"\d{6}", code)

    phone = new_context(locale="zh-CN", viewport={"width": 390, "height": 844}).new_page()
    phone.goto(f"{live_site.url}/join?code={code}")
    pick_a_nickname(phone)
    phone.click("text=加入竞赛")
    phone.wait_for_url(f"**/play/{code}")
    question = phone.locator("form.quiz-q", has_text="5分钟流出多少升")
    question.locator("input[name=choice]").fill("３０")  # full-width digits, as a Chinese keyboard may type
    question.locator("button[type=submit]").click()
    expect(question.locator(".quiz-feedback")).to_contain_text("答对")
    expect(question.locator(".quiz-feedback")).to_contain_text("答案：30升（±0.5）")
    axe_check(phone)


NUMERIC = ("numeric,home,junior,水龙头每分钟流出6升水，5分钟流出多少升？,A tap runs 6 litres a minute. How many litres in "
           "5 minutes?,,,,,,30,0.5,升,litres")


def test_a_live_numeric_question_arrives_on_the_phone_and_is_revealed(live_site, new_context, tmp_path):
    _username, teacher = signed_in_teacher(live_site, new_context, locale="zh-CN", viewport={"width": 1280, "height": 900})
    teacher.goto(live_site.url + "/staff/quiz/banks")
    teacher.fill("#title", "现场数值题")
    teacher.click("text=创建题库")
    teacher.goto(teacher.url.replace("/questions/new", "/import"))
    csv_file = tmp_path / "numeric.csv"
    csv_file.write_text("\n".join([HEADER, NUMERIC]) + "\n", encoding="utf-8-sig")
    teacher.set_input_files("#file", str(csv_file))
    teacher.click("text=检查并导入")
    expect(teacher.locator("body")).to_contain_text("已导入1道题")

    teacher.goto(live_site.url + "/staff/quiz/new")
    teacher.fill("#title", "现场")
    teacher.check("input[name=mode][value=live]")
    teacher.click("text=或者自己挑选题目")
    teacher.locator("label.check", has_text="5分钟流出多少升").locator("input").check()
    teacher.fill("#question_seconds", "120")
    teacher.click("text=创建竞赛")
    code = teacher.locator("[data-testid=join-code]").inner_text().strip()

    phone = new_context(locale="zh-CN", viewport={"width": 390, "height": 844}).new_page()
    phone.goto(f"{live_site.url}/join?code={code}")
    pick_a_nickname(phone)
    phone.click("text=加入竞赛")
    phone.wait_for_url(f"**/play/{code}")
    phone.evaluate("window.__sameDocument = true")  # gone if the page ever reloads
    teacher.click("text=开始竞赛")
    question = phone.locator("form.quiz-q")
    expect(question.locator("input[inputmode=decimal]")).to_be_visible(timeout=15_000)  # pushed by the live channel
    expect(question).to_contain_text("升")
    question.locator("input[name=choice]").fill("30.4")
    question.locator("button[type=submit]").click()
    expect(question.locator(".quiz-feedback")).to_contain_text("答案已收到")
    teacher.click("text=立即结束本题")
    expect(phone.locator(".quiz-result--right")).to_be_visible(timeout=15_000)
    expect(phone.locator("form.quiz-q")).to_contain_text("答案：30升（±0.5）")
    assert phone.evaluate("window.__sameDocument === true")
