"""The reporting tree as the database knows it, including people who have left."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from bot.domain.roster import Person as RosterPerson
from bot.domain.roster import Roster
from bot.persistence.models import Person


def stored_roster(session: Session) -> Roster:
    """Everyone ever synced, active or not: history (ratings, actuals) still points at leavers."""
    boss = aliased(Person)
    rows = session.execute(
        select(Person.email, Person.name, Person.timezone, boss.email).outerjoin(
            boss, Person.reports_to_id == boss.id
        )
    )
    return Roster(
        RosterPerson(email=email, name=name, timezone=tz, reports_to=reports_to)
        for email, name, tz, reports_to in rows
    )
