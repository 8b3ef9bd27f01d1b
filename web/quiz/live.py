"""The live channel of a live quiz: one state per event, the same for every phone.

A live event is a broadcast. Its state has a *version*: the event's revision (bumped by every
teacher action) plus whether the current question's answer is revealed (a matter of time:
deadline + ANSWER_GRACE). Each serving process keeps one `Channel` per event with phones
attached, and builds the state body (per language) and a copy of the public standings ONCE
per version. Phones get that body:

* by Server-Sent Events (`/api/v1/events/<code>/stream`): under gunicorn's gevent worker an
  open stream is a parked greenlet (a few KB), and ONE watcher per process reads the versions
  of the watched events every WATCH_SECONDS and wakes all their streams at once;
* or by polling (`/api/v1/events/<code>/live`, ETag = version, 304 when unchanged), which is
  what play.js falls back to when the stream fails, and what a thread worker serves instead of
  holding a stream (one message, then the browser reconnects after `retry`).

The only per-phone part is the phone's own line of the standings (rank, score), looked up in
the per-version copy: no database work per phone.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import socket
import threading
import time

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from web import clock
from web.extensions import db
from web.quiz import bank_play, services, standings

WATCH_SECONDS = 0.25
KEEPALIVE_SECONDS = 15.0
REPORT_SECONDS = 2.0
CONNECTED_FRESH = dt.timedelta(seconds=10)
POLL_SEEN_SECONDS = 8.0
TOP = 10
PROCESS = f"{socket.gethostname()[:40]}:{os.getpid()}"


def cooperative() -> bool:
    """True under gunicorn's gevent worker (monkey-patched sockets): a parked stream is cheap."""
    try:
        from gevent import monkey
    except ImportError:
        return False
    return monkey.is_module_patched("socket")


def epoch_ms(value: dt.datetime | None) -> int | None:
    if value is None:
        return None
    return int(value.replace(tzinfo=dt.timezone.utc).timestamp() * 1000)


def now_ms() -> int:
    return epoch_ms(clock.now())


def version_from(revision: int | None, phase: str, ends_at: dt.datetime | None, now: dt.datetime) -> str:
    revealed = phase == "question" and ends_at is not None and now >= ends_at + services.ANSWER_GRACE
    return f"{revision or 0}.{int(revealed)}"


def version_of(event, now: dt.datetime | None = None) -> str:
    return version_from(event.revision, event.phase, event.question_ends_at, now or clock.now())


def public_question(entry, lang: str) -> dict:
    eq_id, position, data = entry
    question = {"id": eq_id, "position": position, "kind": data["kind"], "text": data["text"][lang],
                "choices": [{"id": c["id"], "text": c["text"][lang]} for c in data["choices"]]}
    question.update(bank_play.extras(data, lang))
    return question


def reveal(entry, lang: str) -> dict:
    _eq_id, _position, data = entry
    shown = {"correct_choice_ids": [c["id"] for c in data["choices"] if c["correct"]],
             "explanation": data["explanation"][lang]}
    if data.get("answer"):
        shown["correct_answer"] = bank_play.correct_answer(data, lang)
    return shown


def source_line(entry, lang: str) -> dict | None:
    """The question's source as the play page shows it under the reveal (title, link, date,
    confidence), in `lang`, for the phones that draw the reveal from JSON."""
    source = entry[2].get("source")
    if not source:
        return None
    with force_locale(lang):
        label = current_app.jinja_env.globals.get("confidence_label", str)(source.get("confidence"))
        meta = [_("dated %(date)s", date=source["as_of"])] if source.get("as_of") else []
        meta.append(_("confidence: %(level)s", level=label))
        return {"label": _("Source:"), "title": source.get("title"), "url": source.get("url"), "meta": " · ".join(meta)}


def build_state(event, lang: str, board: standings.Standings | None, now: dt.datetime) -> dict:
    """The state every phone of the event sees (nothing in it is about one player)."""
    questions = services.event_questions(event)
    position = event.current_position
    current = questions[position] if 0 <= position < len(questions) else None
    revealed = services.revealed(event, now)
    state = {"version": version_of(event, now), "code": event.code, "title": event.title, "phase": event.phase,
             "total": len(questions), "leaderboard_visible": event.leaderboard == "show",
             "grace_ms": int(services.ANSWER_GRACE.total_seconds() * 1000),
             "question": None, "ends_at_ms": None, "status": "not_open"}
    if event.phase == "finished":
        state["status"] = "event_over"
    elif current is not None and event.phase == "question":
        state["question"] = dict(public_question(current, lang), number=position + 1)
        state["ends_at_ms"] = epoch_ms(event.question_ends_at)
        state["status"] = "closed" if revealed else "open"
        if revealed:
            state["reveal"] = dict(reveal(current, lang), source=source_line(current, lang))
    if board is not None and event.leaderboard == "show" and (revealed or event.phase == "finished"):
        state["top"] = [{"rank": p["rank"], "nickname": p["nickname"], "score": p["score"]}
                        for p in board.players[:TOP]]
        state["frozen"] = board.frozen
    return state


