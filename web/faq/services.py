"""FAQ operations: create and approve entries, load the seed entries of content/faq, and
answer a question from the approved entries. They `flush()`; the request commits once."""

from __future__ import annotations

import json
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import case, func, select

from core import campaigns as content
from core.content import ContentError
from core.sources import kind_from_url
from web import clock, seeding
from web.campaigns.services import audit
from web.extensions import db
from web.faq import search
from web.faq.models import FaqEntry
from web.seeding import SeedReport

_cache = search.SearchCache()


class FaqError(ValueError):
    """A rule about FAQ entries was broken; `field` names the form field, `code` the message."""

    def __init__(self, field: str, code: str):
        super().__init__(f"{field}: {code}")
        self.field, self.code = field, code


def can_approve(user) -> bool:
    """Admins and district-wide editors approve: an entry answers residents of every street."""
    return user.role == "admin" or (user.role == "editor" and user.street is None)


def can_read_questions(user) -> bool:
    """Who may read what residents typed to the assistant (free text that may hold personal
    details, and not tied to any street): admins and district-wide editors, not street editors."""
    return can_approve(user)


def validate(values: dict) -> content.FaqEntry:
    """The entry as core reads a content file; FaqError names the field."""
    data = {
        "slug": values["slug"],
        "questions": {"zh": values["questions_zh"], "en": values["questions_en"]},
        "answer": {"zh": values["answer_zh"], "en": values["answer_en"]},
        "source": {"title": values["source_title"], "url": values.get("source_url") or None, "confidence": "med",
                   "kind": kind_from_url(values.get("source_url"))},
    }
    try:
        return content.parse_faq(f"faq/{values['slug']}.yaml", data)
    except ContentError as exc:
        raise FaqError(exc.field.split("[")[0].replace(".", "_") or "slug", "invalid") from None


def _fill(row: FaqEntry, entry: content.FaqEntry) -> None:
    row.slug = entry.slug
    row.questions_zh = json.dumps(list(entry.questions["zh"]), ensure_ascii=False)
    row.questions_en = json.dumps(list(entry.questions["en"]), ensure_ascii=False)
    row.answer_zh, row.answer_en = entry.answer["zh"], entry.answer["en"]
    row.source_title, row.source_url, row.source_confidence = entry.source.title, entry.source.url, entry.source.confidence
    row.updated_at = clock.now()


def create(user, values: dict, approve: bool = False) -> FaqEntry:
    """A new entry from the staff form; approved at once only if asked and allowed."""
    entry = validate(values)
    if db.session.scalar(select(FaqEntry.id).where(FaqEntry.slug == entry.slug)):
        raise FaqError("slug", "faq_slug_taken")
    row = FaqEntry(created_by=user.username, created_at=clock.now(), edited_by_staff=True, status="draft")
    _fill(row, entry)
    db.session.add(row)
    db.session.flush()
    audit(user, "faq_create", target=entry.slug, detail=entry.questions["zh"][0][:200])
    if approve and can_approve(user):
        approve_entry(user, row)
    return row


def can_edit(user, row: FaqEntry) -> bool:
    """Approvers edit every entry; other editors only their own drafts."""
    return can_approve(user) or (user.role == "editor" and row.status == "draft" and row.created_by == user.username)


def update(user, row: FaqEntry, values: dict) -> None:
    """Save an edited entry (it stays approved or draft as it was); seeds edited here are
    no longer refreshed by `flask content load`."""
    if not can_edit(user, row):
        raise FaqError("slug", "not_allowed")
    entry = validate(values)
    if db.session.scalar(select(FaqEntry.id).where(FaqEntry.slug == entry.slug, FaqEntry.id != row.id)):
        raise FaqError("slug", "faq_slug_taken")
    _fill(row, entry)
    row.edited_by_staff = True
    db.session.flush()
    audit(user, "faq_edit", target=entry.slug, detail=entry.questions["zh"][0][:200])


def values_of(row: FaqEntry) -> dict:
    """The form's fields for an entry (wordings one per line)."""
    return {"slug": row.slug, "questions_zh": "\n".join(row.questions("zh")), "questions_en": "\n".join(row.questions("en")),
            "answer_zh": row.answer_zh, "answer_en": row.answer_en, "source_title": row.source_title,
            "source_url": row.source_url or ""}


