"""The foundation in a real browser: home page, language switch, staff sign-in, chat."""

import re

from playwright.sync_api import expect

from tests.e2e.browser import sign_in


def test_home_page_in_chinese_then_english(page, live_site, axe_check):
    page.goto(live_site.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.locator("h1")).to_have_text("节水普陀")
    axe_check(page)
    page.click("text=English")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Putuo Saves Water")
    # The choice is remembered by a cookie on the next page without ?lang=.
    page.goto(live_site.url + "/privacy")
    expect(page.locator("h1")).to_have_text("Privacy")
    axe_check(page)


def test_skip_link_is_first_and_moves_focus(page, live_site):
    page.goto(live_site.url + "/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


def test_staff_sign_in_and_out(page, live_site):
    username, password = live_site.create_user("teacher")
    sign_in(page, live_site, username, password)
    expect(page.locator("h1")).to_have_text("工作人员专区")
    page.click("text=退出登录")
    expect(page.locator(".notice")).to_contain_text("您已退出登录")


def test_wrong_password_shows_message_next_to_field(page, live_site):
    page.goto(live_site.url + "/staff/login?lang=en")
    page.fill("#username", "nobody")
    page.fill("#password", "wrong-password")
    page.click("form button[type=submit]")
    expect(page.locator("#password-error")).to_have_text("Wrong username or password.")


def test_chat_widget_greets_back_and_keeps_the_conversation(page, live_site, live_bot):
    page.goto(live_site.url + "/")
    page.click(".chat-toggle")
    expect(page.locator("#chat-input")).to_be_focused()
    page.fill("#chat-input", "你好")
    page.keyboard.press("Enter")
    bot_replies = page.locator(".chat-log li.from-bot")
    expect(bot_replies).to_have_count(2, timeout=30_000)  # the widget's hello, then the bot's
    assert re.search(r"[\u4e00-\u9fff]", bot_replies.nth(1).inner_text())
    # The conversation survives a page load.
    page.goto(live_site.url + "/privacy")
    expect(page.locator(".chat-log li.from-user")).to_have_text(re.compile("你好"))
    # Keyboard: Escape closes the panel and gives focus back to the button.
    page.keyboard.press("Escape")
    expect(page.locator(".chat-toggle")).to_be_focused()
