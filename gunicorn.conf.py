"""gunicorn reads this file from the working directory (every `make run`, Procfile and test
start). The web process runs gevent workers (Procfile): one worker holds thousands of idle
live-quiz streams as parked greenlets. psycopg2 blocks in C unless told to wait through
gevent, so each gevent worker installs psycogreen's wait callback before its first query;
SQLite, Redis (pure-Python sockets) and everything else need nothing.

Each worker first does what its first requests would otherwise do while visitors wait
(web/warmup.py: templates, content, catalogs), then starts the site's periodic jobs
(web/housekeeping.py: retention purges that must run even when nobody visits; writing the
campaign view counts kept in memory) and, when it stops, writes the view counts still
pending (worker_exit).

gunicorn also sets each gevent server to accept ONE connection per turn of its event loop
when there are several workers (to share connections out). A loop turn that runs a few
requests takes tens of milliseconds, so when a whole school opens the join page at once the
kernel's accept queue filled up (700 waiting, 60 s timeouts at 2,000 phones) while the
workers were mostly idle. Each worker here accepts up to ACCEPT_PER_TURN per turn."""

ACCEPT_PER_TURN = 16


def post_worker_init(worker):
    from web.housekeeping import start_periodic_jobs
    from web.warmup import warm

    app = getattr(worker, "wsgi", None)
    if hasattr(app, "extensions"):  # the Flask app (web:create_app())
        warm(app)
        start_periodic_jobs(app)
    try:
        from gevent import monkey
    except ImportError:
        return
    if monkey.is_module_patched("socket"):
        from gevent.server import StreamServer
        from psycogreen.gevent import patch_psycopg

        patch_psycopg()
        # gunicorn assigns `server.max_accept = 1` after creating the server: ignore that.
        StreamServer.max_accept = property(lambda _server: ACCEPT_PER_TURN, lambda _server, _value: None)


def worker_exit(server, worker):
    app = getattr(worker, "wsgi", None)
    if hasattr(app, "extensions"):
        from web.housekeeping import stop_periodic_jobs

        stop_periodic_jobs(app)
