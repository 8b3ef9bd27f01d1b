"""campaigns, events, pledges, FAQ

Revision ID: 0003_campaigns
Revises: 0002_quiz
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0003_campaigns"
down_revision = "0002_quiz"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
