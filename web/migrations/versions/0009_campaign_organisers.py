"""campaigns: registration status codes, savings carried by pledges, offline tallies

Revision ID: 0009_campaign_organisers
Revises: 0008_quiz_live
"""
from alembic import op
import sqlalchemy as sa

revision = "0009_campaign_organisers"
down_revision = "0008_quiz_live"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("campaign_registrations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("code", sa.String(length=24), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_campaign_registrations_code"), ["code"])
    with op.batch_alter_table("pledges", schema=None) as batch_op:
        batch_op.add_column(sa.Column("saving_action", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("saving_m3", sa.Numeric(precision=10, scale=2), nullable=True))
        batch_op.add_column(sa.Column("saving_yuan", sa.Numeric(precision=10, scale=2), nullable=True))
    op.create_table("campaign_offline_tallies",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("campaign_id", sa.Integer(), nullable=False),
    sa.Column("source", sa.String(length=16), nullable=False),
    sa.Column("street", sa.String(length=64), nullable=False),
    sa.Column("count", sa.Integer(), nullable=False),
    sa.Column("actions", sa.Text(), nullable=False),
    sa.Column("note", sa.Text(), nullable=False),
    sa.Column("day", sa.Date(), nullable=False),
    sa.Column("user_id", sa.Integer(), nullable=True),
    sa.Column("username", sa.String(length=64), nullable=False),
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(["campaign_id"], ["campaign_campaigns.id"], name=op.f("fk_campaign_offline_tallies_campaign_id_campaign_campaigns"), ondelete="CASCADE"),
    sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_campaign_offline_tallies_user_id_users"), ondelete="SET NULL"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_offline_tallies"))
    )
    with op.batch_alter_table("campaign_offline_tallies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_campaign_offline_tallies_campaign_id"), ["campaign_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_campaign_offline_tallies_street"), ["street"], unique=False)


def downgrade():
    with op.batch_alter_table("campaign_offline_tallies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_campaign_offline_tallies_street"))
        batch_op.drop_index(batch_op.f("ix_campaign_offline_tallies_campaign_id"))
    op.drop_table("campaign_offline_tallies")
    with op.batch_alter_table("pledges", schema=None) as batch_op:
        batch_op.drop_column("saving_yuan")
        batch_op.drop_column("saving_m3")
        batch_op.drop_column("saving_action")
    with op.batch_alter_table("campaign_registrations", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_campaign_registrations_code"), type_="unique")
        batch_op.drop_column("code")
