"""The calculator pages in zh and en: forms, results, share links, sources, no 500 on bad input."""

import re

import pytest


def text_of(response) -> str:
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", ["/bill", "/savings", "/labels", "/methodology"])
def test_pages_render_in_both_languages(client, path, lang):
    response = client.get(f"{path}?lang={lang}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert ('lang="zh-CN"' if lang == "zh" else 'lang="en"') in html
    assert "calculators/calculators.css" in html
    assert " style=" not in html and "<script>" not in html  # the CSP forbids inline style/script


def test_bill_share_link_renders_result(client):
    response = client.get("/bill?usage_m3=250&people=3&period=year&lang=en")
    body = text_of(response)
    assert "¥903.90" in body  # 220 x 3.45 + 30 x 4.83
    assert "You reach tier 2" in body
    assert "<svg" in response.get_data(as_text=True) and 'role="img"' in response.get_data(as_text=True)
    assert "Tier breakdown" in body and "as of 2013-07-30" in body
    assert "usage_m3=250" in response.get_data(as_text=True)  # the share link
    assert "/campaigns/" in response.get_data(as_text=True)


def test_bill_in_chinese_with_chinese_numerals(client):
    body = text_of(client.get("/bill?usage_m3=两百五十&people=3&period=year&lang=zh"))
    assert "¥903.90" in body and "第2阶梯" in body


def test_bill_month_reading_is_annualised(client):
    body = text_of(client.get("/bill?usage_m3=20&people=2&period=month&lang=en"))
    assert "about 240 m³ a year" in body and "¥855.60 a year" in body and "¥71.30" in body


def test_large_household_assumption_shown(client):
    body = text_of(client.get("/bill?usage_m3=320&people=5&lang=en"))
    assert "¥1,104.00" in body and "our assumption" in body and "medium" in body


def test_tariff_caveats_and_unverified_on_page(client):
    body = text_of(client.get("/bill?lang=en"))
    box = body[body.index("About these figures What is verified"):]
    assert "2021" in box and "may have been superseded" in box
    assert "Not yet verified" in box and "Sources last checked 2026-11-28" in box


@pytest.mark.parametrize(("lang", "since", "caveat", "verified", "current"), [
    ("en", "These are the prices in force since 1 August 2013.", "they may have changed since",
     "Tier limits and prices: the prices in force since 1 August 2013 (confidence: high).",
     "Still charged today? Not verified: they may have changed since."),
    ("zh", "以上为2013年8月1日起执行的价格。", "此后可能已调整",
     "阶梯水量和价格：2013年8月1日起执行的价格（可信度：高）。",
     "目前是否仍执行？ 未核实，此后可能已调整。"),
])
def test_bill_page_says_which_prices_and_what_is_not_known(client, lang, since, caveat, verified, current):
    """"confidence: high" is about the 2013 notice; whether the prices are current is unknown:
    said once in the page's "about these figures" box, not as a tag on every tier."""
    body = text_of(client.get(f"/bill?usage_m3=250&lang={lang}"))
    assert body.count(since) == 2 and caveat in body  # under the result and in the tariff section
    assert verified in body and current in body
    assert body.count("still charged today: not verified") == 0 and body.count("目前是否仍执行：未核实") == 0


def test_each_figure_links_to_its_numbered_source_in_the_box(client):
    html = client.get("/bill?usage_m3=250&lang=en").get_data(as_text=True)
    numbers = set(re.findall(r'class="ref" href="#src-(\d+)"', html))
    assert numbers, "figures carry numbered source links"
    for n in numbers:
        assert f'id="src-{n}"' in html
    assert html.count('id="about-figures"') == 1


@pytest.mark.parametrize(("lang", "official", "news"), [("zh", "官方", "新闻报道"), ("en", "official", "news report")])
def test_citations_show_their_kind(client, lang, official, news):
    body = text_of(client.get(f"/methodology?lang={lang}"))
    assert official in body and news in body
    html = client.get(f"/labels?lang={lang}").get_data(as_text=True)
    assert 'class="kind kind--news"' in html and 'class="kind kind--secondary"' in html


@pytest.mark.parametrize(
    ("query", "lang", "message"),
    [
        ("usage_m3=-1", "en", "cannot be negative"),
        ("usage_m3=-1", "zh", "不能为负数"),
        ("usage_m3=abc", "en", "as a number"),
        ("usage_m3=", "zh", "请填写用水量"),
        ("usage_m3=nan", "en", "as a number"),
        ("usage_m3=inf", "en", "finite"),
        ("usage_m3=1e9", "zh", "不能超过"),
        ("usage_m3=100&people=0", "en", "from 1 to 30"),
        ("usage_m3=100&people=2.5", "zh", "1到30之间的整数"),
        ("usage_m3=100&period=week", "en", "two_months"),
    ],
)
def test_bill_form_errors_in_language(client, query, lang, message):
    response = client.get(f"/bill?{query}&lang={lang}")
    assert response.status_code == 400  # the form comes back with the message next to the field
    body = text_of(response)
    assert message in body
    assert "aria-invalid" in response.get_data(as_text=True)


def test_savings_defaults_and_actions(client):
    response = client.get("/savings?people=3&lang=en")
    body = text_of(response)
    assert "294 L a day" in body.replace("About 294 L", "294 L")
    assert "Fit a water-saving showerhead" in body and "¥32.50" in body
    assert "Enter showers a day" in body
    assert "confidence: medium" in body and "中国水利" in body


def test_savings_inputs_in_chinese(client):
    response = client.get("/savings?people=2&showers_per_day=2&shower_minutes=10&dripping_taps=1"
                          "&laundry_loads_per_week=3&running_toilet=y&lang=zh")
    body = text_of(response)
    assert "修好滴水的龙头" in body and "美国数据" in body
    assert 'id="action-fix_drip"' in response.get_data(as_text=True)
    assert '<th scope="col">行动</th>' in response.get_data(as_text=True)  # a measure, not the audit log's 操作


@pytest.mark.parametrize(("query", "message"), [("people=0", "1到30"), ("people=2&shower_minutes=-5", "0到120"),
                                                ("people=2&toilet_grade=7", "整数"), ("people=x", "整数")])
def test_savings_form_errors(client, query, message):
    response = client.get(f"/savings?{query}&lang=zh")
    assert response.status_code == 400 and message in text_of(response)


def test_label_guide(client):
    body = text_of(client.get("/labels?lang=en"))
    assert "GB 25502-2024" in body and "2025-05-01" in body
    assert "GB 38448-2025" in body and "2027-04-01" in body
    assert "not yet verified" in body and "openstd.samr.gov.cn" in body
    assert "≥ 65 %" in body and "≤ 5.0 L" in body and "old edition, no longer current" in body
    for key in ("toilet", "smart_toilet", "shower", "faucet", "dishwasher", "water_purifier", "washing_machine"):
        assert f'id="{key}"' in client.get("/labels").get_data(as_text=True)
    zh = text_of(client.get("/labels?lang=zh"))
    assert "怎样看水效标识" in zh and "尚未核实" in zh


def test_methodology_lists_sources(client):
    body = text_of(client.get("/methodology?lang=en"))
    assert "Every source" in body and "en.people.cn" in client.get("/methodology").get_data(as_text=True)
    assert "320, 400" in body and "United States (not Chinese)" in body


def test_print_stylesheet_exists(client):
    css = client.get("/static/calculators/calculators.css").get_data(as_text=True)
    assert "@media print" in css


def test_savings_page_lists_tips_and_hotlines(client):
    body = text_of(client.get("/savings?lang=en"))
    assert "Check for hidden leaks with your meter" in body and "962740" in body and "12345" in body


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bill_tier_line_and_total_use_the_same_rounding(client, lang):
    """2.5 m³ × ¥3.45 = ¥8.625: the tier line, the chart and the total all show ¥8.63 (half-up)."""
    body = text_of(client.get(f"/bill?usage_m3=2.5&lang={lang}"))
    assert "¥8.62" not in body and body.count("¥8.63") >= 3


def test_api_tier_amounts_sum_to_the_total(client):
    data = client.get("/api/v1/bill?usage_m3=2.5").get_json()
    assert data["total_yuan"] == 8.63 and [t["amount_yuan"] for t in data["tiers"]] == [8.63, 0.0, 0.0]


@pytest.mark.parametrize(("lang", "wording", "wrong"), [
    ("zh", "此前生产或进口的产品可延迟至此日期前加施水效标识", "可销售至"),
    ("en", "Made or imported earlier: label may be added before", "allowed until"),
])
def test_label_grace_period_is_about_labelling_not_selling(client, lang, wording, wrong):
    """The batch notices: "可延迟至…前加施水效标识" — a labelling deadline, not a sales deadline."""
    body = text_of(client.get(f"/labels?lang={lang}"))
    assert wording in body and wrong not in body


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ["could be wasting 757 L a day or more", "“could be wasting 200 gallons a day or more”",
            "Enter the litres per load to include laundry.", "a 2004 compulsory standard requires 6-litre toilets",
            "Assumed water per cycle when left empty",
            "GB 38383-2025", "Shanghai Water Authority, 2021 (under GB 25502-2017)"]),
    ("zh", ["每天可能浪费757升甚至更多", "填写每桶用水量后才计入洗衣用水", "2004年起国家强制标准要求生产6升马桶",
            "上海市水务局2021年说明（当时依据GB 25502-2017）"]),
])
def test_savings_result_shows_its_assumptions_and_a_running_toilet_as_a_range(client, lang, words):
    body = text_of(client.get("/savings?people=3&laundry_loads_per_week=3&dishwasher_loads_per_week=7"
                              f"&running_toilet=y&lang={lang}"))
    for word in words:
        assert word in body, word
    assert "788" not in body and "151" not in body and "(lower bound)" not in body and "浪费（下限）" not in body
