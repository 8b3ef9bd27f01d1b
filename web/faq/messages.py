"""Messages for the codes FAQ services raise, in the editor's language."""

from __future__ import annotations

from flask_babel import gettext as _


def faq_error(code: str) -> str:
    table = {
        "faq_slug_taken": _("An FAQ entry with this short name already exists."),
        "not_allowed": _("Only a district editor or an administrator can approve FAQ entries."),
        "invalid": _("Please check this field."),
    }
    return table.get(code, _("Please check this field."))
