"""Chores without cron: at read time, at most once per interval per process (`AtMostEvery`:
flushing counters, purges on pages that show the data), and on a schedule in every web
process (`PeriodicJob`: retention purges that must happen even when nobody visits)."""

from __future__ import annotations

import threading
import time

from flask import current_app


class AtMostEvery:
    """`if chore.due(): …` is true once per interval per process (thread-safe).

    The interval is a config key, so tests can set it to 0 and see every chore run.
    """

    def __init__(self, config_key: str):
        self.config_key = config_key
        self._last = float("-inf")
        self._lock = threading.Lock()

    def due(self) -> bool:
        interval = float(current_app.config[self.config_key])
        with self._lock:
            now = time.monotonic()
            if now - self._last < interval:
                return False
            self._last = now
            return True


# --- the periodic job ---------------------------------------------------------------------

class PeriodicJob(threading.Thread):
    """Runs the app's chores every HOUSEKEEPING_INTERVAL_SECONDS in this process, whether or
    not anyone visits (retention must not wait for an editor to open the dashboard). Every
    web process runs one (gunicorn.conf.py starts it in each worker); the chores are
    idempotent deletes, so several processes doing them is harmless."""

    def __init__(self, app, interval: float):
        super().__init__(name="putuo-housekeeping", daemon=True)
        self.app, self.interval = app, interval
        self._stopping = threading.Event()

    def run(self) -> None:
        while not self._stopping.wait(self.interval):
            self.run_once()

    def run_once(self) -> None:
        from web.extensions import db

        with self.app.app_context():
            for name, chore in self.app.extensions.get("housekeeping_chores", []):
                try:
                    done = chore()
                    db.session.commit()
                except Exception as exc:  # a locked or unreachable database: try again next time
                    db.session.rollback()
                    self.app.logger.warning("housekeeping: %s failed: %s", name, exc.__class__.__name__)
                    continue
                if done:
                    self.app.logger.info("housekeeping: %s: %s", name, done)
            db.session.remove()

    def stop(self) -> None:
        self._stopping.set()
        self.join(10)


def add_chore(app, name: str, chore) -> None:
    """Register `chore()` (returns a count for the log; the job commits) to run periodically."""
    app.extensions.setdefault("housekeeping_chores", []).append((name, chore))


def start_periodic_job(app) -> PeriodicJob | None:
    """Start this process's job (gunicorn.conf.py calls it in every worker); None when
    switched off (HOUSEKEEPING_INTERVAL_SECONDS=0) or for a test app."""
    interval = float(app.config.get("HOUSEKEEPING_INTERVAL_SECONDS") or 0)
    if app.testing or interval <= 0 or periodic_job(app) is not None:
        return periodic_job(app)
    job = PeriodicJob(app, interval)
    app.extensions["housekeeping_job"] = job
    job.start()
    return job


def periodic_job(app) -> PeriodicJob | None:
    return app.extensions.get("housekeeping_job")
