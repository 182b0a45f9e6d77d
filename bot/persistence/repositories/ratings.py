"""Coaching ratings. Only a rep's own rating is ever read back one at a time."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.persistence.database import dialect_insert
from bot.persistence.models import CoachingRating


def save(
    session: Session,
    *,
    rep_id: int,
    manager_id: int,
    period_start: date,
    occurrence_id: int | None,
    received_coaching: bool,
    usefulness: int | None,
    comment: str | None,
    submitted_at: datetime,
) -> int:
    """Insert the rating, or replace the answer of the one already given for this period.

    An upsert, so a double click (two requests at once) cannot fail on the unique key.
    """
    answer = {
        "received_coaching": received_coaching,
        "usefulness": usefulness,
        "comment": comment,
        "submitted_at": submitted_at,
    }
    statement = (
        dialect_insert(session, CoachingRating)
        .values(
            rep_id=rep_id,
            manager_id=manager_id,
            period_start=period_start,
            occurrence_id=occurrence_id,
            **answer,
        )
        .on_conflict_do_update(index_elements=["rep_id", "manager_id", "period_start"], set_=answer)
        .returning(CoachingRating.id)
    )
    return int(session.execute(statement).scalar_one())


def own_rating(
    session: Session, *, rep_id: int, manager_id: int, period_start: date
) -> CoachingRating | None:
    """The rep's own answer for the period, to pre-fill their form; never someone else's."""
    return session.scalar(
        select(CoachingRating).where(
            CoachingRating.rep_id == rep_id,
            CoachingRating.manager_id == manager_id,
            CoachingRating.period_start == period_start,
        )
    )
