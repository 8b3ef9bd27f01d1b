"""A misbehaving bot on a loopback port, for the chat proxy's tests and bench/hung_bot.py.

Raw sockets (standard library only) so it can do what a real HTTP library would not:
trickle its headers or body a byte at a time, send a huge answer, or accept and say nothing.

    with FakeBot("hang") as bot: ... bot.url ...
    bot.mode = "ok"   # switch at any time
"""

from __future__ import annotations

import json
import socket
import socketserver
import threading
import time

OK_BODY = json.dumps([{"text": "ok"}, {"custom": {"meta": {"intent": "greet", "confidence": 0.9}}}]).encode()
MODES = ("ok", "hang", "trickle_body", "trickle_headers", "huge", "huge_unsized")


class FakeBot:
    def __init__(self, mode: str = "ok", *, trickle_interval: float = 0.2, huge_bytes: int = 60 * 1024 * 1024):
        assert mode in MODES, mode
        self.mode, self.trickle_interval, self.huge_bytes = mode, trickle_interval, huge_bytes
        self.requests = 0
        self._stopping = threading.Event()
        bot = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                bot.requests += 1
                self.request.settimeout(30)
                try:
                    bot._read_request(self.request)
                    bot._answer(self.request)
                except OSError:
                    pass  # the client gave up: exactly what a deadline does

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeBot:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stopping.set()
        self.server.shutdown()
        self.server.server_close()

    @staticmethod
    def _read_request(sock: socket.socket) -> None:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                return
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        while len(body) < length:
            chunk = sock.recv(65536)
            if not chunk:
                return
            body += chunk

    def _sleep(self, seconds: float) -> bool:
        """False when the server is stopping."""
        return not self._stopping.wait(seconds)

    def _answer(self, sock: socket.socket) -> None:
        mode = self.mode
        if mode == "hang":
            while self._sleep(0.5):
                pass
            return
        if mode == "ok":
            sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
                         b"Connection: close\r\n\r\n" % len(OK_BODY) + OK_BODY)
            return
        if mode == "trickle_headers":
            head = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + b"X-Padding: " + b"a" * 40
                    + b"\r\nContent-Length: %d\r\n\r\n" % len(OK_BODY))
            for index in range(len(head)):
                sock.sendall(head[index:index + 1])
                if not self._sleep(self.trickle_interval):
                    return
            sock.sendall(OK_BODY)
            return
        if mode == "trickle_body":
            body = json.dumps([{"text": "slow " * 10}]).encode()
            sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body))
            for index in range(len(body)):
                sock.sendall(body[index:index + 1])
                if not self._sleep(self.trickle_interval):
                    return
            return
        # huge: a valid JSON answer of huge_bytes, with or without a Content-Length
        prefix, suffix = b'[{"text": "', b'"}]'
        filler = self.huge_bytes - len(prefix) - len(suffix)
        sized = mode == "huge"
        header = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        header += (b"Content-Length: %d\r\n" % self.huge_bytes) if sized else b"Connection: close\r\n"
        sock.sendall(header + b"\r\n" + prefix)
        block = b"x" * 65536
        sent = 0
        while sent < filler:
            part = block[: min(len(block), filler - sent)]
            sock.sendall(part)
            sent += len(part)
        sock.sendall(suffix)
        if not sized:
            sock.shutdown(socket.SHUT_WR)
        time.sleep(0.05)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else float("nan")


def pages_while_chatting(site: str, *, chat_clients: int, seconds: float, page_clients: int = 2,
                         page_paths: tuple[str, ...] = ("/", "/healthz", "/bill")) -> dict:
    """Residents chatting non-stop (`chat_clients` threads) while others read pages
    (`page_clients` threads, one request after another). Returns every latency in ms and
    how chats were answered: "ok" (the bot replied), "busy", "unavailable", or an HTTP status."""
    import requests  # the site's environment; the fake bot itself needs only the standard library

    stop_at = time.monotonic() + seconds
    pages: list[float] = []
    page_errors: list[int] = []
    chats: list[float] = []
    outcomes: dict[str, int] = {}
    lock = threading.Lock()

    def chatter() -> None:
        session = requests.Session()
        token = session.get(site + "/api/chat/token", timeout=30).json()["csrf_token"]
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            response = session.post(site + "/api/chat", json={"message": "水费多少", "lang": "en"},
                                    headers={"X-CSRFToken": token}, timeout=120)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                outcome = str(response.status_code)
            elif response.json()["bot_available"]:
                outcome = "ok"
            else:
                outcome = "busy" if "busy" in response.json()["replies"][0]["text"] else "unavailable"
            with lock:
                chats.append(elapsed)
                outcomes[outcome] = outcomes.get(outcome, 0) + 1

    def reader(offset: int) -> None:
        session = requests.Session()
        index = offset
        while time.monotonic() < stop_at:
            path = page_paths[index % len(page_paths)]
            index += 1
            started = time.perf_counter()
            response = session.get(site + path, timeout=120)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                pages.append(elapsed)
                if response.status_code >= 500 and path != "/healthz":
                    page_errors.append(response.status_code)
            time.sleep(0.02)

    threads = [threading.Thread(target=chatter) for _ in range(chat_clients)]
    threads += [threading.Thread(target=reader, args=(n,)) for n in range(page_clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"pages": pages, "page_errors": page_errors, "chats": chats, "outcomes": outcomes,
            "page_p50_ms": percentile(pages, 0.5), "page_p99_ms": percentile(pages, 0.99),
            "page_max_ms": max(pages, default=float("nan")), "chat_p50_ms": percentile(chats, 0.5),
            "chat_p99_ms": percentile(chats, 0.99)}
