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
"""

from __future__ import annotations

import functools
import random
import threading

from flask import current_app, make_response, render_template, request

from web.extensions import db

RETRY_AFTER_SECONDS = (2, 6)  # a refused phone comes back after a random whole number of seconds in this range


class Gate:
    """A counting gate with a bounded waiting room (threading primitives: under gevent's
    monkey-patching they park greenlets)."""

    def __init__(self, slots: int, queue: int, wait_seconds: float):
        self.slots, self.queue, self.wait_seconds = slots, queue, wait_seconds
        self._free = threading.Semaphore(slots)
        self._lock = threading.Lock()
        self.waiting = 0
        self.refused = 0

    def enter(self) -> bool:
        if self._free.acquire(blocking=False):
            return True
        with self._lock:
            if self.waiting >= self.queue:
                self.refused += 1
                return False
            self.waiting += 1
        try:
            admitted = self._free.acquire(timeout=self.wait_seconds)
        finally:
            with self._lock:
                self.waiting -= 1
        if not admitted:
            with self._lock:
                self.refused += 1
        return admitted

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


def retry_after() -> int:
    return random.randint(*RETRY_AFTER_SECONDS)


def busy_response():
    """The refusal: cheap (no database, a small template) and in the visitor's language."""
    from web.public.errors import wants_json
    from web.quiz.messages import message

    seconds = retry_after()
    if wants_json():
        response = make_response({"error": {"message": message("busy")}}, 503)
    else:
        again = request.form if request.method == "POST" else None
        fields = [(name, again.get(name, "")) for name in ("csrf_token", "nickname", "class_label")] if again else []
        response = make_response(render_template("quiz/busy.html", seconds=seconds, fields=fields,
                                                 action=request.full_path.rstrip("?")), 503)
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
            return busy_response()
        try:
            return view(*args, **kwargs)
        finally:
            try:
                db.session.rollback()
            finally:
                gate.leave()

    return gated
