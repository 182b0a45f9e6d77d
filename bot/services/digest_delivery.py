"""Delivering digests and summaries: their content for a queued outbox row, and the digest run
that makes a digest go out once.

The dispatcher calls ``digest_for_outbox`` / ``summary_for_outbox`` right before sending, and
``record_digest_sent`` with the outcome it records. ``cadence-bot digest`` (sending now) claims
the week's run with ``claim_digest_run`` first, so the tick will not send the same digest again.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from bot.domain.digest import Digest
from bot.domain.manager_summary import ManagerSummary
from bot.domain.operating_system import OperatingSystem
from bot.persistence.models import DigestRun, OutboxMessage, Person
from bot.persistence.repositories import digest_runs
from bot.persistence.repositories import people as people_rows
from bot.services.digests import build_digest, build_manager_summary


def digest_for_outbox(
    session: Session, os: OperatingSystem, *, row: OutboxMessage, now: datetime
) -> Digest:
    """The content of a ``digest`` outbox message, as the data stands ``now``."""
    run = session.get(DigestRun, row.digest_run_id) if row.digest_run_id else None
    leader = session.get(Person, run.leader_id) if run else None
    if run is None or leader is None:
        raise LookupError(f"outbox {row.id} names no digest run")
    return build_digest(session, os, leader_email=leader.email, week_start=run.week_start, now=now)


def summary_for_outbox(
    session: Session, os: OperatingSystem, *, row: OutboxMessage, now: datetime
) -> ManagerSummary:
    """The content of a ``manager_summary`` outbox message, as the data stands ``now``."""
    manager = session.get(Person, row.recipient_id)
    week = (row.payload or {}).get("week_start")
    if manager is None or not isinstance(week, str):
        raise LookupError(f"outbox {row.id} names no manager and week")
    return build_manager_summary(
        session, os, manager_email=manager.email, week_start=date.fromisoformat(week), now=now
    )


def record_digest_sent(session: Session, *, row: OutboxMessage, now: datetime) -> None:
    """Mark the digest run of a sent ``digest`` message as sent (a no-op for other messages)."""
    if row.digest_run_id is not None:
        digest_runs.mark_sent(session, row.digest_run_id, now=now)


def claim_digest_run(session: Session, *, leader_email: str, week_start: date) -> int | None:
    """The new run of the leader's digest for the week; None when it is already queued or sent."""
    leader = people_rows.by_email(session, leader_email)
    if leader is None:
        raise LookupError(f"{leader_email} is not in the database: sync the roster first")
    return digest_runs.claim(session, leader_id=leader.id, week_start=week_start)


def mark_digest_sent(session: Session, *, digest_run_id: int, now: datetime) -> None:
    digest_runs.mark_sent(session, digest_run_id, now=now)
