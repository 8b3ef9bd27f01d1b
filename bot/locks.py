"""A Redis lock store that is safe when several Rasa instances share one conversation.

Rasa OSS 3.6's `RedisLockStore` issues tickets, expires them and cleans up with three
separate Redis calls (GET, change in Python, SET). Two instances taking a ticket for the
same conversation at the same moment can both read the same lock and both be served at
once: their tracker saves then overwrite each other and a message is lost (shown by
tests/bot/test_two_rasa_instances.py). Rasa Pro's answer is a different lock store; here
each read-modify-write simply runs under a short Redis mutex (redis-py's `Lock`).

endpoints.scale.yml: `lock_store: {type: bot.locks.AtomicRedisLockStore, url: …, port: …, db: …}`.
"""

from __future__ import annotations

from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

MUTEX_SECONDS = 5  # far longer than one GET+SET takes; frees itself if an instance dies


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    def _mutex(self, conversation_id: str):
        return self.red.lock(f"{self.key_prefix}{conversation_id}:mutex", timeout=MUTEX_SECONDS,
                             blocking_timeout=MUTEX_SECONDS)

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._mutex(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: str) -> None:
        with self._mutex(conversation_id):
            super().update_lock(conversation_id)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        with self._mutex(conversation_id):
            super().cleanup(conversation_id, ticket_number)
