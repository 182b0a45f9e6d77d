"""Plan marks: the digest of the last full plan's inputs and how far it planned.

Revision ID: 7a3e5c1d9b20
Revises: 951558a79249
Create Date: 2026-11-30 09:40:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7a3e5c1d9b20"
down_revision: str | Sequence[str] | None = "951558a79249"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "plan_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inputs_digest", sa.String(length=64), nullable=False),
        sa.Column("planned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("planned_until", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_marks")),
    )


def downgrade() -> None:
    op.drop_table("plan_marks")
