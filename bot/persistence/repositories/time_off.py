"""Queries about people's time away, from the config or declared in Slack."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.operating_system import TimeOff as Absence
from bot.persistence.database import dialect_insert
from bot.persistence.models import Person, TimeOff, TimeOffSource

# (person id, first day, last day): the span is unique per person.
Span = tuple[int, date, date]


def all_by_span(session: Session) -> dict[Span, TimeOff]:
    return {(t.person_id, t.starts_on, t.ends_on): t for t in session.scalars(select(TimeOff))}


def of_config(session: Session) -> list[TimeOff]:
    return list(session.scalars(select(TimeOff).where(TimeOff.source == TimeOffSource.CONFIG)))


def absences_of_active_people(session: Session) -> list[Absence]:
    """Every stored absence of someone on the roster, as the schedule engine reads them."""
    rows = session.execute(
        select(Person.email, TimeOff.starts_on, TimeOff.ends_on, TimeOff.reason)
        .join(Person, TimeOff.person_id == Person.id)
        .where(Person.active.is_(True))
    )
    return [Absence(email=email, start=s, end=e, reason=reason) for email, s, e, reason in rows]


def by_person(session: Session, person_ids: Collection[int]) -> dict[int, list[TimeOff]]:
    found: dict[int, list[TimeOff]] = {}
    if person_ids:
        for row in session.scalars(select(TimeOff).where(TimeOff.person_id.in_(person_ids))):
            found.setdefault(row.person_id, []).append(row)
    return found


def declare(
    session: Session, *, person_id: int, starts_on: date, ends_on: date, reason: str
) -> TimeOff:
    """The span declared in Slack (``/cadence away``), created unless the person has it stored."""
    session.execute(
        dialect_insert(session, TimeOff)
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
    """The person's time off that includes ``day``, from any source, earliest first.

    Row-locked until commit: ``/cadence back`` shortens these spans.
    """
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
