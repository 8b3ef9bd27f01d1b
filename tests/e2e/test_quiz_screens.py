"""The quiz's screens in a real browser: the classroom projector (presentation mode without
the site's menu or visible controls, a reveal that marks only the right choice, a lobby QR a
room can scan, results that fit 1080p) and a self-paced quiz on a phone (time left with its
unit, progress, the score as it grows, the end screen, and the notice when the teacher
closes the quiz early)."""

from __future__ import annotations

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.browser import signed_in_teacher

FULL_HD = {"width": 1920, "height": 1080}


def create_event(site, teacher: str, *args: str) -> tuple[int, str]:
    out = site.flask("quiz", "create-event", "--teacher", teacher, *args).stdout
    return int(re.search(r"event (\d+)", out).group(1)), out.strip().splitlines()[-1]


def create_picked(page, site, *question_ids: str) -> tuple[int, str]:
    """A live event with exactly these questions, made through the teacher's form."""
    page.goto(site.url + "/staff/quiz/new?lang=en")
    page.fill("#title", "Water Week 3(2)")
    page.check("input[name=mode][value=live]")
    page.click("text=Or pick questions yourself")
    for question_id in question_ids:
        page.check(f"input[name=picked][value={question_id}]")
    page.fill("#question_seconds", "120")
    page.uncheck("#generated_names")  # the players below type their nicknames
    page.click("text=Create the quiz")
    code = page.locator("[data-testid=join-code]").inner_text().strip()
    return int(re.search(r"/staff/quiz/(\d+)", page.url).group(1)), code


def join_api(site, code: str, nickname: str) -> dict:
    response = requests.post(f"{site.url}/api/v1/events/{code}/join", json={"nickname": nickname}, timeout=10)
    assert response.status_code == 201, response.text
    return {"Authorization": "Bearer " + response.json()["player_token"]}


def answer_api(site, code: str, headers: dict, choice: str) -> None:
    question = requests.get(f"{site.url}/api/v1/events/{code}/state", headers=headers, timeout=10).json()["question"]
    response = requests.post(f"{site.url}/api/v1/events/{code}/answers", headers=headers, timeout=10,
                             json={"question_id": question["id"], "choice_ids": [choice]})
    assert response.status_code == 201, response.text


def teacher_page(site, new_context, viewport=FULL_HD, locale="en-US"):
    return signed_in_teacher(site, new_context, locale=locale, viewport=viewport)


def opacity(locator) -> float:
    return float(locator.evaluate("el => getComputedStyle(el).opacity"))


def fits_the_screen(page) -> bool:
    return page.evaluate("""() => {
        const doc = document.documentElement;
        return doc.scrollHeight <= innerHeight && doc.scrollWidth <= innerWidth;
    }""")


def test_presentation_mode_hides_the_menu_and_the_controls(live_site, new_context, axe_check):
    username, projector = teacher_page(live_site, new_context)
    event_id, code = create_event(live_site, username, "--mode", "live", "--questions", "2", "--seconds", "60")
    projector.goto(f"{live_site.url}/staff/quiz/{event_id}/projector?lang=en")
    for site_part in (".site-header", ".main-nav", ".site-footer", "#chat"):
        expect(projector.locator(site_part)).to_have_count(0)
    controls = projector.locator(".stage-controls")
    projector.mouse.move(960, 300)
    assert opacity(controls) == 0  # the class sees no buttons
    # The join QR takes over 40% of the screen's height, the code is in huge type.
    qr = projector.locator(".stage-qr").bounding_box()
    assert qr["height"] >= 0.4 * FULL_HD["height"], qr
    code_size = float(projector.locator(".stage-code").evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))
    assert code_size >= 120 and projector.locator(".stage-code").inner_text().replace(" ", "") == code
    assert fits_the_screen(projector)
    axe_check(projector)

    # The teacher's keyboard (or pointer at the bottom edge) brings the controls; Esc hides them.
    projector.keyboard.press("Tab")
    expect(controls).to_have_css("opacity", "1")
    projector.keyboard.press("Escape")
    expect(controls).to_have_css("opacity", "0")
    projector.mouse.move(960, FULL_HD["height"] - 10)
    expect(controls).to_have_css("opacity", "1")

    # Full screen from its button, and back (Esc does it in the browser itself).
    button = projector.locator(".stage-fullscreen")
    expect(button).to_have_text("Full screen")
    button.click()
    projector.wait_for_function("document.fullscreenElement !== null")
    expect(button).to_have_text("Leave full screen")
    button.click()
    projector.wait_for_function("document.fullscreenElement === null")
    projector.mouse.move(960, 300)
    projector.keyboard.press("f")
    projector.wait_for_function("document.fullscreenElement !== null")
    projector.keyboard.press("f")
    projector.wait_for_function("document.fullscreenElement === null")

    # The controls work: the teacher starts the quiz from the projector itself.
    projector.mouse.move(960, FULL_HD["height"] - 10)
    projector.get_by_role("button", name="Start the quiz").click()
    expect(projector.locator(".stage-question")).to_be_visible()
    expect(projector.locator(".site-header")).to_have_count(0)
    projector.mouse.move(960, 300)
    expect(controls).to_have_css("opacity", "0")


