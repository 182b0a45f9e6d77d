"""Queries about a manager's team."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.persistence.models import Person


def direct_reports(session: Session, manager_id: int) -> Sequence[Person]:
    """The manager's active direct reports, by name."""
    return session.scalars(
        select(Person)
        .where(Person.reports_to_id == manager_id, Person.active.is_(True))
        .order_by(Person.name)
    ).all()
