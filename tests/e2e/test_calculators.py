"""Both calculators and the label guide in a real browser, in Chinese and in English."""

from playwright.sync_api import expect


def submit(page, **fields: str) -> None:
    """Fill the calculator form's fields (by id) and submit it."""
    for name, value in fields.items():
        page.fill(f"#{name}", value)
    page.click("form.calc-form button[type=submit]")


def test_bill_calculator_in_chinese(page, live_site, axe_check):
    page.goto(live_site.url + "/bill?lang=zh")
    expect(page.locator("h1")).to_have_text("水费计算器")
    page.select_option("#period", "year")
    submit(page, usage_m3="两百五十", people="3")
    expect(page.locator("#result .big")).to_contain_text("¥903.90")
    expect(page.locator("#tier-chart-title")).to_be_visible()
    expect(page.locator("#result table tfoot")).to_contain_text("¥903.90")
    share = page.locator("#share-link").input_value()
    assert "usage_m3=250" in share and "people=3" in share
    axe_check(page)


def test_bill_share_link_and_errors_in_english(page, live_site, axe_check):
    page.goto(live_site.url + "/bill?usage_m3=20&people=2&period=month&lang=en")
    expect(page.locator("#result .big")).to_contain_text("¥71.30")
    submit(page, usage_m3="-5")
    expect(page.locator("#usage_m3-error")).to_have_text("The water volume cannot be negative.")
    expect(page.locator("#usage_m3")).to_have_attribute("aria-invalid", "true")
    axe_check(page)


def test_savings_calculator_in_english(page, live_site, axe_check):
    page.goto(live_site.url + "/savings?lang=en")
    expect(page.locator("h1")).to_have_text("Savings calculator")
    submit(page, people="3", showers_per_day="3", shower_minutes="8", dripping_taps="1")
    expect(page.locator("#result .big")).to_contain_text("m³ a year")
    expect(page.locator("#end-use-chart-title")).to_be_visible()
    expect(page.locator("#action-fix_drip")).to_contain_text("11.36")
    expect(page.locator("#action-shorter_shower")).to_contain_text("¥")
    axe_check(page)


def test_savings_calculator_in_chinese(page, live_site):
    page.goto(live_site.url + "/savings?lang=zh")
    submit(page, people="0")
    expect(page.locator("#people-error")).to_contain_text("1到30")
    submit(page, people="2")
    expect(page.locator("#action-efficient_showerhead")).to_contain_text("换用节水花洒")


def test_label_guide(page, live_site, axe_check):
    page.goto(live_site.url + "/labels?lang=en")
    expect(page.locator("#toilet")).to_contain_text("GB 25502-2024")
    expect(page.locator("#toilet")).to_contain_text("not yet verified")
    axe_check(page)


def test_a_submitted_calculator_lands_on_its_result_or_its_errors(page, live_site):
    """On a phone the result is below the form: after submitting, the page shows it and a
    screen reader is taken to it; a refused form takes both to the error summary."""
    page.set_viewport_size({"width": 390, "height": 700})
    page.goto(live_site.url + "/bill?lang=zh")
    submit(page, usage_m3="250", people="3")
    expect(page.locator("#result")).to_be_focused()
    expect(page.locator("#result")).to_be_in_viewport()
    submit(page, usage_m3="-5")
    expect(page.locator("[data-focus-on-load]")).to_be_focused()
    page.goto(live_site.url + "/savings?lang=en")
    submit(page, people="2")
    expect(page.locator("#result")).to_be_focused()
    expect(page.locator("#result")).to_be_in_viewport()


def test_charts_and_the_bill_table_read_well_on_a_small_phone(page, live_site):
    """Chart text keeps the page's size (no scaled-down SVG), no label is clipped, and the bill
    table keeps its Amount column in view at 320 px, in both languages."""
    for lang in ("zh", "en"):
        page.set_viewport_size({"width": 320, "height": 700})
        page.goto(live_site.url + f"/bill?usage_m3=350&people=3&lang={lang}")
        scroller = page.locator("#result .table-scroll")
        assert scroller.evaluate("e => e.scrollWidth <= e.clientWidth")
        assert float(page.locator(".bill-table td").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 12
        page.goto(live_site.url + f"/savings?people=3&showers_per_day=3&shower_minutes=8&lang={lang}")
        svg = page.locator(".chart svg").first.bounding_box()
        for text in page.locator(".chart svg text").all():
            box = text.bounding_box()
            assert box["x"] >= svg["x"] - 2 and box["x"] + box["width"] <= svg["x"] + svg["width"] + 2  # glyph overhang
            assert text.evaluate("e => e.getBoundingClientRect().height") >= 12


def test_bill_result_share_qr_and_print_layout(page, live_site, axe_check):
    """The share box shows a QR code of the result's link; printed, the form and navigation go
    and the QR code and the address stay, so a printout leads back to the result."""
    page.goto(live_site.url + "/bill?usage_m3=250&people=3&period=year&lang=zh")
    qr = page.locator("#share svg.qr")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box["width"] >= 120 and box["height"] >= 120  # big enough to scan from a phone
    expect(page.locator("#share [data-print]")).to_be_visible()  # the print button, shown by the script
    expect(page.locator("#share .print-only")).to_be_hidden()
    axe_check(page)
    page.emulate_media(media="print")
    expect(page.locator("form.calc-form")).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator("#share-link")).to_be_hidden()
    expect(qr).to_be_visible()
    expect(page.locator("#share .print-only")).to_contain_text("usage_m3=250")
    expect(page.locator("#about-figures")).to_be_visible()


def test_label_guide_drawing_and_print(page, live_site, axe_check):
    page.goto(live_site.url + "/labels?lang=en")
    drawing = page.locator(".label-drawing svg")
    expect(drawing).to_be_visible()
    expect(drawing.locator("title")).to_have_text("Schematic drawing of the China water-efficiency label")
    expect(page.locator("ol.label-parts li")).to_have_count(8)
    page.emulate_media(media="print")
    expect(page.locator(".toc")).to_be_hidden()
    expect(drawing).to_be_visible()
    page.emulate_media(media="screen")
    axe_check(page)
