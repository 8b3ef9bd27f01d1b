"""Fixtures for the bot's action tests: a CollectingDispatcher and a Tracker factory.

Run in the bot's environment: `.venv-bot/bin/python -m pytest tests/bot` (slow tests that
train or start Rasa are marked `slow`: `-m "not slow"` skips them).
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

import pytest

pytest.importorskip("rasa_sdk", reason="bot tests run in .venv-bot")

from rasa_sdk import Tracker  # noqa: E402
from rasa_sdk.executor import CollectingDispatcher  # noqa: E402

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture
def make_tracker():
    """`make_tracker(text, intent=…, entities=[…], slots={…}, metadata={…}, events=[…])`."""

    def make(
        text: str = "",
        intent: str | None = None,
        entities: list[dict[str, Any]] | None = None,
        slots: dict[str, Any] | None = None,
        metadata: dict[str, Any] | None = None,
        events: list[dict[str, Any]] | None = None,
        active_loop: dict[str, Any] | None = None,
    ) -> Tracker:
        latest = {
            "text": text,
            "intent": {"name": intent, "confidence": 1.0} if intent else {},
            "entities": entities or [],
            "metadata": metadata or {},
        }
        return Tracker(
            sender_id="test",
            slots={"lang": "zh", **(slots or {})},
            latest_message=latest,
            events=events or [],
            paused=False,
            followup_action=None,
            active_loop=active_loop or {},
            latest_action_name="action_listen",
        )

    return make


@pytest.fixture
def run():
    """Run an action: `run(action, dispatcher, tracker)` → events."""

    def call(action, dispatcher, tracker, domain=None):
        return asyncio.run(action.run(dispatcher, tracker, domain or {}))

    return call
