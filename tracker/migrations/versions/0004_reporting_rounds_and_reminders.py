"""reporting rounds (调度) with their tasks and units, and reminders (催办)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 13:40:00

New tables only: nothing existing is rebuilt, so no child row is at risk on SQLite. Indexes
are created in batch mode as in 0002/0003.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_key", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("reply_by", sa.Date(), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("folder", sa.String(length=500), nullable=False),
        sa.Column("schedule", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rounds")),
        sa.UniqueConstraint("name", name=op.f("uq_rounds_name")),
        sa.UniqueConstraint("round_key", name=op.f("uq_rounds_round_key")),
    )
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=True),
        sa.Column("reminded_on", sa.Date(), nullable=False),
        sa.Column(
            "way",
            sa.Enum(
                "phone",
                "letter",
                "in_person",
                "meeting",
                name="reminderway",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("answered_by", sa.String(length=100), nullable=True),
        sa.Column("said", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_reminders_round_id_rounds"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_reminders_unit_id_units"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminders")),
    )
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reminders_round_id"), ["round_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reminders_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "round_units",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("task_count", sa.Integer(), nullable=False),
        sa.Column("replied_on", sa.Date(), nullable=True),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=True),
        sa.Column("receipts", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_round_units_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
            name=op.f("fk_round_units_unit_id_units"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("round_id", "unit_id", name=op.f("pk_round_units")),
    )
    with op.batch_alter_table("round_units", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_round_units_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "reminder_items",
        sa.Column("reminder_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["work_items.id"],
            name=op.f("fk_reminder_items_item_id_work_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reminder_id"],
            ["reminders.id"],
            name=op.f("fk_reminder_items_reminder_id_reminders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("reminder_id", "item_id", name=op.f("pk_reminder_items")),
    )
    with op.batch_alter_table("reminder_items", schema=None) as batch_op:
        batch_op.create_index("ix_reminder_items_item_id", ["item_id"], unique=False)

    op.create_table(
        "round_items",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["work_items.id"],
            name=op.f("fk_round_items_item_id_work_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_round_items_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
            name=op.f("fk_round_items_unit_id_units"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("round_id", "unit_id", "item_id", name=op.f("pk_round_items")),
    )
    with op.batch_alter_table("round_items", schema=None) as batch_op:
        batch_op.create_index("ix_round_items_item_id", ["item_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("round_items", schema=None) as batch_op:
        batch_op.drop_index("ix_round_items_item_id")
    op.drop_table("round_items")
    with op.batch_alter_table("reminder_items", schema=None) as batch_op:
        batch_op.drop_index("ix_reminder_items_item_id")
    op.drop_table("reminder_items")
    with op.batch_alter_table("round_units", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_round_units_unit_id"))
    op.drop_table("round_units")
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reminders_unit_id"))
        batch_op.drop_index(batch_op.f("ix_reminders_round_id"))
    op.drop_table("reminders")
    op.drop_table("rounds")
