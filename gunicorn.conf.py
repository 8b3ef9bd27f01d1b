"""gunicorn reads this file from the working directory (every `make run`, Procfile and test
start). The web process runs gevent workers (Procfile): one worker holds thousands of idle
live-quiz streams as parked greenlets. psycopg2 blocks in C unless told to wait through
gevent, so each gevent worker installs psycogreen's wait callback before its first query;
SQLite, Redis (pure-Python sockets) and everything else need nothing.

Each worker also starts the site's periodic housekeeping job (web/housekeeping.py:
retention purges that must run even when nobody visits)."""


def post_worker_init(worker):
    from web.housekeeping import start_periodic_job

    app = getattr(worker, "wsgi", None)
    if hasattr(app, "extensions"):  # the Flask app (web:create_app())
        start_periodic_job(app)
    try:
        from gevent import monkey
    except ImportError:
        return
    if monkey.is_module_patched("socket"):
        from psycogreen.gevent import patch_psycopg

        patch_psycopg()