class Channel:
    """One event's live state in this process: the bodies of the current version, the public
    standings at that version, and the phones attached (streams and recent pollers)."""

    def __init__(self, event_id: int):
        self.event_id = event_id
        self.version: str | None = None
        self.bodies: dict[str, str] = {}
        self.mine: dict[int, dict] = {}
        self.show_rank = True
        self.changed = threading.Event()
        self.streams: dict[int, int] = {}
        self.polled: dict[int, float] = {}
        self.lock = threading.Lock()
        self.idle_since = time.monotonic()

    def ensure(self, event, now: dt.datetime | None = None) -> str:
        """Bring the channel to the event's current version (built once, whoever asks first)."""
        now = now or clock.now()
        version = version_of(event, now)
        if version == self.version:
            return version
        with self.lock:
            if version == self.version:
                return version
            services.remember_live(event)  # the answers' fast path starts from the new question at once
            board = standings.get_standings(event, public=True, fresh=True)
            bodies = {lang: json.dumps(build_state(event, lang, board, now), ensure_ascii=False,
                                       separators=(",", ":")) for lang in ("zh", "en")}
            total = len(board.players)
            self.mine = {p["id"]: {"rank": p["rank"], "of": total, "score": p["score"], "answered": p["answered"],
                                   "correct": p["correct"]} for p in board.players}
            self.show_rank = event.leaderboard == "show"
            self.bodies, self.version = bodies, version
            previous, self.changed = self.changed, threading.Event()
        previous.set()  # wake every stream waiting on the old version
        return version

    def me(self, player_id: int) -> dict | None:
        line = self.mine.get(player_id)
        if line is None:
            return None
        if not self.show_rank:
            return {k: v for k, v in line.items() if k not in ("rank", "of")}
        return line

    def message(self, player_id: int, lang: str) -> str:
        """`{"state": …, "me": …, "now_ms": …}`: the shared body pasted in, the phone's line added."""
        body = self.bodies.get(lang) or self.bodies.get("zh") or "null"
        return ('{"state":' + body + ',"me":' + json.dumps(self.me(player_id)) + ',"now_ms":'
                + str(now_ms()) + "}")

    def phones(self) -> int:
        cutoff = time.monotonic() - POLL_SEEN_SECONDS
        recent = {pid for pid, seen in self.polled.items() if seen >= cutoff}
        return len(recent | set(self.streams))

    def attach(self, player_id: int) -> None:
        with self.lock:
            self.streams[player_id] = self.streams.get(player_id, 0) + 1

    def detach(self, player_id: int) -> None:
        with self.lock:
            left = self.streams.get(player_id, 0) - 1
            if left > 0:
                self.streams[player_id] = left
            else:
                self.streams.pop(player_id, None)
            if not self.streams:
                self.idle_since = time.monotonic()

    def saw(self, player_id: int) -> None:
        self.polled[player_id] = time.monotonic()
        if len(self.polled) > 20_000:
            cutoff = time.monotonic() - POLL_SEEN_SECONDS
            self.polled = {pid: seen for pid, seen in self.polled.items() if seen >= cutoff}


class Hub:
    """This process's channels and its one watcher (started with the first stream)."""

    def __init__(self):
        self.channels: dict[int, Channel] = {}
        self._lock = threading.Lock()
        self._watcher: threading.Thread | None = None
        self._last_report = 0.0

    def channel(self, event) -> Channel:
        key = (event.id, event.code)  # ids recur after a delete; codes do not recur with them
        channel = self.channels.get(key)
        if channel is None:
            with self._lock:
                channel = self.channels.setdefault(key, Channel(event.id))
        channel.ensure(event)
        return channel

    def start_watcher(self, app) -> None:
        if self._watcher is not None and self._watcher.is_alive():
            return
        with self._lock:
            if self._watcher is None or not self._watcher.is_alive():
                self._watcher = threading.Thread(target=self._watch, args=(app,), name="quiz-live-watcher",
                                                 daemon=True)
                self._watcher.start()

    def _watch(self, app) -> None:
        own = watcher_engine(app)
        while True:
            time.sleep(WATCH_SECONDS)
            try:
                with app.app_context():
                    if own is not None:  # this context's `db.session` uses the watcher's own connection
                        db.session.registry.set(Session(bind=own))
                    self.tick()
            except Exception:  # keep watching: a failed read (database restart) is retried next tick
                app.logger.warning("quiz live watcher", exc_info=True)
                time.sleep(1)

    def tick(self) -> None:
        """One look at the versions of every watched event; rebuild and wake what changed."""
        from web.quiz.models import QuizEvent

        try:
            self._forget_idle()
            ids = [event_id for event_id, _code in self.channels]
            if not ids:
                return
            now = clock.now()
            rows = db.session.execute(select(QuizEvent.id, QuizEvent.revision, QuizEvent.phase,
                                             QuizEvent.question_ends_at).where(QuizEvent.id.in_(ids))).all()
            by_id = {channel.event_id: channel for channel in list(self.channels.values())}
            gone = set(ids) - {row.id for row in rows}  # deleted by its teacher: stop watching it
            for key in [key for key in self.channels if key[0] in gone]:
                self.channels.pop(key, None)
            for row in rows:
                channel = by_id.get(row.id)
                if channel is not None and version_from(row.revision, row.phase, row.question_ends_at,
                                                        now) != channel.version:
                    event = db.session.get(QuizEvent, row.id)
                    channel.ensure(event, now)
            self.report(force=False)
        finally:
            db.session.remove()

    def _forget_idle(self) -> None:
        cutoff = time.monotonic() - 120
        for key, channel in list(self.channels.items()):
            if not channel.streams and channel.idle_since < cutoff and not channel.phones():
                self.channels.pop(key, None)

    def report(self, force: bool = True) -> None:
        """Write this process's phone counts (at most every REPORT_SECONDS)."""
        if not force and time.monotonic() - self._last_report < REPORT_SECONDS:
            return
        self._last_report = time.monotonic()
        counts = {channel.event_id: channel.phones() for channel in self.channels.values()}
        if counts:
            record_connections(counts)