def approve_entry(user, row: FaqEntry) -> None:
    if not can_approve(user):
        raise FaqError("status", "not_allowed")
    row.status, row.approved_by, row.approved_at, row.updated_at = "approved", user.username, clock.now(), clock.now()
    db.session.flush()
    audit(user, "faq_approve", target=row.slug)


def withdraw_entry(user, row: FaqEntry) -> None:
    """Back to draft: off the FAQ page and out of the assistant's answers."""
    if not can_approve(user):
        raise FaqError("status", "not_allowed")
    row.status, row.updated_at = "draft", clock.now()
    db.session.flush()
    audit(user, "faq_withdraw", target=row.slug)


def approved_entries() -> list[FaqEntry]:
    return list(db.session.scalars(select(FaqEntry).where(FaqEntry.status == "approved").order_by(FaqEntry.slug)))


def all_entries() -> list[FaqEntry]:
    return list(db.session.scalars(select(FaqEntry).order_by(FaqEntry.status, FaqEntry.slug)))


def entry_by_id(entry_id: int) -> FaqEntry | None:
    return db.session.get(FaqEntry, entry_id)


def entry_titles(entry_ids) -> dict[int, dict[str, str]]:
    """{id: {"zh": question, "en": question, "slug": slug}} for the dashboard."""
    ids = [i for i in set(entry_ids) if i]
    if not ids:
        return {}
    rows = db.session.scalars(select(FaqEntry).where(FaqEntry.id.in_(ids)))
    return {row.id: {"zh": row.text("question", "zh"), "en": row.text("question", "en"), "slug": row.slug} for row in rows}


# --- seed entries (content/faq/*.yaml) ------------------------------------------------------

def load_seeds() -> SeedReport:
    """Upsert every entry of content/faq by slug, approved (they are reviewed in the repository);
    an entry staff have edited is left alone. Flushes; the caller commits."""
    report = SeedReport()
    for entry in content.faq_entries():
        fingerprint = seeding.digest(content.faq_to_data(entry))
        row, created = seeding.row_to_write(report, FaqEntry, entry.slug, fingerprint,
                                            lambda: FaqEntry(created_by="content/faq", created_at=clock.now()))
        if row is None:
            continue
        _fill(row, entry)
        row.seed_digest, row.status, row.approved_by, row.approved_at = fingerprint, "approved", "content/faq", clock.now()
        db.session.flush()
        seeding.written(report, entry.slug, created)
    return report


# --- answering ----------------------------------------------------------------------------

def threshold() -> float:
    return float(current_app.config.get("FAQ_MATCH_THRESHOLD", search.DEFAULT_THRESHOLD))


def _version():
    """Changes whenever an entry is added, edited, approved, withdrawn or deleted."""
    approved = func.sum(case((FaqEntry.status == "approved", 1), else_=0))
    row = db.session.execute(select(func.count(), func.max(FaqEntry.updated_at), func.max(FaqEntry.id), approved)).one()
    return (str(db.engine.url), *(str(value) for value in row))


def _wordings() -> dict[str, list[tuple[int, str]]]:
    result: dict[str, list[tuple[int, str]]] = {"zh": [], "en": []}
    for row in approved_entries():
        for lang in result:
            result[lang].extend((row.id, wording) for wording in row.questions(lang))
    return result


@dataclass
class Answer:
    entry: FaqEntry
    score: float


def best_match(text: str, lang: str) -> Answer | None:
    """The approved entry that answers `text`, or None below the threshold."""
    scored = score(text, lang)
    return scored if scored is not None and scored.score >= threshold() else None


def score(text: str, lang: str) -> Answer | None:
    """The best entry and its confidence, whatever the threshold (for the dashboard and bench)."""
    indexes = _cache.indexes(_version(), _wordings)
    found = search.search(indexes, text, lang)
    if found is None or found.score <= 0:
        return None
    row = db.session.get(FaqEntry, found.entry_id)
    if row is None or row.status != "approved":  # changed since the index was read
        return None
    return Answer(row, round(found.score, 4))
