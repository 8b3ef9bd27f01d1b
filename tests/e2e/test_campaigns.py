"""A community worker's campaign in a real browser: draft → preview → schedule → live on the
home page → a resident pledges → poster with QR (A4 when printed) → the visit is counted."""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import expect

from tests.e2e.browser import sign_in

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def local(delta: dt.timedelta) -> str:
    return (dt.datetime.now(SHANGHAI) + delta).strftime("%Y-%m-%dT%H:%M")


def test_editor_drafts_previews_schedules_and_prints_a_poster(page, new_context, live_site, axe_check):
    username, password = live_site.create_user("editor", street="wanli")
    sign_in(page, live_site, username, password)

    # Draft, with a mistake first: the message sits next to the field and nothing typed is lost.
    page.goto(live_site.url + "/staff/campaigns/new?lang=en")
    page.fill("#slug", "Wanli Water Week!")
    page.fill("#title_zh", "万里街道节水周")
    page.fill("#title_en", "Wanli water-saving week")
    page.fill("#summary_zh", "一起节水。")
    page.fill("#summary_en", "Save water together.")
    page.fill("#body_zh", "## 活动\n\n**修好滴水的龙头**。<script>alert(1)</script>")
    page.fill("#body_en", "## Events\n\n**Fix the dripping tap**.")
    page.fill("#starts_at", local(-dt.timedelta(hours=1)))
    page.fill("#ends_at", local(dt.timedelta(days=7)))
    page.fill("#goal_pledges", "50")
    page.click("form.campaign-form button[type=submit]")
    expect(page.locator("#slug-error")).to_contain_text("lower-case")
    expect(page.locator("#title_zh")).to_have_value("万里街道节水周")
    page.fill("#slug", "wanli-water-week")
    page.click("form.campaign-form button[type=submit]")
    expect(page.locator(".notice--success")).to_contain_text("Draft saved")
    expect(page.locator("h1 .badge")).to_have_text("Draft")

    # Residents cannot see a draft.
    resident = new_context(locale="zh-CN").new_page()
    assert resident.goto(live_site.url + "/campaigns/wanli-water-week").status == 404

    # Preview shows the page as residents will see it, with the script made harmless.
    page.get_by_role("link", name="Preview", exact=True).click()
    expect(page.locator(".preview-banner")).to_be_visible()
    expect(page.locator("h1")).to_have_text("Wanli water-saving week")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.get_by_role("link", name="Back to editing").click()

    # Schedule: the start has passed, so it is live at once.
    page.click("form.schedule-form button[type=submit]")
    expect(page.locator(".notice--success")).to_contain_text("Scheduled")
    expect(page.locator("h1 .badge")).to_have_text("On now")

    # The resident sees it on the home page, opens it and pledges.
    resident.goto(live_site.url + "/")
    card = resident.locator(".home-campaigns")
    expect(card).to_contain_text("万里街道节水周")
    axe_check(resident)
    card.get_by_role("link", name="万里街道节水周").click()
    expect(resident.locator("h1")).to_have_text("万里街道节水周")
    expect(resident.locator(".campaign-body strong")).to_have_text("修好滴水的龙头")
    expect(resident.locator(".campaign-body")).to_contain_text("<script>alert(1)</script>")  # shown as text
    axe_check(resident)
    resident.click("#pledge button[type=submit]")  # nothing chosen: the page lands on the refused pledge
    expect(resident.locator("#actions-error")).to_be_visible()
    expect(resident.locator("#pledge")).to_be_focused()
    expect(resident.locator("#actions-error")).to_be_in_viewport()
    resident.locator("#pledge input[type=checkbox]").first.check()
    resident.select_option("#street", "wanli")
    resident.click("#pledge button[type=submit]")
    expect(resident.locator(".notice--success").first).to_contain_text("谢谢")
    expect(resident.locator("#pledge-progress")).to_have_attribute("value", "1")
    resident.locator("#pledge").scroll_into_view_if_needed()
    assert dialogs == []

    # Poster: QR code that carries ?src=poster; on paper it is one A4 page without the site chrome.
    resident.goto(live_site.url + "/campaigns/wanli-water-week/poster")
    qr = resident.locator("svg.qr")
    expect(qr).to_be_visible()
    expect(qr).to_have_attribute("aria-label", re.compile(r"/campaigns/wanli-water-week\?src=poster"))
    resident.emulate_media(media="print")
    expect(resident.locator(".site-header")).to_be_hidden()
    expect(resident.locator(".poster h1")).to_have_text("万里街道节水周")
    pdf = resident.pdf(prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
    assert b"/MediaBox [0 0 595" in pdf or b"/MediaBox [0 0 594" in pdf  # A4: 595 x 842 pt

    # Scanning the poster is counted by source, and the editor sees it on the dashboard.
    resident.emulate_media(media="screen")
    resident.goto(live_site.url + "/campaigns/wanli-water-week?src=poster")
    page.goto(live_site.url + "/staff/dashboard/?lang=en")
    row = page.locator("tr", has_text="Wanli water-saving week")
    expect(row.locator("td.num").nth(0)).to_have_text("1")  # from posters
    expect(row.locator("td.num").nth(2)).to_have_text("1")  # pledges


def test_organiser_exports_registrations_and_removing_one_promotes_the_waitlist_zh(page, new_context, live_site):
    """zh throughout: residents register from the cached page (the token comes from its JS),
    the third joins the waitlist and keeps their status page; the organiser downloads the list
    as CSV (BOM, formula neutralised), removes a registrant, and the status page shows the place."""
    username, password = live_site.create_user("editor", street="taopu")
    sign_in(page, live_site, username, password)
    page.goto(live_site.url + "/staff/campaigns/new?lang=zh")
    for field_id, value in {"#slug": "taopu-registrations", "#title_zh": "桃浦节水讲座", "#title_en": "Taopu talk",
                            "#summary_zh": "讲座。", "#summary_en": "A talk.", "#body_zh": "正文", "#body_en": "Body",
                            "#starts_at": local(-dt.timedelta(hours=1)), "#ends_at": local(dt.timedelta(days=7))}.items():
        page.fill(field_id, value)
    page.click("form.campaign-form button[type=submit]")
    expect(page.locator(".notice--success")).to_be_visible()
    campaign_id = re.search(r"/staff/campaigns/(\d+)/edit", page.url).group(1)
    page.goto(live_site.url + f"/staff/campaigns/{campaign_id}/events/new")
    for field_id, value in {"#title_zh": "节水讲座", "#title_en": "Talk", "#place_zh": "社区中心", "#place_en": "Centre",
                            "#starts_at": local(dt.timedelta(days=2)), "#ends_at": local(dt.timedelta(days=2, hours=1)),
                            "#capacity": "2"}.items():
        page.fill(field_id, value)
    page.click("main form button[type=submit]")
    page.goto(live_site.url + f"/staff/campaigns/{campaign_id}/edit")
    page.click("form.schedule-form button[type=submit]")

    status_pages = []
    for nickname in ["=1+1", "小张", "小李"]:
        resident = new_context(locale="zh-CN").new_page()
        resident.goto(live_site.url + "/campaigns/taopu-registrations")
        token = resident.locator("form[data-register] input[name=csrf_token]")
        expect(token).not_to_have_value("")  # filled by the page's own script from state.json
        resident.locator("form[data-register] input[name$=nickname]").fill(nickname)
        resident.click("form[data-register] button[type=submit]")
        expect(resident.locator("h1")).to_have_text("我的报名")
        status_pages.append(resident)
    waiting = status_pages[2]
    expect(waiting.locator("dd strong")).to_have_text("候补中")
    link = waiting.locator("#status-link").input_value()

    page.goto(live_site.url + f"/staff/campaigns/{campaign_id}/edit?lang=zh")
    page.get_by_role("link", name="报名情况").click()
    expect(page.locator("h1")).to_contain_text("报名情况")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载CSV（Excel可打开）").click()
    raw = download_info.value.path().read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0] == "#,昵称,状态,报名时间（上海时间）" and "'=1+1,已确认" in text and "小李,候补" in text

    page.on("dialog", lambda dialog: dialog.accept())
    page.locator("tr", has_text="小张").get_by_role("button", name="移除").click()
    expect(page.locator(".notice--success")).to_contain_text("小李")
    waiting.goto(link)
    expect(waiting.locator("dd strong")).to_have_text("已确认：您有名额")
