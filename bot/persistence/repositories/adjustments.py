"""Leaders' own forecast adjustments: append-only rows, and the forecast period they apply to."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.domain.cadence import Kind
from bot.persistence.models import Cadence, ForecastAdjustment, Occurrence


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
