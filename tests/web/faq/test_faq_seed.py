"""`flask content load` puts the seed FAQ of content/faq into the database (approved),
idempotently, leaving entries staff have edited alone; the seeds answer real questions."""

from __future__ import annotations

from sqlalchemy import func, select

from core import campaigns as content


def test_load_seeds_then_search_them(runner, client, db):
    from web.faq.models import FaqEntry

    result = runner.invoke(args=["content", "load"])
    assert result.exit_code == 0, result.output
    seeds = content.faq_entries()
    assert 15 <= len(seeds) <= 20
    assert db.session.scalar(select(func.count()).select_from(FaqEntry).where(FaqEntry.status == "approved")) == len(seeds)
    assert "FAQ unchanged" in runner.invoke(args=["content", "load"]).output
    page = client.get("/faq").get_data(as_text=True)
    assert "世界水日是哪一天？" in page and "mwr.gov.cn" in page
    found = client.get("/api/v1/faq/search?q=世界水日是几号呀&lang=zh").get_json()["match"]
    assert found["question"] == "世界水日是哪一天？" and "3月22日" in found["answer"]
    english = client.get("/api/v1/faq/search?q=how+do+students+join+the+quiz&lang=en").get_json()["match"]
    assert english["url"].endswith("/faq/school-quiz?lang=en")


def test_staff_edits_survive_a_reload(runner, db):
    from web.faq.models import FaqEntry

    runner.invoke(args=["content", "load"])
    row = db.session.scalar(select(FaqEntry).where(FaqEntry.slug == "hotlines"))
    row.answer_en, row.edited_by_staff, row.seed_digest = "Edited by staff", True, "changed"
    db.session.commit()
    assert "FAQ kept staff edits: hotlines" in runner.invoke(args=["content", "load"]).output
    db.session.expire_all()
    assert db.session.scalar(select(FaqEntry.answer_en).where(FaqEntry.slug == "hotlines")) == "Edited by staff"


def test_every_seed_has_a_source_and_both_languages():
    for entry in content.faq_entries():
        assert entry.source.title and entry.answer["zh"] and entry.answer["en"], entry.slug
        assert entry.questions["zh"] and entry.questions["en"], entry.slug
