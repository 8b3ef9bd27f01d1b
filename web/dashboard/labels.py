"""Plain words for the codes the dashboard shows (question statuses, the assistant's topics)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l


def question_status_label(status: str) -> str:
    return {
        "new": _l("New"),
        "waiting_for_staff": _l("Waiting for staff"),
        "answered_by_faq": _l("Answered by the FAQ"),
        "dismissed": _l("Dismissed"),
    }.get(status, status)


def topic_label(intent: str) -> str:
    """The assistant's intent names in words; an unknown one is shown as it is."""
    return {
        "ask_bill": _l("Working out a water bill"),
        "ask_campaigns": _l("Campaigns and events"),
        "ask_capabilities": _l("What the assistant can do"),
        "ask_hotline": _l("Hotlines and whom to call"),
        "ask_label_contents": _l("What the water-efficiency label shows"),
        "ask_label_grades": _l("Water-efficiency grades"),
        "ask_label_products": _l("Which products carry the label"),
        "ask_label_scheme": _l("The water-efficiency label scheme"),
        "ask_label_standard": _l("Standards behind the label"),
        "ask_label_water_saving": _l("Which grades count as water-saving"),
        "ask_large_household": _l("Large households (5 or more people)"),
        "ask_leak_check": _l("Checking for leaks"),
        "ask_next_price": _l("Price of the next cubic metre"),
        "ask_tariff_basis": _l("How the tiered price is counted"),
        "ask_tiers": _l("Tiered water prices"),
        "ask_tips": _l("Water-saving tips"),
        "ask_water_days": _l("Water days and weeks"),
        "ask_which_tier": _l("Which tier a household is in"),
        "greet": _l("Greetings"),
        "goodbye": _l("Goodbyes"),
        "thank": _l("Thanks"),
        "inform": _l("Giving figures (usage, household size)"),
        "out_of_scope": _l("Outside the assistant's topics"),
        "stop": _l("Stopping a question"),
        "nlu_fallback": _l("Not understood"),
    }.get(intent, intent)
