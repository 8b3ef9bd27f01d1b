"""Topic words NLU must not miss: the rules of bot/components/topic_rules.py in the pipeline.

config.yml, after SamePathIntents and before FallbackClassifier:
    - name: bot.components.keywords.TopicKeywords

When a rule fires (a label word, a water day's date, a leak, the quiz, asking for a person)
and NLU chose another topic or was unsure, the rule's intent (or NLU's own choice, when it is
of the same topic) becomes the top of the ranking with confidence at least RULE_CONFIDENCE,
so FallbackClassifier keeps it; the message's
`keyword_rule` (in the parse output) names the rule. Only the question part of a long
message is read (bot/components/focus.py), as for the intent itself.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.components.focus import question_focus
from bot.components.topic_rules import topic_rule

logger = logging.getLogger(__name__)
RULE_CONFIDENCE = 0.9
RULE_KEY = "keyword_rule"


@lru_cache(maxsize=1)
def water_day_dates() -> frozenset:
    """(month, day) of every water day in content (a fixed span: each of its days)."""
    import datetime as dt

    try:
        from core import calendar

        days = calendar.water_days()
    except Exception:  # content unreadable: the date rule is simply off
        logger.warning("water days unreadable: the date rule is off")
        return frozenset()
    found = set()
    for day in days:
        start = dt.date(2024, *day.month_day)
        end = dt.date(2024, *(day.end_month_day or day.month_day))
        while start <= end:
            found.add((start.month, start.day))
            start += dt.timedelta(days=1)
    return frozenset(found)


def apply_rule(data: Dict[str, Any]) -> Dict[str, Any]:
    """`data` (intent, intent_ranking, text) with a fired rule's intent on top; unchanged otherwise."""
    text = str(data.get(TEXT) or "")
    ranking = list(data.get(INTENT_RANKING_KEY) or [])
    predicted = (data.get(INTENT) or {}).get(INTENT_NAME_KEY)
    start, end = question_focus(text)
    pairs = [(str(e.get(INTENT_NAME_KEY)), float(e.get(PREDICTED_CONFIDENCE_KEY) or 0.0)) for e in ranking]
    result = topic_rule(text[start:end], predicted, pairs, water_day_dates())
    if result is None:
        return {}
    own = next((c for name, c in pairs if name == result.intent), 0.0)
    if result.intent == predicted and float((data.get(INTENT) or {}).get(PREDICTED_CONFIDENCE_KEY) or 0.0) >= RULE_CONFIDENCE:
        return {}  # NLU agrees, and is sure
    confidence = max(own, RULE_CONFIDENCE)
    chosen = {INTENT_NAME_KEY: result.intent, PREDICTED_CONFIDENCE_KEY: confidence}
    others = [dict(e) for e in ranking if e.get(INTENT_NAME_KEY) != result.intent]
    for entry in others:  # keep the ranking a ranking: nobody above the rule's intent
        entry[PREDICTED_CONFIDENCE_KEY] = min(float(entry.get(PREDICTED_CONFIDENCE_KEY) or 0.0), 1.0 - confidence)
    return {INTENT: chosen, INTENT_RANKING_KEY: [chosen, *others], RULE_KEY: result.rule}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class TopicKeywords(GraphComponent):
    """Applies bot/components/topic_rules.py to every parsed message."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "TopicKeywords":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if not message.get(INTENT_RANKING_KEY) and not message.get(INTENT):
                continue
            changes = apply_rule({TEXT: message.get(TEXT), INTENT: message.get(INTENT),
                                  INTENT_RANKING_KEY: message.get(INTENT_RANKING_KEY)})
            for key, value in changes.items():
                message.set(key, value, add_to_output=True)
        return messages
