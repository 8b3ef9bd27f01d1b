"""Bill API under load: req/s and p99 at 32 connections, beside a bare Flask JSON endpoint.

Starts gunicorn twice on free loopback ports (the site on a temp SQLite database, and
bench/bare_app.py) with the same worker settings, drives each with a small asyncio
keep-alive load generator, prints the figures and stops both. Bounded to well under 60 s.

    .venv/bin/python bench/bill_api.py [--seconds 8] [--connections 32]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WORKERS = ["--worker-class", "gthread", "--workers", "2", "--threads", "8", "--keep-alive", "5", "--log-level", "warning"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(app: str, port: int, env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen([str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", *WORKERS, app], cwd=REPO, env=env,
                            stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)


def wait_ready(url: str, process: subprocess.Popen, log: Path, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback only)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} not ready:\n{log.read_text()[-2000:]}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


async def _connection(port: int, path: str, until: float, latencies: list[float], errors: list[str]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n".encode()
    try:
        while time.perf_counter() < until:
            began = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - began)
            if not head.startswith(b"HTTP/1.1 200"):
                errors.append(head.split(b"\r\n")[0].decode())
            if b"connection: close" in head.lower():
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except (asyncio.IncompleteReadError, ConnectionError) as exc:
        errors.append(type(exc).__name__)
    finally:
        writer.close()


async def load(port: int, path: str, connections: int, seconds: float) -> dict:
    """Warm up for 1 s, then measure `seconds` with `connections` keep-alive connections."""
    await asyncio.gather(*(_connection(port, path, time.perf_counter() + 1, [], []) for _ in range(connections)))
    latencies: list[float] = []
    errors: list[str] = []
    began = time.perf_counter()
    await asyncio.gather(*(_connection(port, path, began + seconds, latencies, errors) for _ in range(connections)))
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "rps": len(ordered) / elapsed,
        "p50_ms": statistics.median(ordered) * 1000 if ordered else float("nan"),
        "p99_ms": ordered[int(len(ordered) * 0.99) - 1] * 1000 if ordered else float("nan"),
        "errors": len(errors),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="putuo-bench-") as tmp:
        work = Path(tmp)
        env = {**os.environ, "PUTUO_INSTANCE_DIR": str(work), "DATABASE_URL": f"sqlite:///{work / 'bench.db'}",
               "SECRET_KEY": secrets.token_hex(16), "FLASK_APP": "web:create_app", "RATELIMIT_ENABLED": "0"}
        env.pop("REDIS_URL", None)
        subprocess.run([str(BIN / "flask"), "db", "upgrade"], cwd=REPO, env=env, check=True, capture_output=True)
        site_port, bare_port = free_port(), free_port()
        site_log, bare_log = work / "site.log", work / "bare.log"
        site = start("web:create_app()", site_port, env, site_log)
        bare = start("bench.bare_app:app", bare_port, env, bare_log)
        bill_path = "/api/v1/bill?usage_m3=250&people=3&period=year&lang=zh"
        try:
            wait_ready(f"http://127.0.0.1:{site_port}{bill_path}", site, site_log)
            wait_ready(f"http://127.0.0.1:{bare_port}/json", bare, bare_log)
            results = {
                "bill API  (GET /api/v1/bill)": asyncio.run(load(site_port, bill_path, args.connections, args.seconds)),
                "bare Flask (GET /json)      ": asyncio.run(load(bare_port, "/json", args.connections, args.seconds)),
            }
        finally:
            stop(site)
            stop(bare)
    print(f"gunicorn {' '.join(WORKERS[:6])}; {args.connections} keep-alive connections; "
          f"{args.seconds:g} s measured after 1 s warm-up; loopback; {os.cpu_count()} CPUs (client shares them)")
    for name, r in results.items():
        print(f"{name}  {r['rps']:8.0f} req/s  p50 {r['p50_ms']:6.1f} ms  p99 {r['p99_ms']:6.1f} ms  "
              f"({r['requests']} requests, {r['errors']} errors)")
    bill, bare = results.values()
    print(f"bill API throughput = {bill['rps'] / bare['rps']:.0%} of the bare Flask endpoint")
    return 0


if __name__ == "__main__":
    sys.exit(main())
