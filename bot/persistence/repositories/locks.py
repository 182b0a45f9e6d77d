"""The lock that keeps roster sync, planning and closing from running side by side."""

from __future__ import annotations

from sqlalchemy import false, func, select, update
from sqlalchemy.orm import Session

from bot.persistence.database import on_postgresql
from bot.persistence.models import Person

# An arbitrary constant naming "the occurrence lifecycle" among PostgreSQL advisory locks.
_LIFECYCLE_LOCK = 0x0CADE7CE


def hold_lifecycle_lock(session: Session) -> None:
    """Wait for, then hold until the transaction ends, the one lifecycle lock.

    Sync, plan and close each read many rows and then write many; two of them at once (two
    replicas, or two ticks of one process) could deadlock on PostgreSQL, and on SQLite the
    second writer would fail on its stale snapshot. Call it first in the transaction.
    """
    if on_postgresql(session):
        session.execute(select(func.pg_advisory_xact_lock(_LIFECYCLE_LOCK)))
    else:
        # An UPDATE matching nothing still takes SQLite's write lock, waiting busy_timeout.
        session.execute(
            update(Person)
            .where(false())
            .values(name=Person.name)
            .execution_options(synchronize_session=False)
        )
