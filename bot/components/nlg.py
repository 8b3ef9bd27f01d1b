"""Response generator that decides the reply language in Rasa itself, every turn.

The domain's responses are written once, in English: their text and button titles are msgids
of the assistant's catalog (bot/translations, bot.po; bot/domain_texts.py extracts them), and
the reply is translated here into the chosen language, as the actions' replies are. The
language used to be the `lang` slot, set by `action_validate_slot_mappings` on the action
server, so every turn paid a round trip to it, and with the action server down English small talk came back in Chinese.
Here the language is chosen from the message (CJK or English words), then the site's
`metadata.lang`, then the conversation's previous language (the slot, which actions keep up
to date) — the same rule as `bot.actions.lang.choose` — without leaving the Rasa process.

endpoints.yml: ``nlg: {type: bot.components.nlg.LanguageAwareNLG}``. An endpoints file without
that line (a benchmark's or a deployment's own) made Rasa use its plain templated generator,
which reads the `lang` slot — set only by actions, so English small talk, out-of-scope and
"what can you do" answers (no action) came back in Chinese. `install()` therefore also gives
Rasa's own TemplatedNaturalLanguageGenerator the same rule; it runs whenever the model is
loaded (bot/components/tokenizer.py, the pipeline's first component, calls it), whatever the
endpoints file says.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from bot.actions import lang as language
from bot.actions.i18n import translator
from bot.components import remote_actions


def tracker_lang(tracker: DialogueStateTracker) -> str:
    """The reply language for the tracker's latest user message."""
    latest = tracker.latest_message
    text = latest.text if latest is not None else None
    metadata = (latest.metadata if latest is not None else None) or {}
    return language.choose(text, metadata.get("lang"), tracker.get_slot("lang"))


async def _generate_in_message_language(
    self: TemplatedNaturalLanguageGenerator,
    utter_action: Text,
    tracker: DialogueStateTracker,
    output_channel: Text,
    **kwargs: Any,
) -> Optional[Dict[Text, Any]]:
    slots = tracker.current_slot_values()
    slots["lang"] = tracker_lang(tracker)
    response = self.generate_from_slots(utter_action, slots, output_channel, **kwargs)
    return translated(response, slots["lang"]) if response is not None else None


def translated(response: Dict[Text, Any], lang: str) -> Dict[Text, Any]:
    """The response with its text and button titles taken from the catalog of `lang`."""
    _ = translator(lang)
    reply = dict(response)
    if reply.get("text"):
        reply["text"] = _(reply["text"])
    if reply.get("buttons"):
        reply["buttons"] = [{**button, "title": _(button["title"])} for button in reply["buttons"]]
    return reply


def install() -> None:
    """Idempotent: Rasa's templated generator picks the language like `LanguageAwareNLG`, and
    action-server answers are validated with the compiled schema (remote_actions)."""
    TemplatedNaturalLanguageGenerator.generate = _generate_in_message_language  # type: ignore[method-assign]
    remote_actions.install()


class LanguageAwareNLG(TemplatedNaturalLanguageGenerator):
    """TemplatedNaturalLanguageGenerator with the `lang` slot overridden by `tracker_lang`."""

    def __init__(self, endpoint_config: Any = None, domain: Optional[Domain] = None) -> None:
        super().__init__((domain or Domain.empty()).responses)

    generate = _generate_in_message_language


install()
