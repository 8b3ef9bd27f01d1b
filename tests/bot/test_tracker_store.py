"""bot/components/tracker_store.py: bounded, compressed, with the channel's read-back."""

import asyncio

import pytest

pytest.importorskip("rasa")

from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.events import ActionExecuted, UserUttered  # noqa: E402
from rasa.shared.core.trackers import DialogueStateTracker  # noqa: E402

from bot.components.tracker_store import BoundedInMemoryTrackerStore  # noqa: E402


def _tracker(sender, text="你好"):
    return DialogueStateTracker.from_events(
        sender,
        [ActionExecuted("action_listen"), UserUttered(text, {"name": "greet", "confidence": 0.9}), ActionExecuted("utter_greet")],
    )


def test_round_trip_and_recent_object():
    store = BoundedInMemoryTrackerStore(Domain.empty(), host=None)
    tracker = _tracker("a", "阶梯水价")
    asyncio.run(store.save(tracker))
    assert store.recent("a") is tracker
    back = asyncio.run(store.retrieve("a"))
    assert back.latest_message.text == "阶梯水价"
    assert [e.as_dict() for e in back.events] == [e.as_dict() for e in tracker.events]
    assert asyncio.run(store.retrieve("nobody")) is None


def test_least_recently_saved_conversation_is_evicted():
    store = BoundedInMemoryTrackerStore(Domain.empty(), max_conversations=2)
    for sender in ("a", "b", "a", "c"):
        asyncio.run(store.save(_tracker(sender)))
    assert sorted(asyncio.run(store.keys())) == ["a", "c"]
    assert store.recent("b") is None


def test_idle_conversations_are_dropped(monkeypatch):
    import bot.components.tracker_store as module

    now = [1000.0]
    monkeypatch.setattr(module.time, "monotonic", lambda: now[0])
    store = BoundedInMemoryTrackerStore(Domain.empty(), idle_seconds=60)
    asyncio.run(store.save(_tracker("old")))
    now[0] += 30
    asyncio.run(store.save(_tracker("new")))
    now[0] += 45
    assert asyncio.run(store.retrieve("old")) is None
    assert asyncio.run(store.retrieve("new")) is not None
    assert store.stats()["conversations"] == 1
