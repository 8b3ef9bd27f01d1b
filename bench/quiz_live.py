"""Live quiz benchmark, browser-faithful: thousands of phones in one asyncio load generator.

Each simulated phone does what a browser on the pages does: GET the join page (and, once, the
stylesheets and scripts it references), POST the join form with its CSRF token, GET the play
page with its `quiz_<code>` cookie, then open the live channel exactly as play.js does
(EventSource on /stream, reconnecting after `retry`; after three failed connections it polls
/live every 1.5–2.5 s with If-None-Match, honouring Retry-After), draws each new state, and
answers each open question after a think time (some phones answer in the last second). A
teacher signs in, opens the projector (polled every second as projector.js does) and starts,
advances and finishes the event through the control form.

The servers are started from this repository the way `make run` starts them: the Procfile's
`web:` line (gevent workers), on free loopback ports, and stopped at the end.

    .venv/bin/python bench/quiz_live.py --students 300
    .venv/bin/python bench/quiz_live.py --students 2000 --questions 4 --seconds 20
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/8 \\
        .venv/bin/python bench/quiz_live.py --students 5000 --instances 2
      (a fresh PostgreSQL database is created and dropped, named after QUIZ_BENCH_DB_PREFIX;
       the Redis DB is flushed)

Prints per request kind p50/p95/p99 and failures; answers sent / accepted / refused and the
share of in-window answers accepted; for each question the seconds until 50% / 95% / 100% of
phones had it after the teacher's click; whether the leaderboard counts every accepted
answer; the load generator's CPU share; server CPU; server memory per idle connected phone.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.support import free_port, fresh_postgres_database, start, stop, wait_for  # noqa: E402

BIN = ROOT / ".venv" / "bin"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')
DATA = re.compile(r'data-([a-z-]+)="([^"]*)"')
GRACE_S = 1.5
JOIN_PATIENCE_S = 180.0  # how long a pupil keeps the "busy, retrying" page open before giving up


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


class Stats:
    def __init__(self):
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.failures: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.answers_sent = self.accepted = self.refused = 0
        self.in_window_sent = self.in_window_accepted = 0
        self.refusals: dict[str, int] = defaultdict(int)
        self.stream_drops = 0
        self.busy: dict[str, int] = defaultdict(int)  # 503 + Retry-After, waited out and retried
        self.streams_open = 0
        self.poll_fallbacks = 0
        self.received: dict[str, dict[int, float]] = defaultdict(dict)  # version → phone → time
        self.question_of: dict[str, int] = {}
        self.answer_ms: dict[int, list[float]] = defaultdict(list)  # question number → send to reply (retries incl.)

    def ok(self, kind: str, seconds: float) -> None:
        self.latency[kind].append(seconds * 1000)

    def fail(self, kind: str, why: str) -> None:
        self.failures[kind][why] += 1


class Phone:
    def __init__(self, index: int, urls: list[str], code: str, stats: Stats, args, assets: dict):
        self.index, self.urls, self.code, self.stats, self.args = index, urls, code, stats, args
        # Its own connections, as a phone has (a browser keeps up to 6 per host); a pool shared by
        # all phones hands out keep-alive sockets the server has already closed, and waits.
        self.session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit_per_host=6),
                                             cookie_jar=aiohttp.CookieJar(unsafe=True),
                                             timeout=aiohttp.ClientTimeout(total=None, sock_connect=30))
        self.assets = assets
        self.token = ""
        self.version = ""
        self.offset_ms = 0.0
        self.answered: set[str] = set()
        self.failures = 0
        self.etag = None
        self.done = asyncio.Event()
        self.rng = random.Random(index)

    def url(self) -> str:
        return self.rng.choice(self.urls)  # with --instances 2 any request may hit either instance

    async def request(self, kind: str, method: str, path: str, ok=(200, 201, 302, 303, 304), **kwargs):
        started = time.perf_counter()
        try:
            async with self.session.request(method, self.url() + path, allow_redirects=False,
                                            timeout=aiohttp.ClientTimeout(total=60), **kwargs) as response:
                body = await response.read()
                elapsed = time.perf_counter() - started
                if response.status in ok:
                    self.stats.ok(kind, elapsed)
                else:
                    self.stats.fail(kind, str(response.status))
                return response, body
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            self.stats.fail(kind, type(exc).__name__)
            return None, b""

    async def patient(self, kind: str, method: str, path: str, **kwargs):
        """A request as the page makes it when the server is busy: a 503 with Retry-After (the
        join gate's "busy, retrying" page) is waited out and sent again — after Retry-After for a
        page view (its meta refresh), plus up to a second for a form (busy.js) — until
        JOIN_PATIENCE_S has gone by. Counted as `busy`, not as a failure, unless it never ends."""
        deadline = time.monotonic() + JOIN_PATIENCE_S
        while True:
            response, body = await self.request(kind, method, path, ok=(200, 201, 302, 303, 304, 503), **kwargs)
            if response is None or response.status != 503 or "Retry-After" not in response.headers:
                return response, body
            self.stats.latency[kind].pop()  # a refusal is not a served request: counted apart
            self.stats.busy[kind] += 1
            wait = float(response.headers["Retry-After"]) + (self.rng.random() if method == "POST" else 0)
            if time.monotonic() + wait > deadline:
                self.stats.fail(kind, "busy until given up")
                return None, b""
            await asyncio.sleep(wait)

    async def join(self) -> bool:
        response, body = await self.patient("join_page", "GET", f"/join?code={self.code}")
        if response is None or response.status != 200:
            return False
        page = body.decode()
        for asset in ASSET.findall(page):  # the browser's first visit fetches them; then cached
            if asset not in self.assets:
                await self.request("static", "GET", asset)
        token = CSRF.search(page)
        name = f"Phone {self.index}x" if self.index >= 0 else f"Warm {-self.index}x"
        form = {"csrf_token": token.group(1) if token else "", "nickname": name, "class_label": ""}
        response, _ = await self.patient("join_post", "POST", f"/join?code={self.code}", data=form)
        if response is None or response.status != 302:
            return False
        response, body = await self.patient("play_page", "GET", f"/play/{self.code}")
        if response is None or response.status != 200:
            return False
        attrs = dict(DATA.findall(body.decode()))
        self.token = attrs.get("token", "")
        self.version = attrs.get("version", "")
        self.offset_ms = int(attrs.get("server-now-ms", "0") or 0) - time.time() * 1000
        self.stats.received[self.version].setdefault(self.index, time.monotonic())  # the page shows it
        return bool(self.token)

    def server_now_ms(self) -> float:
        return time.time() * 1000 + self.offset_ms

    async def apply(self, message: dict) -> None:
        if message.get("now_ms"):
            self.offset_ms = message["now_ms"] - time.time() * 1000
        state = message["state"]
        if state["version"] == self.version:
            return
        self.version = state["version"]
        self.stats.received[self.version].setdefault(self.index, time.monotonic())
        if state["phase"] == "finished":
            self.done.set()
        question = state.get("question")
        if question and state["status"] == "open" and str(question["id"]) not in self.answered:
            self.answered.add(str(question["id"]))
            asyncio.get_running_loop().create_task(self.answer(question, state["ends_at_ms"]))

    async def answer(self, question: dict, ends_at_ms: int) -> None:
        left = (ends_at_ms - self.server_now_ms()) / 1000
        if self.rng.random() < self.args.last_second:
            think = max(0.2, left - self.rng.uniform(0.2, 0.9))  # the "1 s" on the countdown
        else:
            think = self.rng.uniform(1.0, max(1.5, min(left * 0.8, 12)))
        await asyncio.sleep(think)
        if self.server_now_ms() >= ends_at_ms:
            return  # play.js disables the form at 0
        choice = [self.rng.choice(question["choices"])["id"]]
        in_window = self.server_now_ms() < ends_at_ms
        self.stats.answers_sent += 1
        self.stats.in_window_sent += in_window
        sent = time.perf_counter()
        for attempt in range(4):
            response, body = await self.request("answer", "POST", f"/api/v1/events/{self.code}/answers",
                                                ok=(200, 201), json={"question_id": question["id"], "choice_ids": choice},
                                                headers={"Authorization": "Bearer " + self.token})
            if response is not None and response.status in (429, 503) and attempt < 3:
                await asyncio.sleep(float(response.headers.get("Retry-After", 1)) + self.rng.random())
                continue
            break
        if response is not None:
            self.stats.answer_ms[int(question.get("number") or 0)].append(1000 * (time.perf_counter() - sent))
        if response is not None and response.status in (200, 201):
            reply = json.loads(body)
            if reply.get("accepted"):
                self.stats.accepted += 1
                self.stats.in_window_accepted += in_window
            else:
                self.stats.refused += 1
                self.stats.refusals[reply.get("reason", "?")] += 1
        else:
            self.stats.refused += 1
            with contextlib.suppress(Exception):
                self.stats.refusals[json.loads(body)["error"]["message"][:40]] += 1

    async def stream(self) -> None:
        """EventSource as play.js uses it, then polling after three failed connections."""
        retry_ms = 2000
        while not self.done.is_set():
            if self.failures >= 3:
                self.stats.poll_fallbacks += 1
                await self.poll()
                return
            started = time.perf_counter()
            try:
                headers = {"Accept": "text/event-stream"}
                if self.version:
                    headers["Last-Event-ID"] = self.version
                async with self.session.get(self.url() + f"/api/v1/events/{self.code}/stream", headers=headers,
                                            timeout=aiohttp.ClientTimeout(total=None, sock_connect=30,
                                                                          sock_read=60)) as response:
                    if response.status != 200:
                        self.stats.fail("stream_open", str(response.status))
                        self.failures += 1
                        await asyncio.sleep(2 ** self.failures + self.rng.random() * 2)
                        continue
                    self.stats.ok("stream_open", time.perf_counter() - started)
                    self.failures = 0
                    data: list[str] = []
                    self.stats.streams_open += 1
                    try:
                        async for raw in response.content:
                            line = raw.decode().rstrip("\r\n")
                            if not line:
                                if data:
                                    await self.apply(json.loads("\n".join(data)))
                                    if self.done.is_set():
                                        return
                                data = []
                            elif line.startswith("data:"):
                                data.append(line[5:].lstrip())
                            elif line.startswith("retry:"):
                                retry_ms = int(line[6:].strip())
                    finally:
                        self.stats.streams_open -= 1
                    # a clean end (a thread worker sends one message): reconnect after `retry`
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                self.stats.fail("stream", type(exc).__name__)
                self.stats.stream_drops += 1
            if not self.done.is_set():
                await asyncio.sleep(retry_ms / 1000)

    async def poll(self) -> None:
        while not self.done.is_set():
            headers = {"Authorization": "Bearer " + self.token}
            if self.etag:
                headers["If-None-Match"] = self.etag
            response, body = await self.request("live_poll", "GET", f"/api/v1/events/{self.code}/live", headers=headers)
            wait = self.rng.uniform(1.5, 2.5)
            if response is not None and response.status == 200:
                self.etag = response.headers.get("ETag")
                await self.apply(json.loads(body))
            elif response is not None and response.status in (429, 503):
                wait = float(response.headers.get("Retry-After", 2)) * (1 + self.rng.random())
            await asyncio.sleep(wait)

    async def close(self) -> None:
        await self.session.close()


class Teacher:
    def __init__(self, url: str, username: str, password: str, event_id: int, stats: Stats):
        self.url, self.username, self.password, self.event_id, self.stats = url, username, password, event_id, stats
        self.session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.projector_running = True
        self.last_live: dict = {}

    async def sign_in(self) -> None:
        async with self.session.get(self.url + "/staff/login") as response:
            token = CSRF.search(await response.text()).group(1)
        async with self.session.post(self.url + "/staff/login", allow_redirects=False, data={
                "csrf_token": token, "username": self.username, "password": self.password}) as response:
            assert response.status == 302, await response.text()

    async def control(self, action: str) -> float:
        async with self.session.get(self.url + f"/staff/quiz/{self.event_id}/projector") as response:
            token = CSRF.search(await response.text()).group(1)
        clicked = time.monotonic()
        started = time.perf_counter()
        async with self.session.post(self.url + f"/staff/quiz/{self.event_id}/control", allow_redirects=False,
                                     data={"csrf_token": token, "action": action, "next": "projector"}) as response:
            if response.status == 302:
                self.stats.ok("teacher_control", time.perf_counter() - started)
            else:
                self.stats.fail("teacher_control", str(response.status))
        return clicked

    async def projector(self) -> None:
        while self.projector_running:
            started = time.perf_counter()
            try:
                async with self.session.get(self.url + f"/staff/quiz/{self.event_id}/live.json") as response:
                    if response.status == 200:
                        self.last_live = await response.json()
                        self.stats.ok("projector", time.perf_counter() - started)
                    else:
                        self.stats.fail("projector", str(response.status))
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                self.stats.fail("projector", type(exc).__name__)
            await asyncio.sleep(1.0)


async def warm_up(urls: list[str], code: str, stats_kinds: Stats) -> None:
    """A server that has been up for a while: templates compiled, catalogs loaded and lazy
    imports done in every worker, by a few phones that join and listen once (their players
    have no answers, so they do not change the leaderboard check)."""
    scratch = Stats()
    for url in urls:
        for index in range(4):
            phone = Phone(-1 - index - 10 * urls.index(url), [url], code, scratch, None, {})
            if await phone.join():
                async with phone.session.get(url + f"/api/v1/events/{code}/stream",
                                             timeout=aiohttp.ClientTimeout(total=5)) as response:
                    await response.content.readline()
            await phone.close()


# ---- servers ---------------------------------------------------------------------------------

def procfile_web() -> str:
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith("web:"):
            return line[4:].strip()
    raise SystemExit("no web: line in the Procfile")


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
    return found


def tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        todo.extend(children(current))
    return pids


def rss_kb(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total


def cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


@contextlib.contextmanager
def servers(env: dict, instances: int, workdir: Path):
    """The Procfile's web line, once per instance, on free loopback ports."""
    command = os.environ.get("QUIZ_BENCH_WEB_COMMAND") or procfile_web()  # to compare worker settings
    processes, urls = [], []
    try:
        for index in range(instances):
            port = free_port()
            log = workdir / f"web{index}.log"
            process = start(["bash", "-c", f"exec {command}"], log, {**env, "WEB_PORT": str(port)})
            processes.append(process)
            wait_for(f"http://127.0.0.1:{port}/healthz", 60, process, log)
            urls.append(f"http://127.0.0.1:{port}")
        yield urls, processes
    finally:
        for process in processes:
            stop(process)


def flask(env: dict, *args: str) -> str:
    return subprocess.run([str(BIN / "flask"), *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True).stdout


async def run(args, urls: list[str], processes, env: dict, code: str, event_id: int, teacher_login) -> dict:
    stats = Stats()
    assets: dict = {}
    phones = [Phone(i, urls, code, stats, args, assets) for i in range(args.students)]
    teacher = Teacher(urls[0], *teacher_login, event_id, stats)
    await teacher.sign_in()
    await warm_up(urls, code, stats)
    projector = asyncio.create_task(teacher.projector())
    pids = [pid for process in processes for pid in tree(process.pid)]
    rss_before = rss_kb(pids)
    cpu_start, wall_start = resource.getrusage(resource.RUSAGE_SELF), time.monotonic()
    server_cpu_start = cpu_seconds(pids)

    # joins spread over --join-seconds (pupils scanning the QR code), each phone then listens
    async def arrive(phone: Phone):
        await asyncio.sleep(phone.rng.uniform(0, args.join_seconds))
        if await phone.join():
            await phone.stream()
        else:
            stats.fail("phone", "could not join")

    tasks = [asyncio.create_task(arrive(phone)) for phone in phones]
    await asyncio.sleep(args.join_seconds + 5)
    for _ in range(60):  # until every joined phone holds the lobby state
        if stats.streams_open >= args.students - sum(stats.failures.get("phone", {}).values()):
            break
        await asyncio.sleep(1)
    await asyncio.sleep(3)
    pids = [pid for process in processes for pid in tree(process.pid)]
    rss_idle = rss_kb(pids)
    connected_seen = teacher.last_live.get("connected")
    listening = stats.streams_open

    questions = []
    server_cpu_questions = cpu_seconds(pids)
    for number in range(args.questions):
        clicked = await teacher.control("start" if number == 0 else "next")
        questions.append(clicked)
        await asyncio.sleep(args.seconds + GRACE_S + args.reveal_seconds)
    finish_click = await teacher.control("next")  # past the last question: the quiz finishes
    server_cpu_questions = cpu_seconds(pids) - server_cpu_questions
    questions_wall = finish_click - questions[0] if questions else 0.0
    await asyncio.sleep(5)
    teacher.projector_running = False
    for phone in phones:
        phone.done.set()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    cpu_end, wall_end = resource.getrusage(resource.RUSAGE_SELF), time.monotonic()
    pids = [pid for process in processes for pid in tree(process.pid)]
    server_cpu = cpu_seconds(pids) - server_cpu_start
    await asyncio.sleep(FRESH_WAIT)
    board_url = urls[-1] + f"/api/v1/events/{code}/leaderboard"
    async with aiohttp.ClientSession() as session, session.get(board_url) as response:
        board = await response.json()
    projector.cancel()
    await teacher.session.close()
    for phone in phones:
        await phone.close()

    # when did phones get each question (versions are "revision.revealed": question k = revision k+1, .0)
    spread = []
    clicks = [*questions, finish_click]
    for number, clicked in enumerate(clicks):
        version = f"{number + 1}.0"
        times = [t - clicked for t in stats.received.get(version, {}).values()]
        joined = len(stats.received.get("0.0", {})) or args.students
        times_all = times + [float("inf")] * max(0, joined - len(times))
        spread.append({"question": number + 1 if number < len(questions) else "finish", "phones": len(times),
                       "p50_s": percentile(times_all, 50), "p95_s": percentile(times_all, 95),
                       "max_s": max(times) if times else float("nan")})
    gen_cpu = (cpu_end.ru_utime - cpu_start.ru_utime) + (cpu_end.ru_stime - cpu_start.ru_stime)
    joined = len(stats.received.get("0.0", {}))
    return {"stats": stats, "spread": spread, "board": board, "gen_cpu": gen_cpu, "wall": wall_end - wall_start,
            "server_cpu": server_cpu, "server_cpu_questions": server_cpu_questions, "questions_wall": questions_wall,
            "rss_before_kb": rss_before, "rss_idle_kb": rss_idle, "joined": joined,
            "listening": listening, "urls": urls,
            "connected_seen": connected_seen}


FRESH_WAIT = 1.5


def report(args, result: dict, stored: int, summed: int) -> None:
    stats: Stats = result["stats"]
    print(f"\nstudents {args.students}, questions {args.questions} × {args.seconds} s, instances {args.instances}, "
          f"database {'PostgreSQL' if args.postgres else 'SQLite'}{' + Redis' if args.redis else ''}")
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} (1/5/15 min)")
    print(f"\n{'request':16} {'count':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  failures")
    kinds = sorted(set(stats.latency) | set(stats.failures))
    for kind in kinds:
        values = stats.latency.get(kind, [])
        fails = dict(stats.failures.get(kind, {}))
        print(f"{kind:16} {len(values):7} {percentile(values, 50):8.0f} {percentile(values, 95):8.0f} "
              f"{percentile(values, 99):8.0f}  {sum(fails.values())} {fails if fails else ''}")
    if stats.busy:
        print("refused as busy (503 + Retry-After), waited out and retried, not failures: "
              + ", ".join(f"{kind} {count}" for kind, count in sorted(stats.busy.items())))
    print(f"\nphones joined {result['joined']} / {args.students}, streams open in the lobby {result['listening']}; "
          f"stream drops "
          f"{stats.stream_drops}; phones that fell back to polling {stats.poll_fallbacks}")
    print(f"teacher's projector saw {result['connected_seen']} phones connected in the lobby")
    share = 100 * stats.in_window_accepted / stats.in_window_sent if stats.in_window_sent else float("nan")
    print(f"answers sent {stats.answers_sent}, accepted {stats.accepted}, refused {stats.refused} "
          f"{dict(stats.refusals) if stats.refusals else ''}; in-window accepted {stats.in_window_accepted}/"
          f"{stats.in_window_sent} = {share:.2f}%")
    if stats.answer_ms:
        print("answer time by question (send to reply, retries included): " + "; ".join(
            f"q{number} p50 {percentile(values, 50):.0f} / p99 {percentile(values, 99):.0f} ms"
            for number, values in sorted(stats.answer_ms.items())))
    print("\nseconds from the teacher's click until phones had the new state:")
    print(f"{'question':>9} {'phones':>7} {'50%':>7} {'95%':>7} {'100%':>7}")
    for row in result["spread"]:
        print(f"{row['question']!s:>9} {row['phones']:7} {row['p50_s']:7.2f} {row['p95_s']:7.2f} {row['max_s']:7.2f}")
    board_answers = sum(p["answered"] for p in result["board"].get("players", []))
    print(f"\nleaderboard counts {board_answers} answers; database stores {stored} (running totals {summed}); "
          f"accepted {stats.accepted}: {'OK' if board_answers == stored == summed == stats.accepted else 'MISMATCH'}")
    print(f"load generator CPU: {result['gen_cpu']:.1f} s over {result['wall']:.0f} s = "
          f"{100 * result['gen_cpu'] / result['wall']:.0f}% of one core; server CPU {result['server_cpu']:.1f} s "
          f"= {100 * result['server_cpu'] / result['wall']:.0f}% of one core")
    if stats.answers_sent and result["questions_wall"]:
        print(f"server CPU while the questions ran: {result['server_cpu_questions']:.1f} s over "
              f"{result['questions_wall']:.0f} s = {1000 * result['server_cpu_questions'] / stats.answers_sent:.1f} ms "
              f"per answer sent (answers, streams, projector and all)")
    delta = result["rss_idle_kb"] - result["rss_before_kb"]
    if result["listening"]:
        print(f"server memory: {result['rss_before_kb'] / 1024:.0f} MB before, {result['rss_idle_kb'] / 1024:.0f} MB "
              f"with {result['listening']} idle phones connected = {delta / result['listening']:.1f} KB per phone")


def live_event(args, database_url: str | None, redis_url: str | None) -> dict:
    """Fresh database, teacher and event; the Procfile's servers; the phones; the figures.
    (tests/scale/test_live_event.py calls this too.)"""
    args.postgres = bool(database_url and database_url.startswith("postgresql"))
    args.redis = bool(redis_url)
    with contextlib.ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="quiz-live-")))
        if args.postgres:
            database_url = stack.enter_context(fresh_postgres_database(
                database_url, prefix=os.environ.get("QUIZ_BENCH_DB_PREFIX", "putuo_quizlive")))
        else:
            database_url = f"sqlite:///{workdir / 'quiz.db'}"
        env = {**os.environ, "FLASK_APP": "web:create_app", "PUTUO_INSTANCE_DIR": str(workdir),
               "DATABASE_URL": database_url, "SECRET_KEY": secrets.token_hex(16), "BOT_URL": "http://127.0.0.1:9",
               "PYTHONPATH": str(ROOT)}
        if args.redis:
            import redis

            redis.Redis.from_url(redis_url).flushdb()
            env["REDIS_URL"] = redis_url
        else:
            env.pop("REDIS_URL", None)
        flask(env, "db", "upgrade")
        username, password = "bench-teacher", "Tq-" + secrets.token_urlsafe(18)
        flask(env, "staff", "create-user", username, "--role", "teacher", "--password", password)
        code = flask(env, "quiz", "create-event", "--mode", "live", "--questions", str(args.questions),
                     "--seconds", str(args.seconds), "--teacher", username).strip().splitlines()[-1]
        from sqlalchemy import create_engine, text

        engine = create_engine(database_url)
        with engine.connect() as conn:
            event_id = conn.execute(text("SELECT id FROM quiz_events WHERE code = :c"), {"c": code}).scalar()
        print(f"uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
        urls, processes = stack.enter_context(servers(env, args.instances, workdir))
        result = asyncio.run(run(args, urls, processes, env, code, event_id, (username, password)))
        with engine.connect() as conn:
            result["stored"] = conn.execute(text("SELECT count(*) FROM quiz_answers WHERE event_id = :e"),
                                            {"e": event_id}).scalar()
            result["summed"] = conn.execute(text(
                "SELECT coalesce(sum(answered), 0) FROM quiz_players WHERE event_id = :e"), {"e": event_id}).scalar()
        engine.dispose()
        for process in processes:
            stop(process)
        if os.environ.get("QUIZ_BENCH_KEEP_LOGS"):  # a folder to copy the server logs to
            import shutil

            for log in workdir.glob("web*.log"):
                shutil.copy(log, Path(os.environ["QUIZ_BENCH_KEEP_LOGS"]) / log.name)
        lines: list[str] = []
        served: dict[str, list[float]] = defaultdict(list)
        errors: list[str] = []
        for log in sorted(workdir.glob("web*.log")):
            for line in log.read_text(errors="replace").splitlines():
                if '"web.access"' in line:
                    with contextlib.suppress(ValueError, KeyError):
                        entry = json.loads(line)
                        path = re.sub(r"/\d+", "/N", entry["path"].split("?")[0])
                        served[f"{entry['method']} {path}"].append(float(entry["ms"]))
                elif '"level": "ERROR"' in line or "Traceback" in line or "[CRITICAL]" in line:
                    errors.append(f"{log.name}: {line[:300]}")
        lines.append("\nserver-side time (access log; a stream's time is how long it stayed open):")
        for path, values in sorted(served.items(), key=lambda item: -len(item[1]))[:10]:
            lines.append(f"  {path:40} {len(values):7} p50 {percentile(values, 50):7.0f} ms  "
                         f"p99 {percentile(values, 99):7.0f} ms")
        if errors:
            lines.append(f"{len(errors)} error lines in the server logs, first: {errors[0]}")
        result["server_lines"], result["server_errors"] = lines, errors
        return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--questions", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=20, help="seconds per question")
    parser.add_argument("--instances", type=int, default=1, help="site instances (2 needs DATABASE_URL + REDIS_URL)")
    parser.add_argument("--join-seconds", type=float, default=None,
                        help="joins spread over this long (default: students / 40, at least 10)")
    parser.add_argument("--reveal-seconds", type=float, default=4.0, help="the teacher waits this long at a reveal")
    parser.add_argument("--last-second", type=float, default=0.05, help="share of answers sent in the last second")
    args = parser.parse_args()
    args.join_seconds = args.join_seconds if args.join_seconds is not None else max(10.0, args.students / 40)
    database_url, redis_url = os.environ.get("DATABASE_URL"), os.environ.get("REDIS_URL")
    if args.instances > 1 and not (database_url and database_url.startswith("postgresql") and redis_url):
        raise SystemExit("--instances 2 needs DATABASE_URL (PostgreSQL) and REDIS_URL")
    result = live_event(args, database_url, redis_url)
    report(args, result, result["stored"], result["summed"])
    for line in result["server_lines"]:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
