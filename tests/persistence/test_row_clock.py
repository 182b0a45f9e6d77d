"""Rows say when they were written on the app's clock: a simulated or test ``now`` included."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from bot.domain.occurrence import OccurrenceStatus
from bot.persistence.base import on_clock
from bot.persistence.database import dialect_insert
from bot.persistence.models import TimeOff, TimeOffSource
from tests.persistence.test_models import cadence, occurrence, person

THEN = datetime(2021, 3, 1, 9, 30, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = THEN

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def clocked(engine: Engine, clock: Clock) -> Iterator[Session]:
    """A rolled-back session on an engine that stamps rows from ``clock``."""
    with on_clock(engine, clock).connect() as connection:
        transaction = connection.begin()
        with Session(bind=connection, join_transaction_mode="create_savepoint") as session:
            yield session
        transaction.rollback()


def test_a_row_is_created_and_updated_at_the_clocks_now_not_the_wall_clocks(
    clocked: Session, clock: Clock
) -> None:
    due = occurrence(cadence(clocked), person(clocked, "ana@example.com"))
    clocked.add(due)
    clocked.flush()
    assert (due.created_at, due.updated_at) == (THEN, THEN)

    clock.now = THEN + timedelta(hours=3)
    due.status = OccurrenceStatus.OPEN
    clocked.flush()
    clocked.refresh(due)
    assert (due.created_at, due.updated_at) == (THEN, THEN + timedelta(hours=3))


def test_a_set_based_insert_is_stamped_from_the_clock_too(clocked: Session) -> None:
    someone = person(clocked, "ben@example.com")
    clocked.execute(
        dialect_insert(clocked, TimeOff).values(
            person_id=someone.id,
            starts_on=date(2021, 3, 8),
            ends_on=date(2021, 3, 12),
            source=TimeOffSource.SLACK,
            reason="away",
        )
    )
    assert clocked.scalar(select(TimeOff.created_at)) == THEN


def test_without_a_clock_rows_are_stamped_with_the_wall_clock(session: Session) -> None:
    before = datetime.now(UTC)
    due = occurrence(cadence(session), person(session, "cy@example.com"))
    session.add(due)
    session.flush()
    assert before <= due.created_at <= datetime.now(UTC)
