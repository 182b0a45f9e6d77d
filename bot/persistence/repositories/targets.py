"""Imported targets: read for a report's managers and periods, written by the imports."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.actuals import Period
from bot.domain.targets import Target
from bot.persistence.models import SalesTarget


def targets(
    session: Session, *, people: Mapping[int, str], first_day: date, last_day: date
) -> list[Target]:
    """These managers' imported targets for periods overlapping ``[first_day, last_day]``."""
    rows = session.execute(
        select(
            SalesTarget.manager_id,
            SalesTarget.period,
            SalesTarget.period_start,
            SalesTarget.period_end,
            SalesTarget.amount,
        ).where(
            SalesTarget.manager_id.in_(people),
            SalesTarget.period_end >= first_day,
            SalesTarget.period_start <= last_day,
        )
    )
    return [
        Target(
            manager=people[r.manager_id].lower(),
            period=Period(r.period, r.period_start, r.period_end),
            amount=r.amount,
        )
        for r in rows
    ]
