"""The Slack gate's roster: answered from memory, right after each sync."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, event, update
from sqlalchemy.orm import Session, sessionmaker

from bot.persistence.database import create_engine_from_url, session_factory
from bot.persistence.migrate import upgrade
from bot.persistence.models import Person
from bot.services.acting_people import ActingPeople
from bot.services.roster_sync import sync_roster
from tests.seeds.synced import SUNDAY, org, without


@pytest.fixture
def engine(empty_database_url: str) -> Iterator[Engine]:
    upgrade(empty_database_url)
    engine = create_engine_from_url(empty_database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return session_factory(engine)


def synced_with_slack_ids(sessions: sessionmaker[Session], *, leaving: str | None = None) -> None:
    operating_system = without(org(), leaving) if leaving else org()
    with sessions.begin() as session:
        sync_roster(session, operating_system, directory=None, now=SUNDAY)
        for person in session.query(Person):
            session.execute(
                update(Person).where(Person.id == person.id).values(slack_id=f"U{person.id:05d}")
            )


def statements(engine: Engine) -> list[str]:
    seen: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
    return seen


def test_a_known_person_is_answered_without_touching_the_database(
    engine: Engine, sessions: sessionmaker[Session]
) -> None:
    synced_with_slack_ids(sessions)
    people = ActingPeople(sessions)
    people.refresh()
    queries = statements(engine)

    found = [people.get(f"U{n:05d}") for n in range(1, 4)]

    assert all(p is not None and p.active for p in found)
    assert queries == []


def test_someone_synced_after_the_last_refresh_is_found_at_their_first_request(
    sessions: sessionmaker[Session],
) -> None:
    people = ActingPeople(sessions)
    people.refresh()  # before anyone is on the roster
    synced_with_slack_ids(sessions)

    person = people.get("U00001")

    assert person is not None and person.slack_id == "U00001"
    assert people.get("U99999") is None  # not on the roster: still absent


def test_someone_who_left_is_absent_after_the_sync_that_removed_them(
    sessions: sessionmaker[Session],
) -> None:
    synced_with_slack_ids(sessions)
    people = ActingPeople(sessions)
    people.refresh()
    with sessions() as session:
        bob = session.query(Person).filter_by(email="bob@acme.example").one()
    assert people.get(f"{bob.slack_id}") is not None

    synced_with_slack_ids(sessions, leaving="bob@acme.example")
    people.refresh()

    assert people.get(f"{bob.slack_id}") is None
