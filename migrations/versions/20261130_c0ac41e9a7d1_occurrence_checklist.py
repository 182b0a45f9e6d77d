"""Occurrences: the checklist ticked when it was submitted (``checklist``).

Revision ID: c0ac41e9a7d1
Revises: b7c41e2d9a10
Create Date: 2026-11-30 09:30:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c0ac41e9a7d1"
down_revision: str | Sequence[str] | None = "b7c41e2d9a10"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("occurrences", schema=None) as batch_op:
        batch_op.add_column(sa.Column("checklist", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("occurrences", schema=None) as batch_op:
        batch_op.drop_column("checklist")
