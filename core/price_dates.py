"""How every surface says which prices it uses: "2013年8月1日起执行的价格" and whether they
may have changed since. Generated from the tariff data, so a new tariff file changes the
wording everywhere (quiz explanations, bill page, savings page) without retyping a date.
"""

from __future__ import annotations

from core.i18n import date_texts, tr, tr_ctx
from core.tariffs import Tariff

# The tariff's `unverified` key that says a later change may have replaced these prices.
LATER_CHANGE_KEY = "later_price_change"


def in_force_since(tariff: Tariff) -> dict[str, str]:
    """"2013年8月1日起执行的价格" / "prices in force since 1 August 2013"."""
    # Translators: a CLDR date pattern (y year, M month, MMMM its name, d day): 2013-08-01 → "1 August 2013"
    day = date_texts(tariff.effective_from, tr_ctx("date pattern (CLDR)", "d MMMM y"))
    return tr("prices in force since %(day)s", day=day)


def currency_unverified(tariff: Tariff) -> bool:
    """True while nobody has confirmed that this tariff is still the one charged today."""
    return any(item["key"] == LATER_CHANGE_KEY for item in tariff.unverified)


def as_of_note(tariff: Tariff) -> dict[str, str]:
    """The sentence a price-using quiz explanation ends with: the date, and the caveat."""
    since = in_force_since(tariff)
    if not currency_unverified(tariff):
        return tr("(These are the %(prices)s.)", prices=since)
    return tr("(These are the %(prices)s; they may have changed since, so check the latest notice from the Shanghai "
              "Water Authority or the Shanghai DRC.)", prices=since)
