"""The dependency rules of the README, checked on the imports themselves.

- `core` imports neither the site, the bot nor any framework.
- `web` never imports the bot (it reaches it over HTTP).
- Everything in `bot/` (actions, channels, components, locks) never imports the site or Flask;
  the action server (`bot/actions`) also stays off Rasa itself and SQLAlchemy (it runs on
  rasa-sdk and reaches the site over its JSON API).
- Inside `web`, a feature asks another feature through a function that feature owns: it never
  imports another feature's `models`. `web.accounts` is the exception every feature may use
  (staff users and roles are what every staff area's foreign keys point to). Migrations build
  the tables of every feature and are not a feature.
- A test module never imports another test module or a conftest: what tests share lives in
  `tests/support.py` (or a helper module, or a fixture in a conftest).
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FORBIDDEN = {
    "core": {"web", "bot", "flask", "flask_babel", "flask_sqlalchemy", "sqlalchemy", "wtforms", "rasa", "rasa_sdk",
             "werkzeug", "requests"},
    "web": {"bot", "rasa", "rasa_sdk"},
    "bot": {"web", "flask", "flask_babel", "flask_sqlalchemy", "werkzeug"},
    "bot/actions": {"web", "flask", "sqlalchemy", "rasa"},
}
SHARED_MODELS = {"accounts"}  # users and roles: the foundation every staff area stands on
NOT_FEATURES = {"migrations", "templates", "static", "translations"}


def imports(path: Path) -> set[str]:
    """Every module `path` imports, dotted in full (`from web.chat import models` gives
    `web.chat` and `web.chat.models`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def imported_modules(path: Path) -> set[str]:
    return {name.split(".")[0] for name in imports(path)}


def test_dependency_rules():
    broken = []
    for folder, forbidden in FORBIDDEN.items():
        for path in sorted((REPO / folder).glob("**/*.py")):
            bad = imported_modules(path) & forbidden
            if bad:
                broken.append(f"{path.relative_to(REPO)} imports {sorted(bad)}")
    assert not broken, "\n".join(broken)


def foreign_models(path: Path, feature: str | None) -> list[str]:
    """The other features' `models` modules that `path`, part of `feature`, imports."""
    found = set()
    for name in imports(path):
        parts = name.split(".")
        if len(parts) >= 3 and parts[0] == "web" and parts[2] == "models" and parts[1] not in (feature, *SHARED_MODELS):
            found.add(".".join(parts[:3]))
    return sorted(found)


def test_features_never_import_another_features_models():
    broken = []
    for path in sorted((REPO / "web").glob("**/*.py")):
        parts = path.relative_to(REPO / "web").parts
        if parts[0] in NOT_FEATURES:
            continue
        feature = parts[0] if len(parts) > 1 else None  # web/*.py: the foundation, no feature of its own
        bad = foreign_models(path, feature)
        if bad:
            broken.append(f"{path.relative_to(REPO)} imports {bad}: ask that feature through a function it owns")
    assert not broken, "\n".join(broken)


def test_the_models_rule_catches_every_spelling(tmp_path):
    probe = tmp_path / "probe.py"
    for source in ("from web.quiz.models import QuizEvent", "from web.quiz import models",
                   "import web.chat.models", "from web.quiz import models as quiz_models"):
        probe.write_text(source + "\n", encoding="utf-8")
        assert foreign_models(probe, "dashboard"), source
        assert not foreign_models(probe, source.split(".")[1].split()[0]), source  # a feature's own models
    probe.write_text("from web.accounts.models import User\nfrom web.chat import questions\n", encoding="utf-8")
    assert not foreign_models(probe, "dashboard")


def test_core_runs_on_python_310_syntax():
    """core/ is imported by the action server (Python 3.10): no 3.11-only syntax."""
    for path in (REPO / "core").glob("**/*.py"):
        ast.parse(path.read_text(encoding="utf-8"), feature_version=(3, 10))


def test_tests_share_helpers_not_test_modules():
    broken = []
    for path in sorted((REPO / "tests").glob("**/*.py")):
        for name in imports(path):
            last = name.split(".")[-1]
            if name.startswith("tests.") and (last.startswith("test_") or last == "conftest"):
                broken.append(f"{path.relative_to(REPO)} imports {name}: move the helper to tests/support.py")
    assert not broken, "\n".join(broken)
