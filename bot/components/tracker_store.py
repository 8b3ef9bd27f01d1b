"""A bounded in-memory tracker store for the single-process default (bot/endpoints.yml).

The site keeps its own record of every exchange (question, intent, confidence, fallback:
the site channel's `custom.meta`), so Rasa's conversation history only has to live as long
as a conversation. Rasa's `InMemoryTrackerStore` never forgets a conversation; this one
keeps at most `max_conversations` (least recently used evicted first) and drops those idle
for more than `idle_seconds`, stores each one zlib-compressed, and keeps the last few saved
tracker objects so the site channel can read the turn it just handled without
deserialising it again (`recent`). Several Rasa processes need a shared store:
endpoints.scale.yml (PostgreSQL + Redis lock store).

    tracker_store:
      type: bot.components.tracker_store.BoundedInMemoryTrackerStore
      max_conversations: 20000
      idle_seconds: 7200
"""

from __future__ import annotations

import time
import zlib
from collections import OrderedDict
from typing import Any, Dict, Iterable, Optional, Text, Tuple

from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker, get_trackers_for_conversation_sessions

RECENT = 256  # tracker objects kept for the channel's read-back: far more than turns in flight


class BoundedInMemoryTrackerStore(InMemoryTrackerStore):
    def __init__(
        self,
        domain: Domain,
        event_broker: Optional[Any] = None,
        max_conversations: int = 20000,
        idle_seconds: float = 7200,
        **kwargs: Any,
    ) -> None:
        kwargs.pop("host", None)  # Rasa passes the endpoint's url; there is none
        super().__init__(domain, event_broker, **kwargs)
        self.max_conversations = int(max_conversations)
        self.idle_seconds = float(idle_seconds)
        self.store: "OrderedDict[Text, Tuple[float, bytes]]" = OrderedDict()  # type: ignore[assignment]
        self._recent: "OrderedDict[Text, DialogueStateTracker]" = OrderedDict()

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        sender = tracker.sender_id
        data = zlib.compress(self.serialise_tracker(tracker).encode("utf-8"), 1)
        self.store[sender] = (time.monotonic(), data)
        self.store.move_to_end(sender)
        self._recent[sender] = tracker
        self._recent.move_to_end(sender)
        while len(self._recent) > RECENT:
            self._recent.popitem(last=False)
        self._evict()

    def _evict(self) -> None:
        now = time.monotonic()
        while self.store:
            sender, (saved, _) = next(iter(self.store.items()))
            if len(self.store) <= self.max_conversations and now - saved <= self.idle_seconds:
                break
            del self.store[sender]
            self._recent.pop(sender, None)

    def recent(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        """The tracker object saved last for this conversation, if still at hand (read-only use)."""
        return self._recent.get(sender_id)

    async def keys(self) -> Iterable[Text]:
        self._evict()
        return list(self.store.keys())

    async def _retrieve(self, sender_id: Text, fetch_all_sessions: bool) -> Optional[DialogueStateTracker]:
        self._evict()
        entry = self.store.get(sender_id)
        if entry is None:
            return None
        tracker = self.deserialise_tracker(sender_id, zlib.decompress(entry[1]).decode("utf-8"))
        if tracker is None or fetch_all_sessions:
            return tracker
        sessions = get_trackers_for_conversation_sessions(tracker)
        return sessions[-1] if len(sessions) > 1 else tracker

    def stats(self) -> Dict[Text, int]:
        return {"conversations": len(self.store), "bytes": sum(len(data) for _, data in self.store.values())}
