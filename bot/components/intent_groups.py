"""Merge the confidences of intents that lead to the same answer, before FallbackClassifier.

"bill for 380 m3 a year, 4 of us?" split DIET's confidence between ask_bill and
ask_which_tier; FallbackClassifier's ambiguity check (top two within 0.1) then answered
"didn't quite understand" although both intents go to the same action. Here every intent of
a group hands its confidence to the group's top intent (which keeps its name, so the action
still knows what was asked first) and leaves the ranking, so only real alternatives — other
answer paths — are compared by FallbackClassifier.

config.yml, after the intent classifier and before FallbackClassifier:
    - name: bot.components.intent_groups.SamePathIntents
      groups: {water: [ask_bill, ask_which_tier, ...], labels: [...]}
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message

OWN_CONFIDENCE = "own_confidence"


def merge_ranking(ranking: List[Dict[str, Any]], groups: Dict[str, List[str]]) -> List[Dict[str, Any]]:
    """The ranking with each group's members folded into its best-ranked member, re-sorted."""
    group_of = {intent: name for name, members in groups.items() for intent in members}
    merged: List[Dict[str, Any]] = []
    leader: Dict[str, Dict[str, Any]] = {}
    for entry in sorted(ranking, key=lambda e: -float(e.get(PREDICTED_CONFIDENCE_KEY) or 0.0)):
        group = group_of.get(entry.get(INTENT_NAME_KEY))
        if group is None:
            merged.append(dict(entry))
        elif group in leader:
            leader[group][PREDICTED_CONFIDENCE_KEY] += float(entry.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
        else:
            own = float(entry.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
            # `own_confidence`: the leader's confidence before merging, so an action can tell a
            # message that only the merge lifted above the fallback threshold (noise spread
            # over many same-group intents) from a confident one
            leader[group] = {**entry, PREDICTED_CONFIDENCE_KEY: own, OWN_CONFIDENCE: own}
            merged.append(leader[group])
    for entry in merged:
        entry[PREDICTED_CONFIDENCE_KEY] = min(1.0, float(entry[PREDICTED_CONFIDENCE_KEY]))
    return sorted(merged, key=lambda e: -e[PREDICTED_CONFIDENCE_KEY])


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class SamePathIntents(GraphComponent):
    """Folds same-path intents together in the intent ranking (see module docstring)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"groups": {}}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.groups: Dict[str, List[str]] = {k: list(v) for k, v in (config.get("groups") or {}).items()}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SamePathIntents":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            ranking = message.get(INTENT_RANKING_KEY)
            if not ranking or not self.groups:
                continue
            merged = merge_ranking(ranking, self.groups)
            top = merged[0]
            message.set(INTENT, {INTENT_NAME_KEY: top[INTENT_NAME_KEY], PREDICTED_CONFIDENCE_KEY: top[PREDICTED_CONFIDENCE_KEY]},
                        add_to_output=True)
            message.set(INTENT_RANKING_KEY, merged, add_to_output=True)
        return messages
