"""quiz: running a class — generated nicknames only, a lockable lobby, removed players, class score

Revision ID: 0011_quiz_class_mode
Revises: 0010_event_seats
"""
from alembic import op
import sqlalchemy as sa

revision = "0011_quiz_class_mode"
down_revision = "0010_event_seats"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("quiz_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("class_score", sa.String(length=8), server_default="average", nullable=False))
        batch_op.add_column(sa.Column("generated_names", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("locked_at", sa.DateTime(), nullable=True))
    op.create_table(
        "quiz_removals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("removed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["quiz_events.id"], name=op.f("fk_quiz_removals_event_id_quiz_events"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_removals")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_quiz_removals_token_hash")),
    )
    with op.batch_alter_table("quiz_removals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quiz_removals_event_id"), ["event_id"], unique=False)


def downgrade():
    with op.batch_alter_table("quiz_removals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quiz_removals_event_id"))
    op.drop_table("quiz_removals")
    with op.batch_alter_table("quiz_events", schema=None) as batch_op:
        batch_op.drop_column("locked_at")
        batch_op.drop_column("generated_names")
        batch_op.drop_column("class_score")
