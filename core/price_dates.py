"""How every surface says which prices it uses: "2013年8月1日起执行的价格" and whether they
may have changed since. Generated from the tariff data, so a new tariff file changes the
wording everywhere (quiz explanations, bill page, savings page) without retyping a date.
"""

from __future__ import annotations

from core.tariffs import Tariff

EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
# The tariff's `unverified` key that says a later change may have replaced these prices.
LATER_CHANGE_KEY = "later_price_change"


def in_force_since(tariff: Tariff) -> dict[str, str]:
    """"2013年8月1日起执行的价格" / "prices in force since 1 August 2013"."""
    day = tariff.effective_from
    return {"zh": f"{day.year}年{day.month}月{day.day}日起执行的价格",
            "en": f"prices in force since {day.day} {EN_MONTHS[day.month - 1]} {day.year}"}


def currency_unverified(tariff: Tariff) -> bool:
    """True while nobody has confirmed that this tariff is still the one charged today."""
    return any(item["key"] == LATER_CHANGE_KEY for item in tariff.unverified)


def as_of_note(tariff: Tariff) -> dict[str, str]:
    """The sentence a price-using quiz explanation ends with: the date, and the caveat."""
    since = in_force_since(tariff)
    if not currency_unverified(tariff):
        return {"zh": f"（以上为{since['zh']}。）", "en": f"(These are the {since['en']}.)"}
    return {
        "zh": f"（以上为{since['zh']}，此后可能已调整，请以上海市水务局或市发改委的最新公告为准。）",
        "en": f"(These are the {since['en']}; they may have changed since, so check the latest notice "
              "from the Shanghai Water Authority or the Shanghai DRC.)",
    }
