"""FAQ entries: written by editors into the database and, where the folder is writable, into
content/faq/<slug>.yaml (the bot trains on those files). The FAQ page reads both."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from flask import current_app
from sqlalchemy import select

from core import campaigns as content
from core.content import ContentError
from core.sources import Source
from web import clock
from web.campaigns.models import FaqEntry
from web.campaigns.services import CampaignError, audit
from web.extensions import db


def faq_folder() -> Path:
    """content/faq, or CAMPAIGNS_FAQ_DIR (tests and read-only deployments point it elsewhere)."""
    configured = current_app.config.get("CAMPAIGNS_FAQ_DIR")
    return Path(configured) if configured else content.faq_dir()


def to_content(row: FaqEntry) -> content.FaqEntry:
    return content.FaqEntry(
        slug=row.slug, questions={"zh": tuple(row.questions("zh")), "en": tuple(row.questions("en"))},
        answer={"zh": row.answer_zh, "en": row.answer_en},
        source=Source(title=row.source_title, url=row.source_url or None, confidence=row.source_confidence),
    )


def validate(values: dict) -> content.FaqEntry:
    """The entry as core would read it back from its file; CampaignError names the field."""
    data = {
        "slug": values["slug"],
        "questions": {"zh": values["questions_zh"], "en": values["questions_en"]},
        "answer": {"zh": values["answer_zh"], "en": values["answer_en"]},
        "source": {"title": values["source_title"], "url": values.get("source_url") or None, "confidence": "med"},
    }
    try:
        return content.parse_faq(f"faq/{values['slug']}.yaml", data)
    except ContentError as exc:
        raise CampaignError(exc.field.split("[")[0].replace(".", "_") or "slug", "invalid") from None


def write_file(entry: content.FaqEntry, folder: Path | None = None) -> Path:
    """content/faq/<slug>.yaml in the format the bot trains on; raises OSError if read-only."""
    folder = folder or faq_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{entry.slug}.yaml"
    text = yaml.safe_dump(content.faq_to_data(entry), allow_unicode=True, sort_keys=False, width=100)
    tmp = path.with_suffix(".yaml.tmp")
    tmp.write_text("# FAQ entry written by the site (campaigns dashboard); the bot trains on content/faq.\n" + text,
                   encoding="utf-8")
    tmp.replace(path)
    return path


def create(user, values: dict) -> tuple[FaqEntry, bool]:
    """Store an entry in the database and try its file; returns (row, file_written)."""
    entry = validate(values)
    if db.session.scalar(select(FaqEntry.id).where(FaqEntry.slug == entry.slug)) or any(
            e.slug == entry.slug for e in file_entries()):
        raise CampaignError("slug", "faq_slug_taken")
    row = FaqEntry(
        slug=entry.slug, questions_zh=json.dumps(list(entry.questions["zh"]), ensure_ascii=False),
        questions_en=json.dumps(list(entry.questions["en"]), ensure_ascii=False),
        answer_zh=entry.answer["zh"], answer_en=entry.answer["en"], source_title=entry.source.title,
        source_url=entry.source.url, source_confidence=entry.source.confidence,
        created_by=user.username, created_at=clock.now(), updated_at=clock.now(),
    )
    db.session.add(row)
    db.session.flush()
    audit(user, "faq_create", target=entry.slug, detail=entry.questions["zh"][0][:200])
    try:
        write_file(entry)
        written = True
    except OSError as exc:
        current_app.logger.warning("FAQ %s kept in the database only: %s", entry.slug, exc)
        written = False
    db.session.flush()
    return row, written


def file_entries() -> tuple[content.FaqEntry, ...]:
    """Entries from the FAQ folder; a broken file is logged and skipped, never a 500."""
    folder = faq_folder()
    if not folder.is_dir():
        return ()
    result = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            entry = content.parse_faq(path, content.read_yaml(path))
        except ContentError as exc:
            current_app.logger.warning("skipping FAQ file: %s", exc)
            continue
        result.append(entry)
    return tuple(result)


def all_entries() -> list[content.FaqEntry]:
    """Files and database rows merged by slug (the database wins), sorted by slug."""
    merged = {entry.slug: entry for entry in file_entries()}
    for row in db.session.scalars(select(FaqEntry)):
        merged[row.slug] = to_content(row)
    return [merged[slug] for slug in sorted(merged)]


def export_all(folder: Path | None = None) -> list[Path]:
    """Write every database entry to the FAQ folder (for the next bot training)."""
    return [write_file(to_content(row), folder) for row in db.session.scalars(select(FaqEntry).order_by(FaqEntry.slug))]