def test_the_reveal_highlights_only_the_right_choice(live_site, new_context, axe_check):
    _username, projector = teacher_page(live_site, new_context)
    # The one-answer question with the most text in the banks (the longest explanation): still one screen.
    event_id, code = create_picked(projector, live_site, "plan-prices")
    phones = [join_api(live_site, code, name) for name in ("Happy Otter", "Brave Frog", "Quiet Crab")]
    projector.goto(f"{live_site.url}/staff/quiz/{event_id}/projector?lang=zh")
    projector.locator(".stage-controls").hover()
    projector.get_by_role("button", name="开始竞赛").click()
    question = projector.locator(".stage-question")
    expect(question).to_be_visible()
    size = float(question.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))
    assert size >= 48, size  # readable from the back of a classroom at 1080p
    choice_size = float(projector.locator(".stage-choice").first.evaluate(
        "el => parseFloat(getComputedStyle(el).fontSize)"))
    assert choice_size >= 40, choice_size
    state = requests.get(f"{live_site.url}/api/v1/events/{code}/state", headers=phones[0], timeout=10).json()
    ids = [c["id"] for c in state["question"]["choices"]]
    for index, phone in enumerate(phones):
        choice = ids[index % len(ids)]
        answer_api(live_site, code, phone, choice)
    expect(projector.locator(".quiz-answered")).to_have_text("3", timeout=10_000)  # live, no reload
    expect(projector.locator(".stage-choice--right")).to_have_count(0)  # nothing shown while it is open

    projector.locator(".stage-controls").hover()
    with projector.expect_navigation():  # the form posts, then the projector loads again
        projector.get_by_role("button", name="立即结束本题").click()
    projector.evaluate("window.__sameDocument = true")
    expect(projector.locator(".stage-choice--right")).to_have_count(1, timeout=10_000)  # arrives in place
    assert projector.evaluate("window.__sameDocument === true")
    choices = projector.locator(".stage-choice")
    expect(projector.locator(".stage-choice--dim")).to_have_count(choices.count() - 1)
    expect(projector.locator(".stage-explain")).to_be_visible()
    # The wrong choices step back in grey: nothing on the screen is in the error red.
    reds = projector.evaluate("""() => [...document.querySelectorAll('.stage-choice, .stage-choice *')]
        .filter(el => ['rgb(176, 0, 32)'].includes(getComputedStyle(el).color)
                   || ['rgb(176, 0, 32)'].includes(getComputedStyle(el).borderColor)).length""")
    assert reds == 0
    counts = [int(c) for c in projector.locator(".stage-count").all_inner_texts()]
    assert sum(counts) == 3
    projector.mouse.move(960, 300)
    assert fits_the_screen(projector)
    axe_check(projector)
    projector.goto(f"{live_site.url}/staff/quiz/{event_id}/projector?lang=en")  # the longer language
    expect(projector.locator(".stage-choice--right")).to_have_count(1)
    projector.wait_for_function("document.body.style.getPropertyValue('--fit') !== ''")
    assert fits_the_screen(projector)
    assert float(question.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")) >= 48


@pytest.mark.parametrize("viewport", [FULL_HD, {"width": 1280, "height": 720}])
def test_the_results_and_podium_fit_the_screen(live_site, new_context, axe_check, viewport):
    _username, projector = teacher_page(live_site, new_context, viewport=viewport)
    event_id, code = create_picked(projector, live_site, "tariff-highest")  # tier 3 (c) is right
    names = ["Happy Otter", "Brave Frog", "Quiet Crab", "Calm Heron", "Swift Koi", "温和的小企鹅",
             "勇敢的海豚", "Sleepy Panda", "Jolly Lobster", "Eager Beaver", "Gentle Giraffe", "Lucky Duck",
             "Brilliant Butterfly", "Cheerful Chameleon"]
    phones = [join_api(live_site, code, name) for name in names]
    projector.goto(f"{live_site.url}/staff/quiz/{event_id}/projector?lang=en")
    projector.locator(".stage-controls").hover()
    projector.get_by_role("button", name="Start the quiz").click()
    expect(projector.locator(".stage-question")).to_be_visible()  # the question is open before anyone answers
    # One first, thirteen tied second: that step holds more names than it shows ("and 5 more").
    for index, phone in enumerate(phones):
        answer_api(live_site, code, phone, "c" if index == 0 else "a")
    projector.goto(f"{live_site.url}/staff/quiz/{event_id}?lang=en")
    with projector.expect_navigation():
        projector.get_by_role("button", name="Finish the quiz").first.click()
    for lang in ("en", "zh"):
        projector.goto(f"{live_site.url}/staff/quiz/{event_id}/projector?lang={lang}")
        expect(projector.locator(".stage-podium")).to_be_visible()
        assert fits_the_screen(projector), projector.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
        for box in [place.bounding_box() for place in projector.locator(".quiz-place").all()]:
            assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"] + 1, box
        expect(projector.locator(".quiz-place")).to_have_count(2)
        for place in projector.locator(".quiz-place").all():  # nothing of a step is cut off
            step = place.bounding_box()
            for part in (".quiz-place-names", ".quiz-place-score"):
                box = place.locator(part).bounding_box()
                assert step["y"] <= box["y"] and box["y"] + box["height"] <= step["y"] + step["height"] + 1, part
        expect(projector.locator(".quiz-place--1")).to_contain_text("Happy Otter")
        expect(projector.locator(".quiz-place--2")).to_contain_text("and 5 more" if lang == "en" else "等另外5人")
        axe_check(projector)


def test_self_paced_progress_time_left_with_its_unit_and_the_end_screen(live_site, new_context, axe_check):
    username, _teacher = teacher_page(live_site, new_context)
    _event_id, code = create_event(live_site, username, "--mode", "self-paced", "--questions", "3",
                                   "--minutes", "20")
    for locale, lang, pattern in (("zh-CN", "zh", r"^还剩 (19|20) 分钟$"), ("en-US", "en", r"^(19|20) min left$")):
        page = new_context(locale=locale, viewport={"width": 390, "height": 844}).new_page()
        page.goto(f"{live_site.url}/join?code={code}&lang={lang}")
        page.locator("#quiz-join-new button[type=submit]").click()
        page.wait_for_url(f"**/play/{code}")
        expect(page.locator("#quiz[data-ready]")).to_have_count(1)
        clock = page.locator(".quiz-clock")
        expect(clock).to_have_text(re.compile(pattern))
        page.wait_for_timeout(1500)  # the script's own ticks keep the unit
        expect(clock).to_have_text(re.compile(pattern))
    page.evaluate("window.__sameDocument = true")
    expect(page.locator(".quiz-progress-text")).to_have_text("0 / 3 answered")
    axe_check(page)
    forms = page.locator("form.quiz-q")
    for index in range(3):
        form = forms.nth(index)
        form.locator(".quiz-choice").first.click()
        form.locator("button[type=submit]").click()
        expect(form.locator(".quiz-explain")).to_be_visible()
        expect(page.locator(".quiz-progress-text")).to_have_text(f"{index + 1} / 3 answered")
    score = page.locator(".quiz-my-score").inner_text()
    assert re.fullmatch(r"Score: \d+", score)
    assert page.evaluate("window.__sameDocument === true")  # progress and score grew without a reload
    done = page.locator(".quiz-all-done")
    expect(done).to_contain_text("You have answered every question.")
    done.get_by_role("link", name="See your result").click()
    end = page.locator("#quiz-end")
    expect(end).to_be_visible()
    expect(end.locator(".quiz-end-score")).to_have_text(score.replace("Score: ", "") + " points")
    expect(end.locator(".quiz-recap-item .quiz-explain")).to_have_count(3)
    expect(page.locator("form.quiz-q")).to_have_count(0)
    axe_check(page)


def test_time_left_under_a_minute_is_in_seconds(live_site, new_context):
    username, _teacher = teacher_page(live_site, new_context)
    _event_id, code = create_event(live_site, username, "--mode", "self-paced", "--questions", "2", "--minutes", "1")
    page = new_context(locale="en-US", viewport={"width": 390, "height": 844}).new_page()
    page.goto(f"{live_site.url}/join?code={code}&lang=en")
    page.locator("#quiz-join-new button[type=submit]").click()
    page.wait_for_url(f"**/play/{code}")
    expect(page.locator(".quiz-clock")).to_have_text(re.compile(r"^[1-5]?\d s left$"), timeout=5_000)


def test_open_pages_say_at_once_when_the_teacher_closes_the_quiz_early(live_site, new_context):
    username, teacher = teacher_page(live_site, new_context, viewport={"width": 1280, "height": 900})
    event_id, code = create_event(live_site, username, "--mode", "self-paced", "--questions", "3", "--minutes", "30")
    students = []
    for locale, lang in (("zh-CN", "zh"), ("en-US", "en")):
        page = new_context(locale=locale, viewport={"width": 390, "height": 844}).new_page()
        page.goto(f"{live_site.url}/join?code={code}&lang={lang}")
        page.locator("#quiz-join-new button[type=submit]").click()
        page.wait_for_url(f"**/play/{code}")
        expect(page.locator("#quiz[data-ready]")).to_have_count(1)
        page.evaluate("window.__sameDocument = true")
        students.append(page)
    teacher.goto(f"{live_site.url}/staff/quiz/{event_id}?lang=en")
    teacher.get_by_role("button", name="Close now").click()
    expect(students[0].locator(".quiz-closed")).to_contain_text("老师已经结束了本次竞赛", timeout=6_000)
    expect(students[1].locator(".quiz-closed")).to_contain_text("Your teacher has closed this quiz", timeout=6_000)
    for page in students:
        assert page.evaluate("window.__sameDocument === true")  # said on the open page, no reload
        expect(page.locator(".quiz-q fieldset:not([disabled])")).to_have_count(0)
        expect(page.locator(".quiz-timer")).to_be_hidden()
    students[1].locator(".quiz-closed").get_by_role("link", name="See your result").click()
    expect(students[1].locator("#quiz-end")).to_contain_text("Your teacher closed this quiz at")
