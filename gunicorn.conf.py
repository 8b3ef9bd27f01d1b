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
workers were mostly idle. Each worker here accepts up to ACCEPT_PER_TURN per turn. After each
request a gevent worker yields once (post_request), so kept-alive connections take turns."""

ACCEPT_PER_TURN = 16
_yield_after_request = None  # gevent.sleep in a gevent worker (post_worker_init)


def post_worker_init(worker):
    global _yield_after_request
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
        import gevent
        from gevent.server import StreamServer
        from psycogreen.gevent import patch_psycopg

        _yield_after_request = gevent.sleep

        patch_psycopg()
        # gunicorn assigns `server.max_accept = 1` after creating the server: ignore that.
        StreamServer.max_accept = property(lambda _server: ACCEPT_PER_TURN, lambda _server, _value: None)


def post_request(worker, req, environ, resp):
    """In a gevent worker, let the other connections' requests run before this connection's
    next one. A greenlet whose client had already sent its next request read it and served it
    without yielding, so a few kept-alive connections were served over and over while the
    others waited: home page at 64 connections, p50 5 ms but p90 400 ms and p99 640 ms; with
    the yield p50 49 ms, p99 100 ms at the same 1,250 req/s."""
    if _yield_after_request is not None:
        _yield_after_request(0)


def worker_exit(server, worker):
    app = getattr(worker, "wsgi", None)
    if hasattr(app, "extensions"):
        from web.housekeeping import stop_periodic_jobs

        stop_periodic_jobs(app)
