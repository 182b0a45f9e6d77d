"""Coaching month lines: the reporting lines each coaching month closed with.

Revision ID: c0a1d2e3f4b5
Revises: 6304e6f0bed7
Create Date: 2026-11-30 11:10:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c0a1d2e3f4b5"
down_revision: str | Sequence[str] | None = "6304e6f0bed7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "coaching_month_lines",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("reports_to", sa.String(length=320), nullable=True),
        sa.PrimaryKeyConstraint("month", "email", name=op.f("pk_coaching_month_lines")),
    )


def downgrade() -> None:
    op.drop_table("coaching_month_lines")
