"""The outbox at a glance: what is waiting, what went out, what failed and why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.persistence.models import OutboxState
from bot.persistence.repositories import outbox
from bot.persistence.repositories.outbox import FailedRow, StuckRow

WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class OutboxHealth:
    now: datetime
    pending: int
    due: int
    oldest_due: datetime | None
    sending: int
    sent_last_24h: int
    failed_last_24h: int
    failures: Sequence[FailedRow]
    stuck: Sequence[StuckRow]

    @property
    def oldest_due_age(self) -> timedelta | None:
        return self.now - self.oldest_due if self.oldest_due else None


def outbox_health(session: Session, *, now: datetime) -> OutboxHealth:
    since = now - WINDOW
    return OutboxHealth(
        now=now,
        pending=outbox.count_in_state(session, OutboxState.PENDING),
        due=outbox.count_due(session, now=now),
        oldest_due=outbox.oldest_due(session, now=now),
        sending=outbox.count_in_state(session, OutboxState.SENDING),
        sent_last_24h=outbox.sent_since(session, since),
        failed_last_24h=outbox.failed_since(session, since),
        failures=outbox.failures_since(session, since),
        stuck=outbox.stuck_leases(session, now=now),
    )
