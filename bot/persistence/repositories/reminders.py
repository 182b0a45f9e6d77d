"""The reminders of one occurrence, as a snooze moves them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.domain.messages import MessagePurpose
from bot.persistence.models import OutboxMessage, OutboxState


def cancel_reminders_before(
    session: Session, *, occurrence_id: int, before: datetime, reason: str
) -> int:
    """Cancel the occurrence's pending reminders due before ``before``; returns how many."""
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.occurrence_id == occurrence_id,
            OutboxMessage.state == OutboxState.PENDING,
            OutboxMessage.purpose == MessagePurpose.REMINDER.value,
            OutboxMessage.send_after < before,
        )
        .values(state=OutboxState.CANCELLED, error=reason)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
