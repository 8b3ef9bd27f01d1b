"""Flask extensions, created unbound here and bound in `create_app`."""

from flask import request
from flask_babel import Babel
from flask_caching import Cache
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine

# Named constraints so Alembic migrations are identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING))
migrate = Migrate()
babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
cache = Cache()  # shared page cache: keys, helpers and what else is cached are in web/caching.py
compress = Compress()  # gzip/brotli for pages, CSS, JS and JSON when the browser asks (a proxy may do it instead)


def client_address() -> str:
    # Behind a reverse proxy, ProxyFix (enabled by TRUSTED_PROXIES) has already set remote_addr.
    return get_remote_address() or request.remote_addr or "unknown"


_client_address = client_address  # the earlier name (web/quiz/guard.py)

# Redis unreachable (REDIS_URL set): limits fall back to counting in this process, with a
# logged warning, and go back to Redis once it answers; a limiter error never fails a request.
limiter = Limiter(key_func=client_address, default_limits=[], in_memory_fallback_enabled=True, swallow_errors=True)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    """WAL lets readers run beside the one writer. Writers wait for the lock up to
    DATABASE_LOCK_TIMEOUT_MS (sqlite3's `timeout`, set in web/input_guards.engine_options)."""
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
