"""A small sales team with one open item of each kind, written straight into the database.

lead (Chicago) leads chi (Chicago; reps ann and bob) and kol (Kolkata; rep raj). NOW is
Wednesday 2 December 2026, 09:00 in Chicago; each item was opened on Monday and is due Friday
17:00 in its subject's zone, with a sent open nudge and two pending reminders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.cadence import (
    Audience,
    Cadence,
    Frequency,
    Kind,
    Question,
    QuestionType,
    Schedule,
)
from bot.domain.messages import MessagePurpose
from bot.domain.occurrence import OccurrenceStatus
from bot.domain.operating_system import OperatingSystem, Organization
from bot.domain.recurrence import to_utc
from bot.domain.roster import Person as RosterPerson
from bot.domain.roster import Roster
from bot.persistence import models
from bot.persistence.models import Occurrence, OutboxMessage, OutboxState, Person
from bot.persistence.repositories import outbox
from tests.seeds.org import FRI, MON, at, one_on_one, weekly_forecast

WEEK = date(2026, 11, 30)
NOW = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)

ROSTER = (
    RosterPerson("lead@acme.example", "Lee Lead", "America/Chicago"),
    RosterPerson("chi@acme.example", "Chi Manager", "America/Chicago", "lead@acme.example"),
    RosterPerson("kol@acme.example", "Kol Manager", "Asia/Kolkata", "lead@acme.example"),
    RosterPerson("ann@acme.example", "Ann Rep", "America/Chicago", "chi@acme.example"),
    RosterPerson("bob@acme.example", "Bob Rep", "America/Chicago", "chi@acme.example"),
    RosterPerson("raj@acme.example", "Raj Rep", "Asia/Kolkata", "kol@acme.example"),
)

WEEKLY = Schedule(every=Frequency.WEEK, opens=at(MON, "09:00"), due=at(FRI, "17:00"))
CADENCES = (
    weekly_forecast(title="Weekly forecast", schedule=WEEKLY),
    one_on_one(title="Weekly 1:1", schedule=WEEKLY),
    Cadence(
        id="team-meeting",
        kind=Kind.TEAM_MEETING,
        audience=Audience.MANAGERS,
        schedule=WEEKLY,
        title="Team meeting",
        agenda=("Pipeline review", "Wins"),
    ),
    Cadence(
        id="deal-review",
        kind=Kind.ACTIVITY,
        audience=Audience.MANAGERS,
        schedule=WEEKLY,
        title="Deal review",
        questions=(
            Question("deals", "Deals reviewed", QuestionType.NUMBER),
            Question("notes", "Notes", QuestionType.TEXT, required=False),
        ),
    ),
    Cadence(
        id="coaching-pulse",
        kind=Kind.COACHING_PULSE,
        audience=Audience.REPS,
        schedule=WEEKLY,
        title="Coaching pulse",
    ),
)
CADENCE_IDS = {c.kind: c.id for c in CADENCES}


def operating_system(admins: tuple[str, ...] = ()) -> OperatingSystem:
    return OperatingSystem(
        organization=Organization(name="Acme", timezone="America/Chicago", admins=admins),
        roster=Roster(ROSTER),
        cadences=CADENCES,
    )


@dataclass(frozen=True)
class Team:
    lead: Person
    chi: Person
    kol: Person
    ann: Person
    bob: Person
    raj: Person


def seed_team(session: Session, slack_ids: dict[str, str] | None = None) -> Team:
    """The roster and the cadences as a sync would store them; ``slack_ids`` by email."""
    for cadence in CADENCES:
        session.add(
            models.Cadence(
                id=cadence.id,
                kind=cadence.kind,
                title=cadence.title,
                config_hash="0",
                definition={},
            )
        )
    stored: dict[str, Person] = {}
    for someone in ROSTER:
        row = Person(
            email=someone.email,
            name=someone.name,
            timezone=someone.timezone,
            slack_id=(slack_ids or {}).get(someone.email),
            reports_to=stored.get(someone.reports_to or ""),
        )
        session.add(row)
        stored[someone.email] = row
    session.flush()
    return Team(
        *(stored[f"{name}@acme.example"] for name in ("lead", "chi", "kol", "ann", "bob", "raj"))
    )


def open_item(
    session: Session,
    kind: Kind,
    subject: Person,
    *,
    counterpart: Person | None = None,
    period_start: date = WEEK,
    status: OccurrenceStatus = OccurrenceStatus.OPEN,
) -> Occurrence:
    """This week's item of ``kind`` (or another week's), with its nudges queued."""
    monday = datetime.combine(period_start, time(9))
    opens_at = to_utc(monday, subject.timezone)
    due_at = to_utc(monday + timedelta(days=4, hours=8), subject.timezone)
    occurrence = Occurrence(
        cadence_id=CADENCE_IDS[kind],
        subject_id=subject.id,
        counterpart_id=counterpart.id if counterpart else None,
        period_start=period_start,
        opens_at=opens_at,
        due_at=due_at,
        closes_at=due_at + timedelta(days=3),
        tz=subject.timezone,
        status=status,
    )
    session.add(occurrence)
    session.flush()
    _queue(session, occurrence, "open", MessagePurpose.OPEN, opens_at, sent=True)
    _queue(session, occurrence, "reminder:24h", MessagePurpose.REMINDER, due_at - timedelta(days=1))
    _queue(session, occurrence, "reminder:2h", MessagePurpose.REMINDER, due_at - timedelta(hours=2))
    return occurrence


def _queue(
    session: Session,
    occurrence: Occurrence,
    key: str,
    purpose: MessagePurpose,
    send_after: datetime,
    *,
    sent: bool = False,
) -> None:
    outbox.enqueue(
        session,
        dedupe_key=f"occ:{occurrence.id}:{key}",
        purpose=purpose,
        key=key,
        recipient_id=occurrence.subject_id,
        send_after=send_after,
        occurrence_id=occurrence.id,
    )
    if sent:
        row = messages(session, occurrence)[key]
        row.state, row.slack_channel, row.slack_ts = OutboxState.SENT, "D0CADENCE", "1.000100"
        session.flush()


def messages(session: Session, occurrence: Occurrence) -> dict[str, OutboxMessage]:
    """The occurrence's outbox rows by the part of their dedupe key after ``occ:<id>:``."""
    rows = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.occurrence_id == occurrence.id)
        .execution_options(populate_existing=True)
    )
    return {row.dedupe_key.removeprefix(f"occ:{occurrence.id}:"): row for row in rows}


def states(session: Session, occurrence: Occurrence) -> dict[str, OutboxState]:
    return {key: row.state for key, row in messages(session, occurrence).items()}
