"""Sales targets: each manager team's quota per period, imported from a CSV file or a CRM.

Revision ID: 6304e6f0bed7
Revises: 7a3e5c1d9b20
Create Date: 2026-11-30 09:23:51.507758+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "6304e6f0bed7"
down_revision: str | Sequence[str] | None = "7a3e5c1d9b20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sales_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("manager_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "csv",
                "salesforce",
                name="target_source",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_sales_targets_amount_not_negative")),
        sa.CheckConstraint(
            "period_start <= period_end", name=op.f("ck_sales_targets_period_in_order")
        ),
        sa.ForeignKeyConstraint(
            ["manager_id"], ["people.id"], name=op.f("fk_sales_targets_manager_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sales_targets")),
        sa.UniqueConstraint(
            "manager_id",
            "period_start",
            "period_end",
            name=op.f("uq_sales_targets_manager_id_period_start_period_end"),
        ),
    )


def downgrade() -> None:
    op.drop_table("sales_targets")
