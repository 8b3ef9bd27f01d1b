"""Reading and validating the YAML under content/ and quizzes/.

Every content module (tariffs, labels, quizzes, campaigns …) reads its files through
`read_yaml` and checks them with `Fields`, so a broken file always fails the same way: a
`ContentError` naming the file and the field, e.g. ``content/tariffs/2013.yaml: tiers[1].price_yuan: must be a number``.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterator

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
LANGS = ("zh", "en")


def content_dir() -> Path:
    """The content/ folder; `PUTUO_CONTENT_DIR` points elsewhere (tests use a copy)."""
    return Path(os.environ.get("PUTUO_CONTENT_DIR", REPO_ROOT / "content"))


def quizzes_dir() -> Path:
    """The quizzes/ folder; `PUTUO_QUIZZES_DIR` points elsewhere."""
    return Path(os.environ.get("PUTUO_QUIZZES_DIR", REPO_ROOT / "quizzes"))


class ContentError(ValueError):
    """A content file that does not match its schema; the message names file and field."""

    def __init__(self, path: Path | str, field: str, message: str):
        self.path, self.field, self.detail = str(path), field, message
        super().__init__(f"{_display(path)}: {field}: {message}" if field else f"{_display(path)}: {message}")


def _display(path: Path | str) -> str:
    try:
        return str(Path(path).resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def read_yaml(path: Path) -> Any:
    """Parse one YAML file, turning syntax errors into a `ContentError` for that file."""
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "syntax"
        raise ContentError(path, where, f"invalid YAML ({getattr(exc, 'problem', exc)})") from exc
    except OSError as exc:
        raise ContentError(path, "", f"cannot read ({exc.strerror})") from exc


def yaml_files(folder: Path) -> Iterator[Path]:
    """The *.yaml files in a folder, sorted so loading is deterministic."""
    return iter(sorted(p for p in folder.glob("*.yaml") if p.is_file()))


_MISSING = object()

# Unknown keys: while `track_unknown_keys()` runs, every `Fields` remembers which keys its
# loader read; a key nobody read is a typo or a field the code does not know, and fails.
_tracked: dict[int, tuple[Fields, set]] | None = None


class track_unknown_keys:  # noqa: N801 (used as `with track_unknown_keys():`)
    """Record the keys loaders read; on exit raise `ContentError` for the first unread key."""

    def __enter__(self):
        global _tracked
        self.outer, _tracked = _tracked, {}
        return self

    def __exit__(self, exc_type, exc, tb):
        global _tracked
        tracked, _tracked = _tracked, self.outer
        if exc_type is not None:
            return False
        for fields, seen in tracked.values():
            for key in fields.data:
                if key not in seen:
                    raise ContentError(fields.path, fields.name(str(key)), "unknown key (not read by the loader: a typo?)")
        return False


class Fields:
    """Typed access to one mapping of a content file, with errors that name file and field.

    ``f = Fields(path, data)``; ``f.text("title")``; ``f.child("tiers", 0)`` for nested maps.
    """

    @classmethod
    def load(cls, path: Path) -> Fields:
        """The top-level mapping of the YAML file at `path` (the one way loaders read content)."""
        return cls(path, read_yaml(path))

    def __init__(self, path: Path, data: Any, prefix: str = ""):
        self.path, self.prefix = path, prefix
        if not isinstance(data, dict):
            raise ContentError(path, prefix or "(top level)", "must be a mapping")
        self.data = data
        if _tracked is not None:
            self._seen = _tracked.setdefault(id(data), (self, set()))[1]
        else:
            self._seen = set()

    def _saw(self, key: str) -> None:
        self._seen.add(key)

    def all_keys(self) -> list[str]:
        """Every key of this mapping (a map whose keys are data, e.g. years or grades)."""
        self._seen.update(self.data)
        return list(self.data)

    def name(self, key: str | int) -> str:
        if isinstance(key, int):
            return f"{self.prefix}[{key}]"
        return f"{self.prefix}.{key}" if self.prefix else key

    def error(self, key: str, message: str) -> ContentError:
        return ContentError(self.path, self.name(key), message)

    def raw(self, key: str, default: Any = _MISSING) -> Any:
        self._saw(key)
        if key not in self.data or self.data[key] is None:
            if default is _MISSING:
                raise self.error(key, "is required")
            return default
        return self.data[key]

    def has(self, key: str) -> bool:
        self._saw(key)
        return self.data.get(key) is not None

    def text(self, key: str, default: Any = _MISSING) -> str:
        value = self.raw(key, default)
        if value is default and default is not _MISSING:
            return value
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, "must be a non-empty string")
        return value.strip()

    def bilingual(self, key: str, default: Any = _MISSING) -> dict[str, str]:
        """A ``{zh: …, en: …}`` pair; both languages are required."""
        value = self.raw(key, default)
        if value is default and default is not _MISSING:
            return value
        if not isinstance(value, dict):
            raise self.error(key, "must be a mapping with zh and en")
        for lang in LANGS:
            if not isinstance(value.get(lang), str) or not value[lang].strip():
                raise self.error(f"{key}.{lang}", "is required (every text exists in zh and en)")
        return {lang: value[lang].strip() for lang in LANGS}

    def decimal(self, key: str, default: Any = _MISSING, *, minimum: Decimal | None = None) -> Decimal:
        value = self.raw(key, default)
        if value is default and default is not _MISSING:
            return value
        if isinstance(value, bool):
            raise self.error(key, "must be a number")
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise self.error(key, "must be a number") from None
        if not number.is_finite() or (minimum is not None and number < minimum):
            raise self.error(key, f"must be a finite number ≥ {minimum}" if minimum is not None else "must be finite")
        return number

    def integer(self, key: str, default: Any = _MISSING, *, minimum: int | None = None) -> int:
        value = self.raw(key, default)
        if value is default and default is not _MISSING:
            return value
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(key, "must be a whole number")
        if minimum is not None and value < minimum:
            raise self.error(key, f"must be ≥ {minimum}")
        return value

    def date(self, key: str, default: Any = _MISSING) -> dt.date:
        value = self.raw(key, default)
        if value is default and default is not _MISSING:
            return value
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise self.error(key, "must be a date (YYYY-MM-DD)") from None

    def choice(self, key: str, choices: tuple[str, ...] | list[str], default: Any = _MISSING) -> str:
        value = self.raw(key, default)
        if value is default and default is not _MISSING:
            return value
        if value not in choices:
            raise self.error(key, f"must be one of {', '.join(map(str, choices))}")
        return value

    def items(self, key: str, default: Any = _MISSING) -> list[Any]:
        value = self.raw(key, default)
        if value is default and default is not _MISSING:
            return value
        if not isinstance(value, list):
            raise self.error(key, "must be a list")
        return value

    def child(self, key: str, index: int | None = None) -> "Fields":
        """Fields for a nested mapping, ``key`` or ``key[index]``."""
        if index is None:
            return Fields(self.path, self.raw(key), self.name(key))
        values = self.items(key)
        return Fields(self.path, values[index], f"{self.name(key)}[{index}]")

    def children(self, key: str, default: Any = _MISSING) -> list["Fields"]:
        values = self.items(key, default)
        if values is default and default is not _MISSING:
            return []
        return [Fields(self.path, item, f"{self.name(key)}[{i}]") for i, item in enumerate(values)]
