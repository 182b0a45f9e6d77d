"""People on the roster, as synced from the config and resolved to Slack users."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.persistence.base import Base, UtcDateTime


class Person(Base):
    """Someone on the roster: rep, manager or leader (roles are derived from ``reports_to``).

    Rows are created and updated by the roster sync and never deleted: a person who leaves the
    roster is marked inactive so their history stays attributable. ``email`` is the natural key
    and is stored lower-case; ``slack_id`` is filled once the email is resolved in Slack.
    """

    __tablename__ = "people"
    __table_args__ = (CheckConstraint("email = lower(email)", name="email_lower_case"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    slack_id: Mapped[str | None] = mapped_column(String(32), unique=True)
    timezone: Mapped[str] = mapped_column(String(64))
    reports_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    active: Mapped[bool] = mapped_column(default=True)
    synced_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # When they (last) came onto the roster: nothing is expected of them before. None: on the
    # roster since before go-live.
    joined_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    reports_to: Mapped[Person | None] = relationship(remote_side=[id])
