"""What a queued digest or manager summary says: the content, composed right before sending.

The weekly digest and a manager's summary go through the same outbox and dispatcher as every
nudge, but their content is a computed report (``bot.domain.digest``) rather than facts about one
occurrence, so they have their own outgoing type; Slack renders them (and a digest's chart).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from bot.domain.digest import Digest
from bot.domain.manager_summary import ManagerSummary
from bot.domain.messages import MessagePurpose
from bot.domain.operating_system import OperatingSystem
from bot.persistence.models import DigestRun, OutboxMessage, Person
from bot.services.digests import build_digest, build_manager_summary
from bot.services.outgoing import NotComposable, recipient_of

REPORT_PURPOSES = frozenset({MessagePurpose.DIGEST, MessagePurpose.MANAGER_SUMMARY})


@dataclass(frozen=True)
class OutgoingReport:
    """A leader's digest (``digest``) or a manager's weekly summary (``summary``) for one person."""

    recipient_slack_id: str | None
    purpose: MessagePurpose
    digest: Digest | None = None
    summary: ManagerSummary | None = None


def compose_report(
    session: Session, os: OperatingSystem, row: OutboxMessage, *, now: datetime
) -> OutgoingReport:
    """The report of a ``digest`` or ``manager_summary`` row, as the data stands ``now``."""
    recipient = recipient_of(session, row)
    purpose = MessagePurpose(row.purpose)
    try:
        if purpose is MessagePurpose.DIGEST:
            digest = digest_for_outbox(session, os, row=row, now=now)
            return OutgoingReport(recipient.slack_id, purpose, digest=digest)
        if purpose is MessagePurpose.MANAGER_SUMMARY:
            summary = summary_for_outbox(session, os, row=row, now=now)
            return OutgoingReport(recipient.slack_id, purpose, summary=summary)
    except (LookupError, ValueError) as error:
        # The row names no run or week, or the person left the configured roster (KeyError).
        raise NotComposable(f"cannot compose the {purpose}: {error}") from error
    raise NotComposable(f"a {purpose} message is not a report")


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
