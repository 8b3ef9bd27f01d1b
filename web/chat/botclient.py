"""HTTP to the bot that can never hold a page thread for long.

Three bounds, because a per-read timeout alone is no bound at all (a bot trickling one byte
a second kept a chat, and the thread serving it, busy for 23 s; a 60 MB answer went through):

- a **total deadline** per call: a timer shuts the socket down when it expires, which ends
  any blocked read at once, whether the bot is silent, trickles headers or trickles a body;
- a **size cap** on the answer (refused by Content-Length, or as soon as the body passes it);
- a **bound on concurrent calls** per process (`slot`): when all slots are taken the caller
  gets `BotBusy` immediately and answers politely without waiting, so chat can occupy at most
  that many of a process's threads and pages keep the rest.

Standard library only (http.client), so the socket is ours to shut down.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator

READ_CHUNK = 64 * 1024


class BotError(Exception):
    """The bot could not give a usable answer (down, error status, bad JSON)."""


class BotTimeout(BotError):
    """The total deadline passed."""


class BotTooLarge(BotError):
    """The answer was bigger than the cap."""


class BotBusy(BotError):
    """Every slot for bot calls in this process is taken."""


_slots: dict[int, threading.BoundedSemaphore] = {}
_slots_lock = threading.Lock()


@contextlib.contextmanager
def slot(limit: int) -> Iterator[None]:
    """Hold one of `limit` per-process slots for a bot call, or raise BotBusy without waiting."""
    with _slots_lock:
        semaphore = _slots.setdefault(limit, threading.BoundedSemaphore(limit))
    if not semaphore.acquire(blocking=False):
        raise BotBusy(f"all {limit} bot slots in use")
    try:
        yield
    finally:
        semaphore.release()


def request_json(method: str, url: str, payload: object | None = None, *, deadline: float,
                 max_bytes: int, connect_timeout: float = 1.0) -> object:
    """Send `payload` as JSON and return the decoded JSON answer, all within `deadline`
    seconds and `max_bytes` of answer. Raises BotTimeout, BotTooLarge or BotError."""
    return json_answer(exchange(method, url, payload, deadline=deadline, max_bytes=max_bytes,
                                connect_timeout=connect_timeout))


def json_answer(body: bytes) -> object:
    try:
        return json.loads(body)
    except (ValueError, RecursionError) as exc:  # RecursionError: absurdly deep nesting
        raise BotError(f"not JSON: {exc.__class__.__name__}") from None


def exchange(method: str, url: str, payload: object | None = None, *, deadline: float, max_bytes: int,
             connect_timeout: float = 1.0) -> bytes:
    """One HTTP exchange bounded in time and size; returns the body of a 2xx answer."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BotError(f"not an http(s) URL: {url!r}")
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    started = time.monotonic()
    connection = connection_class(parts.hostname, parts.port, timeout=min(connect_timeout, deadline))
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        sock = connection.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)  # wakes a read blocked in another thread

    timer = threading.Timer(deadline, expire)
    timer.daemon = True
    timer.start()
    try:
        connection.connect()
        if expired.is_set():
            raise BotTimeout(f"no connection within {deadline}s")
        connection.sock.settimeout(max(0.01, deadline - (time.monotonic() - started)))
        body = None if payload is None else json.dumps(payload, ensure_ascii=False).encode()
        headers = {"Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request(method, target, body=body, headers=headers)
        response = connection.getresponse()
        if not 200 <= response.status < 300:
            raise BotError(f"status {response.status}")
        declared = response.getheader("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise BotTooLarge(f"answer of {declared} bytes, cap {max_bytes}")
        chunks, size = [], 0
        while chunk := response.read1(READ_CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise BotTooLarge(f"answer over {max_bytes} bytes")
            chunks.append(chunk)
        if expired.is_set():  # the shutdown ended the body early
            raise BotTimeout(f"no complete answer within {deadline}s")
        return b"".join(chunks)
    except TimeoutError:
        raise BotTimeout(f"no complete answer within {deadline}s") from None
    except (OSError, http.client.HTTPException) as exc:
        if expired.is_set():
            raise BotTimeout(f"no complete answer within {deadline}s") from None
        raise BotError(f"{exc.__class__.__name__}: {exc}") from None
    finally:
        timer.cancel()
        connection.close()
