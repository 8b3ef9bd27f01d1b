"""campaigns, events, pledges, FAQ

Revision ID: 0003_campaigns
Revises: 0002_quiz
"""
from alembic import op
import sqlalchemy as sa

revision = "0003_campaigns"
down_revision = "0002_quiz"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('campaign_campaigns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('title_zh', sa.String(length=200), nullable=False),
    sa.Column('title_en', sa.String(length=200), nullable=False),
    sa.Column('summary_zh', sa.Text(), nullable=False),
    sa.Column('summary_en', sa.Text(), nullable=False),
    sa.Column('body_zh', sa.Text(), nullable=False),
    sa.Column('body_en', sa.Text(), nullable=False),
    sa.Column('street', sa.String(length=64), nullable=True),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=True),
    sa.Column('ends_at', sa.DateTime(), nullable=True),
    sa.Column('goal_pledges', sa.Integer(), nullable=True),
    sa.Column('pledge_actions', sa.Text(), nullable=False),
    sa.Column('cover_image', sa.String(length=80), nullable=True),
    sa.Column('cover_alt_zh', sa.String(length=200), nullable=False),
    sa.Column('cover_alt_en', sa.String(length=200), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seed_digest', sa.String(length=64), nullable=True),
    sa.Column('edited_by_staff', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_campaigns')),
    sa.UniqueConstraint('slug', name=op.f('uq_campaign_campaigns_slug'))
    )
    with op.batch_alter_table('campaign_campaigns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_campaigns_ends_at'), ['ends_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_campaign_campaigns_starts_at'), ['starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_campaign_campaigns_street'), ['street'], unique=False)

    op.create_table('faq_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('questions_zh', sa.Text(), nullable=False),
    sa.Column('questions_en', sa.Text(), nullable=False),
    sa.Column('answer_zh', sa.Text(), nullable=False),
    sa.Column('answer_en', sa.Text(), nullable=False),
    sa.Column('source_title', sa.String(length=300), nullable=False),
    sa.Column('source_url', sa.String(length=500), nullable=True),
    sa.Column('source_confidence', sa.String(length=16), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_faq_entries')),
    sa.UniqueConstraint('slug', name=op.f('uq_faq_entries_slug'))
    )
    op.create_table('campaign_audit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('target', sa.String(length=200), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_campaign_audit_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_audit'))
    )
    with op.batch_alter_table('campaign_audit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_audit_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_campaign_audit_created_at'), ['created_at'], unique=False)

    op.create_table('campaign_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('seed_key', sa.String(length=64), nullable=True),
    sa.Column('title_zh', sa.String(length=200), nullable=False),
    sa.Column('title_en', sa.String(length=200), nullable=False),
    sa.Column('description_zh', sa.Text(), nullable=False),
    sa.Column('description_en', sa.Text(), nullable=False),
    sa.Column('place_zh', sa.String(length=300), nullable=False),
    sa.Column('place_en', sa.String(length=300), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('phone_reason_zh', sa.Text(), nullable=False),
    sa.Column('phone_reason_en', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign_campaigns.id'], name=op.f('fk_campaign_events_campaign_id_campaign_campaigns'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_events'))
    )
    with op.batch_alter_table('campaign_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_events_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('campaign_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('snapshot', sa.Text(), nullable=False),
    sa.Column('changed', sa.Text(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign_campaigns.id'], name=op.f('fk_campaign_revisions_campaign_id_campaign_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_campaign_revisions_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_revisions'))
    )
    with op.batch_alter_table('campaign_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_revisions_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('campaign_views',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign_campaigns.id'], name=op.f('fk_campaign_views_campaign_id_campaign_campaigns'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_views')),
    sa.UniqueConstraint('campaign_id', 'day', 'source', name='uq_campaign_views_campaign_day_source')
    )
    with op.batch_alter_table('campaign_views', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_views_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('pledges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('street', sa.String(length=64), nullable=False),
    sa.Column('actions', sa.Text(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign_campaigns.id'], name=op.f('fk_pledges_campaign_id_campaign_campaigns'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pledges')),
    sa.UniqueConstraint('campaign_id', 'token_hash', name='uq_pledges_campaign_token')
    )
    with op.batch_alter_table('pledges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pledges_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pledges_street'), ['street'], unique=False)

    op.create_table('campaign_registrations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('nickname', sa.String(length=40), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('waitlisted', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['campaign_events.id'], name=op.f('fk_campaign_registrations_event_id_campaign_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_registrations')),
    sa.UniqueConstraint('event_id', 'token_hash', name='uq_campaign_registrations_event_token')
    )
    with op.batch_alter_table('campaign_registrations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_registrations_event_id'), ['event_id'], unique=False)



def downgrade():
    with op.batch_alter_table('campaign_registrations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_registrations_event_id'))

    op.drop_table('campaign_registrations')
    with op.batch_alter_table('pledges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pledges_street'))
        batch_op.drop_index(batch_op.f('ix_pledges_campaign_id'))

    op.drop_table('pledges')
    with op.batch_alter_table('campaign_views', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_views_campaign_id'))

    op.drop_table('campaign_views')
    with op.batch_alter_table('campaign_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_revisions_campaign_id'))

    op.drop_table('campaign_revisions')
    with op.batch_alter_table('campaign_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_events_campaign_id'))

    op.drop_table('campaign_events')
    with op.batch_alter_table('campaign_audit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_audit_created_at'))
        batch_op.drop_index(batch_op.f('ix_campaign_audit_campaign_id'))

    op.drop_table('campaign_audit')
    op.drop_table('faq_entries')
    with op.batch_alter_table('campaign_campaigns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_campaigns_street'))
        batch_op.drop_index(batch_op.f('ix_campaign_campaigns_starts_at'))
        batch_op.drop_index(batch_op.f('ix_campaign_campaigns_ends_at'))

    op.drop_table('campaign_campaigns')
