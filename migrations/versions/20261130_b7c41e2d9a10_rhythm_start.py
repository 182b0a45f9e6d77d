"""Rhythm start: the organisation's go-live, when each person joined, and *not nudged*.

Nothing is expected of anyone before Cadence went live, before they joined the roster or
before the cadence existed; an occurrence whose opening nudge never reached its person before
the due time closes as ``not_nudged`` instead of ``missed``.

People already on the roster keep ``joined_at`` empty (on the roster since before go-live); a
database that was already planned goes live at its first occurrence's creation.

Revision ID: b7c41e2d9a10
Revises: c0a1d2e3f4b5
Create Date: 2026-11-30 10:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b7c41e2d9a10"
down_revision: str | Sequence[str] | None = "c0a1d2e3f4b5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BEFORE = ("scheduled", "open", "done_on_time", "done_late", "skipped", "excused", "missed")
_AFTER = (*_BEFORE, "not_nudged")


def _statuses(values: tuple[str, ...]) -> str:
    return "status IN (" + ", ".join(f"'{value}'" for value in values) + ")"


def upgrade() -> None:
    op.create_table(
        "go_live",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("went_live_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_go_live_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_go_live")),
    )
    op.execute(
        "INSERT INTO go_live (id, went_live_at) "
        "SELECT 1, min(created_at) FROM occurrences HAVING count(*) > 0"
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("joined_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("occurrences", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_occurrences_occurrence_status"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_occurrences_occurrence_status"), sa.text(_statuses(_AFTER))
        )


def downgrade() -> None:
    op.execute("UPDATE occurrences SET status = 'missed' WHERE status = 'not_nudged'")
    with op.batch_alter_table("occurrences", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_occurrences_occurrence_status"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_occurrences_occurrence_status"), sa.text(_statuses(_BEFORE))
        )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("joined_at")
    op.drop_table("go_live")
