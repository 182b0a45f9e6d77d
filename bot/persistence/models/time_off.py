"""People's time away, which excuses their occurrences instead of counting them missed."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.persistence.base import Base, CreatedAtMixin, enum_column_type


class TimeOffSource(StrEnum):
    CONFIG = "config"
    SLACK = "slack"


class TimeOff(CreatedAtMixin, Base):
    """An absence, inclusive on both ends, in the person's local dates.

    Declared in the config (re-synced each time) or by the person in Slack; the same span is
    stored once per person.
    """

    __tablename__ = "time_off"
    __table_args__ = (
        UniqueConstraint("person_id", "starts_on", "ends_on"),
        CheckConstraint("starts_on <= ends_on", name="span_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    source: Mapped[TimeOffSource] = mapped_column(enum_column_type(TimeOffSource, "source"))
    reason: Mapped[str] = mapped_column(String(200))
