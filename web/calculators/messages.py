"""Translated messages for core's `InputError`s, so forms and the JSON API say the same thing.

Core raises errors with a machine-readable `field` and `code`; the site words them in the
visitor's language here (literal msgids, so extraction finds every one).
"""

from __future__ import annotations

from flask_babel import gettext as _

from core.tariffs import MAX_PEOPLE, MAX_USAGE_M3, MIN_PEOPLE, InputError


def message_for(error: InputError) -> str:
    """The visitor-language message for a core input error."""
    field, code, params = error.field, error.code, error.params
    if field == "usage_m3":
        if code == "required":
            return _("Please enter the water volume in cubic metres (m³).")
        if code == "negative":
            return _("The water volume cannot be negative.")
        if code == "too_large":
            limit = format(MAX_USAGE_M3, ",")
            return _("The water volume cannot be more than %(max)s m³.", max=limit)
        if code == "not_finite":
            return _("The water volume must be a finite number.")
        return _("Enter the water volume as a number, for example 250 or 两百五十.")
    if field == "people":
        if code == "required":
            return _("Please enter the number of people in the household.")
        return _("The household size must be a whole number from %(min)s to %(max)s.", min=MIN_PEOPLE, max=MAX_PEOPLE)
    if field == "period":
        return _("The period must be year, half_year, quarter, two_months or month.")
    if field == "body":
        return _("Send a JSON object with the household's figures.")
    if field == "running_toilet":
        return _("Answer yes or no.")
    if field in ("toilet_grade", "dripping_taps"):
        return _("Enter a whole number from %(min)s to %(max)s.", min=params.get("minimum"), max=params.get("maximum"))
    return _("Enter a number from %(min)s to %(max)s.", min=params.get("minimum"), max=params.get("maximum"))
