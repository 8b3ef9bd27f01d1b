"""The domain's responses are catalog entries: their `text` and button `title`s are English msgids.

bot/domain/*.yml holds one variation per response, in English; the Chinese is in
bot/translations/zh/LC_MESSAGES/bot.po like every other sentence of the assistant, and
bot/components/nlg.py translates the response in the Rasa process every turn (small talk
needs no action-server round trip). `extract_responses` is the Babel extraction method that
puts them in the catalog (babel.cfg; `make translations-update`).

Plain PyYAML, no Rasa: the site's pybabel (Python 3.11) and the bot's tests both import it.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Iterator

import yaml

DOMAIN = Path(__file__).resolve().parent / "domain"


def _value(mapping: yaml.MappingNode, key: str) -> yaml.Node | None:
    return next((value for name, value in mapping.value if name.value == key), None)


def response_texts(stream: IO[bytes] | IO[str]) -> Iterator[tuple[int, str, str]]:
    """(line, response name, text) for every `text` and button `title` under `responses:`."""
    root = yaml.compose(stream, Loader=yaml.SafeLoader)
    responses = _value(root, "responses") if isinstance(root, yaml.MappingNode) else None
    if not isinstance(responses, yaml.MappingNode):
        return
    for name, variations in responses.value:
        for variation in variations.value:
            text = _value(variation, "text")
            if text is not None:
                yield text.start_mark.line + 1, name.value, text.value
            buttons = _value(variation, "buttons")
            for button in buttons.value if buttons is not None else ():
                title = _value(button, "title")
                if title is not None:
                    yield title.start_mark.line + 1, name.value, title.value


def extract_responses(fileobj, keywords, comment_tags, options):
    """Babel extraction method (`[bot.domain_texts:extract_responses: bot/domain/**.yml]`)."""
    for line, name, text in response_texts(fileobj):
        yield line, None, text, [f"Translators: the assistant's reply {name} (bot/domain)"]


def domain_texts() -> dict[str, str]:
    """msgid → where it is, for every response text and button title of bot/domain."""
    found: dict[str, str] = {}
    for path in sorted(DOMAIN.glob("*.yml")):
        with open(path, "rb") as handle:
            for line, _name, text in response_texts(handle):
                found.setdefault(text, f"bot/domain/{path.name}:{line}")
    return found
