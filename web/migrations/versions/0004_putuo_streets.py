"""move data stored under a street that is not in Putuo (曹家渡街道 → 曹杨新村街道)

content/streets.yaml listed 曹家渡街道 (静安区) where 曹杨新村街道 was missing. Editors'
accounts, campaigns and pledges that stored the wrong slug are moved to the street the
entry stood for. The mapping is written out here (not read from content/) so the migration
does the same thing whatever the content says later.

Revision ID: 0004_putuo_streets
Revises: 0003_campaigns
"""
from alembic import op
import sqlalchemy as sa

revision = "0004_putuo_streets"
down_revision = "0003_campaigns"
branch_labels = None
depends_on = None

# old slug → new slug (see `retired:` in content/streets.yaml)
REMAP = {"caojiadu": "caoyangxincun"}
TABLES = ("users", "campaign_campaigns", "pledges")


def upgrade():
    for table in TABLES:
        street = sa.table(table, sa.column("street", sa.String(64)))
        for old, new in REMAP.items():
            op.execute(street.update().where(street.c.street == old).values(street=new))


def downgrade():
    # Not reversed: the old slug named a place outside Putuo, and rows created under the new
    # slug cannot be told apart from moved ones.
    pass
