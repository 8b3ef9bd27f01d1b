"""Migrations build exactly the schema the models describe, on a fresh database."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy.engine import make_url

from tests.support import fresh_postgres_database


@pytest.fixture
def empty_database_url(app, tmp_path):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if make_url(url).get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    with fresh_postgres_database(url, prefix="putuo_migrations") as fresh:
        yield fresh


def test_upgrade_matches_models_and_downgrade_works(empty_database_url, make_app):
    from web.extensions import db

    app = make_app(SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        downgrade(revision="base")
        with db.engine.connect() as conn:
            tables = set(db.inspect(conn).get_table_names()) - {"alembic_version"}
        assert tables == set()
        db.engine.dispose()


def test_street_migration_moves_data_stored_under_a_street_outside_putuo(empty_database_url, make_app):
    """0004 moves users, campaigns and pledges stored under 曹家渡 (静安区) to 曹杨新村."""
    import sqlalchemy as sa

    from core import campaigns
    from web.extensions import db

    assert campaigns.retired_streets() == {"caojiadu": "caoyangxincun"}
    assert campaigns.street_by_slug("caoyangxincun").name["zh"] == "曹杨新村街道"
    app = make_app(SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade(revision="0003_campaigns")
        with db.engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO users (id, username, display_name, password_hash, role, street, active, session_version) "
                "VALUES (1, 'ed-cao', 'ed', 'x', 'editor', 'caojiadu', true, 1), "
                "(2, 'ed-wanli', 'ed', 'x', 'editor', 'wanli', true, 1)"))
            conn.execute(sa.text(
                "INSERT INTO campaign_campaigns (id, slug, title_zh, title_en, summary_zh, summary_en, body_zh, body_en, "
                "street, published, pledge_actions, cover_alt_zh, cover_alt_en, version, edited_by_staff, "
                "created_at, updated_at) "
                "VALUES (1, 'c1', 't', 't', 's', 's', 'b', 'b', 'caojiadu', true, '[]', '', '', 1, false, "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
            conn.execute(sa.text(
                "INSERT INTO pledges (id, campaign_id, street, actions, token_hash, created_at) VALUES "
                "(1, 1, 'caojiadu', '[]', 'a', CURRENT_TIMESTAMP), (2, 1, 'taopu', '[]', 'b', CURRENT_TIMESTAMP)"))
        upgrade()
        with db.engine.connect() as conn:
            users = dict(conn.execute(sa.text("SELECT username, street FROM users")).all())
            campaign_street = conn.execute(sa.text("SELECT street FROM campaign_campaigns")).scalar_one()
            pledges = sorted(conn.execute(sa.text("SELECT street FROM pledges")).scalars())
        assert users == {"ed-cao": "caoyangxincun", "ed-wanli": "wanli"}
        assert campaign_street == "caoyangxincun"
        assert pledges == ["caoyangxincun", "taopu"]
        assert not {*users.values(), campaign_street, *pledges} - set(campaigns.street_slugs())
        db.engine.dispose()


def test_faq_and_chat_migrations_keep_existing_rows(empty_database_url, make_app):
    """0005 keeps staff-written FAQ entries public and safe from `content load`; 0006 groups
    the questions already recorded (same hash as the code computes)."""
    from sqlalchemy import text

    from web.chat.questions import question_hash
    from web.extensions import db

    app = make_app(SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade(revision="0004_putuo_streets")
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO faq_entries (slug, questions_zh, questions_en, answer_zh, answer_en, source_title, "
                "source_confidence, created_by, created_at, updated_at) VALUES ('old', '[\"问\"]', '[\"Q\"]', '答', 'A', "
                "'S', 'med', 'editor1', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"))
            conn.execute(text(
                "INSERT INTO chat_exchanges (created_at, conversation, lang, question, fallback, bot_available, "
                "reply_count) VALUES ('2026-01-01 00:00:00', 'c', 'zh', '水费 怎么算？', true, true, 1)"))
        upgrade()
        with db.engine.connect() as conn:
            status, approved_by, edited = conn.execute(text(
                "SELECT status, approved_by, edited_by_staff FROM faq_entries")).one()
            hashed, left = conn.execute(text("SELECT question_hash, left_for_staff FROM chat_exchanges")).one()
        assert (status, approved_by, bool(edited)) == ("approved", "editor1", True)
        assert hashed == question_hash("水费怎么算") and not left
        downgrade(revision="base")
        db.engine.dispose()
