"""What the last full plan was computed from, so a plan tick that changes nothing is cheap."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from bot.persistence.base import Base, UtcDateTime


class PlanMark(Base):
    """The one row (``id = 1``) the planner leaves behind after a plan.

    ``inputs_digest`` hashes everything a plan depends on (the effective operating system, the
    people and cadence rows, the horizon). While it is unchanged, the stored occurrences and
    nudges already match the plan, so the next tick only plans what opens in
    [``planned_until``, its own horizon end). ``planned_at`` is the instant of that plan: a
    tick earlier than it (a clock set back) plans in full. Deleting the row forces a full plan.
    """

    __tablename__ = "plan_marks"

    id: Mapped[int] = mapped_column(primary_key=True)
    inputs_digest: Mapped[str] = mapped_column(String(64))
    planned_at: Mapped[datetime] = mapped_column(UtcDateTime)
    planned_until: Mapped[datetime] = mapped_column(UtcDateTime)