def watcher_engine(app):
    """The watcher's own database connection (one per process, outside the requests' pool).

    The watcher serves every phone of the process; when a whole school joins at once on a busy
    machine, requests can hold every pooled connection for a while, and a watcher queueing
    behind them (up to the pool's 30 s timeout) delayed each new question by as long. With its
    own connection it never waits for one. None (use the shared pool) if one cannot be made."""
    try:
        with app.app_context():
            url = db.engine.url  # as Flask-SQLAlchemy resolved it (a relative SQLite path, in the instance folder)
        if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
            return None  # another connection would see another, empty database
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options.update(pool_size=1, max_overflow=0, pool_pre_ping=True)
        return create_engine(url, **options)
    except Exception:
        app.logger.warning("quiz live watcher: no connection of its own", exc_info=True)
        return None


def record_connections(counts: dict[int, int]) -> None:
    """Upsert this process's phone count per event; events deleted meanwhile are skipped."""
    from web.quiz.models import QuizConnection, QuizEvent

    existing = set(db.session.scalars(select(QuizEvent.id).where(QuizEvent.id.in_(list(counts)))))
    counts = {event_id: phones for event_id, phones in counts.items() if event_id in existing}
    if not counts:
        return

    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    now = clock.now()
    for event_id, phones in counts.items():
        statement = insert(QuizConnection).values(process=PROCESS, event_id=event_id, phones=phones, seen_at=now)
        db.session.execute(statement.on_conflict_do_update(
            index_elements=["process", "event_id"], set_={"phones": phones, "seen_at": now}))
    db.session.commit()


def connected_phones(event) -> int:
    """Phones with the live channel open (or polling) across all processes and instances."""
    from web.quiz.models import QuizConnection

    cutoff = clock.now() - CONNECTED_FRESH
    return int(db.session.scalar(select(func.coalesce(func.sum(QuizConnection.phones), 0)).where(
        QuizConnection.event_id == event.id, QuizConnection.seen_at >= cutoff)) or 0)


hub = Hub()


def retry_ms() -> int:
    """The reconnect delay the browser is told: jittered so a restart is not a stampede."""
    return random.randint(1500, 4000)


def stream(channel: Channel, player_id: int, lang: str, last_version: str | None):
    """The SSE body for one phone: the state now, then on every version change, with a
    comment line every KEEPALIVE_SECONDS so proxies keep the connection. A phone whose player
    is missing from a copy rebuilt after it connected was removed by the teacher: its stream
    ends, and the browser's reconnect gets the 410 that tells the page."""
    channel.attach(player_id)
    try:
        yield f"retry: {retry_ms()}\n\n"
        sent, first = last_version, True
        while True:
            changed = channel.changed
            if channel.version != sent:
                sent = channel.version
                yield f"id: {sent}\ndata: {channel.message(player_id, lang)}\n\n"
                if not first and channel.me(player_id) is None:
                    return  # gone from a rebuilt copy: removed by the teacher; the reconnect is told (410)
                first = False
                continue
            first = False
            if not changed.wait(KEEPALIVE_SECONDS):
                yield ": keep-alive\n\n"
    finally:
        channel.detach(player_id)


def single_message(channel: Channel, player_id: int, lang: str) -> str:
    """What a thread worker sends instead of holding a stream: the state, then reconnect."""
    return f"retry: {retry_ms()}\nid: {channel.version}\ndata: {channel.message(player_id, lang)}\n\n"

