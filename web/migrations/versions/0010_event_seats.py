"""campaigns: a counter of confirmed places per event, so registering cannot overbook

Revision ID: 0010_event_seats
Revises: 0009_campaign_organisers
"""
from alembic import op
import sqlalchemy as sa

revision = "0010_event_seats"
down_revision = "0009_campaign_organisers"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("campaign_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seats_taken", sa.Integer(), server_default="0", nullable=False))
    op.execute(
        "UPDATE campaign_events SET seats_taken = (SELECT count(*) FROM campaign_registrations r "
        "WHERE r.event_id = campaign_events.id AND r.waitlisted = false)")


def downgrade():
    with op.batch_alter_table("campaign_events", schema=None) as batch_op:
        batch_op.drop_column("seats_taken")
