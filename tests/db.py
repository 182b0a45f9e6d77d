"""Throwaway databases for tests: a SQLite file, or a uniquely named PostgreSQL database."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import OperationalError

POSTGRES_URL_ENV = "CADENCE_TEST_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def postgres_unreachable(server_url: str) -> str | None:
    """Why the server cannot be used, or ``None`` when it answers."""
    engine = create_engine(_psycopg(server_url), connect_args={"connect_timeout": 3})
    try:
        with engine.connect():
            return None
    except OperationalError as error:
        return str(error.orig).strip()
    finally:
        engine.dispose()


@contextmanager
def throwaway_postgres_database(server_url: str) -> Iterator[str]:
    """Create ``cadence_test_<random>`` on the server, yield its URL, then drop it.

    A fresh database per run keeps concurrent test runs on one server apart.
    """
    server = _psycopg(server_url)
    name = f"cadence_test_{secrets.token_hex(6)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            yield server.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


def _psycopg(url: str) -> URL:
    return make_url(url).set(drivername="postgresql+psycopg")
