"""End-to-end fixtures: the real site under gunicorn, the real bot (Rasa + action server
with the model trained in this run), and Debian's chromium driven by Playwright.

Everything listens on loopback ports chosen here and is stopped at the end of the session.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.e2e.browser import STAFF_PASSWORD
from tests.support import free_port, start, stop, wait_for

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = REPO / ".venv" / "bin"
BOT_VENV_BIN = REPO / ".venv-bot" / "bin"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@dataclass
class Stack:
    """Ports and environment shared by the site and the bot of one test session."""

    workdir: Path
    site_port: int = field(default_factory=free_port)
    bot_port: int = field(default_factory=free_port)
    actions_port: int = field(default_factory=free_port)

    @property
    def site_url(self) -> str:
        return f"http://127.0.0.1:{self.site_port}"

    @property
    def bot_url(self) -> str:
        return f"http://127.0.0.1:{self.bot_port}"


@pytest.fixture(scope="session")
def stack(tmp_path_factory) -> Stack:
    return Stack(workdir=tmp_path_factory.mktemp("e2e"))


@dataclass
class LiveSite:
    url: str
    env: dict
    log: Path

    def flask(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """Run a `flask …` command against this site's database."""
        return subprocess.run([str(VENV_BIN / "flask"), *args], cwd=REPO, env=self.env,
                              capture_output=True, text=True, check=check)

    def create_user(self, role: str, username: str | None = None, password: str = STAFF_PASSWORD,
                    street: str | None = None) -> tuple[str, str]:
        username = username or f"{role}-{secrets.token_hex(3)}"
        extra = ["--street", street] if street else []
        self.flask("staff", "create-user", username, "--role", role, "--password", password, *extra)
        return username, password


@pytest.fixture(scope="session")
def live_site(stack: Stack):
    """gunicorn serving the site on a fresh SQLite database (or TEST_DATABASE_URL's server)."""
    instance = stack.workdir / "instance"
    instance.mkdir()
    env = {
        **os.environ,
        "PUTUO_INSTANCE_DIR": str(instance),
        "FLASK_APP": "web:create_app",
        "DATABASE_URL": f"sqlite:///{instance / 'e2e.db'}",
        "BOT_URL": stack.bot_url,
        "SITE_URL": stack.site_url,  # absolute links (share, poster QR) point at this server
        "SECRET_KEY": secrets.token_hex(16),
        "RATELIMIT_ENABLED": "0",
        "VIEW_COUNT_FLUSH_SECONDS": "0",
    }
    env.pop("REDIS_URL", None)
    subprocess.run([str(VENV_BIN / "flask"), "db", "upgrade"], cwd=REPO, env=env, check=True, capture_output=True)
    load = subprocess.run([str(VENV_BIN / "flask"), "content", "load"], cwd=REPO, env=env, capture_output=True, text=True)
    if load.returncode != 0 and "No such command" not in load.stderr:
        raise RuntimeError(load.stderr)
    log = stack.workdir / "site.log"
    process = start([str(VENV_BIN / "gunicorn"), "--bind", f"127.0.0.1:{stack.site_port}", "--worker-class", "gevent",
                     "--workers", "1", "web:create_app()"], log, env)
    try:
        wait_for(stack.site_url + "/healthz", 30, process, log)
        yield LiveSite(url=stack.site_url, env=env, log=log)
    finally:
        stop(process)


@dataclass
class LiveBot:
    url: str
    actions_url: str


@pytest.fixture(scope="session")
def live_bot(stack: Stack, live_site: LiveSite):
    """Rasa (REST + site channels) and the action server, with the model trained by `make`."""
    model = REPO / "bot" / "models" / "putuo.tar.gz"
    assert model.exists(), "no trained model: run `make model` (make test does) before the e2e tests"
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "SITE_URL": live_site.url,
           "ACTIONS_PORT": str(stack.actions_port)}
    endpoints = stack.workdir / "endpoints.yml"
    endpoints.write_text(f"action_endpoint:\n  url: http://127.0.0.1:{stack.actions_port}/webhook\n"
                         "nlg:\n  type: bot.components.nlg.LanguageAwareNLG\n")
    actions_log, bot_log = stack.workdir / "actions.log", stack.workdir / "bot.log"
    actions = start([str(BOT_VENV_BIN / "rasa"), "run", "actions", "--actions", "bot.actions",
                     "-p", str(stack.actions_port)], actions_log, env)
    bot = start([str(BOT_VENV_BIN / "rasa"), "run", "--enable-api", "-i", "127.0.0.1", "-p", str(stack.bot_port),
                 "-m", str(model), "--endpoints", str(endpoints), "--credentials", "credentials.yml"],
                bot_log, env, cwd=REPO / "bot")
    try:
        wait_for(f"http://127.0.0.1:{stack.actions_port}/health", 90, actions, actions_log)
        wait_for(stack.bot_url + "/status", 240, bot, bot_log,
                 ok=lambda status, body: status == 200 and bool(json.loads(body).get("model_file")))
        yield LiveBot(url=stack.bot_url, actions_url=f"http://127.0.0.1:{stack.actions_port}")
    finally:
        stop(bot)
        stop(actions)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make chromium` installs Debian's chromium")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def new_context(browser):
    """`new_context(locale="zh-CN", **kw)` → a fresh browser context (own cookies), closed after the test."""
    contexts = []

    def make(locale: str = "zh-CN", **kwargs):
        context = browser.new_context(locale=locale, **kwargs)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A page in a fresh zh-CN context, phone-sized as most residents see the site."""
    return new_context(viewport={"width": 390, "height": 844}).new_page()


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Serious and critical WCAG 2.1 AA violations that axe-core finds on the page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    return [v for v in results.response["violations"] if v.get("impact") in impacts]


@pytest.fixture
def axe_check():
    """`axe_check(page)` fails the test with a readable list of serious/critical violations."""

    def check(page):
        violations = axe_violations(page)
        summary = [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}" for v in violations]
        assert not violations, f"accessibility violations on {page.url}:\n" + "\n".join(summary)

    return check
