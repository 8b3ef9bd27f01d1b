"""A live class quiz in real browsers: a teacher creates and runs it with the projector open,
two students join by code on their own phones and answer. Questions, reveals, ranks and the
projector's counts arrive over the live channel without reloading any page, and the
leaderboard and report show the right numbers."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.browser import signed_in_teacher


def join(context, site, code: str, nickname: str):
    page = context.new_page()
    page.goto(site.url + "/join?lang=en")
    page.fill("#code", code)
    page.click("form button[type=submit]")
    page.fill("#nickname", nickname)
    page.click("text=Join the quiz")
    page.wait_for_url(f"**/play/{code}")
    expect(page.locator(".quiz-wait")).to_contain_text("Wait for your teacher")
    page.evaluate("window.__sameDocument = true")  # gone if the page ever reloads
    return page


def answer(page, choice_text: str):
    question = page.locator("form.quiz-q")
    expect(question).to_be_visible(timeout=15_000)  # pushed by the live channel
    question.locator(".quiz-choice", has_text=choice_text).click()
    question.locator("button[type=submit]").click()
    expect(question.locator(".quiz-feedback")).to_contain_text("Answer received")


def never_reloaded(page) -> bool:
    return page.evaluate("window.__sameDocument === true")


def test_teacher_runs_a_live_quiz_with_two_students(live_site, new_context, axe_check):
    _username, teacher = signed_in_teacher(live_site, new_context, locale="en-US", viewport={"width": 1280, "height": 900})
    teacher.goto(live_site.url + "/staff/quiz/new?lang=en")
    teacher.fill("#title", "Water Week 3(2)")
    teacher.check("input[name=mode][value=live]")
    teacher.click("text=Or pick questions yourself")
    teacher.check("input[name=picked][value=tariff-highest]")
    teacher.check("input[name=picked][value=home-brushing]")
    teacher.fill("#question_seconds", "120")
    teacher.uncheck("#generated_names")  # the pupils type their nicknames (generated only: test_quiz_class.py)
    teacher.click("text=Create the quiz")
    code = teacher.locator("[data-testid=join-code]").inner_text().strip()
    assert re.fullmatch(r"\d{6}", code)
    event_url = teacher.url
    projector = teacher.context.new_page()
    projector.goto(event_url + "/projector?lang=en")
    projector.evaluate("window.__sameDocument = true")

    students = [join(new_context(locale="en-US", viewport={"width": 390, "height": 844}), live_site, code, name)
                for name in ("Happy Otter", "Brave Frog")]
    axe_check(students[0])
    expect(projector.locator(".quiz-players")).to_have_text("2", timeout=10_000)  # live, no reload
    expect(projector.locator(".quiz-connected")).to_have_text("2", timeout=10_000)
    teacher.reload()
    expect(teacher.locator("[data-testid=player-count]")).to_have_text("2")

    teacher.click("text=Start the quiz")
    projector.reload()
    projector.evaluate("window.__sameDocument = true")
    answer(students[0], "Tier 3")  # right
    answer(students[1], "Tier 1")  # wrong
    axe_check(students[1])
    expect(projector.locator(".quiz-answered")).to_have_text("2", timeout=10_000)
    teacher.click("text=End this question now")
    expect(students[0].locator(".quiz-result--right")).to_be_visible(timeout=15_000)
    expect(students[1].locator(".quiz-result--wrong")).to_be_visible()
    expect(students[0].locator(".quiz-my-rank")).to_contain_text("Your rank: 1 of 2")
    expect(students[1].locator(".quiz-my-rank")).to_contain_text("Your rank: 2 of 2")
    expect(students[1].locator(".quiz-my-score")).to_contain_text("Score: 0")
    expect(projector.locator(".stage-choice--right")).to_have_count(1, timeout=10_000)  # the reveal, live
    expect(projector.locator(".stage-choice--right .stage-count")).to_have_text("1")
    expect(projector.locator(".stage-choice--dim")).to_have_count(2)
    assert never_reloaded(projector)

    teacher.click("text=Next question")
    answer(students[0], "True")
    answer(students[1], "True")
    # On the last question the teacher's button says it finishes the quiz.
    expect(teacher.locator("text=Next question")).to_have_count(0)
    teacher.click("button:has-text('Finish the quiz')")
    expect(students[0].locator("text=The quiz has finished")).to_be_visible(timeout=15_000)
    expect(students[0].locator(".quiz-board .quiz-me")).to_contain_text("Happy Otter")
    assert all(never_reloaded(student) for student in students)  # every state arrived as JSON

    projector.reload()
    expect(projector.locator(".quiz-place--1")).to_contain_text("Happy Otter")
    expect(projector.locator(".quiz-place--1")).to_contain_text("200")

    rows = teacher.locator("table.quiz-table tbody tr")
    expect(rows.nth(0)).to_contain_text("Happy Otter")
    expect(rows.nth(0)).to_contain_text("200")
    expect(rows.nth(1)).to_contain_text("Brave Frog")
    expect(rows.nth(1)).to_contain_text("100")

    teacher.click("text=Report")
    expect(teacher.locator("[data-testid=most-missed] li").first).to_contain_text("50% correct")
    first = teacher.locator("[data-testid=question-report] tbody tr").nth(0)
    expect(first).to_contain_text("Which tier has the highest price")
    expect(first.locator("td.num").nth(0)).to_have_text("2")  # answers
    expect(first.locator("td.num").nth(1)).to_have_text("1")  # correct


def test_a_phone_that_lost_its_cookies_can_only_continue(live_site, new_context):
    username, _teacher = signed_in_teacher(live_site, new_context, locale="en-US")
    code = live_site.flask("quiz", "create-event", "--mode", "live", "--questions", "2",
                           "--teacher", username).stdout.strip().splitlines()[-1]
    context = new_context(locale="en-US", viewport={"width": 390, "height": 844})
    page = join(context, live_site, code, "Quiet Crab")
    context.clear_cookies()  # localStorage keeps the token
    page.goto(live_site.url + f"/join?code={code}&lang=en")
    expect(page.locator("#quiz-resume")).to_be_visible()
    expect(page.locator("#quiz-join-new")).to_be_hidden()  # no second join from this phone
    page.click("text=Continue where I left off")
    page.wait_for_url(f"**/play/{code}")
    expect(page.locator("text=Playing as Quiet Crab")).to_be_visible()
