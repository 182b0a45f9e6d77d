"""Queries about nudges: the open, reminder and escalation rows of occurrences in the outbox."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import case, or_, select, update
from sqlalchemy.orm import Session

from bot.domain.messages import NUDGE_PURPOSES, MessagePurpose, occurrence_closed
from bot.domain.occurrence import FINAL_STATUSES
from bot.persistence.models import Occurrence, OutboxMessage, OutboxState, Person
from bot.persistence.repositories.occurrences import window_overlaps

_NUDGES = [purpose.value for purpose in NUDGE_PURPOSES]


# Ids per ``IN (…)``: far below SQLite's and PostgreSQL's limits on bound parameters.
_CHUNK = 1000


class StoredNudge(NamedTuple):
    id: int
    occurrence_id: int
    dedupe_key: str
    purpose: str
    state: OutboxState


def of_occurrences_overlapping(
    session: Session, *, start: datetime, end: datetime
) -> list[StoredNudge]:
    """Every nudge, in any state, of the occurrences whose window overlaps [start, end)."""
    m = OutboxMessage.__table__.c
    rows = session.execute(
        select(m.id, m.occurrence_id, m.dedupe_key, m.purpose, m.state)
        .join(Occurrence, m.occurrence_id == Occurrence.id)
        .where(window_overlaps(start, end), m.purpose.in_(_NUDGES))
    )
    return [StoredNudge(*row) for row in rows]


def cancel(session: Session, message_ids: Collection[int], *, reason: str) -> int:
    """Cancel those of these messages that are still pending; returns how many."""
    cancelled = 0
    ids = sorted(message_ids)
    for chunk in (ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)):
        result = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(chunk), OutboxMessage.state == OutboxState.PENDING)
            .values(state=OutboxState.CANCELLED, error=reason)
            .execution_options(synchronize_session=False)
        )
        cancelled += int(result.rowcount)  # type: ignore[attr-defined]
    return cancelled


def cancel_to_inactive_recipients(session: Session, *, reason: str) -> int:
    """Cancel the pending nudges addressed to people no longer on the roster."""
    inactive = select(Person.id).where(Person.active.is_(False))
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.state == OutboxState.PENDING,
            OutboxMessage.purpose.in_(_NUDGES),
            OutboxMessage.recipient_id.in_(inactive),
        )
        .values(state=OutboxState.CANCELLED, error=reason)
        .execution_options(synchronize_session="fetch")
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def cancel_of_final_occurrences(session: Session) -> int:
    """Cancel the pending nudges of every final occurrence, saying which state ended it."""
    cancelled = 0
    for status in sorted(FINAL_STATUSES):
        final = select(Occurrence.id).where(Occurrence.status == status)
        result = session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.state == OutboxState.PENDING,
                OutboxMessage.purpose.in_(_NUDGES),
                OutboxMessage.occurrence_id.in_(final),
            )
            .values(state=OutboxState.CANCELLED, error=occurrence_closed(status))
            .execution_options(synchronize_session="fetch")
        )
        cancelled += int(result.rowcount)  # type: ignore[attr-defined]
    return cancelled


def revive_cancelled(
    session: Session, *, occurrence_id: int, cancelled_because: str, now: datetime
) -> int:
    """Queue again the occurrence's nudges cancelled for this reason, if still worth sending.

    Reminders and escalations still ahead keep their time; an open nudge never sent goes out at
    once. Rows cancelled for any other reason (re-planning, a manager change) stay cancelled.
    """
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.occurrence_id == occurrence_id,
            OutboxMessage.state == OutboxState.CANCELLED,
            OutboxMessage.error == cancelled_because,
            OutboxMessage.purpose.in_(_NUDGES),
            or_(
                OutboxMessage.purpose == MessagePurpose.OPEN.value,
                OutboxMessage.send_after > now,
            ),
        )
        .values(
            state=OutboxState.PENDING,
            error=None,
            send_after=case((OutboxMessage.send_after < now, now), else_=OutboxMessage.send_after),
        )
        .execution_options(synchronize_session="fetch")
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
