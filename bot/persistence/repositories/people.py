"""Queries about people on the roster: who they are, a manager's team, the reporting tree."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session, aliased

from bot.domain.roster import Person as RosterPerson
from bot.domain.roster import Roster
from bot.persistence.models import Person
from bot.persistence.plain_rows import plain_rows


def by_email(session: Session, email: str) -> Person | None:
    return session.scalar(select(Person).where(Person.email == email.lower()))


def by_slack_id(session: Session, slack_id: str) -> Person | None:
    return session.scalar(select(Person).where(Person.slack_id == slack_id))


def active_by_email(session: Session) -> dict[str, Person]:
    people = session.scalars(select(Person).where(Person.active.is_(True)))
    return {p.email: p for p in people}


_ACTIVE_NAMED = select(Person.email, Person.id, Person.name).where(
    Person.active.is_(True), Person.email.in_(bindparam("emails", expanding=True))
)


def active_named(session: Session, emails: Collection[str]) -> dict[str, tuple[int, str]]:
    """The id and name of each active person among ``emails``, by email."""
    rows = session.execute(_ACTIVE_NAMED, {"emails": list(emails)})
    return {email: (person_id, name) for email, person_id, name in rows}


def active_in_slack(session: Session) -> Sequence[Person]:
    """Everyone on the roster today who has a Slack account."""
    return session.scalars(
        select(Person).where(Person.active.is_(True), Person.slack_id.is_not(None))
    ).all()


def joined_since_go_live(session: Session) -> dict[str, datetime]:
    """When each active person who joined after go-live came onto the roster, by email."""
    rows = session.execute(
        select(Person.email, Person.joined_at).where(
            Person.active.is_(True), Person.joined_at.is_not(None)
        )
    )
    return {email: joined for email, joined in rows if joined is not None}


class Someone(NamedTuple):
    """Who a person is, with their manager's name (None at the top of the tree)."""

    email: str
    name: str
    timezone: str
    manager_name: str | None


_MANAGER = aliased(Person)
# Built once: it starts every `/cadence status`, where building a statement costs more than
# running it.
_SOMEONE = (
    select(Person.email, Person.name, Person.timezone, _MANAGER.name)
    .outerjoin(_MANAGER, _MANAGER.id == Person.reports_to_id)
    .where(Person.id == bindparam("person_id"))
)


def someone(session: Session, person_id: int) -> Someone | None:
    row = session.execute(_SOMEONE, {"person_id": person_id}).first()
    return Someone(*row) if row is not None else None


class NewPerson(NamedTuple):
    email: str
    name: str
    timezone: str
    reports_to: str | None  # their manager's email


def insert_new(session: Session, people: Sequence[NewPerson], *, now: datetime) -> None:
    """Insert people not stored yet, joined at ``now``, each after their manager so that the
    reporting line is set as the row is written: one statement per level of the tree.

    A manager neither stored nor among ``people`` (or a cycle, which the config refuses) leaves
    the line empty; the sync sets it.
    """
    ids = ids_by_email(session)
    waiting = {p.email.lower(): p for p in people}
    while waiting:
        ready = [
            p for p in waiting.values() if not p.reports_to or p.reports_to.lower() not in waiting
        ] or list(waiting.values())
        inserted = session.execute(
            insert(Person).returning(Person.id, Person.email),
            [
                {
                    "email": p.email.lower(),
                    "name": p.name,
                    "timezone": p.timezone,
                    "reports_to_id": ids.get(p.reports_to.lower()) if p.reports_to else None,
                    "joined_at": now,
                }
                for p in ready
            ],
        )
        ids.update({email: person_id for person_id, email in inserted})
        for p in ready:
            del waiting[p.email.lower()]


def all_by_email(session: Session) -> dict[str, Person]:
    return {p.email: p for p in session.scalars(select(Person))}


def ids_by_email(session: Session) -> dict[str, int]:
    """Everyone ever synced: person id by (lower-case) email, without loading whole rows."""
    return {
        email: person_id
        for person_id, email in plain_rows(session, select(Person.id, Person.email))
    }


def direct_reports(session: Session, manager_id: int) -> Sequence[Person]:
    """The manager's active direct reports, by name."""
    return session.scalars(
        select(Person)
        .where(Person.reports_to_id == manager_id, Person.active.is_(True))
        .order_by(Person.name)
    ).all()


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


class PersonRecord(NamedTuple):
    """A roster row as planning reads it, without the ORM: it reads every person."""

    id: int
    email: str
    active: bool
    timezone: str
    slack_id: str | None


def records(session: Session) -> list[PersonRecord]:
    c = Person.__table__.c
    rows = session.execute(select(c.id, c.email, c.active, c.timezone, c.slack_id))
    return [PersonRecord(*row) for row in rows]


def mark_synced(session: Session, *, now: datetime) -> None:
    """Every person on the roster (the active ones) was synced at ``now``: one UPDATE."""
    session.execute(
        update(Person)
        .where(Person.active.is_(True))
        .values(synced_at=now)
        .execution_options(synchronize_session=False)
    )
