"""A plan's bulk writes, run on a thread of their own against PostgreSQL.

A first plan's inserts are mostly the database server's work (index entries, foreign-key
checks), and the planner's own work is Python: done one after the other they add up. Handed
to a writer thread, the server inserts one cadence's occurrences and messages while the
planner computes the next cadence. Writes run one at a time, in the order submitted, on the
session's connection, inside its transaction; the caller leaves the session alone until the
``with`` block has ended (it waits for every write). On SQLite, whose work happens in this
process anyway, each write runs at once when submitted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy.orm import Session

from bot.persistence.database import on_postgresql

T = TypeVar("T")


class PlanWrites:
    def __init__(self, pool: ThreadPoolExecutor | None) -> None:
        self._pool = pool

    def submit(self, write: Callable[[], T]) -> Future[T]:
        """Run ``write`` after those submitted before it; its result, or its error, in the
        future."""
        if self._pool is not None:
            return self._pool.submit(write)
        done: Future[T] = Future()
        done.set_result(write())
        return done


@contextmanager
def plan_writes(session: Session) -> Iterator[PlanWrites]:
    """Writes for one plan; on leaving, waits for them all (and drops those not started if
    the block failed: the transaction is rolled back anyway)."""
    if not on_postgresql(session):
        yield PlanWrites(None)
        return
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="plan-writes")
    try:
        yield PlanWrites(pool)
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
