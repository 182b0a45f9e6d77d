"""Digest runs — the row that makes a leader's weekly digest happen once — and the tick's reads."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.persistence.database import dialect_insert
from bot.persistence.models import DigestRun, DigestState, OutboxMessage


def claim(session: Session, *, leader_id: int, week_start: date) -> int | None:
    """Insert the leader's run for the week; None when it exists (another tick or process won).

    ``ON CONFLICT DO NOTHING`` on the (leader, week) key, so a concurrent insert neither fails
    the transaction nor creates a second run.
    """
    statement = (
        dialect_insert(session, DigestRun)
        .values(leader_id=leader_id, week_start=week_start, state=DigestState.PENDING)
        .on_conflict_do_nothing(index_elements=["leader_id", "week_start"])
        .returning(DigestRun.id)
    )
    found = session.execute(statement).scalar_one_or_none()
    return int(found) if found is not None else None


def mark_sent(session: Session, run_id: int, *, now: datetime) -> None:
    session.execute(
        update(DigestRun)
        .where(DigestRun.id == run_id)
        .values(state=DigestState.SENT, sent_at=now)
        .execution_options(synchronize_session=False)
    )


def already_queued(session: Session, dedupe_keys: Collection[str]) -> set[str]:
    """Which of these outbox keys exist, in one query (the tick sees each key for a day)."""
    if not dedupe_keys:
        return set()
    found = session.scalars(
        select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(dedupe_keys))
    )
    return set(found)
