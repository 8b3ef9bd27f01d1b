"""quiz events, players and answers

Revision ID: 0002_quiz
Revises: 0001_foundation
"""
from alembic import op
import sqlalchemy as sa

revision = "0002_quiz"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('quiz_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=6), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('bank_id', sa.String(length=64), nullable=True),
    sa.Column('teacher_id', sa.Integer(), nullable=True),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('question_seconds', sa.Integer(), nullable=False),
    sa.Column('opens_at', sa.DateTime(), nullable=True),
    sa.Column('closes_at', sa.DateTime(), nullable=True),
    sa.Column('speed_bonus', sa.Boolean(), nullable=False),
    sa.Column('shuffle', sa.Boolean(), nullable=False),
    sa.Column('leaderboard', sa.String(length=8), nullable=False),
    sa.Column('frozen_at', sa.DateTime(), nullable=True),
    sa.Column('class_labels', sa.Text(), nullable=False),
    sa.Column('phase', sa.String(length=16), nullable=False),
    sa.Column('current_position', sa.Integer(), nullable=False),
    sa.Column('question_started_at', sa.DateTime(), nullable=True),
    sa.Column('question_ends_at', sa.DateTime(), nullable=True),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('purged_at', sa.DateTime(), nullable=True),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['teacher_id'], ['users.id'], name=op.f('fk_quiz_events_teacher_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_events')),
    sa.UniqueConstraint('code', name=op.f('uq_quiz_events_code'))
    )
    with op.batch_alter_table('quiz_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_events_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_quiz_events_teacher_id'), ['teacher_id'], unique=False)

    op.create_table('quiz_event_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.String(length=64), nullable=False),
    sa.Column('data_json', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['quiz_events.id'], name=op.f('fk_quiz_event_questions_event_id_quiz_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_event_questions')),
    sa.UniqueConstraint('event_id', 'position', name=op.f('uq_quiz_event_questions_event_id'))
    )
    op.create_table('quiz_players',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('nickname', sa.String(length=24), nullable=False),
    sa.Column('nickname_key', sa.String(length=24), nullable=False),
    sa.Column('class_label', sa.String(length=40), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('joined_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['quiz_events.id'], name=op.f('fk_quiz_players_event_id_quiz_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_players')),
    sa.UniqueConstraint('event_id', 'nickname_key', name=op.f('uq_quiz_players_event_id')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_quiz_players_token_hash'))
    )
    with op.batch_alter_table('quiz_players', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_players_event_id'), ['event_id'], unique=False)

    op.create_table('quiz_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('player_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('choice_ids', sa.String(length=64), nullable=False),
    sa.Column('correct', sa.Boolean(), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=False),
    sa.Column('elapsed_ms', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['quiz_events.id'], name=op.f('fk_quiz_answers_event_id_quiz_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['player_id'], ['quiz_players.id'], name=op.f('fk_quiz_answers_player_id_quiz_players'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['quiz_event_questions.id'], name=op.f('fk_quiz_answers_question_id_quiz_event_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_answers')),
    sa.UniqueConstraint('player_id', 'question_id', name=op.f('uq_quiz_answers_player_id'))
    )
    with op.batch_alter_table('quiz_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_answers_event_id'), ['event_id'], unique=False)
        batch_op.create_index('ix_quiz_answers_event_question', ['event_id', 'question_id'], unique=False)


def downgrade():
    with op.batch_alter_table("quiz_answers", schema=None) as batch_op:
        batch_op.drop_index("ix_quiz_answers_event_question")
        batch_op.drop_index(batch_op.f("ix_quiz_answers_event_id"))
    op.drop_table("quiz_answers")
    with op.batch_alter_table("quiz_players", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quiz_players_event_id"))
    op.drop_table("quiz_players")
    op.drop_table("quiz_event_questions")
    with op.batch_alter_table("quiz_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quiz_events_teacher_id"))
        batch_op.drop_index(batch_op.f("ix_quiz_events_created_at"))
    op.drop_table("quiz_events")
