"""The reminders of one occurrence, as a snooze moves them.

A thin alias of ``outbox.cancel_pending``, kept only until ``bot.services.snoozing`` calls that
with ``purposes=[MessagePurpose.REMINDER], due_before=...``; then delete this module.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain.messages import MessagePurpose
from bot.persistence.repositories import outbox


def cancel_reminders_before(
    session: Session, *, occurrence_id: int, before: datetime, reason: str
) -> int:
    """Cancel the occurrence's pending reminders due before ``before``; returns how many."""
    return outbox.cancel_pending(
        session,
        occurrence_id=occurrence_id,
        purposes=[MessagePurpose.REMINDER],
        reason=reason,
        due_before=before,
    )
