"""Database fixtures for the whole suite: every database test runs on SQLite and PostgreSQL.

The schema is built only by the real Alembic migrations. ``CADENCE_TEST_POSTGRES_URL`` names
the PostgreSQL server (a database there to connect to); when it is unreachable the PostgreSQL
tests are skipped, or fail if ``CADENCE_REQUIRE_POSTGRES=1``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from bot.persistence.database import create_engine_from_url
from bot.persistence.migrate import upgrade
from tests.db import (
    DEFAULT_POSTGRES_URL,
    POSTGRES_URL_ENV,
    postgres_unreachable,
    throwaway_postgres_database,
)

pytest_plugins = ["tests.simulated_slack.fixtures"]

# Property tests judge what the code does, never how fast: on a loaded machine Hypothesis's
# per-example deadline and its "data generation is too slow" check fail good code.
settings.register_profile("cadence", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("cadence")

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    url = os.environ.get(POSTGRES_URL_ENV, DEFAULT_POSTGRES_URL)
    problem = postgres_unreachable(url)
    if problem is not None:
        shown = make_url(url).render_as_string(hide_password=True)
        message = f"PostgreSQL unreachable at {shown} (set {POSTGRES_URL_ENV}): {problem}"
        if os.environ.get("CADENCE_REQUIRE_POSTGRES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return url


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def database_url(
    backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """An empty database shared by the session's tests on ``backend``."""
    yield from _empty_database(backend, request, tmp_path_factory.mktemp("db"))


@pytest.fixture
def empty_database_url(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[str]:
    """An empty database of the test's own, for tests that migrate it themselves."""
    yield from _empty_database(backend, request, tmp_path)


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    upgrade(database_url)
    engine = create_engine_from_url(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session whose work is rolled back after the test, commits included."""
    with engine.connect() as connection:
        transaction = connection.begin()
        with Session(bind=connection, join_transaction_mode="create_savepoint") as session:
            yield session
        transaction.rollback()


def _empty_database(backend: str, request: pytest.FixtureRequest, directory: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{directory / 'cadence.db'}"
        return
    server_url: str = request.getfixturevalue("postgres_server_url")
    with throwaway_postgres_database(server_url) as url:
        yield url
