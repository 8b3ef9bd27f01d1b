"""An answer's plain text as HTML: escaped, and the site's own paths it mentions ("/bill")
turned into links. Only the listed paths become links, so nothing a staff member types can
add markup."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

SITE_PATHS = ("bill", "savings", "labels", "faq", "join", "campaigns", "about", "methodology", "privacy")
_PATH = re.compile(r"(?<![\w/.])(/(?:%s)(?:/[a-z0-9-]+)?)(?![\w/])" % "|".join(SITE_PATHS))


def answer_paragraphs(text: str) -> list[Markup]:
    return [Markup(_PATH.sub(r'<a href="\1">\1</a>', str(escape(line.strip()))))
            for line in (text or "").split("\n") if line.strip()]
