"""quiz: teachers' own question banks and their questions (issue 15)

Revision ID: 0013_question_banks
Revises: 0012_chat_more_intents
"""
from alembic import op
import sqlalchemy as sa

revision = "0013_question_banks"
down_revision = "0012_chat_more_intents"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "quiz_banks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("quiz_banks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quiz_banks_owner_id"), ["owner_id"], unique=False)
    op.create_table(
        "quiz_bank_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("topic", sa.String(length=32), nullable=False),
        sa.Column("grades", sa.String(length=120), nullable=False),
        sa.Column("text_zh", sa.Text(), nullable=False),
        sa.Column("text_en", sa.Text(), nullable=False),
        sa.Column("explanation_zh", sa.Text(), nullable=False),
        sa.Column("explanation_en", sa.Text(), nullable=False),
        sa.Column("choices_json", sa.Text(), nullable=False),
        sa.Column("answer_value", sa.String(length=32), nullable=True),
        sa.Column("answer_tolerance", sa.String(length=32), nullable=True),
        sa.Column("unit_zh", sa.String(length=16), nullable=False),
        sa.Column("unit_en", sa.String(length=24), nullable=False),
        sa.Column("source_title", sa.String(length=200), nullable=False),
        sa.Column("source_url", sa.String(length=500), nullable=False),
        sa.Column("seconds", sa.Integer(), nullable=True),
        sa.Column("image", sa.String(length=80), nullable=True),
        sa.Column("image_alt_zh", sa.String(length=200), nullable=False),
        sa.Column("image_alt_en", sa.String(length=200), nullable=False),
        sa.Column("generator_json", sa.Text(), nullable=True),
        sa.Column("retired_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["bank_id"], ["quiz_banks.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("quiz_bank_questions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quiz_bank_questions_bank_id"), ["bank_id"], unique=False)


def downgrade():
    with op.batch_alter_table("quiz_bank_questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quiz_bank_questions_bank_id"))
    op.drop_table("quiz_bank_questions")
    with op.batch_alter_table("quiz_banks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quiz_banks_owner_id"))
    op.drop_table("quiz_banks")
