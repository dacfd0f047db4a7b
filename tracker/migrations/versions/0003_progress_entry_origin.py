"""progress entries remember the returned row they were read from

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 11:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("progress_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin", sa.String(length=64), nullable=True))
        batch_op.create_index("uq_progress_entries_origin", ["origin"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("progress_entries", schema=None) as batch_op:
        batch_op.drop_index("uq_progress_entries_origin")
        batch_op.drop_column("origin")
