"""Jieba tokenizer that drops whitespace tokens and reads only the question of a long message.

`jieba.tokenize("how much")` yields 'how', ' ', 'much': the space becomes a token, which
makes mixed Chinese/English messages featurize inconsistently (RasaHQ/rasa#7910). Dropping
tokens that are only whitespace fixes that and changes nothing for Chinese.

A long message (bot/components/focus.py) is tokenized only over its question part, so the
intent is decided on the question and not drowned by the background; the text itself is
untouched (regex entities and the actions' reader see all of it). Training examples are
short, so training is unaffected.
"""

from __future__ import annotations

from typing import List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.jieba_tokenizer import JiebaTokenizer
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.components import nlg
from bot.components.focus import question_focus

nlg.install()  # the reply language is chosen in Rasa even when endpoints.yml names no `nlg:`


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=True)
class SpacelessJiebaTokenizer(JiebaTokenizer):
    """JiebaTokenizer without whitespace-only tokens, over the question part of long messages."""

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        tokens = [token for token in super().tokenize(message, attribute) if not token.text.isspace()]
        if attribute != TEXT:
            return tokens
        text = message.get(TEXT) or ""
        start, end = question_focus(text)
        if (start, end) == (0, len(text)):
            return tokens
        focused = [t for t in tokens if t.start >= start and t.end <= end]
        return focused or tokens
