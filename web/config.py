"""Configuration from the environment: embedded defaults, scale-out by setting variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from web import compressed_static

REPO_ROOT = Path(__file__).resolve().parent.parent


REDIS_TIMEOUTS = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}


def instance_dir() -> Path:
    """Where the SQLite file and generated secret live; `PUTUO_INSTANCE_DIR` moves it."""
    return Path(os.environ.get("PUTUO_INSTANCE_DIR", REPO_ROOT / "instance"))


def _secret_key(instance_dir: Path) -> str:
    """SECRET_KEY from the environment, else generated once into instance/ (never committed)."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = instance_dir / "secret_key"
    if not path.exists():
        instance_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def _database_url(instance_dir: Path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres://"):  # Heroku-style URLs name the dialect differently
        url = "postgresql://" + url[len("postgres://"):]
    return url or f"sqlite:///{instance_dir / 'putuo.db'}"


def _site_url() -> str:
    """The public address absolute links are built on; the default is the dev server's."""
    port = os.environ.get("WEB_PORT") or os.environ.get("PORT") or "8000"
    url = (os.environ.get("SITE_URL") or f"http://127.0.0.1:{port}").rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"SITE_URL must look like https://water.example.gov.cn, not {url!r}")
    return url


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def from_environment() -> dict:
    """The settings for one process, read once at app creation."""
    instance = instance_dir()
    redis_url = os.environ.get("REDIS_URL") or None
    https = os.environ.get("PREFERRED_URL_SCHEME", "http") == "https"
    cache_type = os.environ.get("CACHE_TYPE") or ("RedisCache" if redis_url else "SimpleCache")
    return {
        "INSTANCE_DIR": str(instance),
        "SECRET_KEY": _secret_key(instance),
        "SQLALCHEMY_DATABASE_URI": _database_url(instance),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},  # + lock timeout, hidden parameters (web/input_guards.py)
        "DATABASE_LOCK_TIMEOUT_MS": _int("DATABASE_LOCK_TIMEOUT_MS", 10000),
        "REDIS_URL": redis_url,
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        # A Redis that does not answer costs each request at most half a second, then the
        # limits count per process (web/extensions.py) and pages render uncached.
        "RATELIMIT_STORAGE_OPTIONS": REDIS_TIMEOUTS if redis_url else {},
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        # No X-RateLimit-* headers (no client reads them; a third of an answer's CPU; they overwrote
        # our own Retry-After on 503s): a 429 gets Retry-After from web/public/errors.py.
        "RATELIMIT_HEADERS_ENABLED": False,
        "RATELIMIT_ENABLED": os.environ.get("RATELIMIT_ENABLED", "1") != "0",
        "CACHE_TYPE": cache_type,
        "CACHE_REDIS_URL": redis_url,
        "CACHE_OPTIONS": dict(REDIS_TIMEOUTS) if cache_type == "RedisCache" else {},
        "CACHE_KEY_PREFIX": "putuo:",
        "CACHE_DEFAULT_TIMEOUT": 60,
        "SITE_URL": _site_url(),
        "BOT_URL": os.environ.get("BOT_URL", f"http://127.0.0.1:{os.environ.get('BOT_PORT', '5005')}"),
        "BOT_WEBHOOK_PATH": os.environ.get("BOT_WEBHOOK_PATH", "/webhooks/site/webhook"),
        # Per-address limits on resident features (after TRUSTED_PROXIES gives real addresses):
        "PLEDGE_RATE_LIMIT": os.environ.get("PLEDGE_RATE_LIMIT", "10 per minute;100 per day"),  # per campaign
        "REGISTRATION_RATE_LIMIT": os.environ.get("REGISTRATION_RATE_LIMIT", "5 per hour;10 per day"),  # per event
        "CHAT_ADDRESS_RATE_LIMIT": os.environ.get("CHAT_ADDRESS_RATE_LIMIT", "60 per minute;1000 per hour"),
        "BOT_TIMEOUT_SECONDS": float(os.environ.get("BOT_TIMEOUT_SECONDS", "5")),  # total, per chat
        "BOT_MAX_CONCURRENT": _int("BOT_MAX_CONCURRENT", 4),  # per process; keep below WEB_THREADS
        "BOT_MAX_REPLY_BYTES": _int("BOT_MAX_REPLY_BYTES", 256 * 1024),
        "BOT_QUIET_SECONDS": float(os.environ.get("BOT_QUIET_SECONDS", "15")),  # no bot calls after a timeout
        "HOUSEKEEPING_INTERVAL_SECONDS": float(os.environ.get("HOUSEKEEPING_INTERVAL_SECONDS", "3600")),
        "CHAT_RETENTION_DAYS": _int("CHAT_RETENTION_DAYS", 90),
        "QUIZ_RETENTION_DAYS": _int("QUIZ_RETENTION_DAYS", 30),
        # The join storm (web/quiz/admission.py): joins running at once per process, joins that may
        # wait for a slot (without a database connection), and how long; the rest get 503 + Retry-After.
        "QUIZ_JOIN_CONCURRENCY": _int("QUIZ_JOIN_CONCURRENCY", 8),
        "QUIZ_JOIN_QUEUE": _int("QUIZ_JOIN_QUEUE", 64),
        "QUIZ_JOIN_WAIT_SECONDS": float(os.environ.get("QUIZ_JOIN_WAIT_SECONDS", "1")),
        # The join and live play pages from per-event shells filled in per phone (web/quiz/shells.py).
        "QUIZ_PAGE_SHELLS": os.environ.get("QUIZ_PAGE_SHELLS", "1") != "0",
        "VIEW_COUNT_FLUSH_SECONDS": float(os.environ.get("VIEW_COUNT_FLUSH_SECONDS", "10")),
        "READ_TIME_PURGE_SECONDS": float(os.environ.get("READ_TIME_PURGE_SECONDS", "600")),
        "MAX_CONTENT_LENGTH": _int("MAX_CONTENT_LENGTH", 6 * 1024 * 1024),
        "BABEL_DEFAULT_LOCALE": "zh",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Shanghai",
        "PREFERRED_URL_SCHEME": "https" if https else "http",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": https,
        "SESSION_COOKIE_NAME": "__Host-session" if https else "session",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": https,
        "WTF_CSRF_TIME_LIMIT": None,
        # Failed sign-ins: free tries, then a delay that doubles (1 s, 2 s, 4 s … up to the cap),
        # per account + address and per address, never per account alone (see web/accounts/services.py).
        "LOGIN_FREE_FAILURES": _int("LOGIN_FREE_FAILURES", 3),
        "LOGIN_FREE_FAILURES_PER_ADDRESS": _int("LOGIN_FREE_FAILURES_PER_ADDRESS", 20),
        "LOGIN_MAX_DELAY_SECONDS": _int("LOGIN_MAX_DELAY_SECONDS", 300),
        "LOGIN_FAILURE_WINDOW_MINUTES": _int("LOGIN_FAILURE_WINDOW_MINUTES", 60),
        # Reverse proxies in front that add X-Forwarded-For/-Proto (nginx: 1). 0 = the peer is the client.
        "TRUSTED_PROXIES": _int("TRUSTED_PROXIES", 0),
        # Response compression (Flask-Compress): brotli, else gzip; off with COMPRESS_REGISTER=0 when
        # the reverse proxy compresses instead. Small responses are not worth it.
        "COMPRESS_REGISTER": os.environ.get("COMPRESS_REGISTER", "1") != "0",
        "COMPRESS_ALGORITHM": ["br", "gzip"],
        "COMPRESS_BR_LEVEL": 4,
        "COMPRESS_LEVEL": 6,
        "COMPRESS_MIN_SIZE": 1024,
        # The site's static files are compressed once per process (web/compressed_static.py).
        "COMPRESS_CACHE_BACKEND": compressed_static.StaticOnly,
        "COMPRESS_CACHE_KEY": compressed_static.cache_key,
        "COMPRESS_MIMETYPES": ["text/html", "text/css", "text/javascript", "application/javascript",
                               "application/json", "image/svg+xml", "application/atom+xml", "text/calendar"],
        # Who runs the site, as the deploying office wants it named (footer and /about).
        "SITE_OPERATOR_ZH": os.environ.get("SITE_OPERATOR_ZH", ""),
        "SITE_OPERATOR_EN": os.environ.get("SITE_OPERATOR_EN", ""),
        "SITE_CONTACT": os.environ.get("SITE_CONTACT", ""),
        "ICP_NUMBER": os.environ.get("ICP_NUMBER", ""),
    }
