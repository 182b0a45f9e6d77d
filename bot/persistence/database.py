"""Engines, sessions and the unit of work: the transaction boundary of every use case."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.orm import Session, sessionmaker

# SQLite waits this long for another writer's lock instead of failing at once.
SQLITE_BUSY_TIMEOUT_MS = 5000
# The execution option that marks a unit of work's connection: on SQLite it begins IMMEDIATE.
WRITE_TRANSACTION = "cadence_write_transaction"


def create_engine_from_url(url: str | URL) -> Engine:
    """An engine for ``url``: SQLite as the embedded default, PostgreSQL through psycopg 3."""
    url = _with_driver(make_url(url))
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url)
        _configure_sqlite(engine, in_memory=url.database in (None, "", ":memory:"))
        return engine
    return create_engine(url, pool_pre_ping=True)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    # Objects stay readable after commit, e.g. to build the Slack reply from what was saved.
    return sessionmaker(engine, expire_on_commit=False)


def on_postgresql(session: Session) -> bool:
    """Whether the session talks to PostgreSQL (else SQLite, the only other engine)."""
    return session.get_bind().dialect.name == "postgresql"


def dialect_insert(session: Session, model: type[Any]) -> postgresql.Insert | sqlite.Insert:
    """An INSERT into ``model``'s table in the session's dialect, which has ``ON CONFLICT``.

    Both engines spell ``on_conflict_do_nothing`` / ``on_conflict_do_update`` alike, so an
    idempotent insert is written once for both.
    """
    return postgresql.insert(model) if on_postgresql(session) else sqlite.insert(model)


class UnitOfWork:
    """One use case's transaction: commits if the block succeeds, rolls back if it raises.

    Services work through ``uow.session`` and never commit; the caller's ``with`` is the
    boundary. On SQLite the transaction takes the write lock when it begins (``BEGIN
    IMMEDIATE``), waiting up to the busy timeout for another writer: a deferred transaction that
    read first cannot wait when it later writes, and fails at once with "database is locked".
    """

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("UnitOfWork.session used outside its `with` block")
        return self._session

    def __enter__(self) -> Self:
        self._session = self._sessions()
        self._session.connection(execution_options={WRITE_TRANSACTION: True})
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session, self._session = self.session, None
        try:
            if exc_type is None:
                session.commit()
            else:
                session.rollback()
        finally:
            session.close()


def _with_driver(url: URL) -> URL:
    # ``postgresql://`` (and Heroku-style ``postgres://``) would pick psycopg2; we ship psycopg 3.
    if url.drivername in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+psycopg")
    return url


def _configure_sqlite(engine: Engine, *, in_memory: bool) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy emit BEGIN itself (below): the sqlite3 driver's own transaction
        # handling skips BEGIN before SELECT and DDL, which breaks savepoints and makes
        # migrations non-atomic.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        if not in_memory:
            # WAL lets the dispatcher read while a listener writes; NORMAL is durable in WAL.
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Connection) -> None:
        writes = connection.get_execution_options().get(WRITE_TRANSACTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")
