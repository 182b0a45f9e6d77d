"""Actuals: the booked result per manager and period, read and written by the imports."""

from __future__ import annotations

from collections.abc import Set
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.persistence.models import ForecastActual

ActualKey = tuple[int, date, date]


def existing(session: Session, keys: Set[ActualKey]) -> dict[ActualKey, ForecastActual]:
    """The stored actuals among ``keys`` (manager id, period start, period end)."""
    if not keys:
        return {}
    rows = session.scalars(
        select(ForecastActual).where(
            ForecastActual.manager_id.in_({manager_id for manager_id, _, _ in keys}),
            ForecastActual.period_start.in_({start for _, start, _ in keys}),
        )
    )
    found = {(row.manager_id, row.period_start, row.period_end): row for row in rows}
    return {key: row for key, row in found.items() if key in keys}
