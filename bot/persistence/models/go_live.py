"""When Cadence went live for this organisation: nothing is due before it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.persistence.base import Base, UtcDateTime


class GoLive(Base):
    """One row, written by the first plan and never changed afterwards.

    ``organization.starts_on`` in the config, when set, takes precedence (see the planner).
    """

    __tablename__ = "go_live"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    went_live_at: Mapped[datetime] = mapped_column(UtcDateTime)
