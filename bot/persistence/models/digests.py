"""Weekly leader digests, recorded before they are sent."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.persistence.base import Base, CreatedAtMixin, UtcDateTime, enum_column_type


class DigestState(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class DigestRun(CreatedAtMixin, Base):
    """One leader's weekly digest: ``pending → sent | failed``.

    Written before anything is sent, and unique per leader and week (the Monday of the leader's
    local week), so no leader gets the same digest twice, however many processes tick.
    """

    __tablename__ = "digest_runs"
    __table_args__ = (UniqueConstraint("leader_id", "week_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    leader_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    week_start: Mapped[date] = mapped_column(Date)
    state: Mapped[DigestState] = mapped_column(
        enum_column_type(DigestState, "digest_state"), default=DigestState.PENDING
    )
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
