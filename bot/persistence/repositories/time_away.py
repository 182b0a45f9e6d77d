"""People's time off as they declare it in Slack (``/cadence away`` and ``back``)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.persistence.models import TimeOff, TimeOffSource


def declare(
    session: Session, *, person_id: int, starts_on: date, ends_on: date, reason: str
) -> TimeOff:
    """The Slack-declared span, created unless the same span is already stored for the person."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(
        insert(TimeOff)
        .values(
            person_id=person_id,
            starts_on=starts_on,
            ends_on=ends_on,
            source=TimeOffSource.SLACK,
            reason=reason,
        )
        .on_conflict_do_nothing(index_elements=["person_id", "starts_on", "ends_on"])
    )
    return session.scalars(
        select(TimeOff).where(
            TimeOff.person_id == person_id,
            TimeOff.starts_on == starts_on,
            TimeOff.ends_on == ends_on,
        )
    ).one()


def covering(session: Session, *, person_id: int, day: date) -> list[TimeOff]:
    """The person's time off that includes ``day``, from any source, earliest first."""
    return list(
        session.scalars(
            select(TimeOff)
            .where(TimeOff.person_id == person_id, TimeOff.starts_on <= day, TimeOff.ends_on >= day)
            .order_by(TimeOff.starts_on)
            .with_for_update()
        )
    )


def ending_after(session: Session, *, person_id: int, day: date) -> list[TimeOff]:
    """The person's time off, from any source, that lasts beyond ``day``."""
    return list(
        session.scalars(
            select(TimeOff).where(TimeOff.person_id == person_id, TimeOff.ends_on > day)
        )
    )
