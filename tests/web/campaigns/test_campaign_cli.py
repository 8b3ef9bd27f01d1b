"""`flask content load | check` for campaigns (the FAQ side: tests/web/faq)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select


def test_load_is_idempotent_and_keeps_staff_edits(runner, db, app, frozen):
    from web.campaigns.models import Campaign, CampaignEvent

    frozen.set(dt.datetime(2026, 11, 28, 4, 0))
    first = runner.invoke(args=["content", "load"])
    assert first.exit_code == 0, first.output
    assert "created: " in first.output
    slugs = set(db.session.scalars(select(Campaign.slug)))
    assert slugs == {"world-water-day", "urban-water-saving-week"}
    wwd = db.session.scalar(select(Campaign).where(Campaign.slug == "world-water-day"))
    # Next occurrence after 2026-11-28: China Water Week 2027, 03-22..03-28 (Shanghai).
    events = sorted(e.starts_at for e in wwd.events)
    assert events[0] == dt.datetime(2027, 3, 22, 6, 0)  # 14:00 Shanghai
    assert wwd.ends_at == dt.datetime(2027, 3, 28, 16, 0)  # end of 03-28 Shanghai
    count = db.session.scalar(select(func.count()).select_from(CampaignEvent))

    second = runner.invoke(args=["content", "load"])
    assert second.exit_code == 0 and "unchanged: " in second.output
    assert db.session.scalar(select(func.count()).select_from(CampaignEvent)) == count

    wwd.title_en, wwd.edited_by_staff = "Edited by staff", True
    db.session.commit()
    frozen.set(dt.datetime(2027, 4, 1, 4, 0))  # after this year's week: dates would roll forward
    third = runner.invoke(args=["content", "load"])
    assert "kept staff edits: world-water-day" in third.output
    db.session.expire_all()
    assert db.session.scalar(select(Campaign.title_en).where(Campaign.slug == "world-water-day")) == "Edited by staff"


def test_load_rolls_untouched_seeds_to_the_next_year(runner, db, frozen):
    from web.campaigns.models import Campaign

    frozen.set(dt.datetime(2026, 11, 28, 4, 0))
    runner.invoke(args=["content", "load"])
    frozen.set(dt.datetime(2027, 4, 1, 4, 0))
    result = runner.invoke(args=["content", "load"])
    assert "updated: " in result.output
    db.session.expire_all()
    starts = db.session.scalar(select(Campaign.starts_at).where(Campaign.slug == "world-water-day"))
    assert starts.year == 2028


def test_check_command(runner):
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 0 and "10 streets" in result.output
