"""quiz live path: per-player running totals, connected phones per process

Revision ID: 0008_quiz_live
Revises: 0007_staff_admin
"""
from alembic import op
import sqlalchemy as sa

revision = "0008_quiz_live"
down_revision = "0007_staff_admin"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('quiz_players', schema=None) as batch_op:
        batch_op.add_column(sa.Column('score', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('answered', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('correct_count', sa.Integer(), nullable=False, server_default='0'))
    op.execute(
        "UPDATE quiz_players SET "
        "score = COALESCE((SELECT SUM(a.points) FROM quiz_answers a WHERE a.player_id = quiz_players.id), 0), "
        "answered = (SELECT COUNT(*) FROM quiz_answers a WHERE a.player_id = quiz_players.id), "
        "correct_count = (SELECT COUNT(*) FROM quiz_answers a WHERE a.player_id = quiz_players.id AND a.correct)")
    op.create_table('quiz_connections',
    sa.Column('process', sa.String(length=64), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('phones', sa.Integer(), nullable=False),
    sa.Column('seen_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['quiz_events.id'], name=op.f('fk_quiz_connections_event_id_quiz_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('process', 'event_id', name=op.f('pk_quiz_connections'))
    )


def downgrade():
    op.drop_table('quiz_connections')
    with op.batch_alter_table('quiz_players', schema=None) as batch_op:
        batch_op.drop_column('correct_count')
        batch_op.drop_column('answered')
        batch_op.drop_column('score')
