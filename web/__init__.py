"""The 节水普陀 site: `create_app()` builds it; each feature package registers itself."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from web import compressed_static, i18n, input_guards, security
from web import config as app_config
from web.extensions import babel, cache, compress, csrf, db, limiter, login_manager, migrate

WEB_DIR = Path(__file__).resolve().parent


def create_app(config: dict | None = None) -> Flask:
    """Build the app. ``config`` overrides the environment (tests pass a database URL).

    The schema is never touched here: `flask db upgrade` (run by `make run`) does that.
    """
    app = Flask(__name__, instance_path=app_config.instance_dir().as_posix())
    app.config.update(app_config.from_environment())
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(i18n.translation_directories(WEB_DIR))
    if config:
        app.config.update(config)
    app.json = input_guards.SafeJSONProvider(app)
    app.url_map.converters["int"] = input_guards.BoundedIntConverter
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = input_guards.engine_options(
        app.config["SQLALCHEMY_DATABASE_URI"], app.config["DATABASE_LOCK_TIMEOUT_MS"],
        app.config.get("SQLALCHEMY_ENGINE_OPTIONS"))
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:  # the client address (rate limits, sign-in throttle, logs) comes from the proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(WEB_DIR / "migrations"))
    babel.init_app(app, locale_selector=i18n.select_locale)
    csrf.init_app(app)
    cache.init_app(app)
    compress.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    i18n.init_app(app)
    security.init_app(app)

    from web import accounts, calculators, campaigns, chat, content, dashboard, faq, openapi, ops, public, quiz

    for feature in (ops, public, accounts, chat, calculators, quiz, campaigns, faq, dashboard, content, openapi):
        feature.init_app(app)
    compressed_static.init_app(app)  # after compress.init_app (its hook must run first)
    return app
