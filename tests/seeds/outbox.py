"""A small org in the database with its outbox filled: what the delivery tests start from."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from bot.domain.cadence import Kind
from bot.domain.messages import MessagePurpose
from bot.domain.occurrence import OccurrenceStatus
from bot.persistence.database import create_engine_from_url, session_factory
from bot.persistence.migrate import upgrade
from bot.persistence.models import Cadence, Occurrence, OutboxMessage, OutboxState, Person
from bot.persistence.repositories import outbox
from bot.simulated_slack.server import SimulatedSlack

MONDAY_9 = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 09:00 in Chicago


@dataclass(frozen=True)
class Database:
    url: str
    engine: Engine
    sessions: sessionmaker[Session]


@contextmanager
def migrated(url: str) -> Iterator[Database]:
    upgrade(url)
    engine = create_engine_from_url(url)
    try:
        yield Database(url, engine, session_factory(engine))
    finally:
        engine.dispose()


def add_cadence(session: Session, kind: Kind = Kind.FORECAST) -> Cadence:
    cadence = Cadence(
        id=f"weekly_{kind}", kind=kind, title="Weekly forecast", config_hash="0", definition={}
    )
    session.add(cadence)
    return cadence


def add_person(
    session: Session, name: str, *, slack: SimulatedSlack | None, manager: Person | None = None
) -> Person:
    email = f"{name.lower().replace(' ', '.')}@example.com"
    slack_id = slack.add_user(email, name) if slack is not None else None
    person = Person(
        email=email, name=name, slack_id=slack_id, timezone="America/Chicago", reports_to=manager
    )
    session.add(person)
    session.flush()
    return person


def add_occurrence(
    session: Session,
    cadence: Cadence,
    subject: Person,
    *,
    due_at: datetime = MONDAY_9 + timedelta(hours=8),
    status: OccurrenceStatus = OccurrenceStatus.OPEN,
) -> Occurrence:
    occurrence = Occurrence(
        cadence_id=cadence.id,
        subject_id=subject.id,
        period_start=date(2026, 11, 23),
        opens_at=due_at - timedelta(days=1),
        due_at=due_at,
        closes_at=due_at + timedelta(days=2),
        tz=subject.timezone,
        status=status,
    )
    session.add(occurrence)
    session.flush()
    return occurrence


def queue(
    session: Session,
    occurrence: Occurrence,
    *,
    purpose: MessagePurpose = MessagePurpose.OPEN,
    send_after: datetime = MONDAY_9,
    recipient: Person | None = None,
    key: str | None = None,
) -> int:
    key = key or str(purpose)
    outbox.enqueue(
        session,
        dedupe_key=f"occ:{occurrence.id}:{key}",
        purpose=purpose,
        key=key,
        recipient_id=(recipient.id if recipient else occurrence.subject_id),
        send_after=send_after,
        occurrence_id=occurrence.id,
    )
    found = session.scalar(
        select(OutboxMessage.id).where(OutboxMessage.dedupe_key == f"occ:{occurrence.id}:{key}")
    )
    assert found is not None
    return found


def seed_wave(
    sessions: sessionmaker[Session], slack: SimulatedSlack, *, size: int, start: datetime
) -> dict[int, datetime]:
    """``size`` managers, each with an open forecast nudge; send_after spread over a minute and
    inserted in shuffled order, so id order is not send_after order. Returns id → send_after."""
    wave: dict[int, datetime] = {}
    with sessions.begin() as session:
        cadence = add_cadence(session)
        for n in range(size):
            person = add_person(session, f"Manager {n:04d}", slack=slack)
            occurrence = add_occurrence(session, cadence, person)
            send_after = start + timedelta(milliseconds=(n * 7919) % size * 200)
            wave[queue(session, occurrence, send_after=send_after)] = send_after
    return wave


def states(sessions: sessionmaker[Session]) -> dict[int, OutboxState]:
    with sessions() as session:
        rows = session.execute(select(OutboxMessage.id, OutboxMessage.state))
        return {id_: state for id_, state in rows}


def row(sessions: sessionmaker[Session], outbox_id: int) -> OutboxMessage:
    with sessions() as session:
        found = session.get(OutboxMessage, outbox_id)
        assert found is not None
        return found
