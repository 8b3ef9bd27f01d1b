"""gunicorn reads this file from the working directory (every `make run`, Procfile and test
start). The web process runs gevent workers (Procfile): one worker holds thousands of idle
live-quiz streams as parked greenlets. psycopg2 blocks in C unless told to wait through
gevent, so each gevent worker installs psycogreen's wait callback before its first query;
SQLite, Redis (pure-Python sockets) and everything else need nothing."""


def post_worker_init(worker):
    try:
        from gevent import monkey
    except ImportError:
        return
    if monkey.is_module_patched("socket"):
        from psycogreen.gevent import patch_psycopg

        patch_psycopg()
