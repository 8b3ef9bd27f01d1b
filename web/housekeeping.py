"""Chores without cron: at read time, at most once per interval per process (`AtMostEvery`:
purges on pages that show the data), and on a schedule in every web process (`PeriodicJob`:
retention purges that must happen even when nobody visits, writing the view counts kept in
memory), some also when the process stops."""

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


# --- the periodic jobs --------------------------------------------------------------------

HOUSEKEEPING = "HOUSEKEEPING_INTERVAL_SECONDS"


class PeriodicJob(threading.Thread):
    """Runs the chores registered with one interval (`every`, a config key) in this process,
    whether or not anyone visits (retention must not wait for an editor to open the
    dashboard; view counts must reach the database when the visits stop). Every web process
    runs one per interval (gunicorn.conf.py starts them in each worker); the chores are
    idempotent or per-process, so several processes doing them is harmless."""

    def __init__(self, app, every: str = HOUSEKEEPING):
        interval = float(app.config[every])
        super().__init__(name=f"putuo-periodic-{every.lower()}", daemon=True)
        self.app, self.every, self.interval = app, every, interval
        self._stopping = threading.Event()

    def run(self) -> None:
        while not self._stopping.wait(self.interval):
            self.run_once()

    def run_once(self) -> None:
        run_chores(self.app, [(name, chore) for name, chore, every, _ in chores(self.app) if every == self.every])

    def stop(self) -> None:
        self._stopping.set()
        self.join(10)


def run_chores(app, named_chores) -> None:
    """Run each (name, chore) in an app context, committing after each; one that fails (a
    locked or unreachable database) is logged and tried again next time."""
    from web.extensions import db

    with app.app_context():
        for name, chore in named_chores:
            try:
                done = chore()
                db.session.commit()
            except Exception as exc:
                db.session.rollback()
                app.logger.warning("housekeeping: %s failed: %s", name, exc.__class__.__name__)
                continue
            if done:
                app.logger.info("housekeeping: %s: %s", name, done)
        db.session.remove()


def add_chore(app, name: str, chore, every: str = HOUSEKEEPING, at_exit: bool = False) -> None:
    """Register `chore()` (returns a count for the log, or None; the job commits) to run every
    `every` seconds (a config key) in each web process; `at_exit` also runs it once when the
    process stops (stop_periodic_jobs)."""
    app.extensions.setdefault("housekeeping_chores", []).append((name, chore, every, at_exit))


def chores(app) -> list[tuple]:
    return app.extensions.get("housekeeping_chores", [])


def start_periodic_jobs(app) -> dict[str, PeriodicJob]:
    """Start this process's jobs, one per interval that has chores (gunicorn.conf.py calls it
    in every worker); none for a test app or an interval switched off (0)."""
    jobs = app.extensions.setdefault("housekeeping_jobs", {})
    if app.testing:
        return jobs
    for every in dict.fromkeys(every for _, _, every, _ in chores(app)):
        if every not in jobs and float(app.config.get(every) or 0) > 0:
            jobs[every] = PeriodicJob(app, every)
            jobs[every].start()
    return jobs


def periodic_job(app, every: str = HOUSEKEEPING) -> PeriodicJob | None:
    """This process's running job for `every`, if any."""
    job = app.extensions.get("housekeeping_jobs", {}).get(every)
    return job if job is not None and job.is_alive() else None


def stop_periodic_jobs(app) -> None:
    """Stop this process's jobs, then run the chores marked `at_exit` once (gunicorn.conf.py's
    worker_exit: pending view counts are written when a worker stops)."""
    for job in app.extensions.pop("housekeeping_jobs", {}).values():
        job.stop()
    run_chores(app, [(name, chore) for name, chore, _, at_exit in chores(app) if at_exit])
