"""chat: the intents of the other answers when one message got several (one per question)

Revision ID: 0012_chat_more_intents
Revises: 0011_quiz_class_mode
"""
from alembic import op
import sqlalchemy as sa

revision = "0012_chat_more_intents"
down_revision = "0011_quiz_class_mode"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("chat_exchanges", schema=None) as batch_op:
        batch_op.add_column(sa.Column("more_intents", sa.String(length=250), nullable=True))


def downgrade():
    with op.batch_alter_table("chat_exchanges", schema=None) as batch_op:
        batch_op.drop_column("more_intents")
