"""Running a class in real browsers, in Chinese (issue 15 item 2): a teacher creates a
class-vs-class quiz with generated nicknames only, sees pupils in the lobby list as they join
(no reload), removes one, and that pupil's phone says so at once and cannot rejoin; the
projector shows the lobby names and the class board; a locked lobby refuses a new phone."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.browser import signed_in_teacher


def join_generated(context, site, code: str, class_label: str):
    """A pupil joins by code, picks the first generated nickname and their class."""
    page = context.new_page()
    page.goto(site.url + f"/join?code={code}&lang=zh")
    choice = page.locator("[data-testid=generated-names] input[type=radio]").first
    nickname = choice.get_attribute("value")
    expect(choice).to_be_checked()
    page.select_option("#class_label", class_label)
    page.click("#quiz-join-new button[type=submit]")
    page.wait_for_url(f"**/play/{code}")
    expect(page.locator(".quiz-wait")).to_be_visible()
    return page, nickname


def test_teacher_removes_a_pupil_and_locks_the_lobby_in_chinese(live_site, new_context, axe_check):
    _username, teacher = signed_in_teacher(live_site, new_context, locale="zh-CN", viewport={"width": 1280, "height": 900})
    teacher.goto(live_site.url + "/staff/quiz/new?lang=zh")
    teacher.fill("#title", "节水周 三年级对抗赛")
    teacher.check("input[name=mode][value=live]")
    expect(teacher.locator("#generated_names")).to_be_checked()  # the default
    teacher.fill("#class_labels", "三(1)班\n三(2)班")
    teacher.click("button:has-text('创建竞赛')")
    code = teacher.locator("[data-testid=join-code]").inner_text().strip()
    assert re.fullmatch(r"\d{6}", code)
    event_url = teacher.url.split("?")[0].split("#")[0]
    projector = teacher.context.new_page()
    projector.goto(event_url + "/projector?lang=zh")

    phone_a = new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    phone_b = new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    pupil_a, name_a = join_generated(phone_a, live_site, code, "三(1)班")
    pupil_b, name_b = join_generated(phone_b, live_site, code, "三(2)班")
    lobby = teacher.locator("[data-testid=lobby-list] li")
    expect(lobby).to_have_count(2, timeout=10_000)  # live, without a reload
    expect(teacher.locator("[data-testid=lobby-count]")).to_have_text("2")
    expect(projector.locator("[data-testid=projector-lobby] li")).to_have_count(2, timeout=10_000)
    expect(projector.locator("[data-testid=class-board] li")).to_have_count(2)
    axe_check(teacher)

    teacher.click("button:has-text('开始竞赛')")
    teacher.once("dialog", lambda dialog: dialog.accept())  # "将 … 移出竞赛？…"
    teacher.locator("[data-testid=lobby-list] li", has_text=name_a).locator("button").click()
    expect(teacher.locator(".flashes")).to_contain_text(f"已将 {name_a} 移出竞赛")
    expect(lobby).to_have_count(1)
    expect(lobby.first).to_contain_text(name_b)
    # The removed phone is told at once (its live channel), politely and in Chinese.
    expect(pupil_a.locator("[data-testid=removed]")).to_contain_text("老师已将你移出本次竞赛", timeout=15_000)
    expect(pupil_b.locator("form.quiz-q")).to_be_visible(timeout=15_000)  # the other pupil plays on
    # Same cookie: no way back in.
    pupil_a.goto(live_site.url + f"/join?code={code}&lang=zh")
    expect(pupil_a.locator("[data-testid=removed]")).to_be_visible()
    expect(pupil_a.locator("input[name=nickname]")).to_have_count(0)

    teacher.click("button:has-text('锁定，不再接受加入')")
    expect(teacher.locator("[data-testid=lobby-state]")).to_contain_text("已锁定")
    late = new_context(locale="zh-CN", viewport={"width": 390, "height": 844}).new_page()
    late.goto(live_site.url + f"/join?code={code}&lang=zh")
    expect(late.locator("[data-testid=lobby-locked]")).to_contain_text("老师已关闭本次竞赛的加入")
    axe_check(late)
