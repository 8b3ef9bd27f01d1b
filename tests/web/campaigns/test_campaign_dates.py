"""A seeded campaign whose week is our estimate says so until the ministry's notice, and lists
the years past notices fixed; exact dates (a listed year, a fixed day) carry no such label."""

from __future__ import annotations

import datetime as dt

import pytest


def _utc(local_day: dt.date) -> dt.datetime:
    """Midnight Shanghai time at the start of `local_day`, as naive UTC."""
    return dt.datetime.combine(local_day, dt.time()) - dt.timedelta(hours=8)


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ["(estimated dates)", "Estimated dates: the exact dates of the National Urban Water-Saving Publicity Week "
            "in 2027", "the week containing 15 May", "Dates fixed by past notices:", "11 May 2025 – 17 May 2025"]),
    ("zh", ["日期为估计", "2027年全国城市节约用水宣传周的具体日期以住房和城乡建设部当年的通知为准", "包含5月15日的那一周",
            "往年通知确定的日期：", "2016年5月15日 – 2016年5月21日"]),
])
def test_an_estimated_week_is_labelled_with_the_verified_years(client, make_campaign, lang, words):
    # 2027 is not in the register: the week containing 15 May 2027 is Sunday 9 – Saturday 15 May.
    make_campaign(slug="urban-water-saving-week", starts_at=_utc(dt.date(2027, 3, 1)),
                  ends_at=_utc(dt.date(2027, 5, 16)))
    body = client.get(f"/campaigns/urban-water-saving-week?lang={lang}").get_data(as_text=True)
    for word in words:
        assert word in body, word
    listing = client.get(f"/campaigns/?lang={lang}").get_data(as_text=True)
    assert words[0] in listing


def test_a_year_with_a_notice_and_a_fixed_day_are_not_labelled(client, make_campaign):
    make_campaign(slug="urban-water-saving-week", starts_at=_utc(dt.date(2025, 4, 27)),
                  ends_at=_utc(dt.date(2025, 5, 18)), state="live")
    make_campaign(slug="world-water-day", starts_at=_utc(dt.date(2027, 3, 8)), ends_at=_utc(dt.date(2027, 3, 29)))
    for slug in ("urban-water-saving-week", "world-water-day"):
        response = client.get(f"/campaigns/{slug}?lang=en")
        body = response.get_data(as_text=True)
        assert response.status_code == 200 and "Water week" in body
        assert "estimated dates" not in body and "Estimated dates" not in body


def test_an_editor_who_typed_other_dates_is_not_contradicted(client, make_campaign):
    make_campaign(slug="urban-water-saving-week", starts_at=_utc(dt.date(2027, 3, 1)),
                  ends_at=_utc(dt.date(2027, 5, 20)))
    response = client.get("/campaigns/urban-water-saving-week?lang=en")
    assert response.status_code == 200 and "Estimated dates" not in response.get_data(as_text=True)
