"""axe-core on every public and student page in both languages (zero serious or critical
WCAG 2.1 AA violations), and keyboard-only use of the chat widget and both calculators."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import requests
from playwright.sync_api import expect

PUBLIC_PAGES = [
    "/", "/privacy", "/bill", "/bill?usage_m3=250&people=3", "/savings", "/savings?people=3&showers_per_day=2",
    "/labels", "/methodology", "/campaigns/", "/faq", "/join", "/staff/login", "/no-such-page",
]


def campaign_pages(site_url: str) -> list[str]:
    campaigns = requests.get(site_url + "/api/v1/campaigns", timeout=10).json()["campaigns"]
    assert campaigns, "the seed campaigns should be loaded"
    path = urlsplit(campaigns[0]["url"]).path
    return [path, path.rstrip("/") + "/poster"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_serious_violations_on_public_pages(page, live_site, axe_check, lang):
    for path in PUBLIC_PAGES + campaign_pages(live_site.url):
        separator = "&" if "?" in path else "?"
        page.goto(f"{live_site.url}{path}{separator}lang={lang}")
        axe_check(page)


def test_chat_with_the_keyboard_only(page, live_site):
    page.goto(live_site.url + "/?lang=en")
    toggle = page.locator(".chat-toggle")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#chat-input")).to_be_focused()
    expect(page.locator(".chat-log")).to_have_attribute("aria-live", "polite")
    page.keyboard.type("hello")
    page.keyboard.press("Enter")
    # The bot may be down in this test: either way an answer is announced in the log.
    expect(page.locator(".chat-log li.from-bot")).to_have_count(2, timeout=15_000)
    page.keyboard.press("Escape")
    expect(toggle).to_be_focused()


def test_bill_calculator_with_the_keyboard_only(page, live_site):
    page.goto(live_site.url + "/bill?lang=en")
    page.locator("#usage_m3").focus()
    page.keyboard.type("250")
    page.keyboard.press("Tab")
    page.keyboard.type("3")
    page.keyboard.press("Enter")
    expect(page.locator("#result")).to_be_visible()


def test_savings_calculator_with_the_keyboard_only(page, live_site):
    page.goto(live_site.url + "/savings?lang=en")
    page.locator("#people").focus()
    page.keyboard.type("2")
    page.keyboard.press("Enter")
    expect(page.locator("#result")).to_be_visible()


def test_self_paced_quiz_with_the_keyboard_only(page, live_site, axe_check):
    created = live_site.flask("quiz", "create-event", "--mode", "self-paced", "--questions", "3", "--minutes", "30")
    code = created.stdout.strip().splitlines()[-1]
    page.goto(live_site.url + "/join?lang=en")
    page.locator("#code").focus()
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.locator("#nickname").focus()
    page.keyboard.press("Control+A")  # the field comes filled with a suggested name
    page.keyboard.type("KeyOtter")
    page.keyboard.press("Enter")
    # A one-answer question (radios share one tab stop; each checkbox of a multi question is its own).
    first = page.locator("form.quiz-q:not([data-kind=multi])").first
    expect(first).to_be_visible()
    expect(page.locator("#quiz[data-ready]")).to_have_count(1)  # the page's script has run (self.js marks it)
    first.locator("input[name=choice]").first.focus()
    expect(first.locator("input[name=choice]").first).to_be_focused()
    page.keyboard.press("Space")  # choose the focused option
    page.keyboard.press("Tab")  # radios share one tab stop: the next stop is the submit button
    expect(first.locator("button[type=submit]")).to_be_focused()
    page.keyboard.press("Enter")
    expect(first.locator(".quiz-feedback")).not_to_be_empty()
    axe_check(page)
