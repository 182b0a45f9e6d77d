"""The outbox as the daily DM budget reads it: nudges due now, DMs sent today, merging rows."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.domain.messages import MessagePurpose
from bot.persistence.database import on_postgresql
from bot.persistence.models import OutboxMessage, OutboxState


class DueNudge(NamedTuple):
    id: int
    recipient_id: int
    occurrence_id: int
    purpose: str


def due_nudges(
    session: Session, *, purposes: Iterable[MessagePurpose], now: datetime
) -> list[DueNudge]:
    """Pending nudges about an occurrence that are due by ``now``, earliest first, of the people
    with two or more of them (only those can pass a budget): in a wave most people have one,
    and the dispatcher asks before every batch."""
    due = (
        OutboxMessage.state == OutboxState.PENDING,
        OutboxMessage.send_after <= now,
        OutboxMessage.purpose.in_([p.value for p in purposes]),
        OutboxMessage.occurrence_id.is_not(None),
    )
    several = list(
        session.scalars(
            select(OutboxMessage.recipient_id)
            .where(*due)
            .group_by(OutboxMessage.recipient_id)
            .having(func.count() > 1)
        )
    )
    if not several:
        return []
    query = (
        select(
            OutboxMessage.id,
            OutboxMessage.recipient_id,
            OutboxMessage.occurrence_id,
            OutboxMessage.purpose,
        )
        .where(*due, OutboxMessage.recipient_id.in_(several))
        .order_by(OutboxMessage.send_after, OutboxMessage.id)
    )
    if on_postgresql(session):
        # A row a dispatcher is claiming right now is left to it.
        query = query.with_for_update(skip_locked=True)
    return [
        DueNudge(r.id, r.recipient_id, r.occurrence_id or 0, r.purpose)
        for r in session.execute(query)
    ]


def sent_since(session: Session, recipient_id: int, since: datetime) -> int:
    """DMs of any kind sent to the person since ``since``."""
    count = session.scalar(
        select(func.count()).where(
            OutboxMessage.recipient_id == recipient_id,
            OutboxMessage.state == OutboxState.SENT,
            OutboxMessage.sent_at >= since,
        )
    )
    return int(count or 0)


def absorb(session: Session, ids: Collection[int], *, reason: str) -> list[DueNudge]:
    """Cancel these rows if still pending, saying why; the ones this call cancelled."""
    if not ids:
        return []
    rows = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.state == OutboxState.PENDING)
        .values(state=OutboxState.CANCELLED, error=reason)
        .returning(
            OutboxMessage.id,
            OutboxMessage.recipient_id,
            OutboxMessage.occurrence_id,
            OutboxMessage.purpose,
        )
        .execution_options(synchronize_session=False)
    )
    absorbed = [DueNudge(r.id, r.recipient_id, r.occurrence_id or 0, r.purpose) for r in rows]
    return sorted(absorbed, key=lambda n: n.id)


MERGED_INTO = "merged into one DM: outbox "


def mark_merged(session: Session, ids: Collection[int], *, merged_id: int) -> None:
    """Say on each absorbed row which merged DM carries it (found again to update that DM)."""
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids))
        .values(error=f"{MERGED_INTO}{merged_id}")
        .execution_options(synchronize_session=False)
    )


def merged_dm_of(
    session: Session, *, occurrence_id: int, recipient_id: int
) -> OutboxMessage | None:
    """The sent merged DM that carried one of this occurrence's nudges to this person, if any."""
    notes = session.scalars(
        select(OutboxMessage.error).where(
            OutboxMessage.occurrence_id == occurrence_id,
            OutboxMessage.recipient_id == recipient_id,
            OutboxMessage.state == OutboxState.CANCELLED,
            OutboxMessage.error.like(f"{MERGED_INTO}%"),
        )
    )
    for note in notes:
        merged_id = (note or "").removeprefix(MERGED_INTO)
        row = session.get(OutboxMessage, int(merged_id)) if merged_id.isdigit() else None
        if row is not None and row.state == OutboxState.SENT and row.slack_ts:
            return row
    return None
