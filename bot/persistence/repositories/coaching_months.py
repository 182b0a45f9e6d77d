"""The reporting lines each closed coaching month is grouped by, written once per month."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.persistence.database import dialect_insert
from bot.persistence.models import CoachingMonthLine, CoachingRating
from bot.persistence.plain_rows import plain_rows

_BATCH = 1000


def lines(session: Session, month: date) -> list[tuple[str, str | None]]:
    """``(email, reports_to)`` of everyone in ``month``'s lines; empty until they are frozen."""
    return plain_rows(
        session,
        select(CoachingMonthLine.email, CoachingMonthLine.reports_to).where(
            CoachingMonthLine.month == month
        ),
    )


def freeze(session: Session, month: date, people: Iterable[tuple[str, str | None]]) -> None:
    """Record ``month``'s lines; a row already there (another process froze it first) stays."""
    values = [{"month": month, "email": e, "reports_to": r} for e, r in people]
    # In batches: one statement's bound parameters are limited (SQLite, PostgreSQL alike).
    for first in range(0, len(values), _BATCH):
        session.execute(
            dialect_insert(session, CoachingMonthLine)
            .values(values[first : first + _BATCH])
            .on_conflict_do_nothing(index_elements=["month", "email"])
        )


def rated_days(session: Session) -> list[date]:
    """Every ``period_start`` some rating is for."""
    return list(session.scalars(select(CoachingRating.period_start).distinct()))
