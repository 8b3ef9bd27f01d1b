"""Language choice: `?lang=` switch (remembered in a cookie), then the cookie, then
Accept-Language, then Chinese. Locale codes are exactly ``zh`` and ``en``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlencode

from flask import Flask, g, request
from flask_babel import format_datetime, get_locale, pgettext

LANGUAGES = ("zh", "en")
COOKIE = "lang"
ONE_YEAR = 365 * 24 * 3600


def requested_language() -> str | None:
    value = request.args.get("lang")  # never the body: it may be too large or not parsed yet
    return value if value in LANGUAGES else None


def select_locale() -> str:
    chosen = requested_language()
    if chosen:
        g.language_switched_to = chosen
        return chosen
    cookie = request.cookies.get(COOKIE)
    if cookie in LANGUAGES:
        return cookie
    return request.accept_languages.best_match(LANGUAGES) or "zh"


def current_language() -> str:
    """'zh' or 'en' for the current request (Babel's locale as a plain code)."""
    return str(get_locale() or "zh")[:2]


def pick(texts: dict[str, str] | None) -> str:
    """The current language's text from a core ``{zh, en}`` pair."""
    if not texts:
        return ""
    return texts.get(current_language()) or texts.get("zh") or ""


def url_with_language(code: str) -> str:
    """This page's URL with ``lang`` switched, keeping its other query parameters."""
    args = request.args.to_dict(flat=False)
    args["lang"] = [code]
    return request.path + "?" + urlencode(args, doseq=True)


def translation_directories(web_dir: Path) -> list[str]:
    """The foundation catalog plus one per feature (web/<feature>/translations)."""
    folders = [web_dir / "translations", *sorted(web_dir.glob("*/translations"))]
    return [str(folder) for folder in folders if folder.is_dir()]


def colon() -> str:
    """A label's colon in the page's language: full-width in Chinese text, ': ' in English."""
    return "：" if current_language() == "zh" else ": "


def full_stop() -> str:
    """A sentence's end after a link: 。 in Chinese text, . in English."""
    return "。" if current_language() == "zh" else "."


def local_datetime(value, style: str = "datetime") -> str:
    """A stored (naive UTC) time as Shanghai time in the visitor's language: the site's one
    way to show a date or time to a person (BABEL_DEFAULT_TIMEZONE is Asia/Shanghai)."""
    if value is None:
        return ""
    if style == "end_date":  # an end at midnight belongs to the day before
        value, style = value - dt.timedelta(seconds=1), "date"
    # Translators: CLDR patterns (y year, M month, MMM its short name, d day, HH:mm hours and minutes)
    formats = {
        "datetime": pgettext("date and time pattern (CLDR)", "d MMM y, HH:mm"),
        "date": pgettext("date pattern (CLDR)", "d MMM y"),
        "time": "HH:mm",
    }
    return format_datetime(value, formats[style])


def sentence_gap() -> str:
    """What separates two sentences or a sentence and a link: nothing in Chinese, a space in English."""
    return "" if current_language() == "zh" else " "


def init_app(app: Flask) -> None:
    @app.after_request
    def remember_language(response):
        chosen = g.get("language_switched_to")
        if chosen and request.cookies.get(COOKIE) != chosen:
            response.set_cookie(
                COOKIE, chosen, max_age=ONE_YEAR, samesite="Lax", httponly=True,
                secure=app.config["SESSION_COOKIE_SECURE"],
            )
        response.vary.update(("Cookie", "Accept-Language"))  # one parse and one rewrite of the header
        return response

    # Globals, not context: imported macros (charts, forms) see them too.
    app.jinja_env.globals.update(colon=colon, full_stop=full_stop, sentence_gap=sentence_gap)
    app.add_template_filter(local_datetime, "local_datetime")

    @app.context_processor
    def language_helpers():
        return {"current_language": current_language, "pick": pick, "LANGUAGES": LANGUAGES,
                "url_with_language": url_with_language}
