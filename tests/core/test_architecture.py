"""The dependency rules of the README, checked on the imports themselves."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FORBIDDEN = {
    "core": {"web", "bot", "flask", "flask_babel", "flask_sqlalchemy", "sqlalchemy", "rasa", "rasa_sdk", "werkzeug", "requests"},
    "web": {"bot", "rasa", "rasa_sdk"},
    "bot/actions": {"web", "flask", "sqlalchemy"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_dependency_rules():
    broken = []
    for folder, forbidden in FORBIDDEN.items():
        for path in sorted((REPO / folder).glob("**/*.py")):
            bad = imported_modules(path) & forbidden
            if bad:
                broken.append(f"{path.relative_to(REPO)} imports {sorted(bad)}")
    assert not broken, "\n".join(broken)


def test_core_runs_on_python_310_syntax():
    """core/ is imported by the action server (Python 3.10): no 3.11-only syntax."""
    for path in (REPO / "core").glob("**/*.py"):
        ast.parse(path.read_text(encoding="utf-8"), feature_version=(3, 10))
