"""chat: questions grouped by normalised text, their status, questions left for staff

Revision ID: 0006_chat_question_status
Revises: 0005_faq_review
"""
import hashlib
import re
import unicodedata

from alembic import op
import sqlalchemy as sa

revision = "0006_chat_question_status"
down_revision = "0005_faq_review"
branch_labels = None
depends_on = None


def _hash(text):
    """Frozen copy of web.chat.questions.question_hash at the time of this migration."""
    normalised = re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text or "").casefold())
    return hashlib.sha256(normalised.encode()).hexdigest()


def upgrade():
    op.create_table("chat_question_statuses",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("question_hash", sa.String(length=64), nullable=False),
    sa.Column("status", sa.String(length=24), nullable=False),
    sa.Column("faq_entry_id", sa.Integer(), nullable=True),
    sa.Column("updated_by", sa.String(length=64), nullable=False),
    sa.Column("updated_at", sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_question_statuses")),
    sa.UniqueConstraint("question_hash", name=op.f("uq_chat_question_statuses_question_hash"))
    )
    with op.batch_alter_table("chat_exchanges", schema=None) as batch_op:
        batch_op.add_column(sa.Column("question_hash", sa.String(length=64), server_default="", nullable=False))
        batch_op.add_column(sa.Column("left_for_staff", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index(batch_op.f("ix_chat_exchanges_question_hash"), ["question_hash"], unique=False)
    exchanges = sa.table("chat_exchanges", sa.column("id", sa.Integer()), sa.column("question", sa.Text()),
                         sa.column("question_hash", sa.String()))
    connection = op.get_bind()
    for ident, question in connection.execute(sa.select(exchanges.c.id, exchanges.c.question)).all():
        connection.execute(exchanges.update().where(exchanges.c.id == ident).values(question_hash=_hash(question)))


def downgrade():
    with op.batch_alter_table("chat_exchanges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chat_exchanges_question_hash"))
        batch_op.drop_column("left_for_staff")
        batch_op.drop_column("question_hash")
    op.drop_table("chat_question_statuses")
