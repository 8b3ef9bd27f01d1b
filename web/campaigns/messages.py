"""Messages for the codes services raise, in the visitor's language."""

from __future__ import annotations

from flask_babel import gettext as _

from web.campaigns.images import MAX_BYTES, MAX_PIXELS


def campaign_error(code: str) -> str:
    table = {
        "slug_taken": _("That web address is already used by another campaign."),
        "window_incomplete": _("Give both the start and the end, or neither (a draft)."),
        "window_order": _("The end must be after the start."),
        "window_needed": _("Set when the campaign goes live and ends before scheduling it."),
        "not_your_street": _("You can only edit campaigns for your own street or town."),
        "stale": _("Someone else saved this campaign while you were editing. Your text is below; check it and save again."),
        "not_live": _("Pledges open while the campaign is live."),
        "unknown_street": _("Choose your street or town."),
        "no_action": _("Choose at least one action."),
        "duplicate": _("This browser has already made a pledge for this campaign. Thank you!"),
        "closed": _("Registration for this event is closed."),
        "phone_needed": _("The organiser needs a phone number for this event (see why above)."),
        "already_registered": _("This browser is already registered for this event."),
        "invalid": _("Please check this field."),
    }
    return table.get(code, _("Please check this field."))


def image_error(code: str) -> str:
    table = {
        "empty": _("The file is empty."),
        "too_large": _("The image is larger than %(mb)s MB. Please choose a smaller one.", mb=MAX_BYTES // (1024 * 1024)),
        "type": _("This file is not a JPEG, PNG or WebP image."),
        "too_many_pixels": _("The image has more than %(mp)s megapixels. Please make it smaller.", mp=MAX_PIXELS // 1_000_000),
        "polyglot": _("This file contains more than an image (for example hidden code) and was refused."),
        "broken": _("The image could not be read. It may be damaged."),
    }
    return table.get(code, table["broken"])
