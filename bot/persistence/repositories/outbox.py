"""Writing to the outbox (every message is a row before it is sent), and how the outbox is doing
for ``cadence-bot status`` and the admins' App Home."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.domain.messages import MessagePurpose
from bot.persistence import bulk
from bot.persistence.database import dialect_insert
from bot.persistence.models import OutboxMessage, OutboxState, Person


def enqueue(
    session: Session,
    *,
    dedupe_key: str,
    purpose: MessagePurpose,
    key: str,
    recipient_id: int,
    send_after: datetime,
    occurrence_id: int | None = None,
    digest_run_id: int | None = None,
    payload: dict[str, Any] | None = None,
) -> bool:
    """Insert the message unless one with ``dedupe_key`` exists; True when it was inserted.

    ``ON CONFLICT DO NOTHING`` keeps concurrent planners (other processes) from failing the
    whole transaction on a duplicate. Whether a row was inserted is read from ``RETURNING``:
    the cursor's ``rowcount`` is not reliable for an INSERT (SQLAlchemy 2.1 on psycopg reports
    -1 whether or not the conflict skipped the row).
    """
    values = {
        "dedupe_key": dedupe_key,
        "purpose": purpose.value,
        "key": key,
        "recipient_id": recipient_id,
        "send_after": send_after,
        "occurrence_id": occurrence_id,
        "digest_run_id": digest_run_id,
        "payload": payload,
        "state": OutboxState.PENDING,
        "attempts": 0,
    }
    statement = (
        dialect_insert(session, OutboxMessage)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(OutboxMessage.id)
    )
    return session.execute(statement).scalar_one_or_none() is not None


class NewNudge(NamedTuple):
    dedupe_key: str
    purpose: MessagePurpose
    key: str
    recipient_id: int
    send_after: datetime
    occurrence_id: int | None


def enqueue_many(session: Session, messages: Sequence[NewNudge], *, now: datetime) -> int:
    """``enqueue`` for many occurrence messages at once; how many were inserted."""
    if not messages:
        return 0
    columns = ["dedupe_key", "purpose", "key", "recipient_id", "send_after", "occurrence_id"]
    rows = (
        (m.dedupe_key, m.purpose.value, m.key, m.recipient_id, m.send_after, m.occurrence_id)
        for m in messages
    )
    return bulk.count_inserted_if_absent(
        session,
        OutboxMessage,
        columns,
        rows,
        unique=["dedupe_key"],
        constants={"state": OutboxState.PENDING, "attempts": 0, "created_at": now},
    )


def cancel_pending(
    session: Session,
    *,
    occurrence_id: int,
    purposes: Iterable[MessagePurpose],
    reason: str,
    due_before: datetime | None = None,
) -> int:
    """Cancel the occurrence's not-yet-sent messages of these purposes; returns how many.

    With ``due_before``, only those due before it (a snooze moves the reminders it covers).
    """
    conditions = [
        OutboxMessage.occurrence_id == occurrence_id,
        OutboxMessage.state == OutboxState.PENDING,
        OutboxMessage.purpose.in_([p.value for p in purposes]),
    ]
    if due_before is not None:
        conditions.append(OutboxMessage.send_after < due_before)
    result = session.execute(
        update(OutboxMessage)
        .where(*conditions)
        .values(state=OutboxState.CANCELLED, error=reason)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def first_nudge_sent(session: Session, occurrence_ids: Iterable[int]) -> dict[int, datetime]:
    """When each occurrence's first open or reminder reached its person, for those it did."""
    ids = list(occurrence_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(OutboxMessage.occurrence_id, func.min(OutboxMessage.sent_at))
        .where(
            OutboxMessage.occurrence_id.in_(ids),
            OutboxMessage.purpose.in_([MessagePurpose.OPEN, MessagePurpose.REMINDER]),
            OutboxMessage.state == OutboxState.SENT,
        )
        .group_by(OutboxMessage.occurrence_id)
    )
    return {occurrence_id: sent for occurrence_id, sent in rows if occurrence_id and sent}


def state_of(session: Session, dedupe_key: str) -> OutboxState | None:
    """Where the message with this dedupe key stands, or None if it was never queued."""
    return session.scalar(select(OutboxMessage.state).where(OutboxMessage.dedupe_key == dedupe_key))


class FailedRow(NamedTuple):
    id: int
    purpose: str
    recipient_name: str
    recipient_email: str
    error: str | None
    failed_at: datetime | None
    attempts: int


class StuckRow(NamedTuple):
    id: int
    purpose: str
    lease_owner: str | None
    lease_expires_at: datetime | None


def count_in_state(session: Session, state: OutboxState) -> int:
    return session.scalar(select(func.count()).where(OutboxMessage.state == state)) or 0


def count_due(session: Session, *, now: datetime) -> int:
    return (
        session.scalar(
            select(func.count()).where(
                OutboxMessage.state == OutboxState.PENDING, OutboxMessage.send_after <= now
            )
        )
        or 0
    )


def oldest_due(session: Session, *, now: datetime) -> datetime | None:
    return session.scalar(
        select(func.min(OutboxMessage.send_after)).where(
            OutboxMessage.state == OutboxState.PENDING, OutboxMessage.send_after <= now
        )
    )


def sent_since(session: Session, since: datetime) -> int:
    return session.scalar(select(func.count()).where(OutboxMessage.sent_at >= since)) or 0


def failed_since(session: Session, since: datetime) -> int:
    return session.scalar(select(func.count()).where(OutboxMessage.failed_at >= since)) or 0


def failures_since(session: Session, since: datetime, *, limit: int = 50) -> Sequence[FailedRow]:
    """The latest failures first, with who they were for and why they failed."""
    rows = session.execute(
        select(
            OutboxMessage.id,
            OutboxMessage.purpose,
            Person.name,
            Person.email,
            OutboxMessage.error,
            OutboxMessage.failed_at,
            OutboxMessage.attempts,
        )
        .join(Person, Person.id == OutboxMessage.recipient_id)
        .where(OutboxMessage.state == OutboxState.FAILED, OutboxMessage.failed_at >= since)
        .order_by(OutboxMessage.failed_at.desc(), OutboxMessage.id.desc())
        .limit(limit)
    )
    return [FailedRow(*row) for row in rows]


def stuck_leases(session: Session, *, now: datetime) -> Sequence[StuckRow]:
    """Rows whose sender went away mid-send; the next dispatch run takes them over."""
    rows = session.execute(
        select(
            OutboxMessage.id,
            OutboxMessage.purpose,
            OutboxMessage.lease_owner,
            OutboxMessage.lease_expires_at,
        )
        .where(OutboxMessage.state == OutboxState.SENDING, OutboxMessage.lease_expires_at < now)
        .order_by(OutboxMessage.lease_expires_at)
    )
    return [StuckRow(*row) for row in rows]


def id_of(session: Session, dedupe_key: str) -> int | None:
    return session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key))
