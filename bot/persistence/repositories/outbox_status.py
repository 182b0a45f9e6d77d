"""How the outbox is doing, for ``cadence-bot status`` and the admins' App Home."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.persistence.models import OutboxMessage, OutboxState, Person


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
