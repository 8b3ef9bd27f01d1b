"""What the site may teach: the claims register (content/facts/claims.yaml) and its check.

A quiz question, tip or seed campaign that teaches a claim names it (`facts: [id]`). A claim
the register marks `unverified` may not be taught; a `historical` one (true for an edition of
a standard or a year) only with that edition or year named in the same item. Known wrong or
unverified wordings (`phrases`) are searched for in every text residents read: content,
quiz banks, bot texts, templates and translation catalogues.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from core.content import REPO_ROOT, ContentError, Fields, content_dir, quizzes_dir
from core.sources import Source, parse_source

STATUSES = ("verified", "historical", "unverified")


@dataclass(frozen=True)
class Claim:
    id: str
    status: str
    says: dict[str, str]
    mention: tuple[str, ...]
    source: Source


@dataclass(frozen=True)
class Phrase:
    pattern: re.Pattern
    unless: re.Pattern | None
    why: str


def claims_path() -> Path:
    return content_dir() / "facts" / "claims.yaml"


def _regex(fields: Fields, key: str) -> re.Pattern | None:
    text = fields.text(key, None)
    if text is None:
        return None
    try:
        return re.compile(text, re.IGNORECASE)
    except re.error as exc:
        raise fields.error(key, f"not a valid regular expression ({exc})") from None


@cache
def register() -> tuple[dict[str, Claim], tuple[Phrase, ...]]:
    path = claims_path()
    top = Fields.load(path)
    found: dict[str, Claim] = {}
    for item in top.children("claims"):
        claim = Claim(id=item.text("id"), status=item.choice("status", STATUSES), says=item.bilingual("says"),
                      mention=tuple(str(m) for m in item.items("mention", [])),
                      source=parse_source(item.child("source")))
        if claim.id in found:
            raise item.error("id", f"duplicate claim {claim.id!r}")
        if claim.status == "historical" and not claim.mention:
            raise item.error("mention", "a historical claim must say what an item has to name (edition or year)")
        found[claim.id] = claim
    phrases = tuple(Phrase(_regex(p, "pattern"), _regex(p, "unless"), p.text("why")) for p in top.children("phrases", []))
    return found, phrases


def claims() -> dict[str, Claim]:
    return register()[0]


def phrases() -> tuple[Phrase, ...]:
    return register()[1]


def check_references(item: Fields, texts: Iterable[str], key: str = "facts") -> tuple[str, ...]:
    """The claim ids an item lists under `key`, after checking each may be taught there."""
    ids = item.items(key, [])
    known = claims()
    joined = "\n".join(texts)
    for index, claim_id in enumerate(ids):
        where = f"{key}[{index}]"
        claim = known.get(claim_id)
        if claim is None:
            raise item.error(where, f"unknown claim {claim_id!r} (see content/facts/claims.yaml)")
        if claim.status == "unverified":
            raise item.error(where, f"{claim_id!r} is unverified in content/facts/claims.yaml: "
                                    "do not teach it as fact")
        if claim.status == "historical" and not any(m in joined for m in claim.mention):
            raise item.error(where, f"{claim_id!r} is historical: name {' or '.join(claim.mention)} in the item")
    return tuple(ids)


def facts_dir() -> Path:
    return content_dir() / "facts"


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def check_quotes(item: Fields, key: str = "quotes") -> tuple[str, ...]:
    """Each `{file, text}` under `key` must appear in that file of content/facts/ (whitespace
    aside: the plan's text keeps the spacing of its PDF), so a quoted target cannot drift."""
    quoted = []
    for quote in item.children(key, []):
        name, text = quote.text("file"), quote.text("text")
        path = facts_dir() / name
        if "/" in name or not path.is_file():
            raise quote.error("file", f"no such file in content/facts/: {name!r}")
        if _squash(text) not in _squash(path.read_text(encoding="utf-8")):
            raise quote.error("text", f"not found word for word in {name}: {text!r}")
        quoted.append(text)
    return tuple(quoted)


# ---- phrase scan --------------------------------------------------------------------------

def _strings(node) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _yaml_units(node) -> Iterator[str]:
    """Reading units of a YAML file: one per item (a mapping with id/key/slug) and language,
    its short strings together (so an item's text and explanation are read as one); every
    line of a long (multi-line) text on its own."""
    if isinstance(node, list):
        for value in node:
            yield from _yaml_units(value)
        return
    if not isinstance(node, dict):
        return
    common: list[str] = []
    by_lang: dict[str, list[str]] = {"zh": [], "en": []}

    def short(text: str, bucket: list[str]) -> Iterator[str]:
        if "\n" in text.strip():
            yield from (line for line in text.splitlines() if line.strip())
        else:
            bucket.append(text)

    for value in node.values():
        if isinstance(value, str):
            yield from short(value, common)
        elif isinstance(value, dict) and set(value) <= {"zh", "en"} and all(isinstance(v, str) for v in value.values()):
            for lang, text in value.items():
                yield from short(text, by_lang[lang])
        elif isinstance(value, list) and all(isinstance(v, dict) and set(v) <= {"zh", "en", "id", "text", "correct"}
                                             for v in value):
            yield from _yaml_units(value)  # choices: each its own item
            for choice in value:  # and also part of the question, for `unless`
                text = choice.get("text")
                if isinstance(text, dict):
                    for lang in ("zh", "en"):
                        if isinstance(text.get(lang), str):
                            by_lang[lang].append(text[lang])
        else:
            yield from _yaml_units(value)
    for lang in ("zh", "en"):
        if common or by_lang[lang]:
            yield "\n".join(common + by_lang[lang])


def _text_files() -> Iterator[Path]:
    """Every file whose text residents read (the facts register itself is evidence, not text)."""
    roots = [(content_dir(), "**/*.yaml"), (quizzes_dir(), "*.yaml"),
             (REPO_ROOT / "bot" / "actions", "*.py"), (REPO_ROOT / "bot" / "domain", "*.yml"),
             (REPO_ROOT / "web" / "templates", "**/*.html"), (REPO_ROOT / "web", "**/messages.po"),
             (REPO_ROOT / "bot" / "translations", "**/*.po")]
    for root, pattern in roots:
        if root.is_dir():
            for path in sorted(root.glob(pattern)):
                if path.is_file() and path.parent.name != "facts":
                    yield path
    domain = REPO_ROOT / "bot" / "domain.yml"
    if domain.is_file():
        yield domain


def _units(path: Path) -> Iterator[tuple[str, str]]:
    """(where, text) pairs of one file; .po files: the translations (msgstr) only."""
    text = path.read_text(encoding="utf-8")
    if path.suffix in (".yaml", ".yml"):
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError:
            data = None  # a broken file fails in its own loader
        if data is not None:
            for unit in _yaml_units(data):
                yield "", unit
            return
    for number, line in enumerate(text.splitlines(), start=1):
        if path.suffix == ".po" and not line.startswith(("msgstr", '"')):
            continue
        yield f"line {number}", line


def scan(paths: Iterable[Path] | None = None) -> None:
    """Raise `ContentError` for the first known wrong or unverified wording found."""
    for path in paths if paths is not None else _text_files():
        for where, unit in _units(path):
            for phrase in phrases():
                match = phrase.pattern.search(unit)
                if match and not (phrase.unless and phrase.unless.search(unit)):
                    raise ContentError(path, where, f"says {match.group(0)!r}: {phrase.why}")


def check() -> None:
    register.cache_clear()
    register()
    scan()
