"""Quotas imported per manager and period (configured ones stay in the config)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.persistence.base import MONEY, Base, UtcDateTime, enum_column_type


class TargetSource(StrEnum):
    CSV = "csv"
    SALESFORCE = "salesforce"


class SalesTarget(Base):
    """The quota of a manager's team for a period (a month, a quarter or an ISO week).

    One row per manager and period: a re-import overwrites ``amount``, ``source`` and
    ``imported_at``. It replaces a target the config holds for the same manager and period.
    """

    __tablename__ = "sales_targets"
    __table_args__ = (
        UniqueConstraint("manager_id", "period_start", "period_end"),
        CheckConstraint("period_start <= period_end", name="period_in_order"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    period: Mapped[str] = mapped_column(String(16))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(MONEY)
    source: Mapped[TargetSource] = mapped_column(enum_column_type(TargetSource, "target_source"))
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime)
