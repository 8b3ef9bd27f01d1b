"""Admission control for the join storm: a few joins at a time per process, the rest told to
come back in a moment — before they touch the database.

When a whole school scans the QR code at once, every join (join page, join form, first play
page) needs a few milliseconds of CPU and, meanwhile, a pooled database connection. Under the
gevent worker thousands of them start together: each takes a connection at its first query,
then waits for the CPU while holding it, and those beyond the pool wait up to its 30 s timeout
for a 503. So a join first passes this gate: at most QUIZ_JOIN_CONCURRENCY run at once in this
process, up to QUIZ_JOIN_QUEUE more wait for a slot for at most QUIZ_JOIN_WAIT_SECONDS (a
parked greenlet, no connection), and the others get at once a 503 with a jittered
`Retry-After`: the JSON API an error body, a page a small "busy, retrying" page (a GET
reloads itself with a meta refresh; a refused join form is offered again with what the pupil
entered, and quiz/busy.js sends it again after the wait). Phones that finally join are fine;
nothing waits on the pool.

How long to wait follows the storm: a refused phone comes back after a random whole number of
seconds between 2 and about the time this process needs to let in the phones it refused over
the last few seconds (refusals ÷ admissions per second), at most MAX_RETRY_SECONDS; so a
whole school spreads itself out instead of knocking every few seconds (each knock costs CPU
too). A refusal does not spend the join routes' rate limit (`counted`, their deduct_when):
a school behind one NAT address retries without locking itself out.
"""

from __future__ import annotations

import collections
import functools
import random
import threading
import time

from flask import current_app, make_response, render_template, request

from web.extensions import db
from web.i18n import current_language
from web.quiz import shells

MIN_RETRY_SECONDS, QUIET_RETRY_SECONDS, MAX_RETRY_SECONDS = 2, 6, 30
WINDOW_SECONDS = 5


class Gate:
    """A counting gate with a bounded waiting room (threading primitives: under gevent's
    monkey-patching they park greenlets)."""

    def __init__(self, slots: int, queue: int, wait_seconds: float):
        self.slots, self.queue, self.wait_seconds = slots, queue, wait_seconds
        self._free = threading.Semaphore(slots)
        self._lock = threading.Lock()
        self.waiting = 0
        self.refused = 0
        self._recent: collections.deque = collections.deque()  # [second, admitted, refused]

    def enter(self) -> bool:
        if self._free.acquire(blocking=False):
            self._note(True)
            return True
        with self._lock:
            full = self.waiting >= self.queue
            if full:
                self.refused += 1
            else:
                self.waiting += 1
        if full:
            self._note(False)
            return False
        try:
            admitted = self._free.acquire(timeout=self.wait_seconds)
        finally:
            with self._lock:
                self.waiting -= 1
        if not admitted:
            with self._lock:
                self.refused += 1
        self._note(admitted)
        return admitted

    def _note(self, admitted: bool) -> None:
        second = int(time.monotonic())
        with self._lock:
            if not self._recent or self._recent[-1][0] != second:
                self._recent.append([second, 0, 0])
            self._recent[-1][1 if admitted else 2] += 1
            while self._recent and self._recent[0][0] <= second - WINDOW_SECONDS:
                self._recent.popleft()

    def retry_after(self) -> int:
        """A random whole number of seconds from 2 up to the time the refused phones of the
        last WINDOW_SECONDS need at this process's pace (at least 6, at most 30)."""
        admitted = sum(entry[1] for entry in self._recent)
        refused = sum(entry[2] for entry in self._recent)
        pace = max(1.0, admitted / WINDOW_SECONDS)
        upper = int(min(MAX_RETRY_SECONDS, max(QUIET_RETRY_SECONDS, refused / pace)))
        return random.randint(MIN_RETRY_SECONDS, upper)

    def leave(self) -> None:
        self._free.release()


def _gate() -> Gate:
    app = current_app._get_current_object()
    gate = app.extensions.get("quiz_join_gate")
    if gate is None:
        gate = app.extensions.setdefault("quiz_join_gate", Gate(
            app.config["QUIZ_JOIN_CONCURRENCY"], app.config["QUIZ_JOIN_QUEUE"],
            app.config["QUIZ_JOIN_WAIT_SECONDS"]))
    return gate


def counted(response) -> bool:
    """deduct_when of the join routes' rate limits: a refusal by the gate is not a join."""
    return response.status_code != 503


def busy_response(seconds: int):
    """The refusal: cheap (no database; the page from a per-language shell) and in the
    visitor's language."""
    from web.public.errors import wants_json
    from web.quiz.messages import message

    if wants_json():
        response = make_response({"error": {"message": message("busy")}}, 503)
    elif request.method == "POST":
        fields = [(name, request.form.get(name, "")) for name in ("csrf_token", "nickname", "class_label")]
        response = make_response(render_template("quiz/busy.html", seconds=seconds, fields=fields,
                                                 action=request.full_path.rstrip("?")), 503)
    else:
        shell = shells.render(("busy", current_language()), lambda: render_template(
            "quiz/busy.html", seconds=shells.slot("seconds"), fields=[], action=shells.slot("action")))
        response = make_response(shells.fill(shell, {"seconds": seconds, "action": request.full_path.rstrip("?")}),
                                 503)
    response.headers["Retry-After"] = str(seconds)
    response.headers["Cache-Control"] = "no-store"
    return response


def joining(view):
    """Run `view` only inside the join gate; refuse with busy_response() when it is full. The
    view's transaction is ended (rolled back: a view commits what it means to keep, as the
    request's teardown would) before the slot is given back, so a slot never outlives its
    connection."""

    @functools.wraps(view)
    def gated(*args, **kwargs):
        gate = _gate()
        if not gate.enter():
            return busy_response(gate.retry_after())
        try:
            return view(*args, **kwargs)
        finally:
            try:
                db.session.rollback()
            finally:
                gate.leave()

    return gated
