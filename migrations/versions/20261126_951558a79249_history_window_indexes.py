"""History window indexes: the digest reads a manager's 1:1s, ratings and adjustments by date.

``one_on_one_notes (manager_id, held_on)`` and ``coaching_ratings (manager_id, period_start)``
replace the single-column ``manager_id`` indexes (they lead with it, so they serve every query
those did), and ``forecast_adjustments (leader_id, period_start)`` is new: without them the
digest read each manager's whole history to keep one month of it.

Revision ID: 951558a79249
Revises: 5e14c7b13237
Create Date: 2026-11-26 17:30:27.606123+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "951558a79249"
down_revision: str | Sequence[str] | None = "5e14c7b13237"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("coaching_ratings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_coaching_ratings_manager_period", ["manager_id", "period_start"], unique=False
        )
        batch_op.drop_index(batch_op.f("ix_coaching_ratings_manager_id"))

    with op.batch_alter_table("forecast_adjustments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_forecast_adjustments_leader_period", ["leader_id", "period_start"], unique=False
        )

    with op.batch_alter_table("one_on_one_notes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_one_on_one_notes_manager_held_on", ["manager_id", "held_on"], unique=False
        )
        batch_op.drop_index(batch_op.f("ix_one_on_one_notes_manager_id"))


def downgrade() -> None:
    with op.batch_alter_table("one_on_one_notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_one_on_one_notes_manager_id"), ["manager_id"], unique=False
        )
        batch_op.drop_index("ix_one_on_one_notes_manager_held_on")

    with op.batch_alter_table("forecast_adjustments", schema=None) as batch_op:
        batch_op.drop_index("ix_forecast_adjustments_leader_period")

    with op.batch_alter_table("coaching_ratings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_coaching_ratings_manager_id"), ["manager_id"], unique=False
        )
        batch_op.drop_index("ix_coaching_ratings_manager_period")
