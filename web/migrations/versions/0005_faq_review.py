"""FAQ entries: approval status, seed tracking (entries live in the database only)

Entries that exist already were written by staff and shown on the FAQ page: they stay
approved and are marked as staff edits, so `flask content load` never overwrites them.

Revision ID: 0005_faq_review
Revises: 0004_putuo_streets
"""
from alembic import op
import sqlalchemy as sa

revision = "0005_faq_review"
down_revision = "0004_putuo_streets"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("faq_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(length=16), server_default="approved", nullable=False))
        batch_op.add_column(sa.Column("approved_by", sa.String(length=64), server_default="", nullable=False))
        batch_op.add_column(sa.Column("approved_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("seed_digest", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("edited_by_staff", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index(batch_op.f("ix_faq_entries_updated_at"), ["updated_at"], unique=False)
    faq = sa.table("faq_entries", sa.column("edited_by_staff", sa.Boolean()), sa.column("approved_by", sa.String()),
                   sa.column("created_by", sa.String()), sa.column("approved_at", sa.DateTime()),
                   sa.column("created_at", sa.DateTime()))
    op.execute(faq.update().values(edited_by_staff=True, approved_by=faq.c.created_by, approved_at=faq.c.created_at))


def downgrade():
    with op.batch_alter_table("faq_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_faq_entries_updated_at"))
        batch_op.drop_column("edited_by_staff")
        batch_op.drop_column("seed_digest")
        batch_op.drop_column("approved_at")
        batch_op.drop_column("approved_by")
        batch_op.drop_column("status")
