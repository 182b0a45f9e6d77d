"""What a queued digest or manager summary says: the content, composed right before sending.

The weekly digest and a manager's summary go through the same outbox and dispatcher as every
nudge, but their content is a computed report (``bot.domain.digest``) rather than facts about one
occurrence, so they have their own outgoing type; Slack renders them (and a digest's chart).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain.digest import Digest
from bot.domain.manager_summary import ManagerSummary
from bot.domain.messages import MessagePurpose
from bot.domain.operating_system import OperatingSystem
from bot.persistence.models import OutboxMessage
from bot.persistence.repositories import delivery_facts
from bot.services.digest_delivery import digest_for_outbox, summary_for_outbox
from bot.services.outgoing import NotComposable

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
    recipient = delivery_facts.person(session, row.recipient_id)
    if recipient is None:
        raise NotComposable(f"recipient {row.recipient_id} is not on the roster")
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
