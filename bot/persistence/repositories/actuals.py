"""What forecasts are measured against: booked actuals per manager and period, written by the
imports, and leaders' own adjustments (append-only rows) with the forecast period they apply to."""

from __future__ import annotations

from collections.abc import Collection, Set
from datetime import date, datetime
from decimal import Decimal
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.domain.cadence import Kind
from bot.persistence.models import (
    Cadence,
    ForecastActual,
    ForecastAdjustment,
    Occurrence,
    SalesTarget,
)

ActualKey = tuple[int, date, date]
# A row of booked actuals or of targets: the same columns, upserted the same way.
AmountRow = TypeVar("AmountRow", ForecastActual, SalesTarget)


def existing(
    session: Session, model: type[AmountRow], keys: Set[ActualKey]
) -> dict[ActualKey, AmountRow]:
    """The stored amounts of ``model`` (actuals or targets) among ``keys`` (manager id, period
    start, period end)."""
    if not keys:
        return {}
    rows = session.scalars(
        select(model).where(
            model.manager_id.in_({manager_id for manager_id, _, _ in keys}),
            model.period_start.in_({start for _, start, _ in keys}),
        )
    )
    found = {(row.manager_id, row.period_start, row.period_end): row for row in rows}
    return {key: row for key, row in found.items() if key in keys}


def add(
    session: Session,
    *,
    leader_id: int,
    period_start: date,
    amount: Decimal,
    note: str,
    created_at: datetime,
) -> ForecastAdjustment:
    """A new row: the latest one per leader and period is the one that stands."""
    row = ForecastAdjustment(
        leader_id=leader_id,
        period_start=period_start,
        amount=amount,
        note=note,
        created_at=created_at,
    )
    session.add(row)
    session.flush()
    return row


def latest(session: Session, *, leader_id: int, period_start: date) -> ForecastAdjustment | None:
    """The leader's standing adjustment for the period, if any."""
    return session.scalar(
        select(ForecastAdjustment)
        .where(
            ForecastAdjustment.leader_id == leader_id,
            ForecastAdjustment.period_start == period_start,
        )
        .order_by(ForecastAdjustment.created_at.desc(), ForecastAdjustment.id.desc())
        .limit(1)
    )


def latest_forecast_period(
    session: Session, *, subject_ids: Collection[int], on_or_before: date
) -> date | None:
    """The latest forecast period these people's forecasts have begun by ``on_or_before``."""
    if not subject_ids:
        return None
    found: date | None = session.scalar(
        select(func.max(Occurrence.period_start))
        .join(Cadence, Cadence.id == Occurrence.cadence_id)
        .where(
            Cadence.kind == Kind.FORECAST,
            Occurrence.subject_id.in_(subject_ids),
            Occurrence.period_start <= on_or_before,
        )
    )
    return found
