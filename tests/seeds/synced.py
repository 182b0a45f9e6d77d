"""A small org for planner and closer tests, synced into the test database without Slack.

lead (Chicago) leads chi (Chicago, reps ann and bob) and kol (Kolkata, rep raj); lead2 has no
reports until a test moves someone to them. Every manager owes a weekly forecast (due Wed 17:00,
reminders 24h and 2h, escalation 4h after due) and a weekly 1:1 with each rep (due Fri 17:00).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.cadence import Frequency, Schedule
from bot.domain.operating_system import OperatingSystem, TimeOff
from bot.domain.roster import Person as RosterPerson
from bot.domain.roster import Roster
from bot.persistence.models import Occurrence, OutboxMessage, OutboxState, Person
from bot.services.roster_sync import sync_roster
from tests.seeds.org import FRI, MON, acme, at, one_on_one, person, weekly_forecast

# Monday 2026-11-30; it is 06:00 Sunday in Chicago at SUNDAY.
WEEK = date(2026, 11, 30)
SUNDAY = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)

PEOPLE = (
    person("lead@acme.example", "America/Chicago"),
    person("lead2@acme.example", "America/Chicago"),
    person("chi@acme.example", "America/Chicago", "lead@acme.example"),
    person("kol@acme.example", "Asia/Kolkata", "lead@acme.example"),
    person("ann@acme.example", "America/Chicago", "chi@acme.example"),
    person("bob@acme.example", "America/Chicago", "chi@acme.example"),
    person("raj@acme.example", "Asia/Kolkata", "kol@acme.example"),
)

WEEKLY_1ON1 = one_on_one(
    schedule=Schedule(every=Frequency.WEEK, opens=at(MON, "09:00"), due=at(FRI, "17:00"))
)


def org(
    *,
    people: tuple[RosterPerson, ...] = PEOPLE,
    holidays: frozenset[date] = frozenset(),
    time_off: tuple[TimeOff, ...] = (),
    with_1on1: bool = True,
) -> OperatingSystem:
    cadences = (weekly_forecast(), WEEKLY_1ON1) if with_1on1 else (weekly_forecast(),)
    return acme(cadences=cadences, people=people, holidays=holidays, time_off=time_off)


def without(operating_system: OperatingSystem, email: str) -> OperatingSystem:
    return replace(
        operating_system, roster=Roster(p for p in operating_system.roster if p.email != email)
    )


def reporting_to(operating_system: OperatingSystem, email: str, manager: str) -> OperatingSystem:
    moved = (
        replace(p, reports_to=manager) if p.email == email else p for p in operating_system.roster
    )
    return replace(operating_system, roster=Roster(moved))


def synced(
    session: Session, operating_system: OperatingSystem, now: datetime = SUNDAY
) -> OperatingSystem:
    sync_roster(session, operating_system, directory=None, now=now)
    return operating_system


def person_id(session: Session, email: str) -> int:
    return session.scalars(select(Person.id).where(Person.email == email)).one()


def occurrence(
    session: Session, cadence_id: str, subject: str, *, counterpart: str | None = None
) -> Occurrence:
    """The occurrence of the week of WEEK."""
    query = select(Occurrence).where(
        Occurrence.cadence_id == cadence_id,
        Occurrence.subject_id == person_id(session, subject),
        Occurrence.period_start == WEEK,
    )
    if counterpart is not None:
        query = query.where(Occurrence.counterpart_id == person_id(session, counterpart))
    return session.scalars(query).one()


def messages_of(session: Session, occ: Occurrence) -> dict[str, OutboxMessage]:
    """The occurrence's outbox rows by dedupe key suffix (``open``, ``escalation:7``)."""
    rows = session.scalars(select(OutboxMessage).where(OutboxMessage.occurrence_id == occ.id))
    return {row.dedupe_key.removeprefix(f"occ:{occ.id}:"): row for row in rows}


def pending(session: Session, occ: Occurrence) -> set[str]:
    return {k for k, m in messages_of(session, occ).items() if m.state is OutboxState.PENDING}
