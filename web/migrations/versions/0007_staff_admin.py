"""accounts: admins reset passwords (must_change_password) and their changes are audited

Revision ID: 0007_staff_admin
Revises: 0006_chat_question_status
"""
from alembic import op
import sqlalchemy as sa

revision = "0007_staff_admin"
down_revision = "0006_chat_question_status"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("must_change_password", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table("staff_audit",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("actor", sa.String(length=64), nullable=False),
    sa.Column("action", sa.String(length=32), nullable=False),
    sa.Column("target", sa.String(length=64), nullable=False),
    sa.Column("detail", sa.String(length=200), nullable=False),
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_audit"))
    )
    with op.batch_alter_table("staff_audit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_audit_created_at"), ["created_at"], unique=False)


def downgrade():
    with op.batch_alter_table("staff_audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_audit_created_at"))
    op.drop_table("staff_audit")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("must_change_password")
