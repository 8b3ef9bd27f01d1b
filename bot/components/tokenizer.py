"""Jieba tokenizer that drops whitespace tokens.

`jieba.tokenize("how much")` yields 'how', ' ', 'much': the space becomes a token, which
makes mixed Chinese/English messages featurize inconsistently (RasaHQ/rasa#7910). Dropping
tokens that are only whitespace fixes that and changes nothing for Chinese.
"""

from __future__ import annotations

from typing import List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.jieba_tokenizer import JiebaTokenizer
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=True)
class SpacelessJiebaTokenizer(JiebaTokenizer):
    """JiebaTokenizer without whitespace-only tokens."""

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        return [token for token in super().tokenize(message, attribute) if not token.text.isspace()]
