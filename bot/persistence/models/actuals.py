"""Booked results to measure forecasts against, and leaders' adjustments of the forecast."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.persistence.base import (
    MONEY,
    Base,
    CreatedAtMixin,
    UtcDateTime,
    enum_column_type,
)


class ActualsSource(StrEnum):
    CSV = "csv"
    SALESFORCE = "salesforce"
    HUBSPOT = "hubspot"


class ForecastActual(Base):
    """What a manager's team actually booked in a closed period (a month or a quarter).

    One row per manager and period: a re-import overwrites ``amount``, ``source`` and
    ``imported_at``. ``period`` is the label people read (``2026-Q4``, ``2026-11``); the dates
    are inclusive and are what queries use.
    """

    __tablename__ = "forecast_actuals"
    __table_args__ = (
        UniqueConstraint("manager_id", "period_start", "period_end"),
        CheckConstraint("period_start <= period_end", name="period_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    period: Mapped[str] = mapped_column(String(16))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(MONEY)
    source: Mapped[ActualsSource] = mapped_column(enum_column_type(ActualsSource, "source"))
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ForecastAdjustment(CreatedAtMixin, Base):
    """A leader's own call on a forecast roll-up, with the reason in ``note``.

    Append-only: a new call is a new row and the latest one per leader and period stands.
    ``occurrence_id`` names the forecast occurrence the leader adjusted, when there is one.
    """

    __tablename__ = "forecast_adjustments"
    __table_args__ = (
        CheckConstraint("length(note) > 0", name="note_required"),
        # Leaders' adjustments in a window (the digest), or for one period.
        Index("ix_forecast_adjustments_leader_period", "leader_id", "period_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    leader_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    occurrence_id: Mapped[int | None] = mapped_column(ForeignKey("occurrences.id"))
    period_start: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(MONEY)
    note: Mapped[str] = mapped_column(Text)
