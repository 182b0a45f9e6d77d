"""Engines enforce what the schema says, and the unit of work is the only place that commits."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from bot.persistence.database import UnitOfWork, create_engine_from_url, session_factory
from bot.persistence.migrate import upgrade
from bot.persistence.models import Person


@pytest.fixture
def sessions(empty_database_url: str) -> Iterator[sessionmaker[Session]]:
    upgrade(empty_database_url)
    engine = create_engine_from_url(empty_database_url)
    yield session_factory(engine)
    engine.dispose()


def people_count(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(Person)) or 0


def test_a_unit_of_work_commits_when_the_use_case_succeeds(
    sessions: sessionmaker[Session],
) -> None:
    with UnitOfWork(sessions) as uow:
        uow.session.add(Person(email="maria@example.com", name="Maria", timezone="UTC"))

    assert people_count(sessions) == 1


def test_a_unit_of_work_keeps_nothing_when_the_use_case_fails(
    sessions: sessionmaker[Session],
) -> None:
    with pytest.raises(LookupError), UnitOfWork(sessions) as uow:
        uow.session.add(Person(email="maria@example.com", name="Maria", timezone="UTC"))
        uow.session.flush()
        raise LookupError("the rep left the roster")

    assert people_count(sessions) == 0


def test_units_of_work_that_read_then_write_at_once_never_find_the_database_locked(
    sessions: sessionmaker[Session],
) -> None:
    writers, rounds = 6, 4
    together = threading.Barrier(writers, timeout=10)
    failures: list[str] = []

    def submit(writer: int) -> None:
        together.wait()
        for round_ in range(rounds):
            try:
                with UnitOfWork(sessions) as uow:
                    # Read, let the others commit meanwhile, then write: what every use case does.
                    uow.session.scalar(select(func.count()).select_from(Person))
                    time.sleep(0.005)
                    email = f"writer{writer}.{round_}@example.com"
                    uow.session.add(Person(email=email, name="W", timezone="UTC"))
            except OperationalError as error:
                failures.append(str(error.orig))

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert failures == []
    assert people_count(sessions) == writers * rounds


def test_a_reference_to_a_missing_person_is_refused(session: Session) -> None:
    session.add(Person(email="raj@example.com", name="Raj", timezone="UTC", reports_to_id=999))

    with pytest.raises(IntegrityError):
        session.flush()


def test_a_plain_postgresql_url_uses_psycopg_3() -> None:
    engine = create_engine_from_url("postgresql://cadence@db.internal/cadence")

    assert engine.url.drivername == "postgresql+psycopg"
