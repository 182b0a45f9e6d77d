"""The digest run that makes a leader's weekly digest go out once.

The dispatcher records a sent digest with ``record_digest_sent`` in the transaction that records
the message (its content is ``outgoing_reports``'). ``cadence-bot digest`` (sending now) claims
the week's run with ``claim_digest_run`` first, so the tick will not send the same digest again.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from bot.persistence.models import OutboxMessage
from bot.persistence.repositories import digest_runs
from bot.persistence.repositories import people as people_rows


def record_digest_sent(session: Session, *, row: OutboxMessage, now: datetime) -> None:
    """Mark the digest run of a sent ``digest`` message as sent (a no-op for other messages)."""
    if row.digest_run_id is not None:
        mark_digest_sent(session, digest_run_id=row.digest_run_id, now=now)


def claim_digest_run(session: Session, *, leader_email: str, week_start: date) -> int | None:
    """The new run of the leader's digest for the week; None when it is already queued or sent."""
    leader = people_rows.by_email(session, leader_email)
    if leader is None:
        raise LookupError(f"{leader_email} is not in the database: sync the roster first")
    return digest_runs.claim(session, leader_id=leader.id, week_start=week_start)


def mark_digest_sent(session: Session, *, digest_run_id: int, now: datetime) -> None:
    digest_runs.mark_sent(session, digest_run_id, now=now)
