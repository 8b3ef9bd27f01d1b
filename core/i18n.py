"""core's sentences come from a Babel catalog, like the site's and the assistant's.

An error message, a label or a generated question that core writes is an English msgid;
`tr` returns the {"zh": …, "en": …} dict every caller already uses, the Chinese read from
core/translations/zh/LC_MESSAGES/core.mo (compiled from core.po by `make translations`;
`make translations-update` extracts the `tr`/`tr_ctx` calls). Placeholders are `%(name)s`,
and a value may itself be a {zh, en} dict (a date, a household), each language taking its own.

Babel only, no Flask: core runs in the site (Python 3.11) and in the bot's actions (3.10).
The catalog is read on first use; a missing .mo is an error, never English in Chinese pages.
"""

from __future__ import annotations

import datetime as dt
import gettext
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from babel.dates import format_date
from babel.support import Translations

from core.content import LANGS

DOMAIN = "core"
DIRECTORY = Path(__file__).resolve().parent / "translations"
SOURCE_LANG = "en"  # the language of the msgids


def load_catalog(directory: Path, domain: str, lang: str) -> gettext.NullTranslations:
    """The compiled catalog `domain` of `lang` under `directory` (English needs none: the
    msgids are English). Also the assistant's loader (bot/actions/i18n.py)."""
    if lang not in LANGS:
        raise KeyError(lang)
    if lang == SOURCE_LANG:
        return gettext.NullTranslations()
    loaded = Translations.load(str(directory), [lang], domain)
    if not isinstance(loaded, Translations):
        raise RuntimeError(f"{directory / lang / 'LC_MESSAGES' / (domain + '.mo')} is missing: run `make translations`")
    return loaded


@lru_cache(maxsize=None)
def catalog(lang: str) -> gettext.NullTranslations:
    """core's compiled catalog of `lang`."""
    return load_catalog(DIRECTORY, DOMAIN, lang)


def _fill(text: str, lang: str, values: dict[str, object]) -> str:
    if not values:
        return text
    return text % {name: value[lang] if isinstance(value, Mapping) else value for name, value in values.items()}


def tr(msgid: str, **values: object) -> dict[str, str]:
    """{"zh": …, "en": …} of an English msgid: `tr("Enter a number from %(low)s to %(high)s.", low=1, high=9)`.

    Values are filled in only when given (write `%%` only in a msgid that has values)."""
    return {lang: _fill(catalog(lang).gettext(msgid), lang, values) for lang in LANGS}


def tr_ctx(context: str, msgid: str, **values: object) -> dict[str, str]:
    """`tr` of a msgid whose translation depends on where it is used (gettext's `pgettext`)."""
    return {lang: _fill(catalog(lang).pgettext(context, msgid), lang, values) for lang in LANGS}


def date_texts(day: dt.date, patterns: Mapping[str, str]) -> dict[str, str]:
    """A date in each language, each with its CLDR pattern from the catalog:
    `date_texts(day, tr_ctx("date pattern (CLDR)", "d MMMM y"))` → 2013年8月1日 / 1 August 2013."""
    return {lang: format_date(day, patterns[lang], locale=lang) for lang in LANGS}
