"""The assistant's sentences come from Babel catalogs, like the site's: one workflow for translators.

The msgids are the English sentences (the site's convention, web/translations): English
replies are the msgids themselves; Chinese replies come from
bot/translations/zh/LC_MESSAGES/bot.mo, compiled from bot.po by `make translations`.
Placeholders are `%(name)s`, as on the site; `make translations-update` extracts both.

Babel only, no Flask: the action server runs on Python 3.10. The catalog is read on first
use (no work at import time) and a missing .mo is an error, never a silent switch to English.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator, Mapping, TypeVar

from bot.actions.lang import LANGS
from core.i18n import load_catalog

DOMAIN = "bot"
DIRECTORY = Path(__file__).resolve().parents[1] / "translations"

T = TypeVar("T")


@lru_cache(maxsize=None)
def catalog(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of `lang` (English: none needed, the msgids are English)."""
    return load_catalog(DIRECTORY, DOMAIN, lang)


def translator(lang: str) -> Callable[..., str]:
    """`_ = translator(lang)`; `_("Tiers for a household of %(people)s:", people=4)`.

    Values are filled in only when given (as Flask-Babel does), so write `%%` only in a
    msgid that has values."""
    found = catalog(lang)

    def _(msgid: str, **values: object) -> str:
        text = found.gettext(msgid)
        return text % values if values else text

    return _


def particular(lang: str) -> Callable[..., str]:
    """`_p = particular(lang)`; `_p("list", ", ")`: a msgid whose translation depends on
    where it is used (a context, gettext's `pgettext`), e.g. a separator."""
    found = catalog(lang)

    def _p(context: str, msgid: str, **values: object) -> str:
        text = found.pgettext(context, msgid)
        return text % values if values else text

    return _p


class PerLanguage(Mapping[str, T]):
    """A {zh: …, en: …} mapping whose values are built from the catalog when read:
    `SAVINGS_PAGE = PerLanguage(lambda _: _("Estimate your savings"))`, `SAVINGS_PAGE[lang]`."""

    def __init__(self, build: Callable[[Callable[..., str]], T]) -> None:
        self._build = build

    def __getitem__(self, lang: str) -> T:
        if lang not in LANGS:
            raise KeyError(lang)
        return self._build(translator(lang))

    def __iter__(self) -> Iterator[str]:
        return iter(LANGS)

    def __len__(self) -> int:
        return len(LANGS)
